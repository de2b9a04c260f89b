"""Interactions: building INTERACTION_CREATE payloads the way Discord does, and tracking answers.

A test never writes an interaction payload by hand: it names a command the bot has synced (or a
button on a message the bot sent, or a modal the bot opened) and this module builds what Discord
would send, from the stored command definitions. That keeps tests honest: an unsynced command,
a misspelt option or a value outside the declared choices fails in the test, as it would fail for
a user in Discord's client.

:class:`InteractionHandle` is what the test holds afterwards: it records the bot's callback,
original response and followups, and lets the test await them.
"""

from __future__ import annotations

import asyncio
import copy
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import CommandNotSynced, InvocationRefused
from .limits import iter_components
from .state import (
    ADD_REACTIONS,
    ADMINISTRATOR,
    ATTACH_FILES,
    EMBED_LINKS,
    READ_MESSAGE_HISTORY,
    SEND_MESSAGES,
    USE_EXTERNAL_EMOJIS,
    VIEW_CHANNEL,
    Channel,
    Member,
    State,
    User,
)

# Interaction types.
APPLICATION_COMMAND = 2
MESSAGE_COMPONENT = 3
APPLICATION_COMMAND_AUTOCOMPLETE = 4
MODAL_SUBMIT = 5

# Callback types.
CHANNEL_MESSAGE = 4
DEFERRED_CHANNEL_MESSAGE = 5
DEFERRED_UPDATE_MESSAGE = 6
UPDATE_MESSAGE = 7
AUTOCOMPLETE_RESULT = 8
MODAL = 9

ALLOWED_CALLBACKS: dict[int, set[int]] = {
    APPLICATION_COMMAND: {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, MODAL},
    MESSAGE_COMPONENT: {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE, MODAL},
    APPLICATION_COMMAND_AUTOCOMPLETE: {AUTOCOMPLETE_RESULT},
    MODAL_SUBMIT: {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE},
}
"""Which callback types Discord accepts for each interaction type."""

# Interaction context types.
CONTEXT_GUILD = 0
CONTEXT_BOT_DM = 1

# Application command option types.
SUB_COMMAND = 1
SUB_COMMAND_GROUP = 2
STRING = 3
INTEGER = 4
BOOLEAN = 5
USER = 6
CHANNEL = 7
ROLE = 8
MENTIONABLE = 9
NUMBER = 10
ATTACHMENT = 11

ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024
DM_APP_PERMISSIONS = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_EXTERNAL_EMOJIS
    | ADD_REACTIONS
)
"""``app_permissions`` of interactions in a DM with the bot."""
_TYPE_NAMES = {USER: "user", CHANNEL: "channel", ROLE: "role", MENTIONABLE: "user or role"}
INTERACTION_TOKEN_LIFETIME = 15 * 60.0


@dataclass
class CallbackResponse:
    """The bot's initial answer to an interaction (its POST to ``/interactions/.../callback``).

    ``message`` is the message created or updated by types 4, 5 and 7, as it was then (the
    handle's ``original`` shows later edits); ``choices`` are the autocomplete results of type 8;
    ``modal`` is the modal of type 9; ``elapsed`` is the time from dispatch to callback.
    """

    type: int
    data: dict[str, Any]
    message: dict[str, Any] | None = None
    choices: list[dict[str, Any]] | None = None
    modal: dict[str, Any] | None = None
    elapsed: float = 0.0


