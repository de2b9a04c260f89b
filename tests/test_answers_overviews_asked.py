"""Overviews asked as "what happened", "tell me about": a tie named, and words that only ask to hear about it.

"Happened" is a history cue and "tell" a quote cue, but beside a named tie and nothing else they ask
for the tie's story (its round and both legs), not one fact. A question that asks a detail besides
(a score, a quote, a moment, what a side would need) keeps getting the detail. Every question here
is written for this file (none comes from an evaluation set).
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize(("question", "score"), [
    ("so what happened with Madrid and Liverpool in 2021?", "3-1"),           # a history cue, a frame word
    ("tell me about the 2023 Real Madrid game", "5-2"),                       # "tell": no topic word at all
    ("tell me what happened when Liverpool faced Atlético in 2020", "1-0"),   # a quote cue and a history cue
    ("could you tell me what happened between the reds and real in 2023", "5-2"),  # asked of the bot
])
def test_what_happened_in_a_named_tie_gets_its_overview(engine: Engine, question: str, score: str) -> None:
    answer = engine.answer(question)
    assert answer.reason == "overview", (answer.reason, answer.text)
    assert score in answer.text


@pytest.mark.parametrize(("question", "wanted"), [
    ("tell me what Klopp said before the 2021 second leg", "Klopp said"),     # a person's words
    ("what happened at half time of the 2023 first leg", "2-0"),              # a moment of the game
    ("tell me the score of the 2021 first leg", "3-1"),                       # a score
    ("in the 2023 return leg in Madrid, what would Liverpool need", "magical"),  # what a side would need
    ("what happened between Liverpool and Barcelona in 2019", "Barcelona"),   # a club beyond the ties
])
def test_a_detail_asked_beside_the_tie_keeps_the_detail(engine: Engine, question: str, wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.reason not in {"overview", "overview-per-tie"}, (answer.reason, answer.text)
    assert wanted in answer.text, answer.text


def test_a_polite_could_you_is_asked_of_the_bot_not_a_hypothetical(engine: Engine) -> None:
    answer = engine.answer("could you remind me about the 2020 tie")
    assert answer.reason == "overview" and "1-0" in answer.text, (answer.reason, answer.text)


def test_the_month_a_tie_was_played_in_places_the_question_in_it(engine: Engine) -> None:
    answer = engine.answer("So what happened between Atlético and Liverpool in March of 2020")
    assert answer.reason == "overview" and "1-0" in answer.text, (answer.reason, answer.text)


def test_a_month_no_leg_was_played_in_is_not_the_ties_story(engine: Engine) -> None:
    answer = engine.answer("what happened between Liverpool and Real in May 2023")
    assert answer.reason not in {"overview", "overview-per-tie"}, (answer.reason, answer.text)


@pytest.mark.parametrize(("question", "count"), [
    ("which are the ties you cover?", 3),
    ("name the two games you know with Real Madrid", 2),
])
def test_the_ties_known_asked_for_are_listed_one_line_each(engine: Engine, question: str, count: int) -> None:
    answer = engine.answer(question)
    assert answer.reason == "overview-per-tie", (answer.reason, answer.text)
    assert answer.text.count("first leg") == count, answer.text
