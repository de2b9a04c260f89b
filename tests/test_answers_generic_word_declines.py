"""Off-topic questions that share only a word of any topic, a number or a name with a fact are declined.

A fan asking the cheapest way to fly somewhere, whether a manager is a good cook, or for a sum gets a
decline: a quote about doing things "the easy way", a fact about "the 13-time European champions", or
one naming the club says nothing of it; nor does a fact only naming a past game give its aggregate.
Confidence means a topic in common, not a word like "way" or "good" (the language files'
`generic_words`), nor a bare number. Answerable questions worded with the same words keep their
answers. Every question is written for this file; the engine and the knowledge files are the real ones.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize("question", [
    "quickest way to fly out to madrid for the game in march",
    "any good podcasts about atletico",
    "is klopp a good cook",
    "best time of year to visit madrid",
    "¿cuál es la mejor manera de volar barato a madrid?",
    "¿algún buen podcast sobre el atleti?",
    "is madrid safe at night",
    "¿cuál es tu jugador favorito del atleti?",
    "¿qué le regalo a un fan del liverpool?",
])
def test_a_fact_sharing_only_words_of_any_topic_is_no_answer(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, (answer.reason, answer.text)


@pytest.mark.parametrize("question", [
    "whats 12 times 14 ynwa",
    "quick one, what's 15 times 4",
    "atleti fan here, what is 9 minus 4",
    "real madrid have 14 titles, what's 14 squared",
    "whats 21 divided by 7 lol",
    "¿cuánto es 15 por 4?",
    "¿cuánto da 100 menos 37?",
    "¿el madrid tiene 14 copas, cuánto es 14 al cuadrado?",
    "what is five plus two lol",
    "¿cuánto es cinco más dos?",
])
def test_sums_are_declined_whatever_number_a_fact_shares(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, (answer.reason, answer.text)
    assert answer.reason == "asked-detail:arithmetic"


@pytest.mark.parametrize(("question", "reason"), [
    ("who is the richest player at real madrid", "asked-detail:money"),
    ("is it pricey to go and watch atletico", "asked-detail:money"),
    ("¿quién es el jugador más rico del atleti?", "asked-detail:money"),
    ("¿es caro ir a ver al atleti?", "asked-detail:money"),
    ("can i fly easyjet to madrid for the return leg", "asked-detail:travel"),
    ("¿cómo es volar de liverpool a madrid?", "asked-detail:travel"),
    ("were atletico 6th in the league back in 2020", "asked-detail:league-table"),
    ("a top 4 finish for liverpool in 2020?", "after-the-articles"),
    ("how many caps does salah have for egypt", "count-not-stated:caps"),
    ("¿cuántas internacionalidades tiene salah?", "count-not-stated:internacionalidades"),
])
def test_prices_journeys_places_and_counts_no_fact_gives(engine: Engine, question: str, reason: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, (answer.reason, answer.text)
    assert answer.reason == reason


@pytest.mark.parametrize("question", [
    "psg real madrid 2022 aggregate?",
    "city vs madrid 2022 semi aggregate",
    "atletico bayern 2016 aggregate?",
    "el psg-madrid de 2022, global?",
])
def test_a_past_games_aggregate_needs_a_fact_giving_its_score(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, (answer.reason, answer.text)
    assert answer.reason == "asked-detail:scoreline"


@pytest.mark.parametrize(("question", "expected"), [
    ("how many times had madrid won the european cup by 2021", "13"),
    ("was the 13 times champions tag mentioned for madrid in 2021", "13"),
    ("how good was madrid's form before the 2023 second leg", "Espanyol"),
    ("what did klopp say about doing things the easy way", "easy way"),
    ("how many goals were there in the 5-2 altogether", "7"),
    ("did madrid win five to two at anfield in 2023", "5-2"),
    ("¿el madrid ganó cinco a dos en anfield?", "5-2"),
    ("¿cuántas veces había ganado el madrid la copa de europa en 2021?", "13"),
    ("¿qué tal llegaba el madrid de forma a la vuelta de 2023?", "Espanyol"),
    ("¿cómo estaba el cara a cara entre madrid y liverpool antes de 2023?", "siete"),
    ("how many shots on target did liverpool manage in the 2020 first leg", "shot"),
    ("¿seguro que el atleti ganó la ida 1-0 en 2020?", "1-0"),
    ("barca liverpool 2019 aggregate", "4-0"),
    ("liverpool v dortmund back in 2016, aggregate?", "5-4"),
    ("el dortmund-liverpool de 2016, cuál fue el global", "5-4"),
])
def test_answerable_look_alikes_keep_their_answers(engine: Engine, question: str, expected: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert expected in answer.text
