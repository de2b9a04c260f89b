"""A round later than a tie's own, asked of that tie's season: it came after the articles.

Rounds are compared by their place in a season (the language's `round_order`) against the tie's round
in ties.yaml. Every question here is written for this file.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize("question", [
    "which side did atleti draw in the 2020 quarter finals",
    "2021 semis opponent for liverpool?",
    "rm 2023 quarters: who were they up against",
])
def test_a_later_round_of_the_ties_season_is_after_the_articles(engine: Engine, question: str) -> None:
    answer = engine.answer(question, None)
    assert answer.reason == "after-the-articles", (answer.reason, answer.text)


def test_a_later_round_in_a_follow_up_counts_from_the_tie_before(engine: Engine) -> None:
    engine.answer("in the 2021 quarter final, what did madrid win the home leg by", "round-after")
    answer = engine.answer("and who was waiting for them in the semis", "round-after")
    assert answer.reason == "after-the-articles", (answer.reason, answer.text)


@pytest.mark.parametrize(("question", "needle"), [
    ("the scoreline at the end of the 2021 quarter final opening leg, anyone?", "3-1"),  # the tie's own round
    ("lfc atleti round of 16: the score of the game in madrid", "1-0"),
])
def test_the_ties_own_round_is_still_answered(engine: Engine, question: str, needle: str) -> None:
    answer = engine.answer(question, None)
    assert answer.answered and needle in answer.text, (answer.reason, answer.text)


def test_a_later_round_is_not_read_as_asking_for_the_ties_overview(engine: Engine) -> None:
    engine.answer("fill me in on how the 2021 quarter final went", "round-after-overview")
    answer = engine.answer("right, and the semis: which team stood in their way", "round-after-overview")
    assert answer.reason == "after-the-articles", (answer.reason, answer.text)
