"""Goals worked out from the first legs' scores, lists of past games, and questions that stay with the facts.

Every past game of a kind ("all of a club's comebacks") is listed one line each, from its own fact.

A goal count asking for a sum ("in all", "combined"), a club's goals or those it let in, or the
margin a side behind needed, is arithmetic on ties.yaml's first-leg scores: the answer gives the
number and each score it came from. A count naming a person, a past game, a second leg or a
condition ("if they score first") is what a fact says, never worked out. Every question here is
written for this file (none comes from an evaluation set).
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize(("question", "reason", "number", "score"), [
    ("total number of goals in the quarter-final's first leg, 2021? how many goals", "worked-out:total", "4 goals",
     "3-1"),
    ("how many goals were there altogether when atleti beat us 1-0", "worked-out:total", "1 goal in all", "1-0"),
    ("how many goals did atletico get in the first leg of the 2020 last 16", "worked-out:for", "scored 1", "1-0"),
    ("how many goals did real madrid concede at anfield in 2023", "worked-out:against", "conceded 2", "5-2"),
    ("how many goals did the reds score in the first legs, all three ties", "worked-out:for", "scored 3", "5-2"),
    ("how many goals did real madrid score over their two first legs with liverpool", "worked-out:for",
     "scored 8", "3-1"),
])
def test_a_goal_sum_is_worked_out_from_the_first_leg_scores(engine: Engine, question: str, reason: str,
                                                            number: str, score: str) -> None:
    answer = engine.answer(question)
    assert answer.reason == reason, (answer.reason, answer.text)
    assert number in answer.text and score in answer.text
    assert answer.sources


def test_the_goals_liverpool_let_in_over_every_first_leg_are_added_up_tie_by_tie(engine: Engine) -> None:
    answer = engine.answer("how many goals did liverpool ship in the first legs combined")
    assert answer.reason == "worked-out:against", answer.text
    assert "conceded 9 across the 3 first legs" in answer.text
    assert all(score in answer.text for score in ("1-0", "3-1", "5-2"))
    assert answer.tie is None and len(answer.sources) == 3


@pytest.mark.parametrize(("question", "behind", "level", "outright"), [
    ("how many goals did liverpool need in the 2021 return at anfield", "2 behind", "by 2", "by 3"),
    ("how many goals does lfc need to overturn the 5-2", "3 behind", "by 3", "by 4"),
    ("how many goals would the reds require against atletico at anfield", "1 behind", "by 1", "by 2"),
])
def test_the_margin_a_side_behind_needed_is_worked_out_and_said_to_be(engine: Engine, question: str, behind: str,
                                                                     level: str, outright: str) -> None:
    answer = engine.answer(question)
    assert answer.reason == "worked-out:needed", (answer.reason, answer.text)
    assert behind in answer.text and level in answer.text and outright in answer.text
    assert "written before the second leg" in answer.text


@pytest.mark.parametrize("question", [
    "how many goals did vinicius score at anfield",                  # a person: the scorers' fact
    "how many goals did liverpool need if atletico scored",           # a condition: what an expert said
    "how many goals were scored in total in the 2023 second leg",     # a leg the articles never saw
    "how many goals did liverpool score in total against barcelona in 2019",  # a past game
    "how many goals does real madrid need in the 2023 second leg",   # the side ahead needs no number
    "what was the score of the 2021 first leg",                       # no count asked: the fact answers
])
def test_a_goal_question_a_fact_answers_or_declines_is_not_worked_out(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.reason.startswith("worked-out"), answer.text


def test_a_worked_out_sum_is_told_in_spanish_to_a_spanish_client(engine: Engine) -> None:
    answer = engine.answer("how many goals in all in the 2023 first leg", language="es")
    assert answer.reason == "worked-out:total", answer.text
    assert answer.text.startswith("7 goles en total") and "5-2" in answer.text


@pytest.mark.parametrize("question", [
    "list all of liverpool's comebacks the articles talk about",
    "name every comeback of the reds in the previews",
])
def test_every_past_game_of_a_kind_is_listed_one_line_each(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.reason == "listed", (answer.reason, answer.text)
    assert "Dortmund" in answer.text and "Barcelona" in answer.text
    assert answer.text.index("2016") < answer.text.index("2019")  # oldest first
    assert set(answer.facts) == {"liverpool-2016-dortmund-comeback", "liverpool-2019-barcelona-comeback"}


@pytest.mark.parametrize("question", [
    "every first leg result for liverpool in these three ties",   # asked of the ties themselves
    "the one comeback liverpool made against barcelona",          # no list asked
    "every comeback klopp talked about",                          # a person: what he said
])
def test_a_question_not_asking_for_every_past_game_is_not_listed(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.reason != "listed", answer.text
