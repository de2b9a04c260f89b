"""/facts unanswered closes the loop: a curator picks the fact that answers a queued question.

Through the local Discord server: a fan's question the engine declines is queued; the curator's
private list offers, per question, the engine's best candidates and "None of these"; a pick
teaches the question to the fact through the curator (file, audit log, served at once) and takes
it off the queue. Picks forged by a fan or from another server are refused with nothing changed.
The questions are written for these tests, not taken from any evaluation set.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.app.client import TiesBot
from bot.app.teaching import CANDIDATES, NONE_OF_THESE, PAGE_SIZE
from fakediscord import MANAGE_GUILD, FakeDiscord
from tests.conftest import World, buttons, embed_text, is_ephemeral, iter_components
from tests.test_discord_permissions import folder_snapshot

FACTS_2021 = "facts/2021-liverpool-real-madrid.yaml"
FACT = "real-madrid-2021-second-leg-venue"
QUESTION = "Was the gaffer dreaming of something special under the lights at Anfield in 2021?"
PIES = "How many pies were sold at Anfield in 2021?"
REFUSED_ELSEWHERE = "curated from another server"


async def ask(server: FakeDiscord, world: World, question: str) -> str:
    handle = await server.invoke_command("ask", {"question": question}, user=world.fan, channel_id=world.general.id)
    return embed_text(await handle.wait_final())


async def unanswered(server: FakeDiscord, world: World) -> dict[str, Any]:
    handle = await server.invoke_command("facts unanswered", user=world.manager, channel_id=world.general.id)
    message = await handle.wait_final()
    assert is_ephemeral(message)
    return message


def selects(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in iter_components(message.get("components") or []) if c.get("type") == 3]


def select_for(message: dict[str, Any], question: str) -> dict[str, Any]:
    [found] = [s for s in selects(message) if question in s.get("placeholder", "")]
    return found


def audit_entries(knowledge_dir: Path) -> list[dict[str, Any]]:
    path = knowledge_dir / "audit.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


async def pick(server: FakeDiscord, world: World, listed: dict[str, Any], question: str,
               value: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Pick `value` for `question`; returns the list as redrawn and the private note on what happened."""
    picked = await server.select_option(listed, select_for(listed, question)["custom_id"], [value],
                                        user=world.manager)
    redrawn = await picked.wait_final()  # the pick's own message: the list, redrawn
    assert redrawn["id"] == listed["id"]
    note = await server.wait_for_message(world.general.id, lambda m: m["id"] != listed["id"], after=listed)
    assert is_ephemeral(note)
    return redrawn, note


async def test_a_declined_question_is_taught_from_the_queue_and_leaves_it(
    server: FakeDiscord, world: World, bot: TiesBot, knowledge_dir: Path
) -> None:
    assert "I can't answer that" in await ask(server, world, QUESTION)
    assert "I can't answer that" in await ask(server, world, PIES)

    listed = await unanswered(server, world)
    assert QUESTION in embed_text(listed) and PIES in embed_text(listed)
    select = select_for(listed, QUESTION)
    likely = [c.fact for c in bot.engine.explain(QUESTION).candidates if c.fact in bot.engine.knowledge.facts]
    assert [o["value"] for o in select["options"]] == [*likely[:CANDIDATES], NONE_OF_THESE]
    assert FACT in likely[:CANDIDATES]  # the fact that does answer it is among the likely ones
    for option in select["options"][:-1]:
        answer = bot.engine.knowledge.facts[option["value"]].answer
        assert option["label"].startswith(f"{option['value']} · {answer[:20]}") and len(option["label"]) <= 100

    had = bot.engine.knowledge.facts[FACT].asked_as
    redrawn, confirmation = await pick(server, world, listed, QUESTION, FACT)
    assert f"Taught `{FACT}`" in embed_text(confirmation) and QUESTION in embed_text(confirmation)

    # The fact file holds the question, the audit log says who taught it where, and it is served at once.
    assert f"  - {QUESTION}\n" in (knowledge_dir / FACTS_2021).read_text(encoding="utf-8")
    [entry] = audit_entries(knowledge_dir)
    assert (entry["action"], entry["fact_id"], entry["file"]) == ("teach", FACT, FACTS_2021)
    assert (entry["user_id"], entry["guild_id"]) == (world.manager.id, world.guild.id)
    assert entry["after"]["asked_as"] == [*had, QUESTION]
    assert bot.engine.knowledge.facts[FACT].asked_as == [*had, QUESTION]
    shown = await server.invoke_command("facts show", {"id": FACT}, user=world.manager, channel_id=world.general.id)
    assert f"• {QUESTION}" in embed_text(await shown.wait_final())

    # The list is redrawn without it, and a fresh one does not show it either; the other question stays.
    assert QUESTION not in embed_text(redrawn) and PIES in embed_text(redrawn)
    assert [s["placeholder"] for s in selects(redrawn)] == [f"1. {PIES}"]
    again = await unanswered(server, world)
    assert QUESTION not in embed_text(again) and PIES in embed_text(again)

    undone = await server.invoke_command("facts undo", user=world.manager, channel_id=world.general.id)
    assert f"undid a change to `{FACT}`" in embed_text(await undone.wait_final())
    assert QUESTION not in (knowledge_dir / FACTS_2021).read_text(encoding="utf-8")
    assert bot.engine.knowledge.facts[FACT].asked_as == had


