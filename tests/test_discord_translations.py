"""Curators write, check and review the Spanish answers in Discord: the fact form, the edit rule, approving a draft.

Through the real discord.py client on the local Discord-compatible server (tests/conftest.py),
on a private copy of the shipped knowledge. Spanish fans are served by the running bot's own
engine. The article, the answers and the questions are written for these tests; none comes from
an evaluation set.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.app.client import TiesBot
from fakediscord import FakeDiscord
from tests.conftest import World, buttons, embed_text, iter_components, modal_values
from tests.test_discord_drafts import ARTICLE, ARTICLE_ID, draft_id, upload
from tests.test_discord_facts import FACTS_2023, facts

SCORE_2023 = "real-madrid-2023-first-leg-score"
SCORE_QUESTION_ES = "¿cuánto quedó la ida en Anfield en 2023 entre el Madrid y el Liverpool?"
NEW_ID = "trent-2023-spoke-on-the-eve"
NEW_FACT = {
    "fact-answer": "Trent Alexander-Arnold spoke before the 2023 round-of-16 second leg at the Bernabéu.",
    "fact-answer-es": "Trent Alexander-Arnold habló antes de la vuelta de octavos de final de 2023 en el Bernabéu.",
    "fact-evidence": "Liverpool defender Trent Alexander-Arnold said",
    "fact-details": f"id: {NEW_ID}\ntie: real-madrid-liverpool-2023\nintent: context\n"
                    "entities: trent-alexander-arnold, santiago-bernabeu\nkeywords: spoke, eve",
}
SUPPORTERS_ES = "Los aficionados no estarán, pero los sentiremos igualmente."
SUPPORTERS_QUESTION_ES = "¿qué dijo Klopp de que los aficionados no estarán pero los sentirán igualmente?"


async def open_form(server: FakeDiscord, world: World, command: str, options: dict[str, str] | None = None) -> Any:
    handle = await server.invoke_command(command, options or {}, user=world.manager, channel_id=world.general.id)
    response = await handle.wait_response()
    assert response.type == 9 and response.modal is not None, response
    return handle, response.modal


def inputs(modal: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["custom_id"]: c for c in iter_components(modal.get("components") or []) if c.get("type") == 4}


def saved_fact(folder: Path, rel: str, fact_id: str) -> dict[str, Any]:
    data = yaml.safe_load((folder / rel).read_text(encoding="utf-8"))
    [raw] = [f for f in data["facts"] if f["id"] == fact_id]
    return raw


async def test_the_add_form_fits_five_inputs_and_takes_the_spanish_answer(
    server: FakeDiscord, world: World, bot: TiesBot, knowledge_dir: Path
) -> None:
    opened, modal = await open_form(server, world, "facts add")
    boxes = inputs(modal)
    assert list(boxes) == ["fact-answer", "fact-answer-es", "fact-evidence", "fact-quote", "fact-details"]
    assert boxes["fact-answer-es"]["label"] == "Answer in Español"
    assert "(Traducción: «…»)" in boxes["fact-answer-es"]["placeholder"]

    # An approved fact needs its Spanish answer: the form says so, writes nothing and reopens filled in.
    before = (knowledge_dir / FACTS_2023).read_bytes()
    refused = await (await server.submit_modal(opened, modal_values(modal, {**NEW_FACT, "fact-answer-es": ""}))
                     ).wait_final()
    assert "Answer in Español: an approved fact needs one" in embed_text(refused)
    assert (knowledge_dir / FACTS_2023).read_bytes() == before
    [retry] = buttons(refused)
    again = await server.click_button(refused, retry["custom_id"], user=world.manager)
    reopened = (await again.wait_response()).modal
    assert reopened is not None and modal_values(reopened, {})["fact-answer"] == NEW_FACT["fact-answer"]

    saved = await (await server.submit_modal(again, modal_values(reopened, NEW_FACT))).wait_final()
    assert f"Added `{NEW_ID}`" in embed_text(saved) and "Answer in Español (reviewed)" in embed_text(saved)
    raw = saved_fact(knowledge_dir, FACTS_2023, NEW_ID)
    assert raw["translations"] == {"es": {"answer": NEW_FACT["fact-answer-es"]}}  # reviewed: the default
    spanish = bot.engine.answer("¿cuándo habló Trent antes de la vuelta en el Bernabéu en 2023?", language="es")
    assert NEW_ID in spanish.facts and NEW_FACT["fact-answer-es"] in spanish.text


async def test_a_spanish_answer_the_sources_do_not_support_is_refused_on_the_form(
    server: FakeDiscord, world: World, bot: TiesBot, knowledge_dir: Path
) -> None:
    opened, modal = await open_form(server, world, "facts edit", {"id": SCORE_2023})
    current = modal_values(modal, {})["fact-answer-es"]
    before = (knowledge_dir / FACTS_2023).read_bytes()
    wrong = current.replace("ganó 5-2", "ganó 5-1")
    rejected = embed_text(await (await server.submit_modal(opened, modal_values(modal, {"fact-answer-es": wrong}))
                                 ).wait_final())
    assert f"{FACTS_2023} · {SCORE_2023} · translations.es.answer: answer states 5-1" in rejected
    assert (knowledge_dir / FACTS_2023).read_bytes() == before

    opened, modal = await open_form(server, world, "facts edit", {"id": SCORE_2023})
    emptied = embed_text(await (await server.submit_modal(opened, modal_values(modal, {"fact-answer-es": ""}))
                                ).wait_final())
    assert "Answer in Español: cannot be left empty" in emptied
    assert (knowledge_dir / FACTS_2023).read_bytes() == before


async def test_editing_only_the_english_puts_the_spanish_up_for_review_until_a_curator_confirms_it(
    server: FakeDiscord, world: World, bot: TiesBot, knowledge_dir: Path
) -> None:
    spanish = bot.engine.knowledge.facts[SCORE_2023].translations["es"]
    assert spanish.answer in bot.engine.answer(SCORE_QUESTION_ES, language="es").text

    opened, modal = await open_form(server, world, "facts edit", {"id": SCORE_2023})
    assert modal_values(modal, {})["fact-answer-es"] == spanish.answer
    assert inputs(modal)["fact-answer-es"]["label"] == "Answer in Español"
    english = modal_values(modal, {})["fact-answer"].replace("three-goal deficit", "three-goal mountain")
    edited = embed_text(await (await server.submit_modal(opened, modal_values(modal, {"fact-answer": english}))
                               ).wait_final())
    assert "Changed: answer." in edited and "The Español answer was kept but marked for review" in edited
    assert "Answer in Español (not reviewed, not served)" in edited
    raw = saved_fact(knowledge_dir, FACTS_2023, SCORE_2023)["translations"]["es"]
    assert raw["answer"] == spanish.answer and raw["reviewed"] is False and raw["asked_as"] == spanish.asked_as
    fallback = bot.engine.answer(SCORE_QUESTION_ES, language="es")
    assert SCORE_2023 in fallback.facts and spanish.answer not in fallback.text
    assert "three-goal mountain" in fallback.text

    # The next form says the Spanish awaits review; submitting it as it is (English untouched) confirms it.
    opened, modal = await open_form(server, world, "facts edit", {"id": SCORE_2023})
    assert inputs(modal)["fact-answer-es"]["label"] == "Answer in Español (unreviewed)"
    confirmed = embed_text(await (await server.submit_modal(opened, modal_values(modal, {}))).wait_final())
    assert "Changed: translations." in confirmed and "The Español answer is reviewed" in confirmed
    assert "reviewed" not in saved_fact(knowledge_dir, FACTS_2023, SCORE_2023)["translations"]["es"]
    assert spanish.answer in bot.engine.answer(SCORE_QUESTION_ES, language="es").text


async def test_approving_a_draft_shows_its_drafted_spanish_and_needs_it_written(
    server: FakeDiscord, world: World, bot: TiesBot, knowledge_dir: Path
) -> None:
    await upload(server, world, "henderson.txt", ARTICLE.encode(), article_id=ARTICLE_ID)
    supporters = draft_id(knowledge_dir, "feel them anyway")
    shown = embed_text(await facts(server, world, "show", {"id": supporters}))
    assert "Answer in Español (not reviewed, not served)" in shown and "[POR TRADUCIR]" in shown

    opened, modal = await open_form(server, world, "facts approve", {"id": supporters})
    assert list(inputs(modal)) == ["fact-answer", "fact-answer-es"]
    drafted = modal_values(modal, {})["fact-answer-es"]
    assert drafted == ("Jürgen Klopp dijo: “The supporters will not be there, but we will feel them anyway.” "
                       "(Traducción: «[POR TRADUCIR]»)")

    rel = f"facts/{ARTICLE_ID}.yaml"
    before = (knowledge_dir / rel).read_bytes()
    refused = await (await server.submit_modal(opened, modal_values(modal, {}))).wait_final()
    text = embed_text(refused)
    assert f"{rel} · {supporters} · translations.es.answer: still holds the drafter's placeholder" in text
    assert (knowledge_dir / rel).read_bytes() == before and supporters in bot.engine.knowledge.drafts

    [retry] = buttons(refused)
    again = await server.click_button(refused, retry["custom_id"], user=world.manager)
    reopened = (await again.wait_response()).modal
    assert reopened is not None and modal_values(reopened, {})["fact-answer-es"] == drafted
    written = drafted.replace("[POR TRADUCIR]", SUPPORTERS_ES)
    approved = embed_text(await (await server.submit_modal(again, modal_values(reopened, {"fact-answer-es": written}))
                                 ).wait_final())
    assert f"Approved `{supporters}`" in approved and "Answer in Español (reviewed)" in approved
    raw = saved_fact(knowledge_dir, rel, supporters)
    assert "status" not in raw and raw["translations"]["es"]["answer"] == written
    assert "reviewed" not in raw["translations"]["es"] and raw["translations"]["es"]["asked_as"]

    answer = bot.engine.answer(SUPPORTERS_QUESTION_ES, language="es")
    assert supporters in answer.facts and SUPPORTERS_ES in answer.text
