"""A small Discord-compatible server for end-to-end tests of an unmodified discord.py bot.

The bot logs in over REST, connects its shards to the gateway (zlib-stream compressed, as
discord.py asks), syncs its commands, and is then driven by the test the way Discord drives it:
slash commands built from what it synced, button clicks, modal submits, autocomplete, messages
and DMs. Discord's rules are enforced: request bodies are validated against Discord's OpenAPI
spec (``../shared/discord/openapi.json`` from the repository) and its documented limits
(3-second interaction deadline, one callback per interaction, content and embed sizes...). Every
refusal is recorded in ``server.validation_errors``, which tests should assert is empty.

Using it from a conftest (pytest-asyncio, ``asyncio_mode = "auto"``)::

    import pytest_asyncio
    from fakediscord import FakeDiscord, running_bot, running_fake_discord

    @pytest_asyncio.fixture
    async def discord_server():
        async with running_fake_discord(token="test-token") as server:
            guild = server.add_guild(name="Test Guild")
            server.add_text_channel(guild.id, name="general")
            yield server
            assert server.validation_errors == []

    @pytest_asyncio.fixture
    async def bot(discord_server):
        my_bot = make_bot()              # the project's AutoShardedBot, unmodified
        async with running_bot(my_bot, discord_server):
            yield my_bot

``running_bot`` sets ``discord.http.Route.BASE`` and ``DiscordWebSocket.DEFAULT_GATEWAY`` to
the server (and restores them), starts the bot and returns once ``on_ready`` has fired. Bots
with several shards should override ``before_identify_hook`` to skip discord.py's 5-second pause
between shards, and pass ``guild_ready_timeout=0.05`` to skip its 2-second wait for guilds.

Not reproduced (tests relying on these need another tool): rate limits and 429s, permission
overwrites and channel-level permissions (``Guild.bot_permissions`` applies everywhere), threads,
forums, voice, presences, reactions by users, message history beyond what the server stored,
context-menu (user/message) command invocation, user-installed apps and their contexts, ETF
encoding and zstd-stream compression (plain frames are sent instead), the identify rate limit
and ``max_concurrency``, gateway heartbeat timeouts (4009), interaction tokens expiring other
than by the 15-minute rule, CDN assets, and Discord's exact error wording for every case.
"""

from .errors import CommandNotSynced, DiscordHTTPError, FakeDiscordError, InvocationRefused, NotConnected
from .fixtures import pointed_at, running_bot, running_fake_discord
from .interactions import CallbackResponse, InteractionHandle
from .rest import RequestRecord
from .server import FakeDiscord
from .state import (
    ADMINISTRATOR,
    MANAGE_GUILD,
    Channel,
    Guild,
    Member,
    Role,
    User,
)

__all__ = [
    "ADMINISTRATOR",
    "MANAGE_GUILD",
    "CallbackResponse",
    "Channel",
    "CommandNotSynced",
    "DiscordHTTPError",
    "FakeDiscord",
    "FakeDiscordError",
    "Guild",
    "InteractionHandle",
    "InvocationRefused",
    "Member",
    "NotConnected",
    "RequestRecord",
    "Role",
    "User",
    "pointed_at",
    "running_bot",
    "running_fake_discord",
]
