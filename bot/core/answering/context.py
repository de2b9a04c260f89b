"""Per-conversation memory so follow-ups ("and in 2023?", "what about Ancelotti?") resolve.

A conversation is whatever key the front end chooses (a batch "conversation" value, a
Discord channel and user). Turns older than the time-to-live are forgotten.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace

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
    at: float = field(default=0.0)


class ContextStore:
    """A bounded, expiring map from conversation key to its last turn."""

    def __init__(
        self, ttl_seconds: float = 600.0, max_conversations: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl_seconds
        self.max = max_conversations
        self.clock = clock
        self._turns: OrderedDict[str, Turn] = OrderedDict()

    def get(self, key: str | None) -> Turn | None:
        """The conversation's last turn if it has not expired."""
        if key is None:
            return None
        turn = self._turns.get(key)
        if turn is None:
            return None
        if self.clock() - turn.at > self.ttl:
            del self._turns[key]
            return None
        return turn

    def put(self, key: str | None, turn: Turn) -> None:
        """Remember a turn, evicting the least recently used conversation when full."""
        if key is None:
            return
        self._turns[key] = replace(turn, at=self.clock())
        self._turns.move_to_end(key)
        while len(self._turns) > self.max:
            self._turns.popitem(last=False)

    def forget(self, key: str) -> None:
        """Drop a conversation's context (a user asked to start over)."""
        self._turns.pop(key, None)
