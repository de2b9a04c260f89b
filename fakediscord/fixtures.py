"""Helpers to run a fake Discord and a real discord.py bot against it inside a test.

discord.py reads two class attributes to find Discord: ``discord.http.Route.BASE`` (REST) and
``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`` (the websocket used by bots given explicit
shards, and by every shard re-identifying after INVALID_SESSION). :func:`running_bot` points both
at the fake server for the duration of a test and puts them back afterwards, so a test can never
reach the real Discord.

Use them from a conftest (see the package docstring) or directly in a test::

    async with running_fake_discord() as server:
        ...
        async with running_bot(bot, server):
            ...
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any, TypeVar

import discord
import discord.gateway
import discord.http
import yarl

from .server import FakeDiscord

log = logging.getLogger(__name__)

ClientT = TypeVar("ClientT", bound=discord.Client)


@contextlib.asynccontextmanager
async def running_fake_discord(**options: Any) -> AsyncIterator[FakeDiscord]:
    """Start a :class:`FakeDiscord` (``options`` go to its constructor) and stop it afterwards."""
    server = FakeDiscord(**options)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@contextlib.contextmanager
def pointed_at(server: FakeDiscord) -> Iterator[None]:
    """Point discord.py's REST base and default gateway at ``server``; restore them on exit."""
    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = server.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(server.gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


@contextlib.asynccontextmanager
async def running_bot(
    bot: ClientT, server: FakeDiscord, *, token: str | None = None, timeout: float = 10.0
) -> AsyncIterator[ClientT]:
    """Run ``bot`` against ``server`` until the block ends; yield once it is ready.

    "Ready" means discord.py fired ``on_ready`` (every shard got READY and its guilds), so
    ``setup_hook`` (where bots usually sync their commands) has finished too.
    """
    with pointed_at(server):
        task = asyncio.create_task(bot.start(token or server.token), name="fakediscord-bot")
        ready = asyncio.create_task(bot.wait_until_ready())
        try:
            done, _ = await asyncio.wait({task, ready}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
            if task in done:
                ready.cancel()
                task.result()  # re-raises the bot's start-up error
                raise RuntimeError("the bot stopped before it was ready")
            if ready not in done:
                raise TimeoutError(f"the bot was not ready within {timeout}s; refused: {server.validation_errors}")
            yield bot
        finally:
            ready.cancel()
            await bot.close()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(task, timeout=5)
