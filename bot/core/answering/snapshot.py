"""Everything built from one knowledge snapshot for answering, swapped in as a single reference."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.answering.details import AttributeReader
from bot.core.answering.index import FactIndex
from bot.core.answering.names import NameCoverage
from bot.core.answering.reading import QuestionReader
from bot.core.answering.roles import RoleReader
from bot.core.knowledge.store import Knowledge

__all__ = ["Snapshot", "build_snapshot"]


@dataclass(frozen=True)
class Snapshot:
    """The knowledge and the indexes and readers built from it; immutable once built."""

    knowledge: Knowledge
    index: FactIndex
    reader: QuestionReader
    everywhere: frozenset[str]
    """The teams in every tie (Liverpool): naming them does not pick a tie."""
    attributes: AttributeReader
    names: NameCoverage
    roles: RoleReader


def build_snapshot(knowledge: Knowledge) -> Snapshot:
    """Index a knowledge snapshot; pure (no engine state), so a reload runs it in a worker thread."""
    index = FactIndex(knowledge)
    return Snapshot(
        knowledge=knowledge,
        index=index,
        reader=QuestionReader(knowledge, index),
        everywhere=_everywhere(knowledge),
        attributes=AttributeReader(knowledge.facts.values(), knowledge.entities, knowledge.language),
        names=NameCoverage(knowledge, index, index.common),
        roles=RoleReader(knowledge),
    )


def _everywhere(knowledge: Knowledge) -> frozenset[str]:
    sets = [set(t.teams) for t in knowledge.ties.values()]
    return frozenset(set.intersection(*sets)) if sets else frozenset()
