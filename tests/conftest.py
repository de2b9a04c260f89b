"""Fixtures for the end-to-end Discord tests: a fake Discord on 127.0.0.1 and the real bot on it.

The bot is started the way `python -m bot` starts it (`start_bot` with a `Settings` object
pointing DISCORD_API_BASE at the local server), on a temporary copy of the real knowledge
folder so tests may edit and break it. After every test, the server must have refused
nothing and no message the bot sent may have been able to ping anyone.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.app.client import TiesBot
from bot.core.answering.engine import Engine
from bot.core.knowledge.store import load_knowledge
from bot.settings import PROJECT_ROOT, Settings
from fakediscord import MANAGE_GUILD, Channel, FakeDiscord, Guild, Role, User, pointed_at, running_fake_discord

pytest_plugins = ["tests.pg"]
"""The throwaway PostgreSQL cluster (`postgres`, `database_url`) for the database tests."""

TOKEN = "test-token-not-a-real-one"
CLIENT_OPTIONS = {"guild_ready_timeout": 0.05}
"""discord.py waits this long after READY for more guilds; 2 s by default, needless here."""

StartBot = Callable[..., Awaitable[TiesBot]]


@dataclass
class World:
    """One server with a general channel, a chat channel, a fan and two kinds of moderator."""

    guild: Guild
    general: Channel
    chat: Channel
    fan: User
    manager: User
    """Has Manage Server."""
    mod: User
    """Holds the moderator role (MODERATOR_ROLE_IDS) but not Manage Server."""
    mod_role: Role


@pytest.fixture(scope="module")
def engine() -> Engine:
    """The engine over the real knowledge folder, built once per test module (answering never writes)."""
    return Engine(load_knowledge(PROJECT_ROOT / "knowledge"))


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    """A private copy of the real knowledge folder, without any logs a local run left there."""
    target = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", target, ignore=shutil.ignore_patterns("*.jsonl", ".*"))
    return target


def drop_fact(folder: Path, rel: str, fact_id: str) -> None:
    """Take one shipped fact out of a test's copy, for tests that add it again as a curator would."""
    path = folder / rel
    text = path.read_text(encoding="utf-8")
    start = text.index(f"\n  - id: {fact_id}\n")
    end = text.find("\n  - id: ", start + 1)
    path.write_text(text[:start] + (text[end:] if end != -1 else "\n"), encoding="utf-8")


@pytest_asyncio.fixture
async def server() -> AsyncIterator[FakeDiscord]:
    """The fake Discord; afterwards, nothing it refused and no message that could ping."""
    async with running_fake_discord(token=TOKEN) as fake:
        with pointed_at(fake):  # puts discord.py's endpoints back after the test
            yield fake
    assert fake.validation_errors == []
    assert [(r.method, r.path, r.message_body) for r in fake.mention_violations()] == []


@pytest.fixture
def world(server: FakeDiscord) -> World:
    guild = server.add_guild(name="Anfield Fans")
    general = server.add_text_channel(guild.id, name="general")
    chat = server.add_text_channel(guild.id, name="ask-the-bot")
    mod_role = server.add_role(guild.id, "Fact checkers")
    fan = server.add_user(name="fan")
    manager = server.add_user(name="manager")
    mod = server.add_user(name="checker")
    server.add_member(guild.id, fan)
    server.add_member(guild.id, manager, permissions=MANAGE_GUILD | (1 << 10) | (1 << 11) | (1 << 31))
    server.add_member(guild.id, mod, roles=[mod_role.id])
    return World(guild, general, chat, fan, manager, mod, mod_role)


def make_settings(server: FakeDiscord, world: World, knowledge_dir: Path, **overrides: Any) -> Settings:
    """Settings as a deployment would set them, with every field explicit (no `.env` read)."""
    values: dict[str, Any] = {
        "discord_token": TOKEN,
        "discord_api_base": server.api_base,
        "dev_guild_ids": [world.guild.id],
        "curator_guild_ids": [world.guild.id],
        "moderator_role_ids": [world.mod_role.id],
        "chat_channel_ids": [world.chat.id],
        "knowledge_dir": knowledge_dir,
        "cooldown_burst": 100,
        "cooldown_refill_seconds": 0.6,
        "reload_check_seconds": 3600.0,
        "context_ttl_seconds": 600.0,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest_asyncio.fixture
async def start(server: FakeDiscord, world: World, knowledge_dir: Path) -> AsyncIterator[StartBot]:
    """Start a bot (settings overridable); every bot started is closed after the test."""
    from bot.app.runner import start_bot

    bots: list[TiesBot] = []

    async def launch(**overrides: Any) -> TiesBot:
        settings = make_settings(server, world, knowledge_dir, **overrides)
        bot = await start_bot(settings, settings.knowledge_dir, **CLIENT_OPTIONS)
        bots.append(bot)
        return bot

    yield launch
    for bot in bots:
        await stop(bot)


async def stop(bot: TiesBot) -> None:
    """Close a bot and wait for its gateway connection to end."""
    await bot.close()
    if bot.connection is not None:
        await asyncio.wait_for(bot.connection, timeout=5)


@pytest_asyncio.fixture
async def bot(start: StartBot) -> TiesBot:
    return await start()


# --- reading what the bot sent -----------------------------------------------------------------
def embed_text(message: dict[str, Any]) -> str:
    """Everything readable in a message's embeds, for `in` checks."""
    parts = [message.get("content") or ""]
    for embed in message.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        for field in embed.get("fields") or []:
            parts += [field["name"], field["value"]]
        parts.append((embed.get("footer") or {}).get("text") or "")
    return "\n".join(parts)


def iter_components(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for component in components:
        yield component
        yield from iter_components(component.get("components") or [])
        if "component" in component:
            yield from iter_components([component["component"]])


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    """The buttons of a message, in order."""
    return [c for c in iter_components(message.get("components") or []) if c.get("type") == 2]


def modal_values(modal: dict[str, Any], changes: dict[str, str]) -> dict[str, str]:
    """What a moderator submits: each text input's pre-filled value, with `changes` by custom_id."""
    values = {c["custom_id"]: c.get("value") or "" for c in iter_components(modal.get("components") or [])
              if c.get("type") == 4}
    unknown = set(changes) - set(values)
    assert not unknown, f"the modal has no inputs {unknown}; it has {sorted(values)}"
    values.update(changes)
    return values


EPHEMERAL = 1 << 6


def is_ephemeral(message: dict[str, Any]) -> bool:
    return bool((message.get("flags") or 0) & EPHEMERAL)
