"""/facts: moderators reload, inspect and change the facts; everyone else is refused by the bot itself."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.app.client import TiesBot
from fakediscord import FakeDiscord, InvocationRefused
from tests.conftest import StartBot, World, buttons, drop_fact, embed_text, is_ephemeral, modal_values, stop

FACTS_2023 = "facts/2023-real-madrid-liverpool.yaml"
FACTS_2021 = "facts/2021-liverpool-real-madrid.yaml"
NEW_FACT = {
    "fact-answer": "Jürgen Klopp was hoping for another famous night at Anfield against Real Madrid in the "
                   "2021 quarter-final second leg.",
    "fact-answer-es": "Jürgen Klopp esperaba otra noche histórica en Anfield contra el Real Madrid en la vuelta de "
                      "cuartos de final de 2021.",
    "fact-evidence": "Jurgen Klopp hoping for another famous night at Anfield",
    "fact-details": "id: klopp-2021-famous-night\ntie: liverpool-real-madrid-2021\nintent: context\n"
                    "entities: jurgen-klopp, anfield\nkeywords: famous night, hoping",
}

SAYS_THE_SAME = "real-madrid-2021-klopp-famous-night"
"""The shipped fact NEW_FACT restates; taken out of each test's copy so that adding NEW_FACT adds something."""


@pytest.fixture
def knowledge_dir(knowledge_dir: Path) -> Path:
    drop_fact(knowledge_dir, FACTS_2021, SAYS_THE_SAME)
    return knowledge_dir


async def facts(server: FakeDiscord, world: World, command: str, options: dict[str, str] | None = None,
                *, user: object = None) -> dict:
    """Run a /facts subcommand in #general and return the message the user ends up seeing."""
    handle = await server.invoke_command(f"facts {command}", options or {}, user=user or world.manager,
                                         channel_id=world.general.id)
    message = await handle.wait_final()
    assert is_ephemeral(message)
    return message


async def ask(server: FakeDiscord, world: World, question: str) -> str:
    handle = await server.invoke_command("ask", {"question": question}, user=world.fan, channel_id=world.general.id)
    return embed_text(await handle.wait_final())