@dataclass
class InteractionHandle:
    """One interaction sent to the bot, and everything the bot answered to it."""

    id: int
    token: str
    type: int
    payload: dict[str, Any]
    user: User
    guild_id: int | None
    channel_id: int
    dispatched_at: float = 0.0
    response: CallbackResponse | None = None
    original_id: int | None = None
    followups: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    focused_option_type: int | None = None
    _state: State | None = field(default=None, repr=False)
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition, repr=False)
    _final_id: int | None = field(default=None, repr=False)

    @property
    def original(self) -> dict[str, Any] | None:
        """The current state of the original response message (None if there is none)."""
        if self.original_id is None or self._state is None:
            return None
        try:
            return self._state.message(self.original_id)
        except KeyError:
            return None

    @property
    def age(self) -> float:
        """Seconds since the interaction was dispatched to the bot."""
        return time.monotonic() - self.dispatched_at

    async def notify(self) -> None:
        """Wake up tasks waiting for a response or a final message."""
        async with self._changed:
            self._changed.notify_all()

    def mark_final(self, message_id: int) -> None:
        """Record the message the user finally sees, the first time there is one."""
        if self._final_id is None:
            self._final_id = message_id

    async def wait_response(self, timeout: float = 5.0) -> CallbackResponse:
        """Wait for the bot's initial callback and return it.

        Raises TimeoutError (naming any rejected attempts) if the bot did not answer in time.
        """
        await self._wait_for(lambda: self.response is not None, timeout, "initial response")
        assert self.response is not None
        return self.response

    async def wait_final(self, timeout: float = 5.0) -> dict[str, Any]:
        """Wait for the message the user ends up seeing and return a copy of its current state.

        That is the message of a type 4 or 7 callback, or after a deferral (type 5 or 6) the first
        followup or edit of ``@original``. Autocomplete and modal callbacks have no such message.
        """

        def ready() -> bool:
            if self.response is not None and self.response.type in (AUTOCOMPLETE_RESULT, MODAL):
                raise AssertionError(f"interaction {self.id} was answered with type {self.response.type}, no message")
            return self._final_id is not None

        await self._wait_for(ready, timeout, "final message")
        assert self._state is not None and self._final_id is not None
        return copy.deepcopy(self._state.message(self._final_id))

    async def _wait_for(self, predicate: Any, timeout: float, what: str) -> None:
        try:
            async with asyncio.timeout(timeout):
                async with self._changed:
                    await self._changed.wait_for(predicate)
        except TimeoutError:
            problems = "; ".join(self.errors) or "no request from the bot referred to it"
            raise TimeoutError(
                f"interaction {self.id} ({self.describe()}) got no {what} within {timeout}s: {problems}"
            ) from None

    def describe(self) -> str:
        """A short human description for error messages."""
        data = self.payload.get("data", {})
        return f"type {self.type} {data.get('name') or data.get('custom_id') or ''}".strip()


def new_token() -> str:
    """Return an interaction token as opaque as Discord's."""
    return "aW50ZXJhY3Rpb24" + secrets.token_urlsafe(48)


