"""A question about a club's past ("the only time", "ever", "went out") is answered by the history the
articles recall, not by the news of the tie it shares words with (the language files' `past_asks`).

Every question here is written for this file (none comes from an evaluation set).
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize("question", [
    "which year did madrid go out despite an away win in the first leg",
    "¿cuál fue la única vez que el madrid cayó eliminado tras ganar la ida fuera?",
    # "how long since" asks when they last did it (an idiom read as "when")
    "how long has it been since madrid were knocked out despite an away first-leg win",
])
def test_going_out_after_an_away_first_leg_win_is_the_history_the_article_recalls(engine: Engine,
                                                                                  question: str) -> None:
    answer = engine.answer(question)
    assert answer.reason == "answered", (answer.reason, answer.text)
    assert answer.facts[0] == "real-madrid-2023-ajax-2019", answer.facts


def test_the_tie_s_own_result_is_still_the_tie_s_fact(engine: Engine) -> None:
    answer = engine.answer("by how much did madrid win the first leg at anfield in 2023")
    assert answer.reason == "answered", (answer.reason, answer.text)
    assert "5-2" in answer.text


def test_going_out_in_one_of_the_ties_is_still_after_the_articles(engine: Engine) -> None:
    answer = engine.answer("did liverpool go out against real madrid in 2023")
    assert answer.reason == "after-the-articles", (answer.reason, answer.text)