def edit_file(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def show_facts_to_everyone(server: FakeDiscord, world: World) -> None:
    """What a server admin can do in Server Settings > Integrations: make /facts visible to all."""
    for command in server.state.commands.in_scope(world.guild.id):
        if command["name"] == "facts":
            command["default_member_permissions"] = None


async def test_reload_keeps_old_facts_when_broken_and_swaps_good_ones(
    server: FakeDiscord, world: World, bot: TiesBot, knowledge_dir: Path
) -> None:
    facts_file = knowledge_dir / FACTS_2023
    edit_file(facts_file, "intent: score", "intent: scroe")
    failed = await facts(server, world, "reload")
    text = embed_text(failed)
    assert "still serving the previous facts" in text
    assert f"{FACTS_2023} · real-madrid-2023-first-leg-score · intent" in text
    assert "scroe" in text
    assert "5-2" in await ask(server, world, "How did the opening leg finish in 2023?")  # old facts still served

    edit_file(facts_file, "intent: scroe", "intent: score")
    edit_file(facts_file, "leaving Liverpool a three-goal deficit", "leaving Liverpool a daunting three-goal deficit")
    swapped = await facts(server, world, "reload")
    assert "1 changed (real-madrid-2023-first-leg-score)" in embed_text(swapped)
    assert "daunting three-goal deficit" in await ask(server, world, "How did the opening leg finish in 2023?")


async def test_add_through_the_modal_persists_across_a_restart_and_undo_reverts(
    server: FakeDiscord, world: World, start: StartBot, knowledge_dir: Path
) -> None:
    bot = await start()
    opened = await server.invoke_command("facts add", user=world.manager, channel_id=world.general.id)
    response = await opened.wait_response()
    assert response.type == 9 and response.modal is not None
    submitted = await server.submit_modal(opened, modal_values(response.modal, NEW_FACT))
    saved = await submitted.wait_final()
    assert is_ephemeral(saved)
    assert "Added `klopp-2021-famous-night`" in embed_text(saved)
    assert "manager" in embed_text(saved)
    assert "klopp-2021-famous-night" in (knowledge_dir / FACTS_2021).read_text(encoding="utf-8")
    assert "famous night at Anfield against Real Madrid" in await ask(server, world, "What was Klopp hoping for?")

    await stop(bot)
    await start()  # a new bot instance on the same folder
    shown = await facts(server, world, "show", {"id": "klopp-2021-famous-night"})
    assert "Jurgen Klopp hoping for another famous night at Anfield" in embed_text(shown)
    assert FACTS_2021 in embed_text(shown)

    undone = await facts(server, world, "undo")
    assert "undid a change to `klopp-2021-famous-night`" in embed_text(undone)
    assert "klopp-2021-famous-night" not in (knowledge_dir / FACTS_2021).read_text(encoding="utf-8")
    gone = await facts(server, world, "show", {"id": "klopp-2021-famous-night"})
    assert "There is no fact" in gone["content"]
    assert "famous night at Anfield against Real Madrid" not in await ask(server, world, "What was Klopp hoping for?")


async def test_rejected_form_says_why_and_reopens_filled_in(server: FakeDiscord, world: World, bot: TiesBot,
                                                            knowledge_dir: Path) -> None:
    before = (knowledge_dir / FACTS_2021).read_text(encoding="utf-8")
    opened = await server.invoke_command("facts add", user=world.manager, channel_id=world.general.id)
    modal = (await opened.wait_response()).modal
    assert modal is not None
    wrong = {**NEW_FACT, "fact-evidence": "Klopp hoped for a famous night"}
    submitted = await server.submit_modal(opened, modal_values(modal, wrong))
    rejected = await submitted.wait_final()
    text = embed_text(rejected)
    assert "Not saved" in text
    assert f"{FACTS_2021} · klopp-2021-famous-night · source.evidence" in text
    assert (knowledge_dir / FACTS_2021).read_text(encoding="utf-8") == before

    [retry] = buttons(rejected)
    reopened = await server.click_button(rejected, retry["custom_id"], user=world.manager)
    again = await reopened.wait_response()
    assert again.type == 9 and again.modal is not None
    assert modal_values(again.modal, {})["fact-evidence"] == "Klopp hoped for a famous night"
    fixed = await server.submit_modal(reopened, modal_values(again.modal, {"fact-evidence": NEW_FACT["fact-evidence"]}))
    assert "Added `klopp-2021-famous-night`" in embed_text(await fixed.wait_final())


async def test_edit_remove_and_undo(server: FakeDiscord, world: World, bot: TiesBot, knowledge_dir: Path) -> None:
    fact_id = "real-madrid-2023-first-leg-score"
    opened = await server.invoke_command("facts edit", {"id": fact_id}, user=world.manager,
                                         channel_id=world.general.id)
    modal = (await opened.wait_response()).modal
    assert modal is not None
    current = modal_values(modal, {})
    assert f"id: {fact_id}\ntie: real-madrid-liverpool-2023" in current["fact-details"]
    new_answer = current["fact-answer"].replace("three-goal deficit", "three-goal mountain")
    edited = await (await server.submit_modal(opened, modal_values(modal, {"fact-answer": new_answer}))).wait_final()
    assert f"Edited `{fact_id}`" in embed_text(edited) and "Changed: answer" in embed_text(edited)
    assert "three-goal mountain" in await ask(server, world, "How did the opening leg finish in 2023?")

    removed = await facts(server, world, "remove", {"id": fact_id})
    assert f"Removed `{fact_id}`" in embed_text(removed)
    assert f"id: {fact_id}\n" not in (knowledge_dir / FACTS_2023).read_text(encoding="utf-8")
    await facts(server, world, "undo")
    assert f"id: {fact_id}\n" in (knowledge_dir / FACTS_2023).read_text(encoding="utf-8")
    await facts(server, world, "undo")  # and the edit before it
    assert "three-goal mountain" not in (knowledge_dir / FACTS_2023).read_text(encoding="utf-8")
    assert "three-goal deficit" in await ask(server, world, "How did the opening leg finish in 2023?")


async def test_fact_id_autocomplete(server: FakeDiscord, world: World, bot: TiesBot) -> None:
    handle = await server.autocomplete("facts show", {"id": "klopp-2021"}, "id", user=world.manager,
                                       channel_id=world.general.id)
    choices = (await handle.wait_response()).choices or []
    assert 1 <= len(choices) <= 25
    assert all(c["value"].startswith("klopp-2021") for c in choices)
    everything = await server.autocomplete("facts remove", {"id": ""}, "id", user=world.manager,
                                           channel_id=world.general.id)
    assert len((await everything.wait_response()).choices or []) == 25


async def test_members_without_permission_are_refused_by_the_bot(server: FakeDiscord, world: World,
                                                                 bot: TiesBot) -> None:
    with pytest.raises(InvocationRefused):  # Discord's client hides /facts from them...
        await server.invoke_command("facts reload", user=world.fan, channel_id=world.general.id)
    show_facts_to_everyone(server, world)  # ...until an admin shows it to everyone
    for command, options in (("reload", {}), ("undo", {}), ("add", {}), ("remove", {"id": "atletico-2020-round"})):
        refused = await facts(server, world, command, options, user=world.fan)
        assert "only moderators" in refused["content"]
    assert "atletico-2020-round" in bot.engine.knowledge.facts
    hidden = await server.autocomplete("facts show", {"id": "klopp"}, "id", user=world.fan,
                                       channel_id=world.general.id)
    assert (await hidden.wait_response()).choices == []

    # A member with the moderator role (MODERATOR_ROLE_IDS) is let through.
    shown = await facts(server, world, "show", {"id": "atletico-2020-round"}, user=world.mod)
    assert "facts/2020-liverpool-atletico.yaml" in embed_text(shown)


async def test_unanswered_lists_declined_questions(server: FakeDiscord, world: World, bot: TiesBot) -> None:
    for _ in range(2):
        await ask(server, world, "What did Salah have for breakfast?")
    message = await facts(server, world, "unanswered")
    assert "2×** What did Salah have for breakfast?" in embed_text(message)


async def test_background_reload_picks_up_edits_by_other_processes(
    server: FakeDiscord, world: World, start: StartBot, knowledge_dir: Path
) -> None:
    bot = await start(reload_check_seconds=0.1)
    facts_file = knowledge_dir / FACTS_2023
    edit_file(facts_file, "intent: score", "intent: scroe")  # broken: ignored, old facts kept
    await asyncio.sleep(0.4)
    assert bot.engine.knowledge.facts["real-madrid-2023-first-leg-score"].intent == "score"
    edit_file(facts_file, "intent: scroe", "intent: score")
    edit_file(facts_file, "leaving Liverpool a three-goal deficit", "leaving Liverpool a steep three-goal deficit")
    for _ in range(40):
        await asyncio.sleep(0.05)
        if "steep" in bot.engine.knowledge.facts["real-madrid-2023-first-leg-score"].answer:
            break
    assert "steep three-goal deficit" in await ask(server, world, "How did the opening leg finish in 2023?")
