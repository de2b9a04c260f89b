"""The unanswered queue shared by every process, in the database.

A fan's question is kept in memory at once, as with a file, and written to the database in the
background (`flush`, run by the bot's database task), so answering never waits on the database
and a question asked while it is away is not lost: it waits in memory, in order with the
curators' "handled" marks, until the database is back. `refresh` reads the whole queue (every
process's questions) before curators are shown it.
"""

from __future__ import annotations

import logging
from collections import deque
from datetime import UTC, datetime

from bot.core.curation.unanswered import MAX_QUESTION_CHARS, Ask, UnansweredLog, _Handled, question_key
from bot.core.database import repository
from bot.core.database.connection import DatabaseUnavailable
from bot.core.database.knowledge import KnowledgeDatabase

__all__ = ["DatabaseUnansweredLog"]

log = logging.getLogger(__name__)


class DatabaseUnansweredLog(UnansweredLog):
    """Declined and low-confidence questions, kept in memory and written to the database when it can be."""

    def __init__(self, database: KnowledgeDatabase, max_entries: int = 5000, low_confidence: float = 0.5) -> None:
        super().__init__(None, max_entries, low_confidence)
        self.database = database
        self._unsaved: deque[Ask | _Handled] = deque()
        self._lost = 0

    @property
    def unsaved(self) -> int:
        """How many asks and marks wait to be written."""
        with self._lock:
            return len(self._unsaved)

    def _persist(self, entry: Ask | _Handled) -> None:
        """Queue for the database; past `max_entries` waiting, the oldest goes (and is counted and logged)."""
        if len(self._unsaved) >= self.max_entries:
            self._unsaved.popleft()
            self._lost += 1
            if self._lost == 1 or self._lost % 1000 == 0:
                log.warning("the database has been away long enough that %d unanswered question(s) were dropped "
                            "from memory", self._lost)
        self._unsaved.append(entry)

    def mark_handled(self, question: str, taught: str | None = None) -> int:
        """As for a file, and the mark goes to the database even when this process held none of the asks."""
        dropped = super().mark_handled(question, taught)
        key = question_key(question)
        if not dropped and key:  # the asks may be another process's: they leave the shared queue too
            with self._lock:
                self._persist(_Handled(datetime.now(UTC), " ".join(question.split())[:MAX_QUESTION_CHARS], key,
                                       taught))
        return dropped

    def flush(self) -> int:
        """Write what waits, in order, in one transaction; returns how many were written.

        Raises:
            DatabaseUnavailable: nothing was written; it all waits for the next try.
        """
        with self._lock:
            batch = list(self._unsaved)
        if not batch:
            return 0
        with self.database.session() as conn, conn.transaction():
            asks: list[Ask] = []
            for item in batch:
                if isinstance(item, Ask):
                    asks.append(item)
                    continue
                repository.insert_asks(conn, asks)
                asks = []
                repository.mark_handled(conn, item.key, item.at, item.taught)
            repository.insert_asks(conn, asks)
        written = {id(item) for item in batch}
        with self._lock:
            while self._unsaved and id(self._unsaved[0]) in written:
                self._unsaved.popleft()
        return len(batch)

    def refresh(self) -> None:
        """Read the shared queue (the newest `max_entries` asks) and add what this process has not written yet.

        With the database away, the queue stays as this process last saw it, with its own asks since.
        """
        try:
            with self.database.session() as conn, conn.transaction():
                stored = repository.open_asks(conn, self.max_entries)
        except DatabaseUnavailable as exc:
            log.warning("showing the unanswered queue as this process last saw it: %s", exc.detail)
            return
        with self._lock:
            self._entries = deque((Ask(a.at, a.question, question_key(a.question), a.declined, a.confidence,
                                          a.intent) for a in stored), maxlen=self.max_entries)
            for item in self._unsaved:
                if isinstance(item, Ask):
                    self._entries.append(item)
                else:
                    self._drop(item.key)
