"""Snowflake ids, shaped like Discord's so that sharding and timestamps work.

discord.py derives creation times from ids and the gateway routes a guild to shard
``(guild_id >> 22) % shard_count``; ids that merely count up from 1 would put every guild on
shard 0 and every object in January 2015, so we mint real-looking snowflakes instead.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

DISCORD_EPOCH_MS = 1_420_070_400_000
"""Milliseconds between the Unix epoch and Discord's epoch (2015-01-01)."""


def shard_for(guild_id: int, shard_count: int) -> int:
    """Return the shard that owns ``guild_id``, by Discord's documented formula."""
    return (guild_id >> 22) % shard_count


def snowflake_time(snowflake: int) -> datetime:
    """Return the UTC creation time encoded in ``snowflake``."""
    return datetime.fromtimestamp(((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000, tz=UTC)


def iso_timestamp(snowflake: int) -> str:
    """Return the ISO 8601 timestamp Discord would print for an object with this id."""
    return snowflake_time(snowflake).isoformat()


class SnowflakeGenerator:
    """Mints unique, strictly increasing snowflakes.

    Each id gets its own millisecond (at least one after the previous id), so consecutive guilds
    land on different shards and ids compare in creation order, as on Discord.
    """

    def __init__(self, worker_id: int = 1, process_id: int = 1) -> None:
        self._last_ms = 0
        self._worker_id = worker_id & 0x1F
        self._process_id = process_id & 0x1F
        self._increment = 0

    def next(self) -> int:
        """Return a new snowflake, later than every one returned before."""
        now_ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        self._last_ms = max(now_ms, self._last_ms + 1)
        self._increment = (self._increment + 1) & 0xFFF
        return (self._last_ms << 22) | (self._worker_id << 17) | (self._process_id << 12) | self._increment

    def next_on_shard(self, shard_id: int, shard_count: int) -> int:
        """Return a new snowflake whose guild shard is ``shard_id`` out of ``shard_count``."""
        if not 0 <= shard_id < shard_count:
            raise ValueError(f"shard_id {shard_id} is not within 0..{shard_count - 1}")
        while True:
            candidate = self.next()
            if shard_for(candidate, shard_count) == shard_id:
                return candidate
