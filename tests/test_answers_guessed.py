"""A word read as a typo of another is a guess: it alone is no evidence that a fact answers the question.

A fan's "penalti" is "penalty", and the fact about the missed penalty answers. But a question about
something the articles never speak of, in words no fact uses, can have one of its words "corrected"
into a fact's word ("palace" into "place"); that guess must not carry a confident answer.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize("question", ["history of the royal palace of liverpool", "royal palace madrid history"])
def test_a_fact_sharing_only_a_guessed_word_is_no_answer(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered and answer.reason == "off-topic", (answer.reason, answer.text)


def test_a_typo_of_the_fact_word_still_finds_the_fact(engine: Engine) -> None:
    answer = engine.answer("who missed the penalti against bournemouth")
    assert answer.answered and "Salah" in answer.text, (answer.reason, answer.text)
