"""One per-user rate limit shared by /ask and chat, so either way a user gets the same budget."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import discord
from discord import app_commands

__all__ = ["UserCooldown", "ask_cooldown", "cooldown_text"]

T = TypeVar("T")
PRUNE_AT = 10_000


class UserCooldown:
    """`rate` questions per `per` seconds for each user, as discord.py's token bucket counts them."""

    def __init__(self, rate: int, per: float) -> None:
        self.rate = rate
        self.per = per
        self._buckets: dict[int, app_commands.Cooldown] = {}

    def hit(self, user_id: int) -> float | None:
        """Spend one question; returns the seconds to wait when the user is over the limit."""
        bucket = self._buckets.get(user_id)
        if bucket is None:
            if len(self._buckets) >= PRUNE_AT:
                self._prune()
            bucket = self._buckets[user_id] = app_commands.Cooldown(self.rate, self.per)
        return bucket.update_rate_limit()

    def check(self, user_id: int) -> None:
        """Spend one question or raise `CommandOnCooldown` for the error handler to explain."""
        retry_after = self.hit(user_id)
        if retry_after is not None:
            raise app_commands.CommandOnCooldown(self._buckets[user_id], retry_after)

    def _prune(self) -> None:
        full = [uid for uid, bucket in self._buckets.items() if bucket.get_tokens() == bucket.rate]
        for uid in full:
            del self._buckets[uid]


def ask_cooldown() -> Callable[[T], T]:
    """App command check spending one question from the user's shared budget."""

    async def predicate(interaction: discord.Interaction[Any]) -> bool:
        interaction.client.cooldown.check(interaction.user.id)
        return True

    return app_commands.check(predicate)


def cooldown_text(retry_after: float) -> str:
    """The friendly message for a user over the limit."""
    seconds = max(1, round(retry_after))
    return f"Easy there — that's a lot of questions at once. Try again in {seconds} s."
