"""``FakeDiscord``: the one object a test talks to.

It owns the state, serves REST and the gateway on an ephemeral 127.0.0.1 port, and offers the
actions a person (or Discord itself) would take: add guilds and members, invoke a synced command,
click a button, submit a modal, write a message; plus what a test inspects afterwards: the
requests the bot made, what Discord would have refused, and which messages could have pinged.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from aiohttp import web

from .errors import InvocationRefused, NotConnected
from .events import EventPublisher
from .gateway import PRIVILEGED_INTENTS, Gateway
from .interactions import (
    APPLICATION_COMMAND,
    APPLICATION_COMMAND_AUTOCOMPLETE,
    MESSAGE_COMPONENT,
    MODAL,
    MODAL_SUBMIT,
    InteractionFactory,
    InteractionHandle,
)
from .limits import TEXT_DISPLAY, iter_components
from .openapi import OpenAPIValidator, default_spec_path
from .rest import RequestRecord, RestApi
from .snowflakes import shard_for
from .state import LOADING, Channel, Guild, Member, Role, State, User

log = logging.getLogger(__name__)

UserLike = User | Member | dict[str, Any] | int
MessagePredicate = Callable[[dict[str, Any]], bool]

_MESSAGE_ROUTES = (
    ("POST", "/channels/{channel_id}/messages"),
    ("PATCH", "/channels/{channel_id}/messages/{message_id}"),
    ("POST", "/webhooks/{application_id}/{token}"),
    ("PATCH", "/webhooks/{application_id}/{token}/messages/@original"),
    ("PATCH", "/webhooks/{application_id}/{token}/messages/{message_id}"),
    ("POST", "/interactions/{interaction_id}/{token}/callback"),
)


def _carries_text(body: Mapping[str, Any]) -> bool:
    """Whether a message body has text Discord would scan for mentions (or embeds, held to the same rule)."""
    if body.get("content") is not None or body.get("embeds") is not None:
        return True
    return any(c.get("type") == TEXT_DISPLAY for c in iter_components(body.get("components") or []))


class FakeDiscord:
    """A Discord-compatible server for end-to-end tests of an unmodified discord.py bot.

    ``openapi_path`` defaults to ``<repo>/../shared/discord/openapi.json``; when the file is
    missing, schema validation is skipped with a warning and ``openapi_enabled`` is False.
    ``shards`` is the count ``GET /gateway/bot`` recommends to AutoSharded clients.
    """

    def __init__(
        self,
        *,
        token: str = "test-token",
        application_id: int | None = None,
        openapi_path: Path | None = None,
        shards: int = 1,
        bot_name: str = "Test Bot",
        interaction_deadline: float = 3.0,
        privileged_intents: int = PRIVILEGED_INTENTS,
        heartbeat_interval_ms: int = 41_250,
    ) -> None:
        self.token = token
        self.shards = shards
        self.interaction_deadline = interaction_deadline
        self.session_start_limit = {"total": 1000, "remaining": 1000, "reset_after": 14_400_000, "max_concurrency": 1}
        self.state = State(application_id=application_id or 0, bot_name=bot_name)
        if application_id is None:
            self.state.application_id = self.state.snowflakes.next()
        self.validator = OpenAPIValidator(openapi_path if openapi_path is not None else default_spec_path())
        self.gateway = Gateway(
            self.state,
            token=token,
            resume_url=lambda: self.gateway_url,
            heartbeat_interval_ms=heartbeat_interval_ms,
            privileged_intents=privileged_intents,
        )
        self.events = EventPublisher(self.state, self.gateway)
        self.factory = InteractionFactory(self.state)
        self.requests: list[RequestRecord] = []
        self.validation_errors: list[str] = []
        self.interactions: dict[int, InteractionHandle] = {}
        self.interactions_by_token: dict[str, InteractionHandle] = {}
        self._bot_messages: list[dict[str, Any]] = []
        self._bot_message_ids: set[str] = set()
        self._returned_messages: set[str] = set()
        self._messages_changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- lifecycle -------------------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on an ephemeral port of 127.0.0.1."""
        app = RestApi(self).build_app()
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        self.state.attachment_base_url = f"http://127.0.0.1:{self.port}/attachments"
        log.info("fake Discord listening on %s", self.api_base)

    async def stop(self) -> None:
        """Close every gateway connection and stop listening."""
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def api_base(self) -> str:
        """What ``discord.http.Route.BASE`` must be set to."""
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        """The websocket URL (returned by ``GET /gateway/bot``; usable as ``DEFAULT_GATEWAY``)."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    @property
    def openapi_enabled(self) -> bool:
        """Whether request bodies are validated against Discord's OpenAPI spec."""
        return self.validator.enabled

    @property
    def application_id(self) -> int:
        """The application (client) id of the bot."""
        return self.state.application_id

    @property
    def bot_user(self) -> dict[str, Any]:
        """The bot's user object, as ``GET /users/@me`` returns it."""
        return {
            **self.state.bot.to_payload(),
            "verified": True,
            "mfa_enabled": False,
            "flags": 0,
            "email": None,
            "locale": "en-US",
        }

    def application_payload(self) -> dict[str, Any]:
        """The application object of ``GET /oauth2/applications/@me``."""
        return {
            "id": str(self.state.application_id),
            "name": self.state.bot.username,
            "icon": None,
            "description": "",
            "summary": "",
            "type": None,
            "rpc_origins": [],
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "owner": self.state.owner.to_payload(),
            "team": None,
            "flags": 0,
            "tags": [],
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "approximate_guild_count": len(self.state.guilds),
            "bot": self.state.bot.to_payload(),
            "integration_types_config": {"0": {}},
        }

    async def wait_until_connected(self, shards: int = 1, timeout: float = 10.0) -> None:
        """Wait until ``shards`` bot sessions have identified and are connected."""
        await self.gateway.wait_for_shards(shards, timeout)

    async def disconnect_shard(self, shard_id: int, code: int = 4000) -> None:
        """Drop a shard's websocket (its session is kept, so the client can RESUME)."""
        await self.gateway.disconnect(shard_id, code)

    def request_reconnect(self, shard_id: int) -> None:
        """Send op 7 RECONNECT to a shard."""
        self.gateway.request_reconnect(shard_id)

    def shard_for(self, guild_id: int, shard_count: int | None = None) -> int:
        """The shard that owns ``guild_id`` (by default out of the recommended ``shards``)."""
        return shard_for(guild_id, shard_count or self.shards)

    # --- world building --------------------------------------------------------------------------------

    def add_guild(self, name: str = "Test Guild", *, shard_id: int | None = None) -> Guild:
        """Create a guild the bot is in (on ``shard_id`` of ``shards`` if given)."""
        guild_id = self.state.snowflakes.next_on_shard(shard_id, self.shards) if shard_id is not None else None
        guild = self.state.add_guild(name, guild_id=guild_id)
        self.events.guild_created(guild)
        return guild

    def add_text_channel(
        self, guild_id: int, name: str = "general", *, topic: str | None = None, nsfw: bool = False
    ) -> Channel:
        """Create a text channel."""
        channel = self.state.add_text_channel(guild_id, name, topic=topic, nsfw=nsfw)
        self.events.channel_created(channel)
        return channel

    def add_role(self, guild_id: int, name: str, permissions: int = 0) -> Role:
        """Create a role."""
        role = self.state.add_role(guild_id, name, permissions=permissions)
        self.events.role_created(role)
        return role

    def add_user(self, name: str = "fan", *, global_name: str | None = None) -> User:
        """Create a (human) user."""
        return self.state.add_user(name, global_name=global_name)

    def add_member(
        self,
        guild_id: int,
        user: User,
        roles: Sequence[int] = (),
        permissions: int | None = None,
        *,
        nick: str | None = None,
    ) -> Member:
        """Make ``user`` a member; ``permissions`` (a bitfield) overrides what the roles grant."""
        member = self.state.add_member(guild_id, user, roles=roles, permissions=permissions, nick=nick)
        self.events.member_added(member)
        return member

    def open_dm(self, user: User | Member) -> Channel:
        """The DM channel between the bot and ``user``."""
        return self.state.open_dm(self.state.resolve_user(user))

    def commands(self, guild_id: int | None = None) -> list[dict[str, Any]]:
        """The application commands the bot synced (global when ``guild_id`` is None)."""
        return copy.deepcopy(self.state.commands.in_scope(guild_id))

    # --- interactions ----------------------------------------------------------------------------------

    async def invoke_command(
        self,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        user: UserLike,
        guild_id: int | None = None,
        channel_id: int | None = None,
        subcommand: str | None = None,
        locale: str = "en-US",
        bypass_client: bool = False,
    ) -> InteractionHandle:
        """Invoke a synced slash command as ``user`` would; ``name`` may include subcommands.

        ``bypass_client`` sends the interaction even where Discord's client would not offer the
        command: hidden by ``default_member_permissions``, a guild command used in a DM or in
        another guild (``data.guild_id`` still names the guild it is registered in), or a
        guild-only command outside a guild (what a modified client or a permission override can
        deliver). Bots must still refuse what they do not allow.
        """
        return self._command_interaction(
            APPLICATION_COMMAND,
            name,
            options or {},
            user=user,
            guild_id=guild_id,
            channel_id=channel_id,
            subcommand=subcommand,
            locale=locale,
            focused=None,
            bypass_client=bypass_client,
        )

    async def autocomplete(
        self,
        name: str,
        options: Mapping[str, Any],
        focused: str,
        *,
        user: UserLike,
        guild_id: int | None = None,
        channel_id: int | None = None,
        subcommand: str | None = None,
        locale: str = "en-US",
        bypass_client: bool = False,
    ) -> InteractionHandle:
        """Send the autocomplete interaction Discord sends while ``user`` types option ``focused``.

        ``bypass_client`` as for :meth:`invoke_command`.
        """
        return self._command_interaction(
            APPLICATION_COMMAND_AUTOCOMPLETE,
            name,
            options,
            user=user,
            guild_id=guild_id,
            channel_id=channel_id,
            subcommand=subcommand,
            locale=locale,
            focused=focused,
            bypass_client=bypass_client,
        )

    def _command_interaction(
        self,
        kind: int,
        name: str,
        options: Mapping[str, Any],
        *,
        user: UserLike,
        guild_id: int | None,
        channel_id: int | None,
        subcommand: str | None,
        locale: str,
        focused: str | None,
        bypass_client: bool = False,
    ) -> InteractionHandle:
        parts = name.split()
        if len(parts) > 1:
            name, subcommand = parts[0], " ".join(parts[1:] + ([subcommand] if subcommand else []))
        who, member, channel = self.factory.context(user, guild_id, channel_id)
        if bypass_client:
            command = self.factory.find_command_anywhere(name, member.guild_id if member else None)
        else:
            command = self.factory.find_command(name, member.guild_id if member else None)
            self.factory.check_available(command, member, channel)
        data, focused_type = self.factory.command_data(command, options, subcommand, member=member, focused=focused)
        payload = self.factory.base_payload(kind, who, member, channel, data, locale=locale)
        return self._dispatch_interaction(payload, who, member, channel, focused_type=focused_type)

    async def click_button(
        self,
        message: dict[str, Any] | int | str,
        custom_id: str,
        *,
        user: UserLike,
        guild_id: int | None = None,
        channel_id: int | None = None,
        locale: str = "en-US",
        bypass_client: bool = False,
    ) -> InteractionHandle:
        """Click a button on a message the bot sent, from a Discord client in ``locale``.

        ``bypass_client`` sends the click from ``channel_id`` even though the message is in another
        channel (or guild): a forged interaction, which Discord never delivers since it builds a
        component interaction from the message's own channel. Bots must still refuse it.
        """
        return self._component_interaction(
            message, custom_id, None, user=user, guild_id=guild_id, channel_id=channel_id, locale=locale,
            bypass_client=bypass_client,
        )

    async def select_option(
        self,
        message: dict[str, Any] | int | str,
        custom_id: str,
        values: Sequence[str],
        *,
        user: UserLike,
        guild_id: int | None = None,
        channel_id: int | None = None,
        locale: str = "en-US",
        bypass_client: bool = False,
    ) -> InteractionHandle:
        """Pick ``values`` in a select menu the bot sent; ``locale``, ``bypass_client`` as for :meth:`click_button`."""
        return self._component_interaction(
            message, custom_id, list(values), user=user, guild_id=guild_id, channel_id=channel_id, locale=locale,
            bypass_client=bypass_client,
        )

    def _component_interaction(
        self,
        message: dict[str, Any] | int | str,
        custom_id: str,
        values: list[str] | None,
        *,
        user: UserLike,
        guild_id: int | None,
        channel_id: int | None,
        locale: str,
        bypass_client: bool = False,
    ) -> InteractionHandle:
        message_id = message["id"] if isinstance(message, dict) else message
        stored = self.state.message(message_id)
        if stored["author"]["id"] != str(self.state.bot.id):
            raise InvocationRefused(f"message {message_id} was not sent by the bot")
        channel_id = channel_id or int(stored["channel_id"])
        if int(stored["channel_id"]) != int(channel_id) and not bypass_client:
            raise ValueError(f"message {message_id} is not in channel {channel_id}")
        who, member, channel = self.factory.context(user, guild_id, channel_id)
        component = self.factory.find_component(stored, custom_id)
        kind = component["type"]
        if kind == 2 and component.get("style") in (5, 6):
            raise InvocationRefused(f"button {custom_id!r} is a link/premium button; it sends no interaction")
        if (kind == 2) != (values is None):
            raise InvocationRefused(f"component {custom_id!r} is of type {kind}; use the matching helper")
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": kind}
        if values is not None:
            options = [o["value"] for o in component.get("options") or []]
            if kind == 3 and any(v not in options for v in values):
                raise ValueError(f"select {custom_id!r} offers {options}, not {values}")
            low, high = component.get("min_values", 1), component.get("max_values", 1)
            if not low <= len(values) <= high:
                raise ValueError(f"select {custom_id!r} takes {low}-{high} values (got {len(values)})")
            data["values"] = values
        payload = self.factory.base_payload(MESSAGE_COMPONENT, who, member, channel, data, locale=locale)
        payload["message"] = copy.deepcopy(stored)
        return self._dispatch_interaction(payload, who, member, channel)

    async def submit_modal(
        self,
        opened_by: InteractionHandle,
        values: Mapping[str, Any],
        *,
        user: UserLike | None = None,
        channel_id: int | None = None,
        locale: str | None = None,
        bypass_client: bool = False,
    ) -> InteractionHandle:
        """Fill in and submit the modal the bot opened in answer to ``opened_by``.

        Discord delivers the submit from where the modal was opened, from the same client (its
        ``locale`` unless another is given). With ``bypass_client`` it comes from ``channel_id``
        instead, which may be in another guild: a forged interaction (the same ``custom_id``, from
        elsewhere) that bots must still refuse.
        """
        response = opened_by.response
        if response is None or response.type != MODAL or response.modal is None:
            raise InvocationRefused(f"interaction {opened_by.id} was not answered with a modal")
        if channel_id is not None and channel_id != opened_by.channel_id and not bypass_client:
            raise InvocationRefused(f"the modal was opened in channel {opened_by.channel_id}, not {channel_id}")
        if channel_id is None or channel_id == opened_by.channel_id:
            where: tuple[int | None, int] = (opened_by.guild_id, opened_by.channel_id)
        else:
            where = (None, channel_id)  # the channel's own guild, or a DM
        who, member, channel = self.factory.context(user if user is not None else opened_by.user, *where)
        modal = response.modal
        data = {"custom_id": modal["custom_id"], "components": self.factory.modal_submit_components(modal, values)}
        payload = self.factory.base_payload(MODAL_SUBMIT, who, member, channel, data,
                                            locale=locale or opened_by.payload.get("locale", "en-US"))
        if "message" in opened_by.payload:
            payload["message"] = copy.deepcopy(self.state.message(opened_by.payload["message"]["id"]))
        return self._dispatch_interaction(payload, who, member, channel)

    def _dispatch_interaction(
        self,
        payload: dict[str, Any],
        user: User,
        member: Member | None,
        channel: Channel,
        *,
        focused_type: int | None = None,
    ) -> InteractionHandle:
        guild_id = member.guild_id if member is not None else None
        if not self.gateway.dispatch("INTERACTION_CREATE", payload, guild_id=guild_id):
            where = f"guild {guild_id}" if guild_id is not None else "DMs (shard 0)"
            raise NotConnected(f"no bot session receives events for {where}")
        handle = InteractionHandle(
            id=int(payload["id"]),
            token=payload["token"],
            type=payload["type"],
            payload=payload,
            user=user,
            guild_id=guild_id,
            channel_id=channel.id,
            dispatched_at=time.monotonic(),
            focused_option_type=focused_type,
            _state=self.state,
        )
        self.interactions[handle.id] = handle
        self.interactions_by_token[handle.token] = handle
        return handle

    # --- messages ----------------------------------------------------------------------------------------

    async def send_message(
        self,
        channel_id: int,
        *,
        author: UserLike,
        content: str = "",
        mentions: Sequence[UserLike] = (),
        embeds: list[dict[str, Any]] | None = None,
        reply_to: dict[str, Any] | int | None = None,
    ) -> dict[str, Any]:
        """Post a message as a user (MESSAGE_CREATE reaches the bot, per its intents)."""
        channel = self.state.channel(channel_id)
        user = self.state.resolve_user(author)
        if channel.is_dm:
            if channel.recipients[0].id != user.id:
                raise InvocationRefused(f"{user.username} is not in DM channel {channel.id}")
        elif user.id not in self.state.guild(channel.guild_id).members:  # type: ignore[arg-type]
            raise InvocationRefused(f"{user.username} is not a member of the guild of channel {channel.id}")
        extra: dict[str, Any] = {}
        message_type = 0
        if reply_to is not None:
            referenced = self.state.message(reply_to["id"] if isinstance(reply_to, dict) else reply_to)
            message_type = 19
            extra["message_reference"] = {"type": 0, "message_id": referenced["id"], "channel_id": str(channel.id)}
            extra["referenced_message"] = copy.deepcopy(referenced)
        body = {"content": content, "embeds": embeds or []}
        message = self.state.create_message(
            channel,
            user,
            body=body,
            message_type=message_type,
            extra=extra,
            explicit_mentions=[self.state.resolve_user(m) for m in mentions],
        )
        self.events.message_created(message)
        return copy.deepcopy(message)

    def messages(self, channel_id: int) -> list[dict[str, Any]]:
        """Every message of a channel, oldest first (live dicts: they show later edits)."""
        return self.state.messages(channel_id)

    def note_bot_message(self, message: dict[str, Any]) -> None:
        """Called by the REST layer when the bot creates or edits a message; wakes waiters."""
        if message["id"] not in self._bot_message_ids:  # by id: comparing dicts made this O(n) per message
            self._bot_message_ids.add(message["id"])
            self._bot_messages.append(message)
        self._messages_changed.set()

    async def wait_for_message(
        self,
        channel_id: int | None = None,
        predicate: MessagePredicate | None = None,
        timeout: float = 5.0,
        *,
        after: dict[str, Any] | int | None = None,
    ) -> dict[str, Any]:
        """Wait for a message the bot created (and return a copy of it).

        Messages already returned by an earlier call are skipped, so successive calls walk
        through the bot's messages; ``after`` skips messages older than a given message (or
        id). "Loading" messages of deferred interactions only count once filled in.
        """
        after_id = int(after["id"] if isinstance(after, dict) else after) if after is not None else 0

        def find() -> dict[str, Any] | None:
            for message in self._bot_messages:
                if message["id"] in self._returned_messages or int(message["id"]) <= after_id:
                    continue
                if channel_id is not None and message["channel_id"] != str(channel_id):
                    continue
                if message.get("flags", 0) & LOADING:
                    continue
                if predicate is None or predicate(message):
                    return message
            return None

        try:
            async with asyncio.timeout(timeout):
                while (found := find()) is None:
                    self._messages_changed.clear()
                    await self._messages_changed.wait()
        except TimeoutError:
            recent = [(m["channel_id"], (m.get("content") or "")[:80]) for m in self._bot_messages[-5:]]
            raise TimeoutError(
                f"no matching bot message in channel {channel_id} within {timeout}s; recent bot messages: {recent}; "
                f"refused requests: {self.validation_errors[-3:]}"
            ) from None
        assert found is not None
        self._returned_messages.add(found["id"])
        return copy.deepcopy(found)

    # --- inspection ------------------------------------------------------------------------------------

    def mention_violations(self) -> list[RequestRecord]:
        """Accepted requests that create or edit message content/embeds and could ping someone.

        Checked: every request to a message-writing route (``_MESSAGE_ROUTES``) and any other
        request the handlers saw create or edit a message (``RequestRecord.messages``), so a route
        added later cannot slip past. Safe means an ``allowed_mentions`` with ``parse`` empty or
        absent, no ``users`` or ``roles`` listed and ``replied_user`` not true. A missing
        ``allowed_mentions`` is unsafe: Discord then parses every mention in the content (and in
        components v2 text displays). Embeds never ping, but are held to the same rule.
        """
        violations = []
        for record in self.requests:
            writes = (record.method, record.route) in _MESSAGE_ROUTES or bool(record.messages)
            if not writes or not 200 <= record.status < 300:
                continue
            body = record.message_body
            if body is None or not _carries_text(body):
                continue
            mentions = body.get("allowed_mentions")
            safe = (
                isinstance(mentions, dict)
                and not mentions.get("parse")
                and not mentions.get("users")
                and not mentions.get("roles")
                and not mentions.get("replied_user")
            )
            if not safe:
                violations.append(record)
        return violations

    def requests_to(self, method: str, route: str) -> list[RequestRecord]:
        """The recorded requests to one route template, e.g. ``("PUT", "/applications/{application_id}/commands")``."""
        return [r for r in self.requests if r.method == method and r.route == route]
