"""Facts the articles state are found however fans word the question (issue 11, classes 3-5).

Each test aims at one mechanism that finds a fact the articles hold: a scoreline naming the game a
tie's facts report with it, fans' shorthand and synonyms, the record cues. Every question is written
for this file (none comes from an evaluation set).
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine
from bot.core.knowledge.store import load_knowledge
from tests.helpers import KNOWLEDGE


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_knowledge(KNOWLEDGE))


# --- a scoreline names the games the facts report with it ----------------------------------------
@pytest.mark.parametrize(("question", "fact"), [
    ("the 3-1 madrid won in la liga that saturday, against which club?", "real-madrid-2023-espanyol-score"),
    ("liverpool's 1-0 league defeat at the weekend, who beat them?", "liverpool-2023-bournemouth-score"),
])
def test_a_scoreline_names_another_game_a_ties_facts_report(engine: Engine, question: str, fact: str) -> None:
    answer = engine.answer(question)
    assert answer.answered and answer.facts[0] == fact, (answer.reason, answer.facts, answer.text)


def test_a_scoreline_with_a_leg_named_is_that_legs(engine: Engine) -> None:
    answer = engine.answer("the 3-1 first leg, who won it?")
    assert answer.answered and answer.facts[0] == "real-madrid-2021-first-leg-score", (answer.facts, answer.text)


# --- record cues --------------------------------------------------------------------------------------
def test_the_only_occasion_asks_a_record_not_a_leg_score(engine: Engine) -> None:
    answer = engine.answer("on the only occasion real madrid were eliminated after a first-leg away win, who did it?")
    assert answer.answered and "Ajax" in answer.text, (answer.reason, answer.text)


# --- fans' shorthand and synonyms -------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "favs for the ucl ko phase in 2020, lfc or not",
    "liverpool the faves when the ko games began in 2020?",
    "were atleti or lfc more fancied in 2020",
])
def test_fans_words_for_favourites_and_knockouts_find_the_favourites_fact(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.answered and answer.facts[0] == "atletico-2020-liverpool-favourites", (answer.reason, answer.text)


def test_a_contraction_typed_without_its_apostrophe_is_not_a_typo(engine: Engine) -> None:
    reader = engine._snapshot.view("en").reader
    assert "win" not in reader.read("lynch says atleti wont have their crowd", None).stems
