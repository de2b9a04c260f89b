"""Follow-ups of two or three turns: the short second question that only makes sense after the first answer.

A fan asks something, then types a few words ("and wen?", "y tho", "¿y cuándo?"): the language, the game,
the kind of question come from the conversation unless the words themselves say otherwise. Every question
here is written for this file, none comes from an evaluation set; the engine and the knowledge files are
the real ones.
"""

from __future__ import annotations

import itertools

from bot.core.answering.answer import Answer
from bot.core.answering.engine import Engine

_conversations = itertools.count()


def dialog(engine: Engine, *questions: str) -> Answer:
    """Ask the questions in one new conversation; the last answer."""
    conversation = f"followup-turns-{next(_conversations)}"
    answers = [engine.answer(q, conversation) for q in questions]
    return answers[-1]


# --- a short follow-up keeps the conversation's language -------------------------------------
def test_a_chat_why_after_an_english_answer_stays_english(engine: Engine) -> None:
    # "y" is Spanish's "and" and English chat's "why": too few words to tell, the conversation's language.
    answer = dialog(engine, "who were favourites in 2020", "y tho")
    assert answer.lang == "en"
    assert answer.answered
    assert "holders" in answer.text


def test_a_follow_up_clearly_in_spanish_still_switches(engine: Engine) -> None:
    answer = dialog(engine, "who were favourites in 2020", "¿y por qué eran los favoritos?")
    assert answer.lang == "es"
    assert answer.answered


# --- "and when?" with an opener asks its own kind of question of the last answer's game ------
def test_and_when_after_a_ground_asks_that_legs_day(engine: Engine) -> None:
    answer = dialog(engine, "where was the 2020 return leg played", "and wen?")
    assert answer.answered
    assert "11 March" in answer.text


def test_and_when_in_spanish_after_a_ground(engine: Engine) -> None:
    answer = dialog(engine, "¿dónde es la vuelta de 2020?", "¿y cuándo?")
    assert answer.answered
    assert "11 de marzo" in answer.text
