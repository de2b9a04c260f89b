"""Starting the bot: point discord.py at the configured endpoints, build the bot, connect.

`run_bot` is what `python -m bot` calls and blocks until the bot stops; `start_bot` is the
same start-up as a coroutine that returns once the bot is connected and its commands are
synced, so tests can drive a real client against a local server.
"""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path
from typing import Any

import aiohttp
import discord
import yarl

from bot.app.client import TiesBot
from bot.core.answering.context import ContextStore
from bot.core.answering.engine import Engine
from bot.core.curation.curator import Curator
from bot.core.curation.unanswered import UnansweredLog
from bot.core.database import (
    DatabaseCurator,
    DatabaseUnansweredLog,
    DatabaseUnavailable,
    KnowledgeDatabase,
    SchemaError,
    describe_url,
)
from bot.core.database.listener import DatabaseLink
from bot.core.knowledge.cache import DEFAULT_CACHE_DIR, KnowledgeCache
from bot.core.knowledge.source import FolderSource
from bot.core.knowledge.store import KnowledgeError
from bot.settings import Settings

__all__ = ["StartupError", "configure_endpoints", "create_bot", "run_bot", "start_bot"]

log = logging.getLogger(__name__)

READY_TIMEOUT = 60.0
DISCORD_API_BASE: str = Settings.model_fields["discord_api_base"].default
"""Discord's own REST base, named when a configured one answers like something else."""


class StartupError(RuntimeError):
    """The settings cannot start a bot (no token, shard ids without a shard count)."""


def configure_endpoints(settings: Settings) -> None:
    """Send REST calls to DISCORD_API_BASE and, when set, the gateway to DISCORD_GATEWAY_URL.

    discord.py keeps both as class attributes, so this must run before login.
    """
    discord.http.Route.BASE = settings.discord_api_base.rstrip("/")
    if settings.discord_gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


UNANSWERED_LOG_NAME = "unanswered.jsonl"
"""Kept in the knowledge folder beside the curator's audit log; neither is a `*.yaml` knowledge file."""


def create_bot(settings: Settings, knowledge_dir: Path, **options: Any) -> TiesBot:
    """Load the knowledge and build the bot around it (not yet connected).

    `options` go to discord.py's client (e.g. `guild_ready_timeout`).

    With DATABASE_URL the knowledge, the audit log and the unanswered queue are the database's
    (its schema brought up to date first), and changes from other processes arrive by LISTEN/NOTIFY.

    Raises:
        KnowledgeError: the knowledge folder (or the database's knowledge) is invalid.
        DatabaseUnavailable: DATABASE_URL is set and the database cannot be reached.
        SchemaError: the database's schema is newer than this code.
        StartupError: the shard settings are inconsistent.
    """
    if settings.shard_ids and settings.shard_count is None:
        raise StartupError("SHARD_IDS needs SHARD_COUNT (the total number of shards)")
    if any(shard >= (settings.shard_count or 1) for shard in settings.shard_ids):
        raise StartupError("every SHARD_IDS entry must be below SHARD_COUNT")
    if settings.database_url is not None:
        database = KnowledgeDatabase.open(settings.database_url.get_secret_value())
        try:
            knowledge = database.load()
        except BaseException:
            database.close()
            raise
        shared = DatabaseUnansweredLog(database)
        stores: dict[str, Any] = {"curator": DatabaseCurator(database), "unanswered": shared,
                                  "source": database, "database": DatabaseLink(database, shared)}
    else:
        # Validated files and built indexes, kept between starts (issue 15): an unchanged folder
        # starts without validating or indexing; a change re-reads only the files it touched.
        cache = KnowledgeCache.open(knowledge_dir / DEFAULT_CACHE_DIR)
        source = FolderSource(knowledge_dir, cache)
        knowledge = source.load()
        stores = {"curator": Curator(knowledge_dir, cache=cache), "source": source,
                  "unanswered": UnansweredLog(knowledge_dir / UNANSWERED_LOG_NAME)}
    # The bot never joins a voice channel: discord.py's warnings that voice libraries are missing are noise.
    discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
    engine = Engine(knowledge, ContextStore(ttl_seconds=settings.context_ttl_seconds))
    return TiesBot(
        settings,
        knowledge_dir,
        engine=engine,
        **stores,
        shard_count=settings.shard_count,
        shard_ids=settings.shard_ids or None,
        **options,
    )


def _token(settings: Settings) -> str:
    if settings.discord_token is None:
        raise StartupError("DISCORD_TOKEN is not set")
    return settings.discord_token.get_secret_value()


