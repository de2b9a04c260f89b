"""The moderator gate, checked on the server for every /facts command.

`default_permissions` only hides a command in the Discord client; server admins can show it
to anyone, so the bot decides for itself who may change the facts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import discord
from discord import app_commands

__all__ = ["NotModerator", "is_moderator", "member_is_moderator", "require_moderator"]

T = TypeVar("T")


class NotModerator(app_commands.CheckFailure):
    """The user is neither a server manager nor holds one of the moderator roles."""


def member_is_moderator(interaction: discord.Interaction[Any]) -> bool:
    """Manage Server (or Administrator) in this server, or one of MODERATOR_ROLE_IDS."""
    user = interaction.user
    if interaction.guild is None or not isinstance(user, discord.Member):
        return False
    permissions = interaction.permissions
    if permissions.manage_guild or permissions.administrator:
        return True
    moderator_roles = set(interaction.client.settings.moderator_role_ids)
    return any(role.id in moderator_roles for role in user.roles)


def require_moderator(interaction: discord.Interaction[Any]) -> None:
    """Raise unless a moderator is acting in a server.

    Raises:
        app_commands.NoPrivateMessage: the interaction came from a DM (moderation is per server,
            and a DM carries no roles or permissions to check).
        NotModerator: a member without Manage Server or a moderator role.
    """
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage("moderator commands only work in a server")
    if not member_is_moderator(interaction):
        raise NotModerator("only moderators can change the facts")


def is_moderator() -> Callable[[T], T]:
    """App command check: refuse anyone who is not a moderator, whatever the client showed them."""

    async def predicate(interaction: discord.Interaction[Any]) -> bool:
        require_moderator(interaction)
        return True

    return app_commands.check(predicate)
