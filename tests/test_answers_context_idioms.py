"""Context asked in fans' idioms: an idiom is read as the plainer phrase it means before its words weigh.

"What was on the line", "up for grabs", "riding on" ask what was at stake (the round a tie's winner
reaches), not about a line or a grab; "how'd the first leg go" asks what did happen, not what would.
Every question here is written for this file (none comes from an evaluation set).
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine
from bot.core.knowledge.store import load_knowledge
from bot.core.text import normalize, tokenize
from tests.helpers import KNOWLEDGE


@pytest.mark.parametrize("question", [
    "which stage was on the line for Liverpool against Madrid in 2021",
    "2021 quarter-final: what round was up for grabs",
])
def test_an_idiom_for_at_stake_is_answered_by_the_round_at_stake(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert "semi-final" in answer.text


def test_idioms_are_read_as_their_plain_phrase_longest_first(engine: Engine) -> None:
    language = load_knowledge(KNOWLEDGE).language
    assert language.expand(tokenize(normalize("what was on the line for them"))) == [
        "what", "was", "at", "stake", "for", "them"]
    assert language.expand(tokenize(normalize("what was riding on it"))) == ["what", "was", "at", "stake"]
    assert language.expand(["the", "line", "up"]) == ["the", "line", "up"]  # no idiom: read as typed


@pytest.mark.parametrize("text", ["how'd the first leg go", "what’d klopp say"])
def test_d_after_a_question_word_is_did(text: str) -> None:
    assert tokenize(normalize(text))[1] == "did"


def test_d_elsewhere_is_would() -> None:
    assert tokenize(normalize("who'd win it, he'd say")) == ["who", "would", "win", "it", "he", "would", "say"]


def test_how_d_a_second_leg_go_asks_its_result_which_came_after_the_articles(engine: Engine) -> None:
    answer = engine.answer("how'd the return leg go in the 2020 tie")
    assert answer.reason == "after-the-articles", (answer.reason, answer.text)


@pytest.mark.parametrize("question", [
    "in 2021 what did Klopp's side have to do to reach the semis",
    "what would liverpool need to do to get to the semi finals in 2021",
])
def test_a_round_named_as_the_aim_of_a_need_asks_what_was_needed(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert "perfect performance" in answer.text


@pytest.mark.parametrize("question", [
    "who did Liverpool have to play in the semis in 2021",   # a need, but the round is no aim: after the tie
    "how did Liverpool reach the semis in 2021",             # an aim, but no need: after the tie
])
def test_a_later_round_not_named_as_a_needs_aim_is_still_after_the_articles(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.reason == "after-the-articles", (answer.reason, answer.text)
