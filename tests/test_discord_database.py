"""Several bot processes on one PostgreSQL database, against the local Discord server and a real server.

Each bot runs as `python -m bot run` in a child process, configured only through its environment
(bench.gateway.bot_environment) with DATABASE_URL pointing at a throwaway cluster's socket
(tests/pg.py). Two processes split the shards (SHARD_COUNT=2), so each serves one of two guilds:
a curator's change through one is served by the other within a second, two curators editing
one fact never lose a change, and undo reverts the last change whichever process made it. Then
the database is stopped and started while fans keep asking: nothing a fan sees changes, curators
are told, and nothing is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
import pytest_asyncio

from bench.gateway import BOT_READY_TIMEOUT, bot_environment, bot_process, wait_until_answering
from bot.core.database import DatabaseCurator, KnowledgeDatabase
from bot.settings import PROJECT_ROOT
from fakediscord import MANAGE_GUILD, Channel, FakeDiscord, Guild, User, pointed_at, running_fake_discord
from tests.conftest import TOKEN, World, embed_text, modal_values
from tests.pg import Cluster

FACT = "real-madrid-2023-first-leg-score"
QUESTION = "How did the opening leg finish in 2023?"
DECLINED = ("who won the 1977 european cup final?", "what did the kit man say about the bus?",
            "what did the tea lady say at half time?")
"""Questions no fact answers: declined, so they join the unanswered queue."""
SERVED_WITHIN = 1.0
"""The issue's bound: a change made through one process is served by every other within a second."""


@pytest_asyncio.fixture
async def server() -> AsyncIterator[FakeDiscord]:
    """The fake Discord, recommending two shards; afterwards, nothing refused and nothing that could ping."""
    async with running_fake_discord(token=TOKEN, shards=2) as fake:
        with pointed_at(fake):
            yield fake
    assert fake.validation_errors == []
    assert [(r.method, r.path, r.message_body) for r in fake.mention_violations()] == []


@dataclass
class Place:
    """A guild, its channel, a fan and a manager (Manage Server: a curator)."""

    guild: Guild
    channel: Channel
    fan: User
    manager: User


def second_guild(server: FakeDiscord, world: World) -> Place:
    """A guild on the other shard than the world's, with its own fan and curator."""
    guild = server.add_guild(name="Kop End", shard_id=1 - server.shard_for(world.guild.id, 2))
    channel = server.add_text_channel(guild.id, name="general")
    fan, manager = server.add_user(name="fan2"), server.add_user(name="manager2")
    server.add_member(guild.id, fan)
    server.add_member(guild.id, manager, permissions=MANAGE_GUILD | (1 << 10) | (1 << 11) | (1 << 31))
    return Place(guild, channel, fan, manager)


@pytest.fixture
def imported(database_url: str, tmp_path: Path) -> str:
    """The shipped knowledge imported into a fresh database; returns its URL."""
    folder = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", folder, ignore=shutil.ignore_patterns("*.jsonl", ".*"))
    database = KnowledgeDatabase.open(database_url)
    try:
        database.import_folder(folder)
    finally:
        database.close()
    return database_url


def environment(server: FakeDiscord, world: World, places: list[Place], url: str, shard: int,
                folder: Path) -> dict[str, str]:
    env = bot_environment(server, world.guild.id, world.chat.id, world.general.id, world.mod_role.id, folder)
    guilds = " ".join(str(place.guild.id) for place in places)
    env.update(DISCORD_TOKEN=TOKEN, DATABASE_URL=url, SHARD_COUNT="2", SHARD_IDS=str(shard), DEV_GUILD_IDS=guilds,
               CURATOR_GUILD_IDS=guilds, COOLDOWN_BURST="1000", COOLDOWN_REFILL_SECONDS="0.1", LOG_LEVEL="INFO")
    if shard != 0:  # as .env.example says: one process tells the moderators, or each would
        env["MODERATOR_LOG_CHANNEL_ID"] = ""
    return env


