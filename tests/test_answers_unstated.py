"""Questions the articles cannot answer get a decline, not a confident fact about something else.

A detail asked of one game (where a leg was played, who scored in it, one side's shots) is answered
only by a fact about that game stating it; a result from after the articles, or another club's
league, is declined with the reason. And what the articles do state is still answered.

Every question here is written for this file (none comes from an evaluation set); each is aimed at
one mechanism, and the reason code says which stage decided.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine
from bot.core.knowledge.store import load_knowledge
from tests.helpers import KNOWLEDGE


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_knowledge(KNOWLEDGE))


# --- the ground of one leg -----------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "where did they end up staging the opening leg of the 2021 quarter-final against madrid, then",
    "where was the 2021 opening leg with real actually hosted",
    "where is the first leg of the rm lfc qf in 21 held",
])
def test_the_ground_of_a_leg_no_fact_places_is_declined(engine: Engine, question: str) -> None:
    """The 2021 first leg's ground is never said; the first-leg score fact names Anfield, the second leg's."""
    answer = engine.answer(question)
    assert not answer.answered, answer.text
    assert answer.reason == "asked-detail:venue", answer.reason


@pytest.mark.parametrize(("question", "ground"), [
    ("where was the opening leg between atleti and the reds in 2020 staged", "Metropolitano"),
    ("where was the 2023 first game of the madrid tie played", "Anfield"),
    ("where was the return game with real in the 2021 quarters held", "Anfield"),
    ("madrid v the reds in 2023: where is their return leg held", "Bernab"),
])
def test_the_ground_of_a_leg_a_fact_places_is_still_answered(engine: Engine, question: str, ground: str) -> None:
    answer = engine.answer(question)
    assert answer.answered and ground in answer.text, (answer.reason, answer.text)


def test_the_ground_of_a_final_no_fact_places_is_declined(engine: Engine) -> None:
    """The 2022 final is told (who won it), never where it was played."""
    answer = engine.answer("where was the 2022 champions league final between madrid and liverpool played")
    assert not answer.answered, answer.text
    assert answer.reason.startswith("asked-detail:"), answer.reason