class InteractionFactory:
    """Builds INTERACTION_CREATE payloads from the server state."""

    def __init__(self, state: State) -> None:
        self.state = state

    # --- context ----------------------------------------------------------------------------------

    def context(
        self, who: User | Member | dict[str, Any] | int, guild_id: int | None, channel_id: int | None
    ) -> tuple[User, Member | None, Channel]:
        """Resolve who invokes where, checking it is possible (member of the guild, own DM...)."""
        user = self.state.resolve_user(who)
        if guild_id is None and channel_id is not None and self.state.channel(channel_id).guild_id is not None:
            guild_id = self.state.channel(channel_id).guild_id
        if guild_id is None:
            channel = self.state.channel(channel_id) if channel_id is not None else self.state.open_dm(user)
            if not channel.is_dm or channel.recipients[0].id != user.id:
                raise InvocationRefused(f"channel {channel.id} is not the DM between the bot and {user.username}")
            return user, None, channel
        guild = self.state.guild(guild_id)
        member = guild.members.get(user.id)
        if member is None:
            raise InvocationRefused(f"{user.username} is not a member of guild {guild.name!r}")
        if channel_id is None:
            if not guild.channels:
                raise ValueError(f"guild {guild.name!r} has no channel; add one or pass channel_id")
            channel = guild.channels[0]
        else:
            channel = self.state.channel(channel_id)
            if channel.guild_id != guild.id:
                raise ValueError(f"channel {channel.id} is not in guild {guild.id}")
        return user, member, channel

    def base_payload(
        self,
        kind: int,
        user: User,
        member: Member | None,
        channel: Channel,
        data: dict[str, Any],
        *,
        locale: str = "en-US",
    ) -> dict[str, Any]:
        """Return the common part of every INTERACTION_CREATE payload."""
        interaction_id = self.state.snowflakes.next()
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(self.state.application_id),
            "type": kind,
            "data": data,
            "channel_id": str(channel.id),
            "channel": channel.to_payload(),
            "token": new_token(),
            "version": 1,
            "locale": locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        }
        if member is not None:
            guild = self.state.guild(member.guild_id)
            payload.update(
                guild_id=str(guild.id),
                guild={"id": str(guild.id), "locale": guild.preferred_locale, "features": []},
                guild_locale=guild.preferred_locale,
                member=member.to_payload(permissions=self.state.member_permissions(member)),
                app_permissions=str(guild.bot_permissions),
                context=CONTEXT_GUILD,
                authorizing_integration_owners={"0": str(guild.id)},
            )
        else:
            payload.update(
                user=user.to_payload(),
                app_permissions=str(DM_APP_PERMISSIONS),
                context=CONTEXT_BOT_DM,
                authorizing_integration_owners={"0": "0"},
            )
        return payload

    # --- application commands ------------------------------------------------------------------------

    def find_command(self, name: str, guild_id: int | None) -> dict[str, Any]:
        """Return the synced command a user sees under ``name`` here, or raise CommandNotSynced."""
        command = self.state.commands.find(name, guild_id)
        if command is None:
            visible = sorted(c["name"] for scope in (guild_id, None) for c in self.state.commands.in_scope(scope))
            where = f"guild {guild_id}" if guild_id is not None else "DMs"
            raise CommandNotSynced(f"no synced slash command {name!r} visible in {where}; synced: {visible}")
        return command

    def find_command_anywhere(self, name: str, guild_id: int | None) -> dict[str, Any]:
        """Like :meth:`find_command`, falling back to any guild's command of that name.

        For interactions Discord's client would not send (see ``bypass_client``): a guild command
        arriving in a DM still names its guild in ``data.guild_id``, as the bot expects.
        """
        command = self.state.commands.find(name, guild_id)
        if command is None:
            for scope in list(self.state.guilds):
                command = self.state.commands.find(name, scope)
                if command is not None:
                    break
        return command if command is not None else self.find_command(name, guild_id)

    def check_available(self, command: dict[str, Any], member: Member | None, channel: Channel) -> None:
        """Refuse what Discord's client would not offer: missing permissions, wrong context, NSFW."""
        contexts = command.get("contexts")
        name = command["name"]
        if member is None:
            if "guild_id" in command:
                raise InvocationRefused(f"/{name} is a guild command; it is not available in DMs")
            if command.get("dm_permission") is False or (contexts is not None and CONTEXT_BOT_DM not in contexts):
                raise InvocationRefused(f"/{name} is not available in DMs (contexts={contexts})")
            return
        if contexts is not None and "guild_id" not in command and CONTEXT_GUILD not in contexts:
            raise InvocationRefused(f"/{name} is not available in guilds (contexts={contexts})")
        required = command.get("default_member_permissions")
        if required is not None:
            perms = self.state.member_permissions(member)
            if not perms & ADMINISTRATOR and (int(required) == 0 or perms & int(required) != int(required)):
                raise InvocationRefused(
                    f"{member.user.username} lacks default_member_permissions {required} for /{name} (has {perms})"
                )
        if command.get("nsfw") and not channel.nsfw:
            raise InvocationRefused(f"/{name} is NSFW and channel {channel.name!r} is not age-restricted")

    def command_data(
        self,
        command: dict[str, Any],
        options: Mapping[str, Any],
        subcommand: str | None,
        *,
        member: Member | None,
        focused: str | None = None,
    ) -> tuple[dict[str, Any], int | None]:
        """Build ``data`` of an application command interaction; return it and the focused option type."""
        resolved: dict[str, dict[str, Any]] = {}
        definitions: list[dict[str, Any]] = command.get("options") or []
        path = subcommand.split() if subcommand else []
        top: list[dict[str, Any]] = []
        container = top
        qualified = command["name"]
        for part in path:
            definition = next(
                (o for o in definitions if o["name"] == part and o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)), None
            )
            if definition is None:
                raise CommandNotSynced(f"/{qualified} has no subcommand {part!r}")
            qualified += f" {part}"
            node: dict[str, Any] = {"name": part, "type": definition["type"], "options": []}
            container.append(node)
            container = node["options"]
            definitions = definition.get("options") or []
        if any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in definitions):
            names = [o["name"] for o in definitions]
            raise InvocationRefused(f"/{qualified} cannot be invoked by itself; pick a subcommand of {names}")
        focused_type = None
        known = {o["name"]: o for o in definitions}
        for name in options:
            if name not in known:
                raise ValueError(f"/{qualified} has no option {name!r}; it has {sorted(known)}")
        for definition in definitions:
            name = definition["name"]
            if name not in options:
                if definition.get("required") and focused is None:
                    raise ValueError(f"/{qualified} requires option {name!r}")
                continue
            if name == focused:
                if not definition.get("autocomplete"):
                    raise InvocationRefused(f"option {name!r} of /{qualified} has no autocomplete")
                focused_type = definition["type"]
                container.append({"name": name, "type": definition["type"], "value": options[name], "focused": True})
                continue
            value = self._option_value(definition, options[name], resolved, member, qualified)
            container.append({"name": name, "type": definition["type"], "value": value})
        if focused is not None and focused_type is None:
            raise ValueError(f"focused option {focused!r} is not among the options given to /{qualified}")
        data: dict[str, Any] = {"id": command["id"], "name": command["name"], "type": command["type"]}
        if top:
            data["options"] = top
        if "guild_id" in command:
            data["guild_id"] = command["guild_id"]
        if resolved:
            data["resolved"] = resolved
        return data, focused_type

    def _option_value(
        self,
        definition: dict[str, Any],
        value: Any,
        resolved: dict[str, dict[str, Any]],
        member: Member | None,
        qualified: str,
    ) -> Any:
        kind, name = definition["type"], definition["name"]
        where = f"option {name!r} of /{qualified}"
        if kind == STRING:
            if not isinstance(value, str):
                raise TypeError(f"{where} takes a string, not {value!r}")
            low, high = definition.get("min_length", 0), definition.get("max_length", 6000)
            if not low <= len(value) <= high:
                raise ValueError(f"{where} must be {low}-{high} characters long (got {len(value)})")
        elif kind in (INTEGER, NUMBER):
            numeric = (int,) if kind == INTEGER else (int, float)
            if not isinstance(value, numeric) or isinstance(value, bool):
                raise TypeError(f"{where} takes {'an integer' if kind == INTEGER else 'a number'}, not {value!r}")
            low, high = definition.get("min_value"), definition.get("max_value")
            if (low is not None and value < low) or (high is not None and value > high):
                raise ValueError(f"{where} must be within [{low}, {high}] (got {value})")
        elif kind == BOOLEAN:
            if not isinstance(value, bool):
                raise TypeError(f"{where} takes a bool, not {value!r}")
        elif kind in (USER, CHANNEL, ROLE, MENTIONABLE):
            return self._resolve_entity(kind, value, resolved, member, where)
        elif kind == ATTACHMENT:
            return self._resolve_attachment(value, resolved, where)
        choices = definition.get("choices")
        if choices and value not in [c["value"] for c in choices]:
            raise ValueError(f"{where} must be one of {[c['value'] for c in choices]} (got {value!r})")
        return value

    def _resolve_entity(
        self, kind: int, value: Any, resolved: dict[str, dict[str, Any]], member: Member | None, where: str
    ) -> str:
        guild = self.state.guild(member.guild_id) if member is not None else None
        raw_id = value.id if hasattr(value, "id") else value["id"] if isinstance(value, dict) else value
        entity_id = int(raw_id)
        if kind in (USER, MENTIONABLE) and entity_id in self.state.users:
            user = self.state.users[entity_id]
            resolved.setdefault("users", {})[str(user.id)] = user.to_payload()
            if guild is not None and user.id in guild.members:
                target = guild.members[user.id]
                resolved.setdefault("members", {})[str(user.id)] = target.to_payload(
                    with_user=False, permissions=self.state.member_permissions(target)
                )
            return str(entity_id)
        if kind in (ROLE, MENTIONABLE) and guild is not None and guild.role(entity_id) is not None:
            resolved.setdefault("roles", {})[str(entity_id)] = guild.role(entity_id).to_payload()  # type: ignore[union-attr]
            return str(entity_id)
        if kind == CHANNEL and entity_id in self.state.channels:
            channel = self.state.channels[entity_id]
            resolved.setdefault("channels", {})[str(entity_id)] = {
                "id": str(channel.id),
                "name": channel.name,
                "type": channel.type,
                "permissions": str(guild.bot_permissions if guild else 0),
                "parent_id": None,
                "flags": 0,
            }
            return str(entity_id)
        raise ValueError(f"{where}: {value!r} does not name a known {_TYPE_NAMES[kind]}")

    def _resolve_attachment(self, value: Any, resolved: dict[str, dict[str, Any]], where: str) -> str:
        if not isinstance(value, dict) or "filename" not in value:
            raise TypeError(f"{where} takes a dict with at least 'filename' (and 'content' bytes)")
        data: bytes = value.get("content", b"")
        content_type = value.get("content_type", "application/octet-stream")
        attachment_id = self.state.store_attachment(value["filename"], data, content_type)
        resolved.setdefault("attachments", {})[str(attachment_id)] = {
            "id": str(attachment_id),
            "filename": value["filename"],
            "size": len(data),
            "content_type": content_type,
            "url": self.state.attachment_url(attachment_id, value["filename"]),
            "proxy_url": self.state.attachment_url(attachment_id, value["filename"]),
        }
        return str(attachment_id)

    # --- components and modals ---------------------------------------------------------------------

    @staticmethod
    def find_component(message: dict[str, Any], custom_id: str) -> dict[str, Any]:
        """Return the component with ``custom_id`` on a message, or raise InvocationRefused."""
        for component in iter_components(message.get("components") or []):
            if component.get("custom_id") == custom_id:
                if component.get("disabled"):
                    raise InvocationRefused(f"component {custom_id!r} is disabled")
                return component
        ids = [c.get("custom_id") for c in iter_components(message.get("components") or []) if c.get("custom_id")]
        raise InvocationRefused(f"message {message['id']} has no component {custom_id!r}; it has {ids}")

    @staticmethod
    def modal_submit_components(modal: dict[str, Any], values: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Build the submitted components of a modal, checking values the way Discord's client does."""
        remaining = dict(values)

        def submitted(component: dict[str, Any]) -> dict[str, Any]:
            kind = component.get("type")
            out: dict[str, Any] = {"type": kind, "id": component.get("id", 0)}
            if kind == 1:
                out["components"] = [submitted(c) for c in component.get("components") or []]
            elif kind == 18:
                out["component"] = submitted(component["component"])
            elif "custom_id" in component:
                custom_id = component["custom_id"]
                out["custom_id"] = custom_id
                value = remaining.pop(custom_id, None)
                if kind == 4:
                    text = "" if value is None else str(value)
                    if component.get("required", True) and not text:
                        raise ValueError(f"text input {custom_id!r} is required")
                    low, high = component.get("min_length", 0), component.get("max_length", 4000)
                    if text and not low <= len(text) <= high:
                        raise ValueError(f"text input {custom_id!r} must be {low}-{high} characters (got {len(text)})")
                    out["value"] = text
                else:
                    out["values"] = list(value or [])
            return out

        components = [submitted(c) for c in modal.get("components") or []]
        if remaining:
            raise ValueError(f"the modal has no inputs {sorted(remaining)}")
        return components
