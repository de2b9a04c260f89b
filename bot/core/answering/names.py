"""Whether a fact is about the people and clubs a question names.

A question that names Manchester United and PSG asks about their game; a fact about Liverpool
v Barcelona that shares the word "score" with it answers something else. So a question naming
people or clubs beyond the ties' own can only be answered by a fact that names at least one
of them, in its entity list or in its text (a fact's entity list can be shorter than what its
answer mentions: "Mohamed Salah missed a penalty" in a Bournemouth score fact). The text is
read through the index's word stems, so this costs nothing to build and a few set lookups per
question.

For the same reason a fact that shares no topic word with a question that has a weighty one
("what did the Liverpool fans sing", "how big is the Bernabéu") is not an answer unless it
shares such a name: the club, venue or kind of question alone is too little to go on.

The ties' own clubs and the competition do not count: they are named in most questions and
most facts. Venues and competitions do not count either: "the weekend before the Bernabéu"
names a venue as a moment in time, not as the topic.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Protocol, TypeVar

from bot.core.answering.index import FactIndex, IndexedFact
from bot.core.knowledge.store import Knowledge
from bot.core.text import normalize, tokenize

__all__ = ["NameCoverage"]

_NAMING_KINDS = frozenset({"person", "team", "competition"})


class _Candidate(Protocol):
    """A ranked candidate: what `NameCoverage.naming` needs of one (its index entry)."""

    @property
    def item(self) -> IndexedFact: ...


_C = TypeVar("_C", bound=_Candidate)


class NameCoverage:
    """Per knowledge snapshot: the names that anchor a question, and how each is written in the facts."""

    def __init__(self, knowledge: Knowledge, index: FactIndex, common: frozenset[str]) -> None:
        self.knowledge = knowledge
        self.anchoring = frozenset(e.id for e in knowledge.entities.values()
                                   if e.kind in _NAMING_KINDS and e.id not in common)
        self.competitions = frozenset(e.id for e in knowledge.entities.values() if e.kind == "competition")
        stopwords = index.language.stopwords
        self._spellings: dict[str, tuple[frozenset[str], ...]] = {}
        """Each anchoring entity's name and aliases as sets of word stems, as the index stems fact text."""
        for ident in self.anchoring:
            entity = knowledge.entities[ident]
            written = {frozenset(index.stem(t) for t in tokenize(normalize(name)) if t not in stopwords)
                       for name in (entity.name, *entity.aliases)}
            self._spellings[ident] = tuple(s for s in written if s)
        self._by_stem: dict[str, list[tuple[str, frozenset[str]]]] = {}
        """Each spelling filed under one of its stems, so a fact's own stems find the names it spells out."""
        for ident, spellings in self._spellings.items():
            for spelling in spellings:
                self._by_stem.setdefault(min(spelling), []).append((ident, spelling))
        self._named: dict[str, frozenset[str]] = {}
        """Per fact id, `named_in` (made when a gate first reads the fact; a derived snapshot starts afresh)."""

    def derived(self, knowledge: Knowledge) -> NameCoverage:
        """The coverage for the next snapshot of the same names (only its facts changed), forgetting what it kept."""
        new = copy.copy(self)
        new.knowledge = knowledge
        new._named = {}
        return new

    def mentions(self, item: IndexedFact, ident: str) -> bool:
        """Whether the fact names the entity, in its entity list or its text."""
        if ident in item.entities:
            return True
        stems = item.stems
        return any(spelling <= stems for spelling in self._spellings.get(ident, ()))

    def missing(self, named: Iterable[str], item: IndexedFact) -> list[str]:
        """The anchoring names of a question when the fact mentions none of them, else nothing."""
        anchors = [e for e in named if e in self.anchoring]
        if not anchors or any(self.mentions(item, e) for e in anchors):
            return []
        return anchors

    def anchors(self, entities: Iterable[str]) -> frozenset[str]:
        """The people and clubs beyond the ties' own among `entities`: prepare once per question."""
        return frozenset(entities) & self.anchoring

    def shares_anchor(self, entities: Iterable[str], item: IndexedFact) -> bool:
        """Whether the fact mentions any person or club beyond the ties' own among `entities`.

        A competition counts only beside a club or person the fact is about too: "where did Liverpool
        stand in the league" is the club's part in it, which a fact on their league form can tell,
        while a league asked of by itself ("who wins the league this year") is about every club in
        it, and a fact on one of its games answers something else.
        """
        named = frozenset(entities)
        wanted = named & self.anchoring
        competitions = wanted & self.competitions
        if competitions and item.entities.isdisjoint(named - self.competitions):
            wanted -= competitions
        return self.mentions_any(wanted, item)

    def mentions_any(self, wanted: frozenset[str], item: IndexedFact) -> bool:
        """Whether the fact mentions any of `wanted` (from `anchors`), in its entity list or its text."""
        named = self._named.get(item.id)
        if named is None:
            named = self._named[item.id] = self.named_in(item)
        return not wanted.isdisjoint(named)

    def naming(self, wanted: frozenset[str], candidates: Iterable[_C]) -> list[_C]:
        """The candidates whose fact mentions any of `wanted` (from `anchors`), in their order.

        `mentions_any` over a gate's whole list in one call: the gates narrow every candidate of most
        questions that name someone, and a call a candidate cost as much as the test itself.
        """
        known, found = self._named, []
        for candidate in candidates:
            item = candidate.item
            named = known.get(item.id)
            if named is None:
                named = known[item.id] = self.named_in(item)
            if not wanted.isdisjoint(named):
                found.append(candidate)
        return found

    def named_in(self, item: IndexedFact) -> frozenset[str]:
        """Every entity a fact names: its entity list, and each anchoring name its words spell out.

        What a question names is tested against this set in one C-level call: the gates test every
        candidate of most questions, and matching each name's spellings against the fact's stems each
        time cost more than the rest of those gates. `mentions_any` keeps it per fact.
        """
        stems = item.stems
        spelled = {ident for stem in stems for ident, spelling in self._by_stem.get(stem, ()) if spelling <= stems}
        return item.entities | spelled


