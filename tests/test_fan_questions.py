"""Fan questions the engine had no mechanism for: details nobody states, places asked in everyday
words, competitions no article covers, and topics from life outside football.

Every question here is written for this file (none comes from an evaluation set); each is aimed at
one mechanism, and the reason code says which stage decided.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine
from bot.core.knowledge.store import load_knowledge
from tests.helpers import KNOWLEDGE


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_knowledge(KNOWLEDGE))


# --- details no fact states are declined, not answered by the nearest fact ---------------------
def test_who_scored_first_is_not_told_by_a_list_of_scorers(engine: Engine) -> None:
    answer = engine.answer("which madrid player got the opening goal at anfield in 2023")
    assert not answer.answered and answer.reason == "asked-detail:first-goal", (answer.reason, answer.text)
    # The list itself is still there for whoever asks for it.
    assert "Benzema" in engine.answer("who got madrid's goals at anfield in 2023").text


def test_which_round_needs_a_fact_naming_the_round(engine: Engine) -> None:
    answer = engine.answer("which round was it when atletico saw off bayern in 2016")
    assert not answer.answered and answer.reason == "asked-detail:round", (answer.reason, answer.text)
    assert "quarter-final" in engine.answer("what stage of the competition was the 2021 tie").text


# --- places asked in everyday words ---------------------------------------------------------------
@pytest.mark.parametrize(("question", "needle"), [
    ("in what city was the 2023 second leg", "Bernabéu"),
    ("what country was the 2020 first leg played in", "Madrid"),
])
def test_a_city_or_country_asked_is_where_the_game_was_played(engine: Engine, question: str, needle: str) -> None:
    answer = engine.answer(question)
    assert answer.answered and needle in answer.text, (answer.reason, answer.text)


def test_which_city_names_no_club(engine: Engine) -> None:
    """"City" alone is a town: the final last season is not made a question about Manchester City."""
    answer = engine.answer("what city hosted the final the season before the 2023 tie")
    assert not answer.answered, answer.text


# --- names and topics no article covers ------------------------------------------------------------
def test_a_competition_no_article_covers_is_declined(engine: Engine) -> None:
    answer = engine.answer("who won the uwcl in 2022")
    assert not answer.answered and answer.reason.startswith("not-about:"), (answer.reason, answer.text)


@pytest.mark.parametrize("question", [
    "would liverpool be a nice city to live in",
    "is madrid good for a holiday in the summer",
])
def test_life_outside_football_is_declined_whatever_word_a_fact_shares(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, (answer.reason, answer.text)