async def test_none_of_these_drops_the_question_and_changes_no_fact(
    server: FakeDiscord, world: World, bot: TiesBot, knowledge_dir: Path
) -> None:
    await ask(server, world, PIES)
    listed = await unanswered(server, world)
    before = {k: v for k, v in folder_snapshot(knowledge_dir).items() if k != "unanswered.jsonl"}
    redrawn, confirmation = await pick(server, world, listed, PIES, NONE_OF_THESE)
    assert "Dropped from the queue" in embed_text(confirmation)
    assert {k: v for k, v in folder_snapshot(knowledge_dir).items() if k != "unanswered.jsonl"} == before
    assert audit_entries(knowledge_dir) == []
    assert selects(redrawn) == [] and "Nothing waiting" in embed_text(redrawn)
    assert "Nothing waiting" in embed_text(await unanswered(server, world))


async def test_a_pick_by_a_fan_another_moderator_or_from_another_server_is_refused_and_changes_nothing(
    server: FakeDiscord, world: World, bot: TiesBot, knowledge_dir: Path
) -> None:
    other = server.add_guild(name="Some Other Server")
    other_general = server.add_text_channel(other.id, name="general")
    server.add_member(other.id, world.manager, permissions=MANAGE_GUILD | (1 << 10) | (1 << 11) | (1 << 31))
    await ask(server, world, QUESTION)
    listed = await unanswered(server, world)
    custom_id = select_for(listed, QUESTION)["custom_id"]
    before = folder_snapshot(knowledge_dir)

    for user, channel_id, refusal in ((world.fan, world.general.id, "only moderators"),
                                      (world.manager, other_general.id, REFUSED_ELSEWHERE),
                                      (world.mod, world.general.id, "another moderator's")):
        forged = await server.select_option(listed, custom_id, [FACT], user=user, channel_id=channel_id,
                                            bypass_client=True)
        message = await forged.wait_final()
        assert is_ephemeral(message) and refusal in embed_text(message), embed_text(message)

    assert folder_snapshot(knowledge_dir) == before
    assert QUESTION not in bot.engine.knowledge.facts[FACT].asked_as
    assert QUESTION in embed_text(await unanswered(server, world))  # still queued


async def test_more_questions_than_fit_are_paged(server: FakeDiscord, world: World, bot: TiesBot) -> None:
    things = ["pies", "programmes", "scarves", "hot dogs", "cups of tea", "badges", "flags", "burgers", "pints"]
    for thing in things:
        await ask(server, world, f"How many {thing} were sold at Anfield in 2021?")
    assert len(bot.unanswered.top(100)) == len(things)

    listed = await unanswered(server, world)
    seen: list[str] = []
    for page in range(1, 4):
        shown = selects(listed)
        assert len(listed["components"]) <= 5 and len(shown) == min(PAGE_SIZE, len(things) - len(seen))
        assert all(len(s["options"]) <= 25 and len(s["placeholder"]) <= 150 for s in shown)
        seen += [s["placeholder"].split(". ", 1)[1] for s in shown]
        assert f"Page {page} of 3 · 9 questions" in embed_text(listed)
        previous, following = buttons(listed)
        assert (previous["label"], bool(previous.get("disabled"))) == ("Previous", page == 1)
        assert (following["label"], bool(following.get("disabled"))) == ("Next", page == 3)
        if page < 3:
            turned = await server.click_button(listed, following["custom_id"], user=world.manager)
            listed = await turned.wait_final()
    assert sorted(seen) == sorted(f"How many {thing} were sold at Anfield in 2021?" for thing in things)


async def test_the_fan_asking_again_gets_the_taught_fact(
    server: FakeDiscord, world: World, bot: TiesBot
) -> None:
    assert "I can't answer that" in await ask(server, world, QUESTION)
    await pick(server, world, await unanswered(server, world), QUESTION, FACT)
    assert bot.engine.knowledge.facts[FACT].asked_as[-1] == QUESTION
    reply = await ask(server, world, QUESTION)
    assert "I can't answer that" not in reply
    assert bot.engine.knowledge.facts[FACT].answer in reply
