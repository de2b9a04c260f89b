"""Per-conversation memory so follow-ups ("and in 2023?", "what about Ancelotti?") resolve.

A conversation is whatever key the front end chooses (a batch "conversation" value, a
Discord channel and user). Turns older than the time-to-live are forgotten.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from cachetools import TTLCache

from bot.core.knowledge.models import LegName

__all__ = ["ContextStore", "Turn"]


@dataclass(frozen=True)
class Turn:
    """What the last answered question was about."""

    intent: str | None
    tie: str | None
    entities: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    leg: LegName | None = None
    year: int | None = None
    facts: tuple[str, ...] = ()
    details: tuple[str, ...] = ()
    """The details it asked for (`scorers`, `referee`...): "and for Liverpool?" asks the same."""
    manager: bool = False
    """Whether it asked for a club's manager: "and Liverpool's?" asks for theirs."""
    language: str | None = None
    """The language it was answered in: a follow-up too short to tell keeps it."""
    topic: tuple[tuple[str, float], ...] = ()
    """Its topic words (stems, weighted): a follow-up asking nothing of its own ("and by 2023?") asks them again."""


class ContextStore:
    """A bounded, expiring map from conversation key to its last turn (a cachetools `TTLCache`).

    A turn is forgotten `ttl_seconds` after it was remembered; past `max_conversations` the least
    recently used conversation goes first. `clock` is the cache's timer, so tests can move time.
    TTLCache is not thread-safe and even a read reorders it, so one lock guards every call:
    `Engine.answer` is plain Python that any thread may call, and uncontended on the bot's loop
    the lock costs next to nothing.
    """

    def __init__(
        self, ttl_seconds: float = 600.0, max_conversations: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._turns: TTLCache[str, Turn] = TTLCache(max_conversations, ttl_seconds, timer=clock)
        self._lock = threading.Lock()

    def get(self, key: str | None) -> Turn | None:
        """The conversation's last turn if it has not expired."""
        if key is None:
            return None
        with self._lock:
            return self._turns.get(key)

    def put(self, key: str | None, turn: Turn) -> None:
        """Remember a turn; expired conversations are dropped, and when full the least recently used one."""
        if key is None:
            return
        with self._lock:
            self._turns[key] = turn

    def forget(self, key: str) -> None:
        """Drop a conversation's context (a user asked to start over)."""
        with self._lock:
            self._turns.pop(key, None)
