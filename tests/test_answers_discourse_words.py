"""Words that only shape a request are not its topic: how long, how much, how fans say "what's up".

A word the engine does not know counts as the question's topic, and a topic no fact shares is
declined ("The articles say nothing about ..."). How long an answer may be ("in two sentences",
"sketch it in a paragraph"), how much of it ("the important bits"), an aside ("tho"), fans'
"the 411" and "where are we at" are read from the language files as words that frame the
question or ask for the tie's story, so the question is answered. An everyday topic no fact
has ("the weather", "ticket prices") stays declined, even beside a word asking for an overview.
Every question here is written for this file (none comes from an evaluation set).
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize(("question", "expected"), [
    ("sketch the 2020 atleti tie for me in two sentences", "1-0"),          # how long
    ("outline the 2023 real madrid tie", "5-2"),
    ("the 2021 quarter-final in one paragraph please", "3-1"),
    ("all the important stuff about the 2023 madrid tie", "5-2"),            # how much
    ("hit me with the 411 on the 2021 madrid tie", "3-1"),                    # fans' words
    ("so where are we at with the 2020 atleti tie", "1-0"),
    ("2023 vs madrid, first leg, how bad was it", "5-2"),
    ("resume la eliminatoria de 2021 en un par de frases", "3-1"),            # es
    ("lo importante de la eliminatoria de 2023", "5-2"),
])
def test_words_shaping_the_request_ask_for_the_tie(engine: Engine, question: str, expected: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert expected in answer.text


def test_an_aside_is_no_topic_in_a_follow_up(engine: Engine) -> None:
    first = engine.answer("recap of the 2023 real madrid tie", conversation="aside")
    assert first.answered
    follow = engine.answer("which round was it tho", conversation="aside")
    assert follow.answered, (follow.reason, follow.text)
    assert "16" in follow.text


@pytest.mark.parametrize("question", [
    "where are we at with the weather in madrid in 2023",
    "give me a quick recap of the ticket prices for the 2021 tie",
    "in a few sentences, what is the population of liverpool",
    "how big is the bernabeu",
])
def test_an_everyday_topic_stays_declined(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, answer.text
