"""Fans' filler, shorthand and words about themselves are not what a question is about.

A word the engine does not know counts as the question's topic, and a topic no fact shares is
declined ("The articles say nothing about ..."). Shorthand ("wen", "comp", "smth"), the source
cited ("per the preview"), the asker's memory ("I forgot") and a detail's label ("stadium name")
are read from the language files as what they stand for, or as words that only frame the
question, so the question is answered; a question about something else stays declined. Every
question here is written for this file (none comes from an evaluation set).
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize(("shorthand", "written_out"), [
    ("wen did atleti win the 2020 first leg", "when did atleti win the 2020 first leg"),
    ("what comp did liverpool win in 2019", "what competition did liverpool win in 2019"),
    ("did hayward say smth about bayern", "did hayward say something about bayern"),
    ("en q comp ganó el liverpool en 2019", "en que competicion ganó el liverpool en 2019"),
])
def test_shorthand_reads_as_the_words_it_stands_for(engine: Engine, shorthand: str, written_out: str) -> None:
    short, full = engine.answer(shorthand), engine.answer(written_out)
    assert short.answered, (short.reason, short.text)
    assert (short.reason, short.text) == (full.reason, full.text)


@pytest.mark.parametrize(("question", "expected"), [
    ("per the 2023 preview, which madrid players scored at anfield", "Vinícius"),  # the source cited
    ("according to the 2020 article who managed atleti", "Simeone"),
    ("forgot who the atleti manager was in 2020", "Simeone"),                   # the asker's memory
    ("ground name for the 2023 second leg?", "Bernabéu"),                       # a detail's label
    ("which dortmund comeback did klopp mention", "Dortmund"),
    ("when did lfc play dortmund in the el", "2016"),                           # "the EL": Europa League
    ("what happened to salah the weekend before the trip to madrid in 2023", "Bournemouth"),  # a trip: the game
    ("se me olvidó, quién era el entrenador del atleti en 2020", "Simeone"),
    ("nombre del estadio de la vuelta en 2023", "Bernabéu"),
    ("benzema and vini's goals combined in the 2023 first leg", "two goals each"),  # "combined": a count
    ("how did atleti fare in the 2020 first leg", "1-0"),                       # "fare": how it went
])
def test_filler_and_framing_words_are_not_taken_for_the_topic(engine: Engine, question: str, expected: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert "say nothing about" not in answer.text
    assert expected in answer.text, answer.text


@pytest.mark.parametrize("question", [
    "per the articles, is it snowing in madrid today",
    "i forgot, what's the population of madrid",
    "what's the name of the mayor of liverpool",
    "list the best pubs near anfield",
    "wen is the madrid marathon",
    "cuál es el nombre del alcalde de madrid",
    "se me olvidó, qué tiempo hace en liverpool",
    "what's the train fare from madrid to liverpool",
])
def test_a_question_about_something_else_stays_declined_whatever_its_filler(engine: Engine,
                                                                            question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, answer.text


def test_a_trip_is_a_word_not_a_typo(engine: Engine) -> None:
    """"Trip" names the away game; read as a typo of "tip" it made a result question a prediction one."""
    reading = engine.explain("how did liverpool get on the weekend before their trip to madrid in 2023").reading
    assert reading.corrected == 0
    assert "trip" not in reading.unknown_words
