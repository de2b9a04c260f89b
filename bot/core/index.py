"""An inverted index over the facts: which facts use a word stem or name an entity.

Questions are scored only against the facts that share something with them, so answering
stays fast as the store grows instead of scanning every fact for every question.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from bot.core.models import Fact
from bot.core.normalize import STOPWORDS, normalize, stem, tokenize
from bot.core.store import Knowledge

__all__ = ["FactIndex", "IndexedFact"]

UNKNOWN_IDF_SHARE = 0.6


@dataclass(frozen=True)
class IndexedFact:
    """A fact with the precomputed sets the scorer needs."""

    fact: Fact
    stems: frozenset[str]
    entities: frozenset[str]


class FactIndex:
    """Inverted index from stems and entity ids to facts, with inverse document frequencies."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.canonical: dict[str, str] = {}
        for group in knowledge.synonyms:
            stems = [stem(t) for word in group for t in tokenize(normalize(word))]
            for s in stems:
                self.canonical.setdefault(s, stems[0])
        self.facts: dict[str, IndexedFact] = {}
        self.by_stem: dict[str, list[str]] = defaultdict(list)
        self.by_entity: dict[str, list[str]] = defaultdict(list)
        self.by_tie: dict[str | None, list[str]] = defaultdict(list)
        self.words: set[str] = set()
        for fact in knowledge.facts.values():
            words = [t for t in tokenize(normalize(_fact_text(fact))) if t not in STOPWORDS]
            self.words.update(words)
            stems = frozenset(self.stem(w) for w in words)
            ents = frozenset((*fact.entities, *((fact.speaker,) if fact.speaker else ())))
            self.facts[fact.id] = IndexedFact(fact, stems, ents)
            for s in stems:
                self.by_stem[s].append(fact.id)
            for e in ents:
                self.by_entity[e].append(fact.id)
            self.by_tie[fact.tie].append(fact.id)
        total = max(1, len(self.facts))
        self.idf: dict[str, float] = {
            s: math.log(1 + total / len(ids)) for s, ids in self.by_stem.items()
        }
        self.max_idf = math.log(1 + total)
        # Entities that few ties share carry a tie: "Ancelotti" means the 2023 tie.
        ties_of: dict[str, set[str]] = defaultdict(set)
        for item in self.facts.values():
            if item.fact.tie is not None:
                for e in item.entities:
                    ties_of[e].add(item.fact.tie)
        self.entity_ties: dict[str, frozenset[str]] = {e: frozenset(t) for e, t in ties_of.items()}
        years: set[int] = {f.year for f in knowledge.facts.values() if f.year is not None}
        years |= {t.year for t in knowledge.ties.values()}
        for article in knowledge.articles.values():
            years |= {int(w) for w in tokenize(article.text) if len(w) == 4 and w.isdigit()}
            if article.date is not None:
                years.add(article.date.year)
        self.years = frozenset(years)

    def stem(self, word: str) -> str:
        """A word's stem, folded onto its synonym group's first word."""
        s = stem(word)
        return self.canonical.get(s, s)

    def idf_of(self, stem_: str) -> float:
        """Inverse document frequency; a stem no fact uses weighs like a fairly rare one."""
        return self.idf.get(stem_, UNKNOWN_IDF_SHARE * self.max_idf)

    def candidates(self, stems: set[str], entities: list[str]) -> set[str]:
        """Ids of facts sharing at least one stem or entity with the question."""
        found: set[str] = set()
        for s in stems:
            found.update(self.by_stem.get(s, ()))
        for e in entities:
            found.update(self.by_entity.get(e, ()))
        return found


def _fact_text(fact: Fact) -> str:
    parts = [fact.answer, *fact.keywords]
    if fact.quote:
        parts.append(fact.quote)
    return " ".join(parts)
