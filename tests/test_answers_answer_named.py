"""Follow-ups about what the last ANSWER named, not what the last question asked.

A fan reads "they", "that tie", "then" in a second question as the clubs, the game and the year the
first answer told of: the history club an answer named is "they", the past tie it recalled is "that
tie", a year of history the follow-up names is that year's game and not the last tie's news. A fresh
question naming its own tie is still read fresh. Every question here is written for this file, none
comes from an evaluation set; the engine and the knowledge files are the real ones.
"""

from __future__ import annotations

import itertools

from bot.core.answering.answer import Answer
from bot.core.answering.engine import Engine

_conversations = itertools.count()
_RECORD = "only club to overturn a two goal deficit after losing at home first"
"""Answered by a record of 2019 naming its two clubs, neither of them in a tie."""


def dialog(engine: Engine, *questions: str) -> Answer:
    """Ask the questions in one new conversation; the last answer."""
    conversation = f"answer-named-{next(_conversations)}"
    answers = [engine.answer(q, conversation) for q in questions]
    return answers[-1]


# --- "they" and "the opponent" of history an answer told ------------------------------------
def test_they_are_the_clubs_the_answer_named_when_the_question_named_none(engine: Engine) -> None:
    # The first question names no club; the answer names Manchester United and PSG: "they" are those.
    first = dialog(engine, _RECORD)
    assert first.facts == ["record-manchester-united-psg-2019"]
    answer = dialog(engine, _RECORD,
                    "who was it they were up against?")
    assert answer.answered
    assert "Paris Saint-Germain" in answer.text


def test_the_opponent_of_history_the_answer_told_is_not_a_ties_opponent(engine: Engine) -> None:
    # "The opponent" would otherwise be read as each tie's opponent (Atlético, Real Madrid).
    answer = dialog(engine, _RECORD,
                    "and the opponent in that game?")
    assert answer.answered
    assert answer.facts == ["record-manchester-united-psg-2019"]


# --- a year of history named in a follow-up is that year's game -----------------------------
def test_a_history_year_in_a_follow_up_is_not_the_last_ties_news(engine: Engine) -> None:
    # The first answer is the 2020 tie's; "back in 2016" is the game Hayward compared it with.
    answer = dialog(engine, "what did hayward say could happen if atleti got an away goal at anfield",
                    "who had they done it against back in 2016?")
    assert answer.answered
    assert "Bayern" in answer.text


def test_a_bare_year_follow_up_still_asks_the_last_question_again(engine: Engine) -> None:
    # "And in 2019?" asks nothing of its own: the last question again, of that year.
    answer = dialog(engine, "how many european cups had liverpool won by 2021", "and in 2019?")
    assert answer.answered


# --- "that tie" is the past game the answer named that the question asked for ---------------
def test_that_tie_is_the_past_game_the_answer_named_of_the_competition_asked(engine: Engine) -> None:
    # The answer names two past comebacks (Barcelona's in the Champions League, Dortmund's in the
    # Europa League); the question asked for the Europa League one, so "that tie" is Dortmund's.
    answer = dialog(engine, "which europa league comeback did klopp compare the 2021 game with",
                    "how did that tie finish on aggregate")
    assert answer.answered
    assert answer.facts == ["liverpool-2016-dortmund-comeback"]
    assert "5-4" in answer.text


def test_a_fresh_question_after_a_recalled_game_is_read_fresh(engine: Engine) -> None:
    # Naming a tie's year asks of that tie, whatever past game the last answer recalled.
    answer = dialog(engine, "which europa league comeback did klopp compare the 2021 game with",
                    "who won the 2023 first leg")
    assert answer.answered
    assert "5-2" in answer.text


# --- the next round's name is what a preview says was at stake -------------------------------
def test_the_next_rounds_name_is_what_the_tie_had_at_stake(engine: Engine) -> None:
    answer = dialog(engine, "which round was the 2020 tie", "ok so what was the next round called then")
    assert answer.answered
    assert "quarter-finals" in answer.text


def test_the_round_a_comeback_would_reach_is_the_one_at_stake(engine: Engine) -> None:
    # "It" is the comeback the first answer's deficit asks for, not the first leg it told.
    answer = dialog(engine, "how far behind were liverpool after the 2021 first leg",
                    "what stage could they get to if they did it?")
    assert answer.answered
    assert "semi-finals" in answer.text


def test_what_happened_in_the_next_round_is_still_after_the_articles(engine: Engine) -> None:
    answer = dialog(engine, "who did liverpool face in the next round in 2020")
    assert not answer.answered
