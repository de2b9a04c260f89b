"""Off-topic questions that name a club, a city or a person: declined, not answered by a fact naming it.

Every question here is written for this file (none comes from an evaluation set). A relationship, a lost
job or a dish is life outside the games: a fact naming the person or the club asked of says nothing of
it. Answerable look-alikes (what someone said, a quote about the same club) stay answered.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize(("question", "reason"), [
    ("who is Salah's girlfriend", "asked-detail:private-life"),
    ("is Benzema engaged to anyone", "asked-detail:private-life"),
    ("was Simeone fired by Atletico after that season", "asked-detail:dismissal"),
    ("did Ancelotti get the sack in 2023", "asked-detail:dismissal"),
    ("¿Tiene novio alguno de los jugadores del Atlético?", "asked-detail:personal-details"),
    ("¿Destituyeron a Simeone después de la eliminatoria?", "asked-detail:dismissal"),
])
def test_a_private_life_or_a_lost_job_is_declined_with_its_reply(engine: Engine, question: str,
                                                                  reason: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, answer.text
    assert answer.reason == reason, (answer.reason, answer.text)


@pytest.mark.parametrize("question", [
    "good recipe for a dinner when friends from liverpool visit",
    "which restaurant near anfield does the best breakfast",
    "receta de tapas para cenar con amigos del atlético",
])
def test_food_naming_a_club_or_city_is_no_question_about_it(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, answer.text


@pytest.mark.parametrize(("question", "expected"), [
    ("Ancelotti quotes ahead of the Bernabeu return", "Ancelotti"),
    ("what did Klopp say about Real Madrid in 2021", "Klopp"),
])
def test_what_the_same_people_said_stays_answered(engine: Engine, question: str, expected: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, answer.text
    assert expected in answer.text


@pytest.mark.parametrize("question", [
    "how big was the crowd for the 4-0 against barcelona",
    "what time did the 4-0 with barca kick off",
])
def test_a_detail_of_a_past_game_named_by_its_score_is_not_a_legs_detail(engine: Engine, question: str) -> None:
    """A scoreline no leg ended in names a past game: the crowd at a tie's leg is not that game's."""
    answer = engine.answer(question)
    assert not answer.answered, answer.text


def test_a_legs_own_score_may_name_the_leg_before_the_one_asked(engine: Engine) -> None:
    answer = engine.answer("on what date is the return leg after that 5-2")
    assert answer.answered, answer.text
    assert "15 March 2023" in answer.text
