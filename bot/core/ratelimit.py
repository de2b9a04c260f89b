"""A per-user question budget: a burst for a conversation, a slower refill against flooding.

Each user has a token bucket holding up to `burst` questions; every question spends one and one
comes back every `refill_seconds`. A fan who asks a handful of questions and presses a few "did
you mean" buttons in a minute stays within the burst; someone flooding at 30 a minute empties it
within seconds and is then answered only as fast as it refills. A fixed window (N per T
seconds, as discord.py's `Cooldown` counts) cannot do both: small enough to stop a flood, it
also stops a conversation.

A refusal says whether it is the first, through that way of asking, since the user was last
allowed, so chat can explain once and then stay quiet instead of answering a flood with a flood
of notices (an interaction must be answered each time anyway, privately). Chat keeps its own
"first" so a fan refused on a button still gets told in chat why it went quiet. The budget is
plain arithmetic on a clock; rate-limit libraries count requests per window and keep no such
state, so it is written here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

__all__ = ["QuestionBudget", "Refusal"]

log = logging.getLogger(__name__)

PRUNE_AT = 10_000
"""Once this many users have a bucket, the full ones (idle long enough to refill) are dropped."""


@dataclass(frozen=True, slots=True)
class Refusal:
    """A question refused for being over the budget."""

    retry_after: float
    """Seconds until the user may ask again."""
    first: bool
    """The first refusal through this way of asking since the user was last allowed: tell them."""


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float
    refused_via: set[str] = field(default_factory=set)
    """The ways of asking already refused since the user was last allowed."""


class QuestionBudget:
    """Up to `burst` questions at once per user, then one more every `refill_seconds`."""

    def __init__(self, burst: int, refill_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        if burst < 1 or refill_seconds <= 0:
            raise ValueError("burst must be at least 1 and refill_seconds positive")
        self.burst = burst
        self.refill_seconds = refill_seconds
        self.clock = clock
        self._buckets: dict[Hashable, _Bucket] = {}

    def hit(self, user: Hashable, via: str = "") -> Refusal | None:
        """Spend one question for `user`; None when allowed, else how long to wait and whether to say so.

        `via` names the way of asking ("chat"), for `Refusal.first`. A refused question spends
        nothing, so a user who stops is allowed again after `retry_after`.
        """
        now = self.clock()
        bucket = self._buckets.get(user)
        if bucket is None:
            if len(self._buckets) >= PRUNE_AT:
                self._prune(now)
            bucket = self._buckets[user] = _Bucket(float(self.burst), now)
        bucket.tokens = self._tokens(bucket, now)
        bucket.at = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            bucket.refused_via.clear()
            return None
        first = via not in bucket.refused_via
        bucket.refused_via.add(via)
        return Refusal((1.0 - bucket.tokens) * self.refill_seconds, first)

    def __len__(self) -> int:
        """How many users have a budget in memory."""
        return len(self._buckets)

    def _tokens(self, bucket: _Bucket, now: float) -> float:
        return min(float(self.burst), bucket.tokens + max(0.0, now - bucket.at) / self.refill_seconds)

    def _prune(self, now: float) -> None:
        full = [user for user, bucket in self._buckets.items() if self._tokens(bucket, now) >= self.burst]
        for user in full:
            del self._buckets[user]
        log.debug("dropped %d idle users' question budgets; %d kept", len(full), len(self._buckets))
