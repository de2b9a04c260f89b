"""An inverted index over the facts: which facts use a word stem or name an entity.

Questions are scored only against the facts that share something with them, so answering
stays fast as the store grows instead of scanning every fact for every question. Posting
lists are also kept per tie, because a question that names a tie can only be answered from
that tie (or from history), and candidates are gathered rarest word first within a budget,
so a word or club that most facts share ("Liverpool") cannot make a question score them all.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.knowledge.language import Language
from bot.core.knowledge.models import Fact
from bot.core.knowledge.store import Knowledge
from bot.core.text import is_year, normalize, tokenize

__all__ = ["CANDIDATE_BUDGET", "FactIndex", "IndexedFact", "Taught", "TaughtKey", "common_entities"]

UNKNOWN_IDF_SHARE = 0.6
CANDIDATE_BUDGET = 1000
"""Facts scored per question at most, beyond which only rarer words and names bring in more.

A store smaller than this is always searched exhaustively, so the budget changes nothing for
the shipped knowledge; at 100,000 facts it keeps the slowest questions within milliseconds."""

Feature = tuple[bool, str]
"""A question feature in a posting list key: (True, entity id) or (False, word stem)."""


@dataclass(frozen=True, slots=True)
class IndexedFact:
    """A fact with the precomputed sets and fields the scorer reads for every candidate."""

    fact: Fact
    stems: frozenset[str]
    entities: frozenset[str]
    specific: frozenset[str]
    """The entities beyond the clubs and competition every tie involves: names that anchor."""
    id: str
    tie: str | None
    intent: str
    leg: str | None
    year: int | None
    speaker: str | None
    taught: frozenset[str] = frozenset()
    """Stems only its taught questions (`asked_as`) use: they count for half in coverage."""


Taught = tuple[frozenset[str], str]
"""A taught question as compared: its question words ("where"), and its other content words sorted."""


@dataclass(frozen=True, slots=True)
class TaughtKey:
    """A taught question as compared with a fan's: its content key, words, and stems' weights."""

    key: str
    words: frozenset[str]
    weights: dict[str, float]
    total: float


def common_entities(knowledge: Knowledge) -> frozenset[str]:
    """The clubs and competition every tie involves: naming them anchors no history."""
    common: set[str] = {"champions-league"}
    for tie in knowledge.ties.values():
        common.update(tie.teams)
    return frozenset(common)


class FactIndex:
    """Inverted index from stems and entity ids to facts, with inverse document frequencies."""

    def __init__(self, knowledge: Knowledge, language: Language | None = None) -> None:
        self.language = language = language or knowledge.language
        code, default = language.code, knowledge.language.code
        self._stem = self.language.stemmer.stem
        stopwords = self.language.stopwords
        self.canonical: dict[str, str] = {}
        for group in self.language.synonyms:
            group_stems = [self._stem(t) for word in group for t in tokenize(normalize(word))]
            for s in group_stems:
                self.canonical.setdefault(s, group_stems[0])
        self.common = common_entities(knowledge)
        self.game_words = self.language.event_words | self.language.leg_nouns
        """"Tie", "game", "leg": they name the game asked about, not what is asked of it."""
        self.name_words = frozenset(w for e in knowledge.entities.values() for name in (e.name, *e.aliases)
                                    for w in tokenize(normalize(name))) - self.language.stopwords
        """Words of names: a question of names alone is not compared with taught questions (what is
        asked is missing; who it is about is the entity signal's to judge)."""
        self.facts: dict[str, IndexedFact] = {}
        self.by_stem: dict[str, list[str]] = defaultdict(list)
        self.by_entity: dict[str, list[str]] = defaultdict(list)
        self.by_tie: dict[str | None, list[str]] = defaultdict(list)
        self.by_tie_intent: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.by_intent: dict[str, list[str]] = defaultdict(list)
        """Facts of each intent that belong to a tie, in the order of the ties."""
        self.in_tie: dict[str | None, dict[Feature, list[str]]] = defaultdict(dict)
        """Per tie (None: facts of no tie), posting lists of its facts by feature."""
        self.words: set[str] = set()
        self.known_stems: set[str] = set()
        """Stems of the facts' own words (answers, keywords, quotes): a word with one is no typo."""
        self.asked: dict[str, frozenset[Taught]] = {}
        """Each fact's `asked_as` as (question words, content key) pairs (`content_key`)."""
        interned: dict[frozenset[Taught], frozenset[Taught]] = {}
        for fact in knowledge.facts.values():
            asked_as = fact.asked_as_in(code, default)
            keys = frozenset(self.content_key(tokenize(normalize(asked))) for asked in asked_as)
            if keys:  # look-alike facts (many ties cloned from one) share one set
                self.asked[fact.id] = interned.setdefault(keys, keys)
            fact_words = [t for t in tokenize(normalize(_fact_text(fact, code))) if t not in stopwords]
            self.words.update(fact_words)
            # Taught questions add their words to what the fact covers, but not to the words typos are
            # corrected into: a fan's misspelling in one ("atletcio") must not become a known word.
            taught_words = [t for t in tokenize(normalize(" ".join(asked_as))) if t not in stopwords]
            stems = frozenset(self.stem(w) for w in fact_words)
            self.known_stems.update(stems)
            taught_stems = frozenset(self.stem(w) for w in taught_words) - stems
            ents = frozenset((*fact.entities, *((fact.speaker,) if fact.speaker else ())))
            self.facts[fact.id] = IndexedFact(fact, stems, ents, ents - self.common, fact.id, fact.tie,
                                              fact.intent, fact.leg, fact.year, fact.speaker, taught_stems)
            local = self.in_tie[fact.tie]
            for s in stems | taught_stems:
                self.by_stem[s].append(fact.id)
                local.setdefault((False, s), []).append(fact.id)
            for e in ents:
                self.by_entity[e].append(fact.id)
                local.setdefault((True, e), []).append(fact.id)
            self.by_tie[fact.tie].append(fact.id)
            if fact.tie is not None:
                self.by_tie_intent[(fact.tie, fact.intent)].append(fact.id)
        for tie_id in knowledge.ties:
            for fact_id in self.by_tie.get(tie_id, ()):
                self.by_intent[self.facts[fact_id].intent].append(fact_id)
        self.speakers = frozenset(f.speaker for f in knowledge.facts.values() if f.speaker)
        by_year: dict[int, set[str]] = defaultdict(set)
        for tie in knowledge.ties.values():
            by_year[tie.year].add(tie.id)
        self.ties_by_year = {year: frozenset(ids) for year, ids in by_year.items()}
        """The ties played in each year: a fourth article may well be about another tie that year."""
        self.tie_years = frozenset(self.ties_by_year)
        self.all_ties = frozenset(knowledge.ties)
        self.unplayed = frozenset(t.id for t in knowledge.ties.values() if t.second_leg.score is None)
        total = max(1, len(self.facts))
        self.idf: dict[str, float] = {
            s: math.log(1 + total / len(ids)) for s, ids in self.by_stem.items()
        }
        self.max_idf = math.log(1 + total)
        self.taught_keys: dict[str, TaughtKey] = {}
        """Every taught question's content key, with its words and stem weights, computed once."""
        by_word: dict[frozenset[Taught], dict[str, tuple[Taught, ...]]] = {}
        for taught in interned:
            words: dict[str, list[Taught]] = defaultdict(list)
            for wh, key in taught:
                if key not in self.taught_keys:
                    self.taught_keys[key] = self.taught_key(key)
                for word in self.asking_words(key):
                    words[word].append((wh, key))
            by_word[taught] = {w: tuple(ks) for w, ks in words.items()}
        self.taught_by_word: dict[str, dict[str, tuple[Taught, ...]]] = {
            fact_id: by_word[taught] for fact_id, taught in self.asked.items()}
        """Per fact, each word its taught questions ask about, to those questions: a question is
        compared only with the taught questions sharing such a word (look-alike facts share one map)."""
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
            years |= {int(w) for w in tokenize(article.text) if is_year(w)}
            if article.date is not None:
                years.add(article.date.year)
        self.years = frozenset(years)

    def content_key(self, tokens: list[str]) -> tuple[frozenset[str], str]:
        """A question's words as compared with taught questions: shorthand read, stopwords out, sorted.

        Returns its question words apart ("where", "when"), which must agree for two questions to
        match — "where is it played" is not "when is it played" however alike they look —
        and the rest of its words without stopwords, sorted, so `fuzz.ratio` of two keys is
        rapidfuzz's `token_sort_ratio` without sorting at question time; nothing when the words
        are only names.
        """
        shorthand = self.language.shorthand
        stopwords, wh_words = self.language.stopwords, self.language.question_words
        words = [w for token in tokens for w in shorthand.get(token, (token,))]
        wh = frozenset(w for w in words if w in wh_words)
        content = [w for w in words if w not in stopwords]
        if all(w in self.name_words or is_year(w) for w in content):
            return wh, ""  # names alone ("and Ancelotti?") ask nothing a taught question could tell
        return wh, " ".join(sorted(content))

    def taught_key(self, key: str) -> TaughtKey:
        """A content key's words and the rarity weight of each of its stems."""
        weights = {s: self.idf_of(s) for s in {self.stem(w) for w in key.split()}}
        return TaughtKey(key, frozenset(key.split()), weights, sum(weights.values()))

    def asking_words(self, key: str) -> frozenset[str]:
        """The words of a content key that are neither names, years nor words for the game: what it asks about."""
        game = self.game_words
        return frozenset(w for w in key.split() if w not in self.name_words and not is_year(w) and w not in game)

    def stem(self, word: str) -> str:
        """A word's stem, folded onto its synonym group's first word."""
        s = self._stem(word)
        return self.canonical.get(s, s)

    def idf_of(self, stem_: str) -> float:
        """Inverse document frequency; a stem no fact uses weighs like a fairly rare one."""
        return self.idf.get(stem_, UNKNOWN_IDF_SHARE * self.max_idf)

    def candidates(self, stems: Iterable[str], entities: Iterable[str], ties: frozenset[str] | None = None,
                   budget: int = CANDIDATE_BUDGET) -> set[str]:
        """Ids of facts sharing at least one stem or entity with the question.

        With `ties`, only facts of those ties or of no tie: the scorer rejects any other. The
        rarest features are taken first; once the budget is reached, commoner ones (which add
        the least to a fact's score) bring in no more facts, though they still count in scoring.
        """
        features = [(False, s) for s in stems] + [(True, e) for e in entities]
        features.sort(key=lambda f: (len((self.by_entity if f[0] else self.by_stem).get(f[1], ())), f))
        found: set[str] = set()
        # In load order, not set order, so that a budget cut is the same in every run.
        local = None if ties is None else [lists for t, lists in self.in_tie.items() if t is None or t in ties]
        for feature in features:
            room = budget - len(found)
            if local is None:
                postings: list[str] = (self.by_entity if feature[0] else self.by_stem).get(feature[1], [])
            else:
                postings = []
                for lists in local:
                    postings.extend(lists.get(feature, ()))
                    if len(postings) > room:
                        break
            if len(postings) > room:
                if not found:
                    found.update(postings[:budget])
                break
            found.update(postings)
        return found

    def intent_facts(self, intent: str, ties: frozenset[str] | None, budget: int = CANDIDATE_BUDGET) -> list[str]:
        """Facts of one intent in the given ties (every tie when None), at most `budget` of them, in load order."""
        if ties is None:
            return self.by_intent.get(intent, [])[:budget]
        out: list[str] = []
        for tie in self.by_tie:
            if tie in ties:
                out.extend(self.by_tie_intent.get((tie, intent), ()))
                if len(out) >= budget:
                    return out[:budget]
        return out


def _fact_text(fact: Fact, language: str) -> str:
    parts = [fact.answer_in(language), *fact.keywords]
    if fact.quote:
        parts.append(fact.quote)
    return " ".join(parts)
