"""The clubs' past runs, comebacks and earlier games the articles recall, asked directly or as a follow-up.

A fan asks about a club's past in the words of the time: "last season" from a tie's side, a run "to"
a final, one round of that run, the comebacks of a club in general. Each is answered by the history
the articles tell (facts of no tie), not by the tie news sharing a word or a round's name with it.
Every question here is written for this file, none comes from an evaluation set; the engine and the
knowledge files are the real ones.
"""

from __future__ import annotations

import itertools

from bot.core.answering.answer import Answer
from bot.core.answering.engine import Engine

_conversations = itertools.count()


def dialog(engine: Engine, *questions: str) -> Answer:
    """Ask the questions in one new conversation; the last answer."""
    conversation = f"history-{next(_conversations)}"
    answers = [engine.answer(q, conversation) for q in questions]
    return answers[-1]


# --- "last season" beside a year of history ---------------------------------------------------
def test_a_history_year_named_beside_last_season_is_the_year_asked(engine: Engine) -> None:
    # "Last season" dates the 2022 run from the articles' side: nothing to count a year back from 2022.
    answer = engine.answer("in the 2022 european cup last season which sides did los blancos come back against")
    assert answer.answered
    assert answer.facts[0] == "real-madrid-last-season-comebacks"


def test_a_club_the_facts_tell_of_in_the_year_counted_to_stays_named(engine: Engine) -> None:
    # Counted back from the 2023 tie, Madrid's own 2022 run is what is asked: Madrid is not dropped
    # as the club that named the tie counted from.
    answer = engine.answer("seen from the 2023 tie, real madrid rallies the season before, semi final opponent?")
    assert answer.answered
    assert "Manchester City" in answer.text


def test_pov_is_a_point_of_view(engine: Engine) -> None:
    answer = engine.answer("madrid fightbacks the year before, 2023 pov")
    assert answer.answered
    assert answer.facts[0] == "real-madrid-last-season-comebacks"


# --- a round of a past run, as a follow-up ------------------------------------------------------
def test_a_round_named_after_a_past_run_is_that_runs_round(engine: Engine) -> None:
    answer = dialog(engine, "madrid's 2022 fightbacks", "and in the semis who was it")
    assert answer.answered
    assert answer.facts[0] == "real-madrid-last-season-comebacks"
    assert "Manchester City" in answer.text


def test_a_round_the_past_event_does_not_tell_is_the_ties_round(engine: Engine) -> None:
    # Liverpool's 2016 Dortmund comeback tells no quarter-final: "the quarter-final" is then the 2021 tie's.
    conversation = f"history-{next(_conversations)}"
    engine.answer("the dortmund europa league fightback", conversation)
    explained = engine.explain("who was the quarter final against", conversation)
    assert explained.reading.ties == ["liverpool-real-madrid-2021"]
