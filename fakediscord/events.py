"""Gateway events that follow changes of state, with Discord's intent rules applied.

Both the REST layer (the bot created a message) and the test-facing API (a user wrote one, a
guild was added) announce changes; keeping the announcing here means the intent rules (which
shard gets what, when content is blanked) live in one place.
"""

from __future__ import annotations

import copy
from typing import Any

from .gateway import (
    DIRECT_MESSAGES,
    GUILD_MEMBERS,
    GUILD_MESSAGES,
    GUILDS,
    MESSAGE_CONTENT,
    Gateway,
    GatewaySession,
)
from .state import EPHEMERAL, Channel, Guild, Member, Role, State


class EventPublisher:
    """Turns state changes into gateway dispatches."""

    def __init__(self, state: State, gateway: Gateway) -> None:
        self.state = state
        self.gateway = gateway

    # --- messages --------------------------------------------------------------------------------

    def message_created(self, message: dict[str, Any]) -> None:
        """Dispatch MESSAGE_CREATE (never for ephemeral messages, which only their user sees)."""
        if message.get("flags", 0) & EPHEMERAL:
            return
        self._dispatch_message("MESSAGE_CREATE", self._with_member(message))

    def message_updated(self, message: dict[str, Any]) -> None:
        """Dispatch MESSAGE_UPDATE with the full new state."""
        if message.get("flags", 0) & EPHEMERAL:
            return
        self._dispatch_message("MESSAGE_UPDATE", self._with_member(message))

    def message_deleted(self, message: dict[str, Any]) -> None:
        """Dispatch MESSAGE_DELETE."""
        if message.get("flags", 0) & EPHEMERAL:
            return
        data = {"id": message["id"], "channel_id": message["channel_id"]}
        if "guild_id" in message:
            data["guild_id"] = message["guild_id"]
        self._dispatch_message("MESSAGE_DELETE", data)

    def _dispatch_message(self, event: str, data: dict[str, Any]) -> None:
        guild_id = int(data["guild_id"]) if "guild_id" in data else None
        intents = GUILD_MESSAGES if guild_id is not None else DIRECT_MESSAGES
        self.gateway.dispatch(event, data, guild_id=guild_id, intents=intents, transform=self._apply_content_intent)

    def _with_member(self, message: dict[str, Any]) -> dict[str, Any]:
        payload = copy.deepcopy(message)
        if "guild_id" in message and "webhook_id" not in message:
            guild = self.state.guilds[int(message["guild_id"])]
            member = guild.members.get(int(message["author"]["id"]))
            if member is not None:
                payload["member"] = member.to_payload(with_user=False)
        return payload

    def _apply_content_intent(self, session: GatewaySession, message: dict[str, Any]) -> dict[str, Any]:
        """Blank what a bot without the message content intent may not read, as Discord does.

        Exempt: DMs, the bot's own messages and messages that mention the bot.
        """
        if session.has(MESSAGE_CONTENT) or "guild_id" not in message or "author" not in message:
            return message
        bot_id = str(self.state.bot.id)
        if message["author"]["id"] == bot_id or any(u["id"] == bot_id for u in message.get("mentions", [])):
            return message
        blanked = dict(message)
        blanked.update(content="", embeds=[], attachments=[], components=[])
        blanked.pop("poll", None)
        return blanked

    # --- guild structure ---------------------------------------------------------------------------

    def guild_created(self, guild: Guild) -> None:
        """Dispatch GUILD_CREATE for a guild the bot joined while connected."""
        for session in self.gateway.sessions_by_recency():
            if session.owns_guild(guild.id) and session.has(GUILDS):
                session.dispatch("GUILD_CREATE", self.gateway.guild_create_payload(guild.id, session))

    def channel_created(self, channel: Channel) -> None:
        """Dispatch CHANNEL_CREATE for a new guild channel."""
        if channel.guild_id is not None:
            self.gateway.dispatch("CHANNEL_CREATE", channel.to_payload(), guild_id=channel.guild_id, intents=GUILDS)

    def role_created(self, role: Role) -> None:
        """Dispatch GUILD_ROLE_CREATE."""
        data = {"guild_id": str(role.guild_id), "role": role.to_payload()}
        self.gateway.dispatch("GUILD_ROLE_CREATE", data, guild_id=role.guild_id, intents=GUILDS)

    def member_added(self, member: Member) -> None:
        """Dispatch GUILD_MEMBER_ADD (needs the privileged members intent)."""
        data = {**member.to_payload(), "guild_id": str(member.guild_id)}
        self.gateway.dispatch("GUILD_MEMBER_ADD", data, guild_id=member.guild_id, intents=GUILD_MEMBERS)
