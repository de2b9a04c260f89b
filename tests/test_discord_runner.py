"""Running the bot as `python -m bot` does: settings checks, a rejected token, and no token in the logs."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from bot.app.runner import run_bot
from fakediscord import FakeDiscord
from tests.conftest import TOKEN, StartBot, World, make_settings


async def test_a_rejected_token_exits_1_without_logging_it(
    server: FakeDiscord, world: World, knowledge_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    wrong = "wrong-token-" + "x" * 40
    settings = make_settings(server, world, knowledge_dir, discord_token=wrong)
    caplog.set_level(logging.DEBUG)
    status = await asyncio.to_thread(run_bot, settings, knowledge_dir)  # its own event loop, as in production
    assert status == 1
    assert "rejected the token" in caplog.text
    assert wrong not in caplog.text and wrong[:16] not in caplog.text
    assert [r.status for r in server.requests if r.route == "/users/@me"] == [401]
    server.validation_errors.clear()  # the 401 was the point of this test


async def test_startup_refusals(server: FakeDiscord, world: World, knowledge_dir: Path,
                                caplog: pytest.LogCaptureFixture) -> None:
    no_token = make_settings(server, world, knowledge_dir, discord_token=None)
    assert run_bot(no_token, knowledge_dir) == 2
    shards = make_settings(server, world, knowledge_dir, shard_ids=[0, 1])
    assert run_bot(shards, knowledge_dir) == 2
    assert "SHARD_IDS needs SHARD_COUNT" in caplog.text
    (knowledge_dir / "ties.yaml").write_text("ties: {}\n", encoding="utf-8")
    assert run_bot(make_settings(server, world, knowledge_dir), knowledge_dir) == 2
    assert "ties.yaml" in caplog.text
    assert server.requests == []  # refused before talking to Discord
    assert TOKEN not in caplog.text


async def test_start_bot_logs_no_token(server: FakeDiscord, world: World, start: StartBot,
                                       caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    bot = await start()
    handle = await server.invoke_command("ask", {"question": "give me a Trent Alexander-Arnold quote"}, user=world.fan,
                                         channel_id=world.general.id)
    await handle.wait_final()
    assert bot.is_ready()
    assert TOKEN not in caplog.text
