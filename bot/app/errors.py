"""The one error handler for slash commands, buttons and modals.

Order: the cooldown and the moderator gate are expected and answered kindly without a
traceback; other refused checks and bad arguments get a short explanation; anything else is
a bug, logged with its traceback, and the user gets an apology. Replies are ephemeral, in the
language of the user's Discord client, and use a followup when the interaction was already answered.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from bot.app.checks import NotCuratorGuild, NotModerator
from bot.app.cooldown import TooManyQuestions, cooldown_text
from bot.app.embeds import MESSAGE_LIMIT, clip
from bot.app.texts import Texts, language_for_locale, texts_for

__all__ = ["friendly_message", "report_error"]

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()


def friendly_message(error: Exception, texts: Texts) -> str:
    """What to tell the user about `error`, in `texts`' language."""
    if isinstance(error, TooManyQuestions):
        return cooldown_text(error.retry_after, texts)
    if isinstance(error, NotCuratorGuild):
        return texts("not_curator_guild")
    if isinstance(error, NotModerator):
        return texts("not_moderator")
    if isinstance(error, app_commands.NoPrivateMessage):
        return texts("server_only")
    if isinstance(error, app_commands.CheckFailure):
        return texts("not_allowed")
    if isinstance(error, app_commands.TransformerError):
        return texts("bad_value", value=error.value)
    return texts("went_wrong")


async def report_error(interaction: discord.Interaction[Any], error: Exception) -> None:
    """Log `error` and tell the user, ephemerally, in a way that works whether or not we answered."""
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    command = interaction.command.qualified_name if interaction.command else interaction.data
    if isinstance(original, app_commands.CheckFailure):
        log.info("refused %s for user %s: %s", command, interaction.user.id, original)
    else:
        log.error("error handling %s for user %s", command, interaction.user.id, exc_info=original)
    knowledge = interaction.client.engine.knowledge
    texts = texts_for(knowledge, language_for_locale(knowledge, interaction.locale))
    text = clip(friendly_message(original, texts), MESSAGE_LIMIT)
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
    except discord.HTTPException:
        log.warning("could not tell user %s about the error", interaction.user.id, exc_info=True)
