"""Questions that must be declined even though a fact shares a club, a city or a word with them.

Another sport's team of the same club, a count no fact states, a result the articles were written
before: each gets a decline naming why, not the nearest fact. And what the articles do state is still
answered.

Every question here is written for this file (none comes from an evaluation set); each is aimed at
one mechanism, and the reason code says which stage decided.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


# --- another sport ---------------------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "which players are in the liverpool ice hockey side",
    "is the atletico madrid handball club any good",
    "when is the next grand prix in madrid",
    "has anfield ever hosted an nfl game",
    "did ancelotti ever watch the euroleague final",
])
def test_another_sport_of_a_club_or_city_is_declined(engine: Engine, question: str) -> None:
    """The clubs and cities match facts; the sport named says the question is about something else."""
    answer = engine.answer(question)
    assert not answer.answered, answer.text
    assert answer.reason.startswith("other-sport:"), answer.reason


@pytest.mark.parametrize("question", [
    "quien entrena al equipo de baloncesto del atletico",
    "cuando es el gran premio de formula 1 en barcelona",
])
def test_another_sport_is_declined_in_spanish(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, answer.text
    assert answer.reason.startswith("other-sport:"), answer.reason


@pytest.mark.parametrize(("question", "expected"), [
    ("who is the manager of real madrid in the 2023 tie", "Ancelotti"),
    ("where is the 2020 second leg against atletico played", "Anfield"),
])
def test_football_questions_about_the_same_clubs_are_still_answered(engine: Engine, question: str,
                                                                    expected: str) -> None:
    answer = engine.answer(question)
    assert answer.answered and expected in answer.text, (answer.reason, answer.text)


# --- who went through, asked at the tie's own ground ------------------------------------------------
@pytest.mark.parametrize("question", [
    "did liverpool knock atletico out in the second leg at anfield in 2020",
    "did real madrid get past liverpool in the return leg at the bernabeu in 2023",
])
def test_who_went_through_at_the_ties_own_ground_is_after_the_articles(engine: Engine, question: str) -> None:
    """The ground of the tie's own leg is a place in that tie, not another game the articles tell."""
    answer = engine.answer(question)
    assert not answer.answered, answer.text
    # Either gate that knows the tie's deciding leg was unplayed may decline it first.
    assert answer.reason in {"intent-declines:outcome", "after-the-articles"}, answer.reason


def test_who_went_through_in_history_at_a_named_ground_is_still_answered(engine: Engine) -> None:
    answer = engine.answer("did liverpool get past barcelona in 2019")
    assert answer.answered and "Barcelona" in answer.text, (answer.reason, answer.text)


# --- a count no fact states ------------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "how many domestic league trophies have real madrid collected overall",
    "how many league crowns do atletico madrid hold altogether",
])
def test_a_count_of_another_kind_of_title_is_declined(engine: Engine, question: str) -> None:
    """The facts count European titles: "league" there is the Champions League's name, not a league title."""
    answer = engine.answer(question)
    assert not answer.answered, answer.text


@pytest.mark.parametrize(("question", "expected"), [
    ("before the 2021 tie with liverpool, real madrid had won how many european cups", "13"),
    ("the dortmund comeback klopp recalled: how many years before the real madrid quarter-final was it", "2016"),
    ("in 2023 how many goals did real madrid put past liverpool in the opening leg at anfield", "5-2"),
])
def test_a_count_a_fact_states_is_still_answered(engine: Engine, question: str, expected: str) -> None:
    """A number stated of what is counted: a European Cup by any of its names, a year, a scoreline's goals."""
    answer = engine.answer(question)
    assert answer.answered and expected in answer.text, (answer.reason, answer.text)
