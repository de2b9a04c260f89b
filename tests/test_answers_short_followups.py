"""Short follow-ups asking one more detail of what the last answer was about.

A fan asks about a game, then types two words ("which round?", "¿qué fase?"): the detail is asked of the
last answer's subject, its tie, its leg, its person. Every question here is written for this file, none
comes from an evaluation set; the engine and the knowledge files are the real ones.
"""

from __future__ import annotations

import itertools

from bot.core.answering.answer import Answer
from bot.core.answering.engine import Engine

_conversations = itertools.count()


def dialog(engine: Engine, *questions: str) -> Answer:
    """Ask the questions in one new conversation; the last answer."""
    conversation = f"short-followups-{next(_conversations)}"
    answers = [engine.answer(q, conversation) for q in questions]
    return answers[-1]


# --- a tie's round, asked after a question about one of its legs ----------------------------
def test_the_round_after_a_legs_date_is_its_ties_round(engine: Engine) -> None:
    # The leg the first question named carries over, but a round is the tie's, not one leg's.
    answer = dialog(engine, "when is the return leg in 2021", "which round was it")
    assert answer.answered
    assert "quarter-final" in answer.text


def test_the_stage_after_a_legs_ground_in_spanish(engine: Engine) -> None:
    answer = dialog(engine, "¿dónde se jugó la ida de 2020?", "¿qué fase?")
    assert answer.answered
    assert "octavos" in answer.text
    assert "Lynch" not in answer.text


def test_a_round_asked_of_a_named_leg_is_its_ties(engine: Engine) -> None:
    answer = engine.answer("what stage of the competition was the 2023 return game")
    assert answer.answered
    assert "round of 16" in answer.text or "last 16" in answer.text


def test_the_next_round_a_fact_names_is_not_the_round_asked(engine: Engine) -> None:
    # An expert's "colarse en la siguiente ronda" speaks of the round after the tie.
    answer = engine.answer("¿de qué ronda era la vuelta del 2020?")
    assert answer.answered
    assert "octavos" in answer.text
    assert "Lynch" not in answer.text


# --- a bare "when?", "where?" asks its own kind of question of the last answer's game ------
def test_a_bare_when_after_a_ground_asks_that_legs_day(engine: Engine) -> None:
    answer = dialog(engine, "at which ground was the 2021 return leg", "when?")
    assert answer.answered
    assert "Wednesday" in answer.text
    assert "famous night" not in answer.text  # not the ground's answer again


def test_a_bare_where_after_a_date_asks_that_legs_ground(engine: Engine) -> None:
    # Neither the date again nor the date's decline: the ground of the leg the date was of.
    answer = dialog(engine, "what date was the 2023 second game", "where?")
    assert answer.answered
    assert "Bernabéu" in answer.text
    assert "15 March" not in answer.text


def test_a_bare_cuando_after_a_ground_in_spanish(engine: Engine) -> None:
    answer = dialog(engine, "¿dónde se juega la vuelta de 2023?", "¿cuándo?")
    assert answer.answered
    assert "15 de marzo" in answer.text


def test_a_bare_question_word_after_a_decline_still_leans_on_the_last_question(engine: Engine) -> None:
    # Nothing was answered, so there is no subject to ask a new detail of: the last kind carries on.
    first = engine.answer("who refereed the 2023 first leg", "short-followups-declined")
    assert not first.answered
    answer = engine.answer("when?", "short-followups-declined")
    assert not answer.answered
