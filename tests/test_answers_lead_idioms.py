"""Fans' idioms for a lead ("the upper hand", "in the driving seat") ask for the advantage a side held (issue 11).

The facts say "advantage" or "leading"; the idioms are read as "advantage" (`idioms` in the language file),
so the question finds the lead the first leg left instead of being declined for a word no fact uses; "who was
ahead after the first leg" asks who won it.
Every question is written for this file; the engine and the knowledge files are the real ones.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize(("question", "wanted"), [
    ("why did madrid have the upper hand in 2023", "three-goal"),
    ("were liverpool in the driving seat before the 2020 second leg", "1-0"),
    ("did atleti have the upper hand going to anfield", "1-0"),
    # who was ahead after a leg: who won it
    ("who had the advantage after the 2021 first leg", "3-1"),
    ("who was in front after the first leg in 2020", "1-0"),
    ("who was leading after the 1st leg v madrid in 2023", "5-2"),
])
def test_a_lead_asked_in_idioms_is_the_advantage_held(engine: Engine, question: str, wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert wanted in answer.text
