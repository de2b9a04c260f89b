"""Follow-ups in a conversation: what a question leaning on the last one is read as.

Each test names one mechanism: a follow-up asking nothing of its own asks the last question again
of what it names; it is about what the last answer was about (its event, its person, its year).
Every question here is written for this file, none comes from an evaluation set; the engine and
the knowledge files are the real ones.
"""

from __future__ import annotations

import itertools

import pytest

from bot.core.answering.answer import Answer
from bot.core.answering.engine import Engine
from bot.core.knowledge.store import load_knowledge
from tests.helpers import KNOWLEDGE

_conversations = itertools.count()


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_knowledge(KNOWLEDGE))


def dialog(engine: Engine, *questions: str) -> Answer:
    """Ask the questions in one new conversation; the last answer."""
    conversation = f"followups-{next(_conversations)}"
    answers = [engine.answer(q, conversation) for q in questions]
    return answers[-1]


# --- a follow-up asking nothing of its own asks the last question again ----------------------
def test_the_same_detail_is_asked_of_the_tie_a_bare_follow_up_names(engine: Engine) -> None:
    # "the 2023 one" names a tie and stands for the first leg's ground the last question asked.
    answer = dialog(engine, "which stadium hosted the 2020 first leg", "what of the 2023 one then?")
    assert answer.answered
    assert answer.facts == ["real-madrid-2023-first-leg-venue"]
    assert "Anfield" in answer.text


def test_the_same_count_is_asked_of_the_year_a_relative_follow_up_names(engine: Engine) -> None:
    # The topic (European titles) and the club come again; only the year changes.
    answer = dialog(engine, "how many times had Real Madrid been champions of Europe in 2023",
                    "and two years earlier?")
    assert answer.answered
    assert "13" in answer.text


def test_a_round_named_after_history_narrows_that_history_not_the_ties(engine: Engine) -> None:
    # Last season's run is history a 2023 article told: "the last 16" is its round, not the
    # round-of-16 ties the articles preview.
    answer = dialog(engine, "real madrid comebacks in 2022, who were they against", "and in the last 16?")
    assert answer.answered
    assert answer.reason == "answered"
    assert "PSG" in answer.text


def test_a_club_only_another_tie_has_is_not_carried_to_a_year_it_was_not_in(engine: Engine) -> None:
    reader = engine._snapshot.view("en").reader
    first = engine.answer("which stadium did Atlético play the 2020 first leg at", "followups-fits")
    assert first.answered
    q = reader.read("and in 2023?", engine.context.get("followups-fits"))
    assert "atletico-madrid" not in q.entities
