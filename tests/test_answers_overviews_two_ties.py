"""Two ties asked at once: each year with its own club, or the ties a club's name says are its own.

"Atleti 2020 and Real 2023" names a tie in each year; read as one set of clues, the clubs and years
pointed only to the tie both agreed on. "Each of Madrid's ties" is "each of the ties": a name where
a determiner stands still compares the ties. Every question here is written for this file (none
comes from an evaluation set).
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize(("question", "expected"), [
    ("quick recap: real 2021 and atletico 2020", ("1-0", "3-1")),
    ("summary of madrid 2023 + atleti 2020 pls", ("1-0", "5-2")),
])
def test_a_club_and_year_each_name_their_own_tie(engine: Engine, question: str, expected: tuple[str, ...]) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert all(score in answer.text for score in expected), answer.text


def test_one_year_is_still_narrowed_by_the_club(engine: Engine) -> None:
    answer = engine.answer("recap atleti 2020")
    assert answer.answered
    assert "1-0" in answer.text and "5-2" not in answer.text


@pytest.mark.parametrize(("question", "expected"), [
    ("what were the first-leg scores in each of Liverpool's three ties", ("1-0", "3-1", "5-2")),
    ("how did each of Real Madrid's ties against them begin", ("3-1", "5-2")),
])
def test_a_name_before_the_ties_still_compares_them(engine: Engine, question: str, expected: tuple[str, ...]) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert all(score in answer.text for score in expected), answer.text
