"""Off-topic chat and near-domain questions are declined, not met with a confident fact that shares a name.

A fan asking about a player's looks or gear, about learning a language to talk to other fans, or for the
score of a past game the facts only mention, gets a decline: a fact naming the player, the club or the
year says nothing of it. Answerable look-alikes in the same words keep their answers. Every question is
written for this file; the engine and the knowledge files are the real ones.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize("question", [
    "salah's hairstyle is mad, who does his hair",
    "what cleats is vinicius playing in these days",
    "does simeone have any tattoos",
    "what does ancelotti wear on the touchline lol",
    "¿quién tiene el peor peinado del atleti?",
    "¿qué botines usa benzema?",
])
def test_looks_and_gear_are_declined(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, answer.text


@pytest.mark.parametrize("question", [
    "any tips to learn english quick so i can talk to the kop",
    "good app for portuguese lessons before the madrid away trip?",
    "¿cómo aprendo inglés rápido para hablar con los de anfield?",
    "¿sabéis de alguna academia de inglés en liverpool?",
])
def test_learning_a_language_is_an_errand(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, answer.text


@pytest.mark.parametrize("question", [
    "real madrid vs ajax 2019, what were the scores",
    "gimme the actual scores from when ajax knocked out madrid",
])
def test_the_score_of_a_game_only_mentioned_is_declined(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, answer.text


@pytest.mark.parametrize(("question", "expected"), [
    ("what were the scores after the first leg at the bernabeu in 2021", "3-1"),
    ("which madrid players got the goals at anfield in the 5-2", "Benzema"),
    ("who is atletico's head coach", "Simeone"),
])
def test_answerable_look_alikes_keep_their_answers(engine: Engine, question: str, expected: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert expected in answer.text


@pytest.mark.parametrize(("question", "name"), [
    ("what did simeones side need at anfield", "Simeone"),
    ("how big was madrids lead after the first leg in 2023", "5-2"),
])
def test_a_possessive_without_its_apostrophe_names_them(engine: Engine, question: str, name: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert name in answer.text


@pytest.mark.parametrize("question", [
    "who scored liverpools goal in the 3-1 in 2021",
    "what car does klopps assistant drive",
    "whats salahs go to pizza order",
])
def test_a_club_or_person_shared_is_not_enough(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, answer.text


def test_a_year_told_of_another_club_is_not_the_named_clubs(engine: Engine) -> None:
    # The comparisons fact dates Dortmund's game to 2016 and Barcelona's to 2019: Dortmund's 2019 is not in it.
    answer = engine.answer("who were dortmund up against in 2019")
    assert not answer.answered, answer.text
    kept = engine.answer("who knocked barcelona out in 2019")
    assert kept.answered, (kept.reason, kept.text)
    assert "Liverpool" in kept.text
