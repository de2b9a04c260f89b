"""Ranking by what the question specifically names (issue 11): the fact sharing the question's own
names and words beats a general fact about the same tie.

Every question here is written for this file (none comes from an evaluation set).
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine
from bot.core.answering.index import FactIndex
from bot.core.knowledge.store import Knowledge, load_knowledge
from tests.helpers import KNOWLEDGE


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(KNOWLEDGE)


@pytest.fixture(scope="module")
def engine(knowledge: Knowledge) -> Engine:
    return Engine(knowledge)


def _named(index: FactIndex, fact_id: str) -> frozenset[str]:
    return index.facts[fact_id].named


# --- a leg's ground is named by the facts about that leg -------------------------------------------
def test_a_fact_of_one_leg_names_where_that_leg_was_played(knowledge: Knowledge) -> None:
    index = FactIndex(knowledge)
    # Its `leg` says so: the 2020 second leg was at Anfield.
    assert "anfield" in _named(index, "atletico-2020-finely-poised")
    # No `leg`, but its answer is about one leg ("if Atlético scored in the 2020 second leg").
    assert "anfield" in _named(index, "atletico-2020-if-atletico-score")
    assert "wanda-metropolitano" in _named(index, "hayward-2020-first-leg-not-good")
    # The entity list itself is left as the curator wrote it: the ground counts for the entity signal only.
    assert "anfield" not in index.facts["atletico-2020-if-atletico-score"].entities


def test_a_leg_named_as_the_moment_something_was_said_is_not_what_the_fact_is_about(knowledge: Knowledge) -> None:
    index = FactIndex(knowledge)
    # "after a training session before the 2021 quarter-final second leg": the leg dates the session.
    assert "anfield" not in _named(index, "real-madrid-2021-training-session")
    # "before the 2023 round-of-16 second leg": the leg dates what Ancelotti asked of his team.
    assert "santiago-bernabeu" not in _named(index, "ancelotti-2023-quote-intensity")
    # "over the weekend before the 2023 Real Madrid second leg": a league game elsewhere.
    assert "santiago-bernabeu" not in _named(index, "liverpool-2023-bournemouth-score")


def test_a_leg_only_a_quote_mentions_is_the_speakers_not_the_facts(knowledge: Knowledge) -> None:
    index = FactIndex(knowledge)
    # Ancelotti's words recall the first leg at Anfield; the fact is his message before the second.
    assert "anfield" not in _named(index, "ancelotti-2023-quote-message")


def test_spanish_facts_read_their_own_moment_words(knowledge: Knowledge) -> None:
    index = FactIndex(knowledge, knowledge.languages["es"])
    # "el fin de semana anterior a la vuelta": the weekend before, not the second leg itself.
    assert "santiago-bernabeu" not in _named(index, "liverpool-2023-bournemouth-score")
    assert "anfield" in _named(index, "atletico-2020-if-atletico-score")


def test_naming_the_ground_of_the_leg_a_fact_is_about_does_not_count_against_it(engine: Engine) -> None:
    answer = engine.answer("say atletico net at anfield - how many does liverpool need according to hayward")
    assert answer.answered and "would need three" in answer.text, answer.text
