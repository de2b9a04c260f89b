"""A process's link to the database: hearing of changes (LISTEN/NOTIFY), and saving the unanswered queue.

Every change commits a NOTIFY on `repository.CHANNEL`; each process LISTENs on a connection of
its own and calls `changed()` for it, so a change is served everywhere as soon as it is loaded,
with no polling. Notifications coming faster than a reload are folded into one reload.

A notification sent while a process was disconnected is lost to it, so every (re)connection is
followed by a `changed()` too: the process compares what it serves with the database and
catches up. When the connection cannot be made, or breaks (the server stopped, the network
went), `lost()` is called once, and connecting is retried every few seconds until it works; the
process meanwhile serves its last good snapshot. A quiet connection is checked with a trivial
query now and then, so a dead one is noticed even when no notification would have come.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

import psycopg

from bot.core.database.connection import APPLICATION_NAME, DatabaseUnavailable, connection_options, reason
from bot.core.database.knowledge import KnowledgeDatabase
from bot.core.database.repository import CHANNEL
from bot.core.database.unanswered import DatabaseUnansweredLog

__all__ = ["DatabaseLink"]

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10.0
"""How long the listening connection may stay quiet before a trivial query checks it is alive."""
RETRY_SECONDS = (0.2, 0.5, 1.0, 2.0)
"""Waits between attempts to reconnect, the last repeated: the database is caught up within 2 s of returning."""
FLUSH_SECONDS = 0.5
"""How often questions waiting for the database are written."""
STOP_FLUSH_SECONDS = 5.0
"""How long closing waits to write the questions still waiting."""

LISTENER_NAME = {"application_name": f"{APPLICATION_NAME} (listening)"}
"""How the listening connection shows in pg_stat_activity, apart from the process's other connection."""

Callback = Callable[[], Awaitable[None]]
LostCallback = Callable[[DatabaseUnavailable], Awaitable[None]]


class DatabaseLink:
    """The listening connection, the reloads it asks for, and the unanswered queue's writer, as tasks."""

    def __init__(self, database: KnowledgeDatabase, unanswered: DatabaseUnansweredLog | None = None) -> None:
        self.database = database
        self.unanswered = unanswered
        self.connected = False
        """Whether the listening connection is up (so changes are being heard)."""
        self._reported = False
        """Whether `lost()` was told of the current outage (it is told once per outage)."""
        self._tasks: list[asyncio.Task[None]] = []
        self._wanted = asyncio.Event()

    def start(self, changed: Callback, lost: LostCallback) -> None:
        """Start the tasks: `changed()` serves what the database holds now; `lost()` is told the database went."""
        self._tasks = [asyncio.create_task(self._listen(lost), name="ties-database-listen"),
                       asyncio.create_task(self._serve(changed), name="ties-database-reload")]
        if self.unanswered is not None:
            self._tasks.append(asyncio.create_task(self._flush(), name="ties-database-unanswered"))

    async def stop(self) -> None:
        """Cancel the tasks, write the questions still waiting (briefly: the database may be away), close."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        if self.unanswered is not None and self.unanswered.unsaved:
            try:
                await asyncio.wait_for(asyncio.to_thread(self.unanswered.flush), STOP_FLUSH_SECONDS)
            except (DatabaseUnavailable, TimeoutError) as exc:
                log.warning("closing with %d unanswered question(s) not written to the database: %s",
                            self.unanswered.unsaved, exc)
        await asyncio.to_thread(self.database.close)

    async def _listen(self, lost: LostCallback) -> None:
        attempt = 0
        while True:
            try:
                conn = await psycopg.AsyncConnection.connect(self.database.url, autocommit=True,
                                                             **{**connection_options(), **LISTENER_NAME})
            except psycopg.Error as exc:
                await self._lost(lost, exc)
                await asyncio.sleep(RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)])
                attempt += 1
                continue
            try:
                async with conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    if not self.connected:
                        log.info("listening for knowledge changes in %s", self.database.name)
                    self.connected, self._reported = True, False
                    attempt = 0
                    self._wanted.set()  # catch up on whatever was missed while not listening
                    while True:
                        async for notify in conn.notifies(timeout=HEARTBEAT_SECONDS):
                            log.debug("notified of knowledge revision %s", notify.payload)
                            self._wanted.set()
                        await conn.execute("SELECT 1")
            except psycopg.Error as exc:
                await self._lost(lost, exc)
                await asyncio.sleep(RETRY_SECONDS[0])

    async def _lost(self, lost: LostCallback, error: psycopg.Error) -> None:
        first = self.connected or not self._reported
        self.connected = False
        if not first:
            return
        self._reported = True
        problem = DatabaseUnavailable(self.database.name, reason(error))
        log.warning("the knowledge database %s cannot be reached (%s); serving the last good facts until it is back",
                    self.database.name, problem.detail)
        await lost(problem)

    async def _serve(self, changed: Callback) -> None:
        while True:
            await self._wanted.wait()
            self._wanted.clear()
            try:
                await changed()
            except DatabaseUnavailable as exc:
                log.info("could not read the change from the database (%s); the next connection catches up",
                         exc.detail)
            except Exception:
                log.exception("serving a change from the database failed")

    async def _flush(self) -> None:
        assert self.unanswered is not None
        while True:
            await asyncio.sleep(FLUSH_SECONDS)
            if not self.unanswered.unsaved:
                continue
            try:
                written = await asyncio.to_thread(self.unanswered.flush)
            except DatabaseUnavailable:
                continue  # kept in memory; the listener reports the outage
            log.debug("wrote %d unanswered question(s) to the database", written)