async def start_bot(settings: Settings, knowledge_dir: Path, **options: Any) -> TiesBot:
    """Build, log in (which loads the cogs and syncs the commands) and connect; return when ready.

    The caller owns the result and stops it with `await bot.close()`; the connection task is
    `bot.connection`. `options` go to discord.py's client, as for `create_bot`.
    """
    token = _token(settings)
    configure_endpoints(settings)
    bot = create_bot(settings, knowledge_dir, **options)
    try:
        await bot.login(token)
        bot.connection = asyncio.create_task(bot.connect(reconnect=True), name="ties-bot-gateway")
        ready = asyncio.create_task(bot.wait_until_ready())
        done, _ = await asyncio.wait({ready, bot.connection}, timeout=READY_TIMEOUT,
                                     return_when=asyncio.FIRST_COMPLETED)
        if ready not in done:
            ready.cancel()
            if bot.connection in done:
                bot.connection.result()  # re-raise why the connection ended
            raise TimeoutError(f"the bot was not ready after {READY_TIMEOUT:.0f} s")
    except BaseException:
        await bot.close()
        raise
    return bot


async def _run(bot: TiesBot, token: str) -> None:
    async with bot:
        await bot.start(token, reconnect=True)


def run_bot(settings: Settings, knowledge_dir: Path) -> int:
    """Run the Discord bot until it is stopped; returns the process exit status.

    Settings and the knowledge folder are checked before anything talks to Discord.
    """
    try:
        token = _token(settings)
        configure_endpoints(settings)
        bot = create_bot(settings, knowledge_dir)
    except StartupError as exc:
        log.error("cannot start: %s", exc)
        return 2
    except DatabaseUnavailable as exc:
        log.error("cannot start: the knowledge database %s cannot be reached (%s); check DATABASE_URL",
                  exc.database, exc.detail)
        return 2
    except SchemaError as exc:
        log.error("cannot start: %s", exc)
        return 2
    except KnowledgeError as exc:
        if settings.database_url is not None:
            log.error("the knowledge in the database %s cannot be served:\n%s",
                      describe_url(settings.database_url.get_secret_value()), exc)
        else:
            log.error("the knowledge folder %s is invalid:\n%s", knowledge_dir, exc)
        return 2
    log.info("starting the bot: API %s, gateway %s, knowledge %s", settings.discord_api_base,
             settings.discord_gateway_url or "from the API", bot.source.name)
    try:
        asyncio.run(_run(bot, token))
    except KeyboardInterrupt:
        log.info("stopped")
    except discord.LoginFailure:
        log.error("Discord rejected the token (DISCORD_TOKEN); check it in the Developer Portal")
        return 1
    except discord.PrivilegedIntentsRequired:
        log.error("CHAT_CHANNEL_IDS needs the Message Content intent: enable it for the bot in the "
                  "Developer Portal, or leave CHAT_CHANNEL_IDS empty")
        return 1
    except discord.DiscordServerError as exc:
        log.error("cannot start: the server at %s is failing (%s %s); try again later, or check "
                  "DISCORD_API_BASE if it is a proxy", settings.discord_api_base, exc.status, _reason(exc))
        return 1
    except discord.HTTPException as exc:  # a server answered, but not as Discord's API does (a wrong base URL)
        log.error("cannot start: the server at %s answered %s %s; check DISCORD_API_BASE (Discord's own is %s)",
                  settings.discord_api_base, exc.status, _reason(exc), DISCORD_API_BASE)
        return 1
    except discord.GatewayNotFound:
        log.error("cannot start: the server at %s gave no gateway URL; check DISCORD_API_BASE, or set "
                  "DISCORD_GATEWAY_URL", settings.discord_api_base)
        return 1
    except (aiohttp.ClientError, TimeoutError) as exc:  # refused, no route, DNS, TLS, timeout, not a URL
        log.error("cannot reach Discord at %s (%s); check the network connection and DISCORD_API_BASE",
                  settings.discord_api_base, _cause(exc))
        return 1
    return 0


def _cause(exc: BaseException) -> str:
    """Why a connection failed, in a few plain words ("connection refused", "timed out")."""
    if isinstance(exc, aiohttp.InvalidURL | aiohttp.NonHttpUrlClientError):
        return f"not an http(s) URL: {exc.args[0] if exc.args else exc}"
    error = exc.os_error if isinstance(exc, aiohttp.ClientConnectorError) else exc
    if isinstance(error, TimeoutError):
        return "timed out"
    if isinstance(error, OSError) and error.errno is not None and error.errno > 0:
        return os.strerror(error.errno).lower()
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()  # a resolver's message, e.g. "name or service not known"
    return str(exc) or type(exc).__name__


def _reason(exc: discord.HTTPException) -> str:
    return exc.response.reason or "" if exc.response is not None else ""