@contextlib.asynccontextmanager
async def bots(server: FakeDiscord, world: World, places: list[Place], url: str, shards: list[int],
               tmp_path: Path) -> AsyncIterator[list[asyncio.subprocess.Process | None]]:
    """A `python -m bot run` per shard, each answering in the guild its shard serves, stopped afterwards."""
    folder = tmp_path / "unused-folder"  # KNOWLEDGE_DIR is set but not read: the database serves
    folder.mkdir()
    async with contextlib.AsyncExitStack() as stack:
        processes = [await stack.enter_async_context(
            bot_process(environment(server, world, places, url, shard, folder), False, tmp_path / f"bot-{shard}.log"))
            for shard in shards]
        await server.wait_until_connected(len(shards), BOT_READY_TIMEOUT)
        for shard, process in zip(shards, processes, strict=True):
            place = next(p for p in places if server.shard_for(p.guild.id, 2) == shard)
            await wait_until_answering(server, place.guild.id, place.channel.id, place.fan, process,
                                       BOT_READY_TIMEOUT)
        yield processes


async def ask(server: FakeDiscord, place: Place, question: str = QUESTION) -> str:
    handle = await server.invoke_command("ask", {"question": question}, user=place.fan, channel_id=place.channel.id)
    return embed_text(await handle.wait_final())


async def facts(server: FakeDiscord, place: Place, command: str, options: dict[str, Any] | None = None) -> str:
    handle = await server.invoke_command(f"facts {command}", options or {}, user=place.manager,
                                         channel_id=place.channel.id)
    return embed_text(await handle.wait_final(timeout=15))


async def open_edit(server: FakeDiscord, place: Place) -> tuple[Any, dict[str, Any]]:
    opened = await server.invoke_command("facts edit", {"id": FACT}, user=place.manager, channel_id=place.channel.id)
    modal = (await opened.wait_response()).modal
    assert modal is not None
    return opened, modal


def places_of(world: World, other: Place) -> list[Place]:
    return [Place(world.guild, world.general, world.fan, world.manager), other]


async def test_two_processes_on_two_shards_share_every_change_within_a_second(
        server: FakeDiscord, world: World, imported: str, tmp_path: Path) -> None:
    places = places_of(world, second_guild(server, world))
    here, there = sorted(places, key=lambda p: server.shard_for(p.guild.id, 2))  # shard 0, shard 1
    async with bots(server, world, places, imported, [0, 1], tmp_path):
        before = await ask(server, there)
        assert "three-goal deficit" in before

        # A curator edits through the process of shard 0; a fan is answered by shard 1's a second later.
        opened, modal = await open_edit(server, here)
        answer = modal_values(modal, {})["fact-answer"].replace("three-goal deficit", "three-goal mountain")
        submitted = await server.submit_modal(opened, modal_values(modal, {"fact-answer": answer}))
        assert f"Edited `{FACT}`" in embed_text(await submitted.wait_final(timeout=15))
        acknowledged = time.monotonic()
        await asyncio.sleep(max(0.0, acknowledged + SERVED_WITHIN - time.monotonic()))
        assert "three-goal mountain" in await ask(server, there)

        # Two curators open the form on the same version, one in each process; the second to save is
        # told, and shown the first's change, and nothing of either is lost.
        first, first_modal = await open_edit(server, here)
        second, second_modal = await open_edit(server, there)
        keep = modal_values(first_modal, {})["fact-answer"].replace("three-goal mountain", "three-goal wall")
        saved = await server.submit_modal(first, modal_values(first_modal, {"fact-answer": keep}))
        assert f"Edited `{FACT}`" in embed_text(await saved.wait_final(timeout=15))
        late = modal_values(second_modal, {})["fact-answer"] + " Liverpool needed a miracle."
        refused = embed_text(await (await server.submit_modal(second, modal_values(second_modal, {
            "fact-answer": late}))).wait_final(timeout=15))
        assert "changed after you opened it" in refused and here.manager.username in refused
        assert "three-goal wall" in refused  # shown as the first curator left it
        await asyncio.sleep(SERVED_WITHIN)
        for place in places:
            text = await ask(server, place)
            assert "three-goal wall" in text and "needed a miracle" not in text

        # Undo through shard 1's process reverts the last change, made through shard 0's.
        undone = await facts(server, there, "undo")
        assert "undid a change to" in undone and FACT in undone
        await asyncio.sleep(SERVED_WITHIN)
        assert "three-goal mountain" in await ask(server, here)


