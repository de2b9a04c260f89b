"""Everyday errands in fans' chat that name a club, a city or a ground: declined, not answered by a match fact.

A tour of a ground, a museum's hours, a hotel or a bar near a stadium, school work, a band's records, a job
hunt or a games console are life around football: a fact naming the same ground or city says nothing of
them, and the `everyday-errands` detail (knowledge/language/en.yaml, es.yaml) declines them with its reply.
Look-alikes about the ties (where a leg was played, the crowd or the fans at a game, Liverpool's comeback
heroes, what Klopp said of his job) stay answered. Every question here is written for this file, none
comes from an evaluation set; the engine and the knowledge files are the real ones.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine

_ERRANDS = "asked-detail:everyday-errands"


@pytest.mark.parametrize("question", [
    "is there a guided tour of anfield on matchdays",
    "what time does the atletico museum open on sundays",
    "cheap hostels close to the bernabeu?",
    "where can i eat near the metropolitano before kick off",
    "need help with my algebra homework, come on you reds",
    "what's the best album by a band from liverpool",
    "looking for a job in madrid, any vacancies lads",
    "my ps5 keeps crashing while i play as real madrid",
    "my back is killing me after five-a-side, liverpool till i die",
    "sprained my wrist celebrating the atleti goal, what do i do",
])
def test_an_everyday_errand_naming_a_club_or_ground_is_declined_in_english(engine: Engine,
                                                                            question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, answer.text
    assert answer.reason == _ERRANDS, (answer.reason, answer.text)
    assert "everyday things" in answer.text


@pytest.mark.parametrize("question", [
    "¿a qué hora abre el museo del Real Madrid?",
    "¿algún hotel barato cerca de Anfield?",
    "me ayudas con los deberes de mates? hala madrid",
    "¿cuál es el mejor disco de un grupo de Liverpool?",
    "¿dónde comer cerca del Metropolitano antes del partido?",
    "me duelen las rodillas de saltar con los goles del Madrid",
])
def test_an_everyday_errand_naming_a_club_or_ground_is_declined_in_spanish(engine: Engine,
                                                                            question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, answer.text
    assert answer.reason == _ERRANDS, (answer.reason, answer.text)
    assert "día a día" in answer.text


@pytest.mark.parametrize(("question", "expected"), [
    ("where was the 2020 first leg played", "Madrid"),
    ("which ground hosted the 2023 second leg", "Bernabéu"),
    ("were fans allowed in for the 2021 second leg", "fans"),
    ("how did the wanda metropolitano crowd help atletico", "crowd"),
    ("who were liverpool's heroes in the comeback against barcelona", "Barcelona"),
    ("what did klopp say his job was in 2021", "Klopp"),
    ("¿dónde se jugó la vuelta de 2023?", "Bernabéu"),
    ("¿qué dijo Klopp antes de la vuelta de 2021?", "Klopp"),
])
def test_a_look_alike_about_the_ties_stays_answered(engine: Engine, question: str, expected: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert expected in answer.text
