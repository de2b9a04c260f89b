"""A knowledge folder that vanishes or breaks: fans keep their answers, moderators are told.

Tests run as root, where chmod 000 blocks nothing, so "unreadable" is simulated the ways that
do fail for root: the folder moved away, a file in its place, a facts file turned into a folder.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from bot.app.client import TiesBot
from fakediscord import FakeDiscord
from tests.conftest import StartBot, World, embed_text, is_ephemeral

FACTS_2020 = "facts/2020-liverpool-atletico.yaml"
QUESTION = "atletico first leg result"
ANSWER = "1-0"


async def fan_asks(server: FakeDiscord, world: World) -> str:
    handle = await server.invoke_command("ask", {"question": QUESTION}, user=world.fan, channel_id=world.general.id)
    return embed_text(await handle.wait_final())


async def moderator_runs(server: FakeDiscord, world: World, command: str, options: dict[str, str] | None = None
                         ) -> str:
    handle = await server.invoke_command(f"facts {command}", options or {}, user=world.manager,
                                         channel_id=world.general.id)
    message = await handle.wait_final()
    assert is_ephemeral(message)
    return embed_text(message)


async def settle(bot: TiesBot, ticks: int = 4) -> None:
    """Let the folder watcher run a few times."""
    await asyncio.sleep(ticks * bot.settings.reload_check_seconds + 0.05)


async def test_folder_gone_then_broken_then_back(server: FakeDiscord, world: World, start: StartBot,
                                                 knowledge_dir: Path, tmp_path: Path) -> None:
    log_channel = server.add_text_channel(world.guild.id, name="mod-log")
    bot = await start(reload_check_seconds=0.05, moderator_log_channel_id=log_channel.id)
    assert ANSWER in await fan_asks(server, world)
    assert "Last problem:** none" in await moderator_runs(server, world, "status")
    away = tmp_path / "away"

    # 1. The folder disappears: one notice naming the problem; fans still answered.
    shutil.move(knowledge_dir, away)
    notice = await server.wait_for_message(log_channel.id)
    assert "cannot be loaded" in notice["content"] and "knowledge folder not found" in notice["content"]
    assert "Fans are still answered" in notice["content"]
    assert ANSWER in await fan_asks(server, world)
    status = await moderator_runs(server, world, "status")
    assert "Knowledge folder: problem" in status and "knowledge folder not found" in status
    assert f"<#{log_channel.id}>" in status
    reload = await moderator_runs(server, world, "reload")
    assert "Reload failed: still serving the previous facts" in reload and "knowledge folder not found" in reload
    removed = await moderator_runs(server, world, "remove", {"id": "atletico-2020-round"})
    assert "Not saved" in removed
    assert not knowledge_dir.exists(), "a refused change must not recreate the folder"

    # 2. A file where the folder was: the same problem, so no second notice.
    knowledge_dir.write_text("not a folder\n", encoding="utf-8")
    await settle(bot)
    assert ANSWER in await fan_asks(server, world)
    assert len(server.messages(log_channel.id)) == 1

    # 3. The folder is back but a facts file has become a folder: a new problem, a new notice.
    knowledge_dir.unlink()
    facts_file = away / FACTS_2020
    shutil.move(facts_file, tmp_path / "facts-2020.yaml")
    facts_file.mkdir()
    shutil.move(away, knowledge_dir)
    second = await server.wait_for_message(log_channel.id)
    assert FACTS_2020 in second["content"] and "cannot read file" in second["content"]
    assert ANSWER in await fan_asks(server, world)

    # 4. Repaired exactly as it was (same names, sizes and times): one recovery notice.
    (knowledge_dir / FACTS_2020).rmdir()
    shutil.move(tmp_path / "facts-2020.yaml", knowledge_dir / FACTS_2020)
    recovered = await server.wait_for_message(log_channel.id)
    assert "loads again" in recovered["content"]
    await settle(bot)
    assert len(server.messages(log_channel.id)) == 3
    assert "Last problem:** none" in await moderator_runs(server, world, "status")
    assert ANSWER in await fan_asks(server, world)
    assert bot.health.problem is None


async def test_without_a_log_channel_status_still_tells(server: FakeDiscord, world: World, start: StartBot,
                                                        knowledge_dir: Path, tmp_path: Path) -> None:
    bot = await start(reload_check_seconds=0.05)
    shutil.move(knowledge_dir, tmp_path / "away")
    await settle(bot)
    status = await moderator_runs(server, world, "status")
    assert "knowledge folder not found" in status and "only logged" in status
    assert [r for r in server.requests if r.method == "POST" and r.route == "/channels/{channel_id}/messages"] == []


async def test_an_os_error_from_the_loader_is_reported_not_crashed(
    server: FakeDiscord, world: World, bot: TiesBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The safety net for OS errors `load_knowledge` does not turn into KnowledgeError itself."""

    def unreadable(root: Path, **_: object) -> None:
        raise PermissionError(13, "Permission denied", str(root))

    monkeypatch.setattr("bot.core.knowledge.source.load_knowledge", unreadable)
    reload = await moderator_runs(server, world, "reload")
    assert "Reload failed" in reload and "Permission denied" in reload
    assert "Permission denied" in await moderator_runs(server, world, "status")
    assert ANSWER in await fan_asks(server, world)
