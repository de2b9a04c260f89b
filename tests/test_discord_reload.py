"""A reload of a large store does not stall the bot: /ask keeps being answered within Discord's deadline.

The large store (bench.synthetic) is written once for the module. The bot serves it, running as
`python -m bot run` in a child process as in production, so the local Discord keeps dispatching
interactions and keeping time while the bot works (in one process a stalled loop would stall the
server too, and hide the stall). A moderator runs /facts reload, which re-reads and re-indexes
every fact, and fans' /ask keep arriving until it is done. The server refuses any callback later
than 3 s (404, 10062), as Discord does.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bench.gateway import BOT_READY_TIMEOUT, bot_environment, bot_process, wait_until_answering
from bench.synthetic import SyntheticStore, write_store
from bot.settings import PROJECT_ROOT
from fakediscord import FakeDiscord
from tests.conftest import TOKEN, World, embed_text

FACTS = 10_000
"""Where indexing on the event loop, as reloads once did, would stall interactions far past the
deadline: a synthetic store of this size, with taught questions and Spanish answers, takes 15-30 s
to index on a 2-core machine (20,000 facts took over a minute to start, for no better test)."""
READY_TIMEOUT = 4 * BOT_READY_TIMEOUT
"""Starting a store this large is not what is tested; a busy machine must not fail the test for it."""
QUESTIONS = ("any Klopp quote mentioning the dressing room?", "give me a Trent Alexander-Arnold quote",
             "first leg result in 2021?", "who coaches atletico?")
SPACING = 0.1
"""Seconds between two fans' /ask while the reload runs."""
RELOAD_TIMEOUT = 120.0


@pytest.fixture(scope="module")
def large_store(tmp_path_factory: pytest.TempPathFactory) -> SyntheticStore:
    return write_store(tmp_path_factory.mktemp("large") / "knowledge", FACTS, PROJECT_ROOT / "knowledge")


async def test_asks_during_a_reload_of_a_large_store_are_answered_within_3_seconds(
    server: FakeDiscord, world: World, large_store: SyntheticStore, tmp_path: Path
) -> None:
    env = bot_environment(server, world.guild.id, world.chat.id, world.general.id, world.mod_role.id,
                          large_store.root)
    env.update(DISCORD_TOKEN=TOKEN, CURATOR_GUILD_IDS=str(world.guild.id), COOLDOWN_BURST="1000")
    fans = (world.fan, world.manager, world.mod)
    async with bot_process(env, False, tmp_path / "bot.log") as process:
        await wait_until_answering(server, world.guild.id, world.general.id, world.fan, process, READY_TIMEOUT)
        reload = await server.invoke_command("facts reload", user=world.manager, channel_id=world.general.id)
        reloaded = asyncio.create_task(reload.wait_final(timeout=RELOAD_TIMEOUT))
        handles = []
        while not reloaded.done():
            n = len(handles)
            handles.append(await server.invoke_command("ask", {"question": QUESTIONS[n % len(QUESTIONS)]},
                                                       user=fans[n % len(fans)], channel_id=world.general.id))
            await asyncio.sleep(SPACING)
        summary = embed_text(await reloaded)
        for handle in handles:
            message = await handle.wait_final()
            assert handle.errors == [], handle.errors
            assert handle.response is not None and handle.response.elapsed < server.interaction_deadline
            assert message["embeds"] and "Try again in" not in embed_text(message)
    assert "Reloaded" in summary and f"Now serving {large_store.facts} facts" in summary, summary
    assert len(handles) >= 10, "the reload ended before fans could ask much: nothing was tested"
