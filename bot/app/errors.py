"""The one error handler for slash commands, buttons and modals.

Order: the cooldown and the moderator gate are expected and answered kindly without a
traceback; other refused checks and bad arguments get a short explanation; anything else is
a bug, logged with its traceback, and the user gets an apology. Replies are ephemeral and use
a followup when the interaction was already answered.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from bot.app.checks import NotCuratorGuild, NotModerator
from bot.app.cooldown import TooManyQuestions, cooldown_text
from bot.app.embeds import MESSAGE_LIMIT, clip

__all__ = ["friendly_message", "report_error"]

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()


def friendly_message(error: Exception) -> str:
    """What to tell the user about `error`."""
    if isinstance(error, TooManyQuestions):
        return cooldown_text(error.retry_after)
    if isinstance(error, NotCuratorGuild):
        return "Sorry, the facts are curated from another server; moderator commands don't work here."
    if isinstance(error, NotModerator):
        return "Sorry, only moderators can do that (Manage Server or a moderator role)."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "That command only works in a server."
    if isinstance(error, app_commands.CheckFailure):
        return "Sorry, you can't use that command here."
    if isinstance(error, app_commands.TransformerError):
        return f"I couldn't understand {error.value!r} for that option."
    return "Sorry, something went wrong on my side. The error is logged; please try again later."


async def report_error(interaction: discord.Interaction[Any], error: Exception) -> None:
    """Log `error` and tell the user, ephemerally, in a way that works whether or not we answered."""
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    command = interaction.command.qualified_name if interaction.command else interaction.data
    if isinstance(original, app_commands.CheckFailure):
        log.info("refused %s for user %s: %s", command, interaction.user.id, original)
    else:
        log.error("error handling %s for user %s", command, interaction.user.id, exc_info=original)
    text = clip(friendly_message(original), MESSAGE_LIMIT)
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
    except discord.HTTPException:
        log.warning("could not tell user %s about the error", interaction.user.id, exc_info=True)
