"""The one error handler: a bug is logged with its traceback and the user gets a kind, private reply."""

from __future__ import annotations

import logging

import pytest

from bot.app.client import TiesBot
from bot.core.answering.answer import Answer
from fakediscord import FakeDiscord
from tests.conftest import World, embed_text, is_ephemeral


class Boom(RuntimeError):
    pass


async def test_a_failing_command_apologises_and_logs_the_traceback(
    server: FakeDiscord, world: World, bot: TiesBot, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(question: str, conversation: str | None = None, language: str | None = None) -> Answer:
        raise Boom("engine exploded")

    monkeypatch.setattr(bot.engine, "answer", broken)  # fault injection into the engine, not a fake Interaction
    handle = await server.invoke_command("ask", {"question": "give me a Trent Alexander-Arnold quote"}, user=world.fan,
                                         channel_id=world.general.id)
    message = await handle.wait_final()
    assert is_ephemeral(message)
    assert "something went wrong on my side" in message["content"]
    [record] = [r for r in caplog.records if r.name == "bot.app.errors" and r.levelno == logging.ERROR]
    assert record.exc_info is not None and isinstance(record.exc_info[1], Boom)


async def test_a_failure_after_deferring_uses_a_followup(
    server: FakeDiscord, world: World, bot: TiesBot, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken() -> None:
        raise Boom("disk on fire")

    monkeypatch.setattr(bot, "reload_knowledge", broken)
    handle = await server.invoke_command("facts reload", user=world.manager, channel_id=world.general.id)
    message = await handle.wait_final()
    assert handle.response is not None and handle.response.type == 5  # deferred first
    assert is_ephemeral(message)
    assert "something went wrong on my side" in embed_text(message)
    assert any(r.exc_info and isinstance(r.exc_info[1], Boom) for r in caplog.records)
