"""The curator gate: who may change the facts, decided on the bot's side for every interaction.

The knowledge is global: every server the bot is in is served the same facts. So only the
moderators of the servers in CURATOR_GUILD_IDS may change them: an interaction from any other
server, or from a DM, is refused whatever command or component it names (a forged one too), and
inside a curator server the member needs Manage Server or a role in MODERATOR_ROLE_IDS.
Registering /facts only in curator servers and hiding it from members without Manage Server are
conveniences of Discord's client, not the gate.

`require_curator` is the gate. It is wrapped once for each kind of interaction, so a command or
component added later is covered without anyone remembering to add a check:

- every subcommand of a `CuratorGroup` (discord.py runs the group's check before its commands);
- their autocomplete, which discord.py alone would run unchecked (`CuratorTree`);
- every button, select and modal the curator commands send (`CuratorView`, `CuratorModal`), whose
  check subclasses cannot replace, only extend through `allows`.
"""

from __future__ import annotations

import logging
from typing import Any, final

import discord
from discord import app_commands

from bot.core.curation.audit import Actor
from bot.settings import Settings

__all__ = [
    "CuratorGroup",
    "CuratorModal",
    "CuratorTree",
    "CuratorView",
    "NotCuratorGuild",
    "NotModerator",
    "actor_of",
    "curator_asking",
    "curator_group",
    "curator_wrote",
    "is_curator",
    "require_curator",
]

log = logging.getLogger(__name__)


class NotCuratorGuild(app_commands.CheckFailure):
    """The interaction came from a server that is not one of CURATOR_GUILD_IDS."""


class NotModerator(app_commands.CheckFailure):
    """In a curator server, but neither a server manager nor holding one of the moderator roles."""


def is_curator(settings: Settings, guild_id: int | None, user: discord.abc.User,
               permissions: discord.Permissions) -> bool:
    """A moderator of a curator server, acting in it: Manage Server (or Administrator) or a moderator role.

    `permissions` are the member's in that server (an interaction's, or `Member.guild_permissions`).
    """
    if guild_id is None or guild_id not in settings.curator_guild_ids or not isinstance(user, discord.Member):
        return False
    if permissions.manage_guild or permissions.administrator:
        return True
    moderator_roles = set(settings.moderator_role_ids)
    return any(role.id in moderator_roles for role in user.roles)


def curator_asking(interaction: discord.Interaction[Any]) -> bool:
    """Whether a curator sent this interaction from a curator server (their questions are probes, not gaps)."""
    return is_curator(interaction.client.settings, interaction.guild_id, interaction.user, interaction.permissions)


def curator_wrote(settings: Settings, message: discord.Message) -> bool:
    """Whether a curator wrote this message in a curator server."""
    author = message.author
    if message.guild is None or not isinstance(author, discord.Member):
        return False
    return is_curator(settings, message.guild.id, author, author.guild_permissions)


def actor_of(interaction: discord.Interaction[Any]) -> Actor:
    """Who makes a change from Discord, for the audit log: the moderator and the server, with ids."""
    user, guild = interaction.user, interaction.guild
    return Actor(name=f"{user.name} ({user.id})", user_id=user.id, guild_id=interaction.guild_id,
                 guild=guild.name if guild is not None else None)


def require_curator(interaction: discord.Interaction[Any]) -> None:
    """Raise unless a moderator of a curator server is acting in that server.

    Raises:
        app_commands.NoPrivateMessage: the interaction came from a DM (a DM carries no roles or
            permissions to check).
        NotCuratorGuild: it came from a server not in CURATOR_GUILD_IDS, whatever it names.
        NotModerator: a member of a curator server without Manage Server or a moderator role.
    """
    settings: Settings = interaction.client.settings
    guild_id = interaction.guild_id
    if guild_id is None:
        raise app_commands.NoPrivateMessage("moderator commands only work in a server")
    if guild_id not in settings.curator_guild_ids:
        raise NotCuratorGuild(f"server {guild_id} is not one of CURATOR_GUILD_IDS")
    if not is_curator(settings, guild_id, interaction.user, interaction.permissions):
        raise NotModerator("only moderators can change the facts")


class CuratorGroup(app_commands.Group):
    """A slash command group for curators only: discord.py runs this check before every subcommand."""

    @final
    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        """The gate; a refusal raises, and the tree's error handler tells the user."""
        require_curator(interaction)
        return True


def curator_group(command: object) -> CuratorGroup | None:
    """The curator group `command` belongs to, if any (None for fans' commands and context menus)."""
    if not isinstance(command, app_commands.Command):
        return None
    root = command.root_parent
    return root if isinstance(root, CuratorGroup) else None


class CuratorTree(app_commands.CommandTree[Any]):
    """The bot's command tree: a curator group's gate also guards its options' autocomplete.

    discord.py checks a group before running a subcommand but not before suggesting values for
    its options, which would hand fact and draft ids to anyone who can type. A refused
    autocomplete gets no suggestions.
    """

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        """Let everything through but a refused autocomplete of a curator command."""
        if interaction.type is not discord.InteractionType.autocomplete:
            return True
        group = curator_group(interaction.command)
        if group is None:
            return True
        try:
            await group.interaction_check(interaction)
        except app_commands.CheckFailure as refusal:
            log.info("no suggestions for /%s for user %s: %s", group.name, interaction.user.id, refusal)
            await interaction.response.autocomplete([])
            return False
        return True


async def _report(interaction: discord.Interaction[Any], error: Exception) -> None:
    """Answer a failed component or modal the way slash commands are answered (the tree's handler)."""
    tree: app_commands.CommandTree[Any] = interaction.client.tree
    await tree.on_error(interaction, error)  # type: ignore[arg-type]  # the bot's handler takes any Exception


class CuratorView(discord.ui.View):
    """Buttons and selects the curator commands send: the gate runs before any callback.

    Subclasses add their own conditions in `allows` (which runs only after the gate passed).
    """

    @final
    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        """The gate, then the view's own condition."""
        require_curator(interaction)
        return await self.allows(interaction)

    async def allows(self, interaction: discord.Interaction[Any], /) -> bool:
        """A further condition for this view (e.g. only the moderator it was sent to); True by default."""
        return True

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any], /
    ) -> None:
        """Same handling as the slash commands."""
        await _report(interaction, error)


class CuratorModal(discord.ui.Modal):
    """Forms the curator commands open: the gate runs again on submit.

    Whoever opened the form passed the gate then, but a submit can arrive from anywhere the same
    user is (a forged one from another server) or after they lost the moderator role.
    """

    @final
    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        """The gate."""
        require_curator(interaction)
        return True

    async def on_error(  # type: ignore[override]  # a Modal's on_error has no `item`
        self, interaction: discord.Interaction[Any], error: Exception, /
    ) -> None:
        """Same handling as the slash commands."""
        await _report(interaction, error)
