"""The gateway: Discord's websocket, enough of it for discord.py's shards to live on.

Protocol, as discord.py 2.7.1 expects it: HELLO, IDENTIFY (token, shard, intents), heartbeats
and their ACKs, READY then one GUILD_CREATE per guild of the shard, dispatches with sequence
numbers, RESUME with replay of missed events, and ``compress=zlib-stream``: one zlib stream for
the whole connection, every frame flushed with ``Z_SYNC_FLUSH`` (ending ``00 00 ff ff``).

A *session* (what READY creates and RESUME continues) outlives its websocket *connection*;
events for a disconnected session are kept and replayed on RESUME, as Discord does.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from .snowflakes import shard_for
from .state import State

log = logging.getLogger(__name__)

# Opcodes.
DISPATCH = 0
HEARTBEAT = 1
IDENTIFY = 2
PRESENCE_UPDATE = 3
VOICE_STATE_UPDATE = 4
RESUME = 6
RECONNECT = 7
REQUEST_GUILD_MEMBERS = 8
INVALID_SESSION = 9
HELLO = 10
HEARTBEAT_ACK = 11

# Close codes.
UNKNOWN_OPCODE = 4001
DECODE_ERROR = 4002
NOT_AUTHENTICATED = 4003
AUTHENTICATION_FAILED = 4004
ALREADY_AUTHENTICATED = 4005
INVALID_SHARD = 4010
INVALID_API_VERSION = 4012
INVALID_INTENTS = 4013
DISALLOWED_INTENTS = 4014

# Intents.
GUILDS = 1 << 0
GUILD_MEMBERS = 1 << 1
GUILD_PRESENCES = 1 << 8
GUILD_MESSAGES = 1 << 9
DIRECT_MESSAGES = 1 << 12
MESSAGE_CONTENT = 1 << 15
PRIVILEGED_INTENTS = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT
ALL_INTENTS = (1 << 26) - 1

BACKLOG_SIZE = 1000
"""Dispatches kept per session for RESUME."""


class GatewayConnection:
    """One websocket; frames are written in order by a single writer task.

    Queueing lets synchronous code (``server.add_guild`` while a bot is connected) dispatch
    events without awaiting, and keeps the shared zlib stream in frame order.
    """

    def __init__(self, ws: web.WebSocketResponse, *, zlib_stream: bool) -> None:
        self.ws = ws
        self.zlib_stream = zlib_stream
        self._compressor = zlib.compressobj() if zlib_stream else None
        self._queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        self._writer: asyncio.Task[None] | None = None
        self.session: GatewaySession | None = None
        self.closed = False

    def start(self) -> None:
        """Start the writer task."""
        self._writer = asyncio.create_task(self._write_loop(), name="fakediscord-gateway-writer")

    def send(self, frame: dict[str, Any]) -> None:
        """Queue a frame for the client."""
        if not self.closed:
            self._queue.put_nowait(frame)

    async def _write_loop(self) -> None:
        while True:
            frame = await self._queue.get()
            if frame is None or self.ws.closed:
                return
            text = json.dumps(frame, separators=(",", ":"))
            try:
                if self._compressor is not None:
                    data = self._compressor.compress(text.encode()) + self._compressor.flush(zlib.Z_SYNC_FLUSH)
                    await self.ws.send_bytes(data)
                else:
                    await self.ws.send_str(text)
            except (ConnectionError, RuntimeError) as exc:
                log.debug("gateway write failed: %s", exc)
                return

    async def close(self, code: int, reason: str) -> None:
        """Flush queued frames, then close the websocket with ``code``."""
        if self.closed:
            return
        self.closed = True
        self._queue.put_nowait(None)
        if self._writer is not None:
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(self._writer, timeout=2)
        log.info("gateway: closing connection with %s (%s)", code, reason)
        await self.ws.close(code=code, message=reason.encode())

    def stop(self) -> None:
        """Stop writing (the websocket is already gone)."""
        self.closed = True
        self._queue.put_nowait(None)


@dataclass
class GatewaySession:
    """What READY created: a shard's identity, intents, sequence and event backlog."""

    session_id: str
    shard_id: int
    shard_count: int
    intents: int
    seq: int = 0
    backlog: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=BACKLOG_SIZE))
    connection: GatewayConnection | None = None
    ready_at: float = 0.0

    def owns_guild(self, guild_id: int) -> bool:
        """Whether events of ``guild_id`` go to this shard."""
        return shard_for(guild_id, self.shard_count) == self.shard_id

    def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Number, keep and (if connected) send one dispatch."""
        self.seq += 1
        frame = {"op": DISPATCH, "t": event, "s": self.seq, "d": data}
        self.backlog.append(frame)
        if self.connection is not None:
            self.connection.send(frame)

    def has(self, intents: int) -> bool:
        """Whether the session identified with all of ``intents``."""
        return self.intents & intents == intents


Transform = Callable[[GatewaySession, dict[str, Any]], dict[str, Any]]


class Gateway:
    """Accepts bot connections and routes events to the shard that owns them."""

    def __init__(
        self,
        state: State,
        *,
        token: str,
        resume_url: Callable[[], str],
        heartbeat_interval_ms: int = 41_250,
        privileged_intents: int = PRIVILEGED_INTENTS,
    ) -> None:
        self.state = state
        self.token = token
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.privileged_intents = privileged_intents
        self._resume_url = resume_url
        self.sessions: dict[str, GatewaySession] = {}
        self.connections: set[GatewayConnection] = set()
        self.identify_count = 0
        self.resume_count = 0
        self._changed = asyncio.Condition()

    # --- routing ------------------------------------------------------------------------------------

    def live_sessions(self) -> list[GatewaySession]:
        """Sessions that have an open connection, most recent first."""
        live = [s for s in self.sessions.values() if s.connection is not None and not s.connection.closed]
        return sorted(live, key=lambda s: -s.ready_at)

    def sessions_by_recency(self) -> list[GatewaySession]:
        """All sessions, most recently identified first (live or waiting to be resumed)."""
        return sorted(self.sessions.values(), key=lambda s: -s.ready_at)

    def dispatch(
        self,
        event: str,
        data: dict[str, Any],
        *,
        guild_id: int | None,
        intents: int = 0,
        transform: Transform | None = None,
    ) -> list[GatewaySession]:
        """Send ``event`` to every session (one per bot process) whose shard owns ``guild_id``.

        ``intents`` are those a session needs to receive the event; ``transform`` adapts the
        payload per session (e.g. blanking content without the message content intent).
        Returns the sessions that received it.
        """
        receivers: list[GatewaySession] = []
        seen_shards: set[tuple[int, int]] = set()
        for session in self.sessions_by_recency():
            key = (session.shard_id, session.shard_count)
            if key in seen_shards:
                continue
            owns = session.shard_id == 0 if guild_id is None else session.owns_guild(guild_id)
            if not owns:
                continue
            seen_shards.add(key)
            if not session.has(intents):
                continue
            payload = transform(session, data) if transform else data
            session.dispatch(event, payload)
            receivers.append(session)
        return receivers

    async def wait_for_shards(self, count: int, timeout: float) -> None:
        """Wait until at least ``count`` sessions are READY and connected."""
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(lambda: len(self.live_sessions()) >= count)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # --- connections ----------------------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        """aiohttp handler for ``GET /gateway``: one bot shard's websocket."""
        ws = web.WebSocketResponse(max_msg_size=4 * 1024 * 1024)
        await ws.prepare(request)
        compress = request.query.get("compress")
        if compress not in (None, "zlib-stream"):
            log.warning("gateway: client asked for compress=%s, which is not supported; sending plain frames", compress)
        connection = GatewayConnection(ws, zlib_stream=compress == "zlib-stream")
        connection.start()
        self.connections.add(connection)
        try:
            if request.query.get("v", "10") != "10":
                await connection.close(INVALID_API_VERSION, "Invalid API version.")
                return ws
            if request.query.get("encoding", "json") != "json":
                await connection.close(DECODE_ERROR, "Only encoding=json is supported by this server.")
                return ws
            connection.send(
                {"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms, "_trace": ["fakediscord"]}}
            )
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    await self._receive(connection, message.data)
                elif message.type == WSMsgType.BINARY:
                    await connection.close(DECODE_ERROR, "Binary (ETF) payloads are not supported.")
                if connection.closed:
                    break
        finally:
            closed_by_client = not connection.closed
            self.connections.discard(connection)
            connection.stop()
            session = connection.session
            if session is not None and session.connection is connection:
                session.connection = None
                if closed_by_client and ws.close_code in (1000, 1001):
                    # A normal close ends the session on Discord: it cannot be resumed.
                    self.sessions.pop(session.session_id, None)
            await self._notify()
        return ws

    async def _receive(self, connection: GatewayConnection, text: str) -> None:
        try:
            frame = json.loads(text)
            op, data = frame["op"], frame.get("d")
        except (ValueError, KeyError, TypeError):
            await connection.close(DECODE_ERROR, "Decode error.")
            return
        if op == HEARTBEAT:
            connection.send({"op": HEARTBEAT_ACK})
        elif op == IDENTIFY:
            await self._identify(connection, data or {})
        elif op == RESUME:
            await self._resume(connection, data or {})
        elif connection.session is None:
            await connection.close(NOT_AUTHENTICATED, "Not authenticated.")
        elif op == REQUEST_GUILD_MEMBERS:
            self._send_members(connection.session, data or {})
        elif op in (PRESENCE_UPDATE, VOICE_STATE_UPDATE):
            log.debug("gateway: ignoring op %s from shard %s", op, connection.session.shard_id)
        else:
            await connection.close(UNKNOWN_OPCODE, f"Unknown opcode {op}.")

    async def _identify(self, connection: GatewayConnection, data: dict[str, Any]) -> None:
        if connection.session is not None:
            await connection.close(ALREADY_AUTHENTICATED, "Already authenticated.")
            return
        if data.get("token") != self.token:
            log.warning("gateway: IDENTIFY with a wrong token")
            await connection.close(AUTHENTICATION_FAILED, "Authentication failed.")
            return
        shard = data.get("shard") or [0, 1]
        try:
            shard_id, shard_count = int(shard[0]), int(shard[1])
        except (TypeError, ValueError, IndexError):
            await connection.close(INVALID_SHARD, "Invalid shard.")
            return
        if not 0 <= shard_id < shard_count:
            await connection.close(INVALID_SHARD, "Invalid shard.")
            return
        intents = data.get("intents")
        if not isinstance(intents, int) or intents < 0 or intents & ~ALL_INTENTS:
            await connection.close(INVALID_INTENTS, "Invalid intent(s).")
            return
        if intents & PRIVILEGED_INTENTS & ~self.privileged_intents:
            await connection.close(DISALLOWED_INTENTS, "Disallowed intent(s).")
            return
        for old in [s for s in self.sessions.values() if (s.shard_id, s.shard_count) == (shard_id, shard_count)]:
            del self.sessions[old.session_id]
        session = GatewaySession(
            session_id=secrets.token_hex(16),
            shard_id=shard_id,
            shard_count=shard_count,
            intents=intents,
            connection=connection,
            ready_at=time.monotonic(),
        )
        self.sessions[session.session_id] = session
        connection.session = session
        self.identify_count += 1
        guilds = [g for g in self.state.guilds.values() if session.owns_guild(g.id)]
        session.dispatch(
            "READY",
            {
                "v": 10,
                "user": {**self.state.bot.to_payload(), "verified": True, "mfa_enabled": False, "flags": 0},
                "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
                "session_id": session.session_id,
                "session_type": "normal",
                "resume_gateway_url": self._resume_url(),
                "shard": [shard_id, shard_count],
                "application": {"id": str(self.state.application_id), "flags": 0},
                "private_channels": [],
                "relationships": [],
                "presences": [],
                "guild_join_requests": [],
                "geo_ordered_rtc_regions": [],
                "user_settings": {},
                "_trace": ["fakediscord"],
            },
        )
        if session.has(GUILDS):
            for guild in guilds:
                session.dispatch("GUILD_CREATE", self.guild_create_payload(guild.id, session))
        log.info("gateway: shard %s/%s identified (session %s)", shard_id, shard_count, session.session_id)
        await self._notify()

    def guild_create_payload(self, guild_id: int, session: GatewaySession) -> dict[str, Any]:
        """GUILD_CREATE for one guild: all members with the members intent, else just the bot."""
        guild = self.state.guild(guild_id)
        members = guild.members.values() if session.has(GUILD_MEMBERS) else [guild.members[self.state.bot.id]]
        return guild.to_payload(include_members=members)

    async def _resume(self, connection: GatewayConnection, data: dict[str, Any]) -> None:
        if data.get("token") != self.token:
            await connection.close(AUTHENTICATION_FAILED, "Authentication failed.")
            return
        session = self.sessions.get(str(data.get("session_id")))
        if session is None:
            log.info("gateway: RESUME of unknown session %s; invalidating", data.get("session_id"))
            connection.send({"op": INVALID_SESSION, "d": False})
            return
        if session.connection is not None and not session.connection.closed:
            await session.connection.close(4000, "Session resumed elsewhere.")
        last_seq = int(data.get("seq") or 0)
        session.connection = connection
        connection.session = session
        for frame in session.backlog:
            if frame["s"] > last_seq:
                connection.send(frame)
        session.dispatch("RESUMED", {"_trace": ["fakediscord"]})
        self.resume_count += 1
        log.info("gateway: shard %s resumed session %s from seq %s", session.shard_id, session.session_id, last_seq)
        await self._notify()

    def _send_members(self, session: GatewaySession, data: dict[str, Any]) -> None:
        guild = self.state.guilds.get(int(data.get("guild_id", 0)))
        if guild is None:
            return
        query = (data.get("query") or "").lower()
        user_ids = {int(u) for u in _as_list(data.get("user_ids"))}
        members = [
            m
            for m in guild.members.values()
            if (not user_ids or m.user.id in user_ids) and m.user.username.lower().startswith(query)
        ]
        limit = int(data.get("limit") or 0)
        if limit:
            members = members[:limit]
        session.dispatch(
            "GUILD_MEMBERS_CHUNK",
            {
                "guild_id": str(guild.id),
                "members": [m.to_payload() for m in members],
                "chunk_index": 0,
                "chunk_count": 1,
                "not_found": [],
                "nonce": data.get("nonce"),
            },
        )

    # --- control from tests -------------------------------------------------------------------------

    async def disconnect(self, shard_id: int, code: int = 4000) -> None:
        """Drop a shard's connection (keeping its session) so the client reconnects or resumes."""
        for session in self.live_sessions():
            if session.shard_id == shard_id and session.connection is not None:
                await session.connection.close(code, "Disconnected by the test.")
                return
        raise LookupError(f"no connected session for shard {shard_id}")

    def request_reconnect(self, shard_id: int) -> None:
        """Send op 7 RECONNECT to a shard, as Discord does before maintenance."""
        for session in self.live_sessions():
            if session.shard_id == shard_id and session.connection is not None:
                session.connection.send({"op": RECONNECT, "d": None})
                return
        raise LookupError(f"no connected session for shard {shard_id}")

    async def close_all(self) -> None:
        """Close every websocket (server shutdown)."""
        for connection in list(self.connections):
            await connection.close(1001, "Server shutting down.")


def _as_list(value: Any) -> Iterable[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