async def test_the_database_stopped_and_started_under_load(
        server: FakeDiscord, world: World, postgres: Cluster, imported: str, tmp_path: Path) -> None:
    places = places_of(world, second_guild(server, world))
    here = min(places, key=lambda p: server.shard_for(p.guild.id, 2))
    log_channel = world.general.id  # MODERATOR_LOG_CHANNEL_ID (bench.gateway.bot_environment)
    async with bots(server, world, places, imported, [0, 1], tmp_path):
        handles: list[Any] = []
        asked: list[str] = []
        stop = asyncio.Event()

        async def fans() -> None:
            n = 0
            while not stop.is_set():
                place = places[n % 2]
                question = DECLINED[n % len(DECLINED)] + f" ({n})" if n % 3 == 0 else QUESTION
                if question != QUESTION:
                    asked.append(question)
                handles.append(await server.invoke_command("ask", {"question": question}, user=place.fan,
                                                           channel_id=place.channel.id))
                n += 1
                await asyncio.sleep(0.1)

        load = asyncio.create_task(fans())
        await asyncio.sleep(1.0)
        postgres.stop()
        try:
            status = await wait_for_status(server, here, "unreachable")
            assert "Knowledge database: problem" in status and "cannot be reached" in status
            refused = await facts(server, here, "remove", {"id": FACT})
            assert "cannot be reached" in refused and "nothing was saved" in refused
            await asyncio.sleep(2.0)  # fans keep asking while it is down
        finally:
            postgres.start()
        status = await wait_for_status(server, here, "connected")
        assert "Knowledge database: OK" in status
        await asyncio.sleep(1.0)
        stop.set()
        await load

        # Every fan was answered in time, as if nothing had happened.
        for handle in handles:
            message = await handle.wait_final(timeout=10)
            assert handle.errors == [], handle.errors
            assert handle.response is not None and handle.response.elapsed < server.interaction_deadline
            assert "went wrong" not in embed_text(message)
        assert len(handles) >= 40 and len(asked) >= 10
        # Moderators were told once when it went, and once when it came back.
        notices = [m.get("content") or "" for m in server.messages(log_channel)]
        assert sum("knowledge database cannot be reached" in n for n in notices) == 1, notices
        assert sum("knowledge database is back" in n for n in notices) == 1, notices
        # Nothing lost: every declined question reached the shared queue, those asked while it was down too.
        stored = await wait_for_questions(imported, asked)
        assert sorted(stored) == sorted(asked)
        # And a change made now is served by both processes.
        database = KnowledgeDatabase.open(imported)
        try:
            await asyncio.to_thread(DatabaseCurator(database).edit, FACT, {"answer": (await fact_answer(
                database)).replace("three-goal deficit", "three-goal gap")}, "cli")
        finally:
            database.close()
        for place in places:  # both listen again (each reloads it: on two cores, together, in about a second)
            assert "three-goal gap" in await ask_until(server, place, "three-goal gap")


async def ask_until(server: FakeDiscord, place: Place, expected: str, timeout: float = 10.0) -> str:
    """The answer, asked again until it says `expected` (or the timeout)."""
    deadline = time.monotonic() + timeout
    while True:
        text = await ask(server, place)
        if expected in text or time.monotonic() > deadline:
            return text
        await asyncio.sleep(0.2)


async def fact_answer(database: KnowledgeDatabase) -> str:
    knowledge = await asyncio.to_thread(database.load)
    return knowledge.facts[FACT].answer


async def wait_for_status(server: FakeDiscord, place: Place, word: str, timeout: float = 15.0) -> str:
    """/facts status until it says `word` about the database (the process notices within seconds)."""
    deadline = time.monotonic() + timeout
    while True:
        text = await facts(server, place, "status")
        if word in text or time.monotonic() > deadline:
            assert word in text, text
            return text
        await asyncio.sleep(0.3)


async def wait_for_questions(url: str, asked: list[str], timeout: float = 15.0) -> list[str]:
    """The declined questions in the database's queue, once all of `asked` are there (or the timeout)."""
    deadline = time.monotonic() + timeout
    while True:
        with psycopg.connect(url) as conn:
            stored = [row[0] for row in conn.execute("SELECT question FROM unanswered WHERE handled_at IS NULL")]
        if set(asked) <= set(stored) or time.monotonic() > deadline:
            return stored
        await asyncio.sleep(0.3)
