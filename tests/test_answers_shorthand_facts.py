"""Fact questions typed in fans' shorthand get the fact they ask for, not a neighbour of it nor a decline.

"Who took the opening leg" asks who won it; a side that "came calling" is the opponent of that tie; a past game
"the preview referred to" is that game, whoever recalled it; "before travelling to the Bernabéu" is the time of
that leg, not its result; "this season" beside a leg of a tie is that tie's season, while asked alone it is
now, which the articles cannot tell; a leg named with its tie's year is that game, not another season the
article recalls. Every question is written for this file; the engine and the knowledge files are the real ones.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine
from bot.core.knowledge.models import Entity


def _answers(engine: Engine, question: str, *expected: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    for words in expected:
        assert words in answer.text, answer.text


@pytest.mark.parametrize(("question", "expected"), [
    ("so who took the opening leg in the 2021 tie", "3-1"),
])
def test_who_took_a_leg_asks_who_won_it(engine: Engine, question: str, expected: str) -> None:
    _answers(engine, question, expected)


def test_a_side_that_came_calling_is_the_opponent_of_that_tie(engine: Engine) -> None:
    _answers(engine, "were madrid the holders when liverpool came calling in 2023", "holders")


@pytest.mark.parametrize(("question", "expected"), [
    ("the barcelona comeback the 2021 preview referred to, what were the scores", "4-0"),
    ("the dortmund game klopp referred to, gimme the scores", "5-4"),
    ("el partido contra el dortmund que mencionó klopp, de qué competición era", "Europa League"),
])
def test_a_past_game_someone_mentioned_is_that_game(engine: Engine, question: str, expected: str) -> None:
    _answers(engine, question, expected)


def test_the_trip_to_a_ground_is_a_moment_not_its_result(engine: Engine) -> None:
    _answers(engine, "liverpool's league result before travelling to the bernabeu in 2023", "Bournemouth")


def test_a_league_threat_is_what_a_side_was_fighting(engine: Engine) -> None:
    _answers(engine, "bournemouth, fighting what back then?", "relegation")


def test_this_season_beside_a_leg_is_that_ties_season(engine: Engine) -> None:
    _answers(engine, "how was madrid's form before the second leg this season", "Espanyol")


def test_this_season_asked_alone_is_now(engine: Engine) -> None:
    answer = engine.answer("how is liverpool doing this season")
    assert not answer.answered, answer.text
    assert answer.reason == "time-not-covered"


def test_a_leg_named_by_its_year_is_that_game_not_older_history(engine: Engine) -> None:
    _answers(engine, "cl 2023 return leg, what ground", "Bernabéu")


@pytest.mark.parametrize(("question", "expected"), [
    ("the madrid leg vs atleti, who won", "1-0"),
    ("score of the madrid leg 2021", "3-1"),
    ("which ground hosted the liverpool leg in 2023", "Anfield"),
])
def test_a_leg_named_by_its_city_is_the_leg_played_there(engine: Engine, question: str, expected: str) -> None:
    _answers(engine, question, expected)


def test_the_madrid_leg_not_yet_played_has_no_result(engine: Engine) -> None:
    answer = engine.answer("what happened in the madrid leg in 2023")
    assert not answer.answered, answer.text
    assert answer.reason == "after-the-articles"


def test_only_a_club_has_a_home_city() -> None:
    assert Entity(id="some-club", kind="team", name="Some Club", city="Somewhere").city == "Somewhere"
    with pytest.raises(ValueError, match="only a team has a home city"):
        Entity(id="some-ground", kind="venue", name="Some Ground", city="Somewhere")


def test_a_side_held_to_a_number_of_goals_scored_that_many(engine: Engine) -> None:
    answer = engine.answer("liverpool were held to how many goals in the 2023 first leg")
    assert answer.answered, (answer.reason, answer.text)
    assert answer.reason == "worked-out:for"
    assert "Liverpool scored 2" in answer.text


def test_a_round_set_aside_is_not_the_round_asked(engine: Engine) -> None:
    _answers(engine, "the 2020 second leg, what was riding on it apart from the quarter final", "Champions League")
    answer = engine.answer("who did liverpool face in the semi in 2021")
    assert not answer.answered and answer.reason == "after-the-articles", answer.text


def test_a_shortened_month_and_a_groan_after_an_ellipsis_ask_nothing(engine: Engine) -> None:
    _answers(engine, "how did the 1st leg end in 2020, feb 2020... oh the horror", "1-0")


def test_how_big_before_a_name_asks_its_size(engine: Engine) -> None:
    _answers(engine, "how big was madrid's lead going into the 2023 return", "three-goal")


def test_a_past_game_named_by_its_year_that_someone_mentioned_is_that_game(engine: Engine) -> None:
    _answers(engine, "that 2016 europa league fightback klopp referred to, who against", "Dortmund")


def test_which_game_of_a_year_someone_mentioned_is_told_by_who_mentioned_it(engine: Engine) -> None:
    answer = engine.answer("which 2016 game does hayward refer to")
    assert answer.answered and answer.facts[0] == "atletico-2016-bayern-away", (answer.reason, answer.text)


def test_the_year_of_a_past_game_is_asked_in_spanish_as_in_english(engine: Engine) -> None:
    _answers(engine, "de q año es el partido del liverpool contra el dortmund", "2016")


def test_champions_from_the_season_before_are_the_reigning_ones(engine: Engine) -> None:
    _answers(engine, "in 2021 lfc were the league champions from last season, right", "Premier League champions")
