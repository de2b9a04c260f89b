"""An inverted index over the facts: which facts use a word stem or name an entity.

Questions are scored only against the facts that share something with them, so answering
stays fast as the store grows instead of scanning every fact for every question. Posting
lists are kept in load order and read per tie, because a question that names a tie can only
be answered from that tie (or from history), and candidates are gathered rarest word first
within a budget, so a word or club that most facts share ("Liverpool") cannot make a question
score them all.

Compact and incremental (issue 15): a posting list is an array of 4-byte fact numbers (a
`Catalog` numbers the facts, shared by every language's index), a fact's stems are one string,
and the `IndexedFact` the scorer reads is made when a question first needs it (and kept for
the next few thousand). A fact's taught questions are compared as content keys kept in the
knowledge cache beside the fact (in memory without one) and read for the dozen candidates a
question compares. `derived` makes the index of the next snapshot from this one with some facts
removed, changed or added, copying only the lists those facts touch, so the index being served
never changes under a question; `state`/`restore` carry it across processes in the cache.
"""

from __future__ import annotations

import bisect
import math
import re
import threading
from array import array
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, NamedTuple, TypeVar

from bot.core.knowledge.cache import KnowledgeCache
from bot.core.knowledge.language import Language
from bot.core.knowledge.models import Fact
from bot.core.knowledge.store import Knowledge
from bot.core.knowledge.tables import FactRecord, FactTable
from bot.core.text import is_year, normalize, tokenize

__all__ = ["CANDIDATE_BUDGET", "Catalog", "FactIndex", "IndexedFact", "Taught", "TaughtGroup", "TaughtKey",
           "common_entities"]

UNKNOWN_IDF_SHARE = 0.6
CANDIDATE_BUDGET = 1000
"""Facts scored per question at most, beyond which only rarer words and names bring in more.

A store smaller than this is always searched exhaustively, so the budget changes nothing for
the shipped knowledge; at 100,000 facts it keeps the slowest questions within milliseconds."""
ITEMS_KEPT = 4096
"""`IndexedFact`s kept per index between questions (a question reads up to CANDIDATE_BUDGET)."""
TAUGHT_KEPT = 2048
"""Facts' taught questions kept in memory per index (a question compares those of a dozen)."""
TAUGHT_WORDS_KEPT = 2048
"""Facts' taught questions by asking word kept per index: the dozen candidates a question compares
are mostly the same few hundred facts question after question, and regrouping them cost half the
answering time."""
TAUGHT_KEYS_KEPT = 8192
"""Taught questions' words and weights kept per index (a question weighs each key it compares)."""
ENTITY_YEARS_KEPT = 1024
"""The entities whose facts' years are kept (relative time of a club: "Madrid last season")."""
MOMENT_REACH = 7
"""A leg named within this many words after a `before` phrase dates the fact ("said before the 2020
Atlético second leg"): the fact is not about that leg."""
LOCALS_KEPT = 256
"""Sets of ties' facts grouped and ordered, and their facts of one intent, kept per index: questions name the
same few sets of ties (and ask the same few intents of them)."""

_LEGS = ("first", "second")
_MAX_LEG_WORDS = 4
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”|«[^»]*»')
"""Words a fact quotes are the speaker's ("just like in the first leg"), not what the fact is about."""

K = TypeVar("K")
V = TypeVar("V")

Feature = tuple[bool, str]
"""A question feature in a posting list key: (True, entity id) or (False, word stem)."""
Postings = array  # array("I") of fact numbers, in load order


class _Local(NamedTuple):
    """The facts a question naming some ties can be answered from: theirs and those of no tie."""

    groups: list[tuple[str | None, Postings]]
    """Each tie's facts (None: of no tie), groups in the order their first fact loaded."""
    ties: frozenset[str | None]
    """The ties of the groups (None among them)."""
    members: int
    """How many facts the groups hold."""


@dataclass(frozen=True, slots=True)
class IndexedFact:
    """A fact with the precomputed sets and fields the scorer reads for every candidate."""

    source: Mapping[str, Fact] = field(compare=False, repr=False)
    """The snapshot's facts, which `fact` reads this one from."""
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
    named: frozenset[str] = frozenset()
    """`entities` and the ground of the leg the fact is about: "at Anfield" is named by a fact of the leg
    played there, whether or not its entity list repeats the ground (the entity signal reads this)."""
    covering: frozenset[str] = frozenset()
    """`stems` and `taught` together: one intersection with the question's stems finds the topic words a
    fact covers (it is scored for each candidate of each question)."""
    article: str = ""
    """The article the fact is from (its source), without decoding the fact."""

    @property
    def fact(self) -> Fact:
        """The fact itself (decoded when first read: the scorer needs only the fields above)."""
        return self.source[self.id]


Taught = tuple[frozenset[str], str]
"""A taught question as compared: its question words ("where"), and its other content words sorted."""


@dataclass(frozen=True, slots=True)
class TaughtKey:
    """A taught question as compared with a fan's: its content key, its stems' weights and their sum.

    Slots rather than a tuple's fields: one is made for every question (its own key), and a
    dozen taught ones are read for each; a slot is read by the interpreter's fast path, a named
    tuple's field is not.
    """

    key: str
    weights: dict[str, float]
    total: float


@dataclass(frozen=True, slots=True)
class TaughtGroup:
    """A fact's taught questions that ask about one word, as a fan's question is compared with them.

    Made once per fact and snapshot (`FactIndex.taught_words`), so that a question picks the keys its
    question words allow with one lookup, and can tell from the group's stems and lightest key alone
    that no key of it shares enough weight to match, before weighing any of them. Slots, as `TaughtKey`:
    each question reads several groups' fields.
    """

    keys: tuple[str, ...]
    """Every key asking about the word, in the order the fact's taught questions came."""
    asked_by: dict[frozenset[str], tuple[str, ...]]
    """For each set of question words some key has ("where"): the keys a question asking with them may
    match (theirs and those with none), in the same order."""
    plain: tuple[str, ...]
    """The keys with no question word: all a question asking with words no key has may match."""
    weighed: dict[str, TaughtKey]
    """Each key's stems and weights."""
    stems: frozenset[str]
    """Every stem of the keys: a fan's question shares at most these with any one of them."""
    lightest: float
    """The least total weight of a key."""


def common_entities(knowledge: Knowledge) -> frozenset[str]:
    """The clubs and competition every tie involves: naming them anchors no history."""
    common: set[str] = {"champions-league"}
    for tie in knowledge.ties.values():
        common.update(tie.teams)
    return frozenset(common)


def _table(knowledge: Knowledge) -> FactTable:
    facts = knowledge.facts
    if not isinstance(facts, FactTable):
        raise TypeError("the index reads a snapshot's facts through its FactTable (load_knowledge's)")
    return facts


class Catalog:
    """The approved facts as the indexes number them, with the order they were loaded in.

    A number stays with its fact for as long as a line of derived snapshots lasts (a removed fact's
    number is not reused), so posting lists of unchanged facts are shared between snapshots.
    Positions are compared through the snapshot's fact table: files by name, then file order.
    """

    __slots__ = ("_order", "facts", "ids", "number", "records", "ties")

    def __init__(self, facts: FactTable, ids: list[str | None], number: dict[str, int],
                 records: list[FactRecord | None] | None = None, ties: list[str | None] | None = None) -> None:
        self.facts = facts
        self.ids = ids
        self.number = number
        self.records = records if records is not None else [None if i is None else facts.record(i) for i in ids]
        """Each number's record (None for a removed fact): a question filters its candidates by number,
        and a list read beats an id and a table lookup per posting."""
        self.ties = ties if ties is not None else [None if r is None else r.tie for r in self.records]
        """Each number's tie, read for every posting of a question naming a tie."""
        self._order: list[int] | None = None

    def order(self) -> list[int]:
        """Each number's place among the facts sorted by id (-1 for a removed fact).

        A question's candidates are put in id order (ids break ties in total, so the ranking never
        depends on the index) by these numbers: comparing two ints costs less than comparing two ids.
        Worked out when first asked for, so deriving a catalog at every curator's change costs no sort.
        """
        found = self._order
        if found is None:
            place = {fact_id: n for n, fact_id in enumerate(sorted(self.number))}
            found = self._order = [-1 if fact_id is None else place[fact_id] for fact_id in self.ids]
        return found

    @classmethod
    def of(cls, knowledge: Knowledge) -> Catalog:
        """Every approved fact numbered in load order."""
        table = _table(knowledge)
        ids: list[str | None] = list(table)
        return cls(table, ids, {fact_id: n for n, fact_id in enumerate(ids) if fact_id is not None})

    def key(self, n: int) -> tuple[str, int]:
        """Where fact `n` stands in load order: (its file, its place in the file)."""
        fact_id = self.ids[n]
        assert fact_id is not None
        record = self.facts.record(fact_id)
        return record.file, self.facts.files[record.file].index(fact_id)

    @classmethod
    def restore(cls, facts: FactTable, ids: list[str | None]) -> Catalog:
        """The catalog a snapshot saved (its numbers), for the same facts."""
        return cls(facts, ids, {fact_id: n for n, fact_id in enumerate(ids) if fact_id is not None})

    def derived(self, knowledge: Knowledge, removed: Iterable[str], added: Iterable[str],
                changed: Iterable[str] = ()) -> Catalog:
        """The catalog of a snapshot derived from this one's (changed facts keep their numbers)."""
        table = _table(knowledge)
        ids = list(self.ids)
        number = dict(self.number)
        records = list(self.records)
        ties = list(self.ties)
        for fact_id in removed:
            n = number.pop(fact_id)
            ids[n] = records[n] = ties[n] = None
        for fact_id in changed:
            n = number[fact_id]
            records[n] = record = table.record(fact_id)
            ties[n] = record.tie
        for fact_id in added:
            number[fact_id] = len(ids)
            ids.append(fact_id)
            records.append(record := table.record(fact_id))
            ties.append(record.tie)
        return Catalog(table, ids, number, records, ties)


class _Recent(Generic[K, V]):
    """The values last made, at most `size` of them (the oldest made goes first), made by `make` when missing.

    Per index, so nothing kept outlives the snapshot its values were computed for. A hit is one
    dict read, atomic under the GIL, so questions answered at once from one index need no lock
    to read; only making room is locked. Oldest-made rather than least-recently-read goes first
    because recording each read would need the lock on every hit.
    """

    __slots__ = ("_kept", "_lock", "_make", "_size")

    def __init__(self, make: Callable[[K], V], size: int) -> None:
        self._make = make
        self._size = size
        self._kept: dict[K, V] = {}
        self._lock = threading.Lock()

    def __call__(self, key: K) -> V:
        found = self._kept.get(key, _MISSING)
        if found is not _MISSING:
            return found  # type: ignore[return-value]
        return self._made(key)

    def many(self, keys: Sequence[K]) -> list[V]:
        """The values of several keys, in order: one call for a question's every candidate.

        Read in one C-level pass when all are kept (nearly always, once the first questions have made them);
        a key missing (or one made room for meanwhile) sends the whole read through the path that makes it.
        """
        kept = self._kept
        try:
            return list(map(kept.__getitem__, keys))
        except KeyError:
            made = self._made
            return [made(key) if (found := kept.get(key, _MISSING)) is _MISSING else found  # type: ignore[misc]
                    for key in keys]

    def _made(self, key: K) -> V:
        value = self._make(key)
        with self._lock:
            kept = self._kept
            while len(kept) >= self._size:
                del kept[next(iter(kept))]
            kept[key] = value
        return value


_MISSING = object()


class _Items(Mapping[str, IndexedFact]):
    """The index's facts by id as the scorer reads them, made on first use and kept for the next questions."""

    def __init__(self, index: FactIndex) -> None:
        self._index = index
        self.at = _Recent(index.item, ITEMS_KEPT)
        """The item of a fact number (`at.many` for several); read without a lock, as every candidate of every
        question is."""

    def __getitem__(self, fact_id: str) -> IndexedFact:
        return self.at(self._index.catalog.number[fact_id])

    def __contains__(self, fact_id: object) -> bool:
        return fact_id in self._index.catalog.number

    def __iter__(self) -> Iterator[str]:
        return iter(self._index.catalog.facts)

    def __len__(self) -> int:
        return len(self._index.catalog.number)


class _Asked(Mapping[str, frozenset["Taught"]]):
    """Each fact's taught questions as compared (`content_key`), read from where the index keeps them."""

    def __init__(self, index: FactIndex) -> None:
        self._index = index

    def __getitem__(self, fact_id: str) -> frozenset[Taught]:
        found = self._index.taught_of(fact_id)
        if not found:
            raise KeyError(fact_id)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return self._index.taught_count

    def __bool__(self) -> bool:
        return self._index.taught_count > 0


class TaughtStore:
    """Where an index keeps its facts' taught questions: the knowledge cache's rows, or memory without one.

    Keyed by the fact's digest and what the keys depend on besides the fact (the language file, the
    names in entities.yaml, the code), so a row is right for any snapshot it is found for.
    """

    def __init__(self, cache: KnowledgeCache | None, scope: str) -> None:
        self.cache = cache
        self.scope = scope
        self._memory: dict[bytes, frozenset[Taught]] = {}
        self._kept: OrderedDict[bytes, frozenset[Taught]] = OrderedDict()
        self._lock = threading.Lock()
        self._pending: dict[str, bytes] = {}

    def _key(self, digest: bytes) -> str:
        return f"taught/{self.scope}/{digest.hex()}"

    def get(self, digest: bytes) -> frozenset[Taught] | None:
        """A fact's taught keys; None when this store has none for it (never written, or a lost row)."""
        if self.cache is None:
            return self._memory.get(digest)
        with self._lock:
            found = self._kept.get(digest)
            if found is not None:
                self._kept.move_to_end(digest)
                return found
        data = self.cache.get(self._key(digest))
        if data is None:
            return None
        found = _decode_taught(data)
        with self._lock:
            self._kept[digest] = found
            if len(self._kept) > TAUGHT_KEPT:
                self._kept.popitem(last=False)
        return found

    def put(self, digest: bytes, taught: frozenset[Taught]) -> None:
        """Keep a fact's taught keys (written to the cache at the next `flush`)."""
        if self.cache is None:
            self._memory[digest] = taught
            return
        self._pending[self._key(digest)] = _encode_taught(taught)
        if len(self._pending) >= 2000:
            self.flush()

    def flush(self) -> None:
        """Write what `put` kept to the cache; what it refuses stays in memory."""
        if self.cache is None or not self._pending:
            return
        pending, self._pending = self._pending, {}
        if not self.cache.put(pending):
            for key, data in pending.items():
                self._memory[bytes.fromhex(key.rsplit("/", 1)[1])] = _decode_taught(data)
            self.cache = None  # the file refuses writes: keep taught keys in memory from here on


def _encode_taught(taught: frozenset[Taught]) -> bytes:
    return "\n".join(f"{' '.join(sorted(wh))}\t{key}" for wh, key in sorted(taught, key=lambda t: (sorted(t[0]),
                                                                                                   t[1]))).encode()


def _decode_taught(data: bytes) -> frozenset[Taught]:
    out = []
    for line in data.decode().split("\n"):
        if line:
            wh, _, key = line.partition("\t")
            out.append((frozenset(wh.split()), key))
    return frozenset(out)


class FactIndex:
    """Inverted index from stems and entity ids to facts, with inverse document frequencies."""

    def __init__(self, knowledge: Knowledge, language: Language | None = None, *,
                 catalog: Catalog | None = None, taught: TaughtStore | None = None) -> None:
        self._setup(knowledge, language or knowledge.language, catalog or Catalog.of(knowledge), taught)
        self._empty()
        table = self.catalog.facts
        for (_, record), fact in zip(table.records(), table.values(), strict=True):
            self.add(self.catalog.number[fact.id], fact, record, append=True)
        self.complete()

    @classmethod
    def empty(cls, knowledge: Knowledge, language: Language, catalog: Catalog, taught: TaughtStore) -> FactIndex:
        """An index of no fact yet: `add` each fact in load order (`append=True`), then `complete`."""
        index = object.__new__(cls)
        index._setup(knowledge, language, catalog, taught)
        index._empty()
        return index

    def complete(self) -> None:
        """After adding every fact in load order: the lists ordered otherwise, and the derived sets."""
        self._order_intents()
        self.finish()

    # --- set-up --------------------------------------------------------------------------------
    def _setup(self, knowledge: Knowledge, language: Language, catalog: Catalog, taught: TaughtStore | None) -> None:
        """What the index reads questions with: the language's words, the names, the ties."""
        self.knowledge_facts: Mapping[str, Fact] = knowledge.facts
        self.knowledge_ties = knowledge.ties
        self.language = language
        self.code, self.default = language.code, knowledge.language.code
        self.pending = language.translating.pending if language.translating is not None else None
        """The drafter's placeholder for words it could not translate (see `_fact_text`)."""
        self.catalog = catalog
        self.taught_store = taught or TaughtStore(None, "")
        self._stem = language.stemmer.stem
        self.stopwords = language.stopwords
        self.canonical: dict[str, str] = {}
        for group in language.synonyms:
            group_stems = [self._stem(t) for word in group for t in tokenize(normalize(word))]
            for s in group_stems:
                self.canonical.setdefault(s, group_stems[0])
        self.common = common_entities(knowledge)
        self.game_words = language.event_words | language.leg_nouns
        """"Tie", "game", "leg": they name the game asked about, not what is asked of it."""
        self.name_words = frozenset(w for e in knowledge.entities.values() for name in (e.name, *e.aliases)
                                    for w in tokenize(normalize(name))) - language.stopwords
        """Words of names: a question of names alone is not compared with taught questions (what is
        asked is missing; who it is about is the entity signal's to judge)."""
        self._asking_none = self.name_words | self.game_words
        """The words no content key asks about (`asking_words`): names and words for the game, in one set."""
        by_year: dict[int, set[str]] = {}
        for tie in knowledge.ties.values():
            by_year.setdefault(tie.year, set()).add(tie.id)
        self.ties_by_year = {year: frozenset(ids) for year, ids in by_year.items()}
        """The ties played in each year: a fourth article may well be about another tie that year."""
        self.tie_years = frozenset(self.ties_by_year)
        self.all_ties = frozenset(knowledge.ties)
        self.unplayed = frozenset(t.id for t in knowledge.ties.values() if t.second_leg.score is None)
        self.leg_scores = frozenset(score for t in knowledge.ties.values() for leg in (t.first_leg, t.second_leg)
                                    if leg.score for score in (leg.score, "-".join(reversed(leg.score.split("-")))))
        """The ties' legs' scores either way round ("5-2", "2-5"): a scoreline beyond them names a past game."""
        self._tie_rank = {tie_id: rank for rank, tie_id in enumerate(knowledge.ties)}
        self._article_years = Counter(_article_years(knowledge.articles.values()))
        self._tie_year_set = frozenset(t.year for t in knowledge.ties.values())
        self.facts = _Items(self)
        self.asked: Mapping[str, frozenset[Taught]] = _Asked(self)
        self._recent()

    def _recent(self) -> None:
        """Fresh caches of what questions compute from this index's facts and rarities (not a copy's)."""
        self.taught_words: _Recent[str, dict[str, TaughtGroup]] = _Recent(self._group_taught, TAUGHT_WORDS_KEPT)
        """Each word a fact's taught questions ask about, to those questions (kept: read, never changed; made
        again with the rarities at each `finish`, as the groups' weights are theirs)."""
        self.taught_key: _Recent[str, TaughtKey] = _Recent(self.weigh_key, TAUGHT_KEYS_KEPT)
        """A taught question's content key with its stems' weights (kept: read, never changed).

        Only for the facts' taught questions, a set the snapshot bounds; a fan's key is weighed
        afresh (`weigh_key`), so a question asked again costs what it cost the first time."""
        self._entity_years = _Recent(self._years_of_entity, ENTITY_YEARS_KEPT)
        self._local = _Recent(self._group_local, LOCALS_KEPT)
        self._intent_in = _Recent(self._group_intent, LOCALS_KEPT)

    def _empty(self) -> None:
        self._stems: list[str | None] = [None] * len(self.catalog.ids)
        """Per fact number, the stems of its own words (answer, keywords, quote), space-separated."""
        self._taught_stems: list[str | None] = [None] * len(self.catalog.ids)
        """Per fact number, the stems only its taught questions use."""
        self._has_taught = bytearray(len(self.catalog.ids))
        self.by_stem: dict[str, Postings] = {}
        self.by_entity: dict[str, Postings] = {}
        self.by_tie: dict[str | None, Postings] = {}
        self.by_intent: dict[str, Postings] = {}
        """Facts of each intent that belong to a tie, in the order of the ties."""
        self._words: Counter[str] = Counter()
        """The facts' own words (not their taught questions') and how many facts use each."""
        self._known: Counter[str] = Counter()
        self._speakers: Counter[str] = Counter()
        self._entity_ties: Counter[tuple[str, str]] = Counter()
        self._fact_years: Counter[int] = Counter()
        self._told_legs: list[str | None] = [None] * len(self.catalog.ids)
        """Per fact number, the one leg its answer says it is about when it has no `leg` (`_leg_told`)."""
        self.taught_count = 0
        self.word_changes: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
        """Words the last `derived` made known to the facts and words it made unknown (for the vocabulary)."""

    def finish(self) -> None:
        """After a build or a change: the sets derived from the counts."""
        self.words = self._words.keys()
        """The facts' own words, for the typo vocabulary."""
        self.known_stems = self._known.keys()
        """Stems of the facts' own words (answers, keywords, quotes): a word with one is no typo."""
        self.speakers = frozenset(self._speakers)
        ties_of: dict[str, set[str]] = {}
        for entity, tie in self._entity_ties:
            ties_of.setdefault(entity, set()).add(tie)
        self.entity_ties: dict[str, frozenset[str]] = {e: frozenset(t) for e, t in ties_of.items()}
        """Entities that few ties share carry a tie: "Ancelotti" means the 2023 tie."""
        self.years = frozenset(self._fact_years) | self._tie_year_set | frozenset(self._article_years)
        facts = max(1, len(self.catalog.number))
        self.max_idf = math.log(1 + facts)
        self._idf = {stem_: math.log(1 + facts / len(postings)) for stem_, postings in self.by_stem.items()}
        """Each stem's inverse document frequency, worked out once per snapshot: every question weighs each of
        its words (and the taught questions it is compared with) by it."""
        self._unknown_idf = UNKNOWN_IDF_SHARE * self.max_idf
        self.taught_store.flush()
        self._recent()  # facts and rarities changed: nothing computed before holds (nor a copied index's)

    # --- one fact in, one fact out -----------------------------------------------------------------
    def add(self, n: int, fact: Fact, record: FactRecord, *, append: bool = False) -> None:
        """Index fact number `n` (its postings appended in load order, or inserted where it stands)."""
        code = self.code
        stopwords = self.stopwords
        asked_as = fact.asked_as_in(code, self.default)
        digest = record.digest
        keys = self.taught_store.get(digest)
        if keys is None:
            keys = frozenset(self.content_key(tokenize(normalize(asked))) for asked in asked_as)
            self.taught_store.put(digest, keys)
        if keys:
            self._has_taught[n] = 1
            self.taught_count += 1
        fact_words = [t for t in tokenize(normalize(_fact_text(fact, code, self.pending))) if t not in stopwords]
        self._words.update(set(fact_words))
        # Taught questions add their words to what the fact covers, but not to the words typos are
        # corrected into: a fan's misspelling in one ("atletcio") must not become a known word.
        taught_words = [t for t in tokenize(normalize(" ".join(asked_as))) if t not in stopwords]
        stems = frozenset(self.stem(w) for w in fact_words)
        self._known.update(stems)
        taught_stems = frozenset(self.stem(w) for w in taught_words) - stems
        self._stems[n] = " ".join(sorted(stems))
        self._taught_stems[n] = " ".join(sorted(taught_stems))
        if record.tie is not None and record.leg is None:
            self._told_legs[n] = self._leg_told(tokenize(normalize(_QUOTED.sub(" ", fact.answer_in(code)))))
        ents = frozenset((*record.entities, *((record.speaker,) if record.speaker else ())))
        put = self._append if append else self._insert
        for s in stems | taught_stems:
            put(self.by_stem, s, n)
        for e in ents:
            put(self.by_entity, e, n)
        put(self.by_tie, record.tie, n)
        if record.tie is not None:
            self._entity_ties.update((e, record.tie) for e in ents)
            if not append:  # a full build orders by_intent at the end (`_order_intents`): by tie first
                self._insert_intent(record.intent, n)
        if record.speaker:
            self._speakers[record.speaker] += 1
        if record.year is not None:
            self._fact_years[record.year] += 1

    def remove(self, n: int, fact: Fact, record: FactRecord) -> None:
        """Take fact number `n` out of every list it is in (`fact` and `record`: the version indexed)."""
        stems = (self._stems[n] or "").split()
        taught = (self._taught_stems[n] or "").split()
        _subtract(self._words, self._own_words(fact))
        _subtract(self._known, stems)
        for s in (*stems, *taught):
            self._discard(self.by_stem, s, n)
        ents = frozenset((*record.entities, *((record.speaker,) if record.speaker else ())))
        for e in ents:
            self._discard(self.by_entity, e, n)
        self._discard(self.by_tie, record.tie, n)
        if record.tie is not None:
            self._discard(self.by_intent, record.intent, n)
            _subtract(self._entity_ties, [(e, record.tie) for e in ents])
        if record.speaker:
            _subtract(self._speakers, [record.speaker])
        if record.year is not None:
            _subtract(self._fact_years, [record.year])
        if self._has_taught[n]:
            self._has_taught[n] = 0
            self.taught_count -= 1
        self._stems[n] = self._taught_stems[n] = self._told_legs[n] = None

    @staticmethod
    def _append(lists: dict[Any, Postings], key: Any, n: int) -> None:
        found = lists.get(key)
        if found is None:
            lists[key] = array("I", (n,))
        else:
            found.append(n)

    def _insert(self, lists: dict[Any, Postings], key: Any, n: int) -> None:
        found = lists.get(key)
        if found is None:
            lists[key] = array("I", (n,))
            return
        copied = array("I", found)  # the old snapshot keeps reading the old list
        position = self.catalog.key
        copied.insert(bisect.bisect_left(copied, position(n), key=position), n)
        lists[key] = copied

    def _insert_intent(self, intent: str, n: int) -> None:
        found = self.by_intent.get(intent)
        key = self._intent_key
        if found is None:
            self.by_intent[intent] = array("I", (n,))
            return
        copied = array("I", found)
        copied.insert(bisect.bisect_left(copied, key(n), key=key), n)
        self.by_intent[intent] = copied

    def _intent_key(self, n: int) -> tuple[int, tuple[str, int]]:
        fact_id = self.catalog.ids[n]
        assert fact_id is not None
        tie = self.catalog.facts.record(fact_id).tie
        return self._tie_rank.get(tie or "", len(self._tie_rank)), self.catalog.key(n)

    @staticmethod
    def _discard(lists: dict[Any, Postings], key: Any, n: int) -> None:
        found = lists.get(key)
        if found is None or n not in found:
            return
        if len(found) == 1:
            del lists[key]
            return
        copied = array("I", found)
        copied.remove(n)
        lists[key] = copied

    def _order_intents(self) -> None:
        """`by_intent` after a full build: each intent's facts in the order of the ties, then load order."""
        ids = self.catalog.ids
        facts = self.catalog.facts
        for tie_id in self._tie_rank:
            for n in self.by_tie.get(tie_id, ()):
                fact_id = ids[n]
                assert fact_id is not None
                self._append(self.by_intent, facts.record(fact_id).intent, n)

    # --- derived snapshots -------------------------------------------------------------------------
    def derived(self, knowledge: Knowledge, catalog: Catalog, removed: Sequence[tuple[str, Fact]],
                added: Sequence[tuple[str, Fact]], old_articles: Mapping[str, Any] | None = None,
                articles: Sequence[str] = ()) -> FactIndex:
        """The index of `knowledge`, made from this one with some facts out and some in.

        `removed` facts (as this index has them) are taken out and `added` ones (as `knowledge` has
        them) put in; a changed fact is in both. `articles` are the ids of articles that changed (their
        years count as years the articles speak of), `old_articles` the articles this index was
        built with. The lists no change touches are shared with this index, which is left as it is.
        """
        new = object.__new__(FactIndex)
        new.__dict__.update(self.__dict__)
        new.knowledge_facts = knowledge.facts
        new.knowledge_ties = knowledge.ties
        new.catalog = catalog
        new.facts = _Items(new)
        new.asked = _Asked(new)
        size = len(catalog.ids)
        new._stems = [*self._stems, *([None] * (size - len(self._stems)))]
        new._taught_stems = [*self._taught_stems, *([None] * (size - len(self._taught_stems)))]
        new._has_taught = bytearray(self._has_taught) + bytearray(size - len(self._has_taught))
        new._told_legs = [*self._told_legs, *([None] * (size - len(self._told_legs)))]
        for name in ("by_stem", "by_entity", "by_tie", "by_intent"):
            setattr(new, name, dict(getattr(self, name)))
        for name in ("_words", "_known", "_speakers", "_entity_ties", "_fact_years"):
            setattr(new, name, Counter(getattr(self, name)))
        old_table = self.catalog.facts
        for fact_id, fact in removed:
            new.remove(self.catalog.number[fact_id], fact, old_table.record(fact_id))
        table = catalog.facts
        for fact_id, fact in added:
            new.add(catalog.number[fact_id], fact, table.record(fact_id))
        if articles:
            new._article_years = Counter(self._article_years)
            before = old_articles or {}
            for article_id in articles:
                if article_id in before:
                    _subtract(new._article_years, _article_years([before[article_id]]))
                if article_id in knowledge.articles:
                    new._article_years.update(_article_years([knowledge.articles[article_id]]))
        touched = {w for _, fact in (*removed, *added) for w in self._own_words(fact)}
        new.word_changes = (frozenset(w for w in touched if w in new._words and w not in self._words),
                            frozenset(w for w in touched if w not in new._words and w in self._words))
        new.finish()
        return new

    def _own_words(self, fact: Fact) -> set[str]:
        """A fact's own words (answer, keywords, quote) in this index's language, without stopwords."""
        return {t for t in tokenize(normalize(_fact_text(fact, self.code, self.pending))) if t not in self.stopwords}

    # --- reading -----------------------------------------------------------------------------------
    def item(self, n: int) -> IndexedFact:
        """The scorer's view of fact number `n`."""
        fact_id = self.catalog.ids[n]
        assert fact_id is not None
        record = self.catalog.facts.record(fact_id)
        ents = frozenset((*record.entities, *((record.speaker,) if record.speaker else ())))
        ground = self._ground(record.tie, record.leg or self._told_legs[n])
        stems = frozenset((self._stems[n] or "").split())
        taught = frozenset((self._taught_stems[n] or "").split())
        return IndexedFact(self.knowledge_facts, stems, ents, ents - self.common,
                           fact_id, record.tie, record.intent, record.leg, record.year, record.speaker,
                           taught, ents | {ground} if ground is not None else ents, stems | taught, record.article)

    def _ground(self, tie_id: str | None, leg: str | None) -> str | None:
        """Where a leg of a tie was played (its venue entity), when the ties say."""
        tie = self.knowledge_ties.get(tie_id) if tie_id is not None else None
        if tie is None or leg not in _LEGS:
            return None
        return (tie.first_leg if leg == "first" else tie.second_leg).venue

    def _leg_told(self, tokens: list[str]) -> str | None:
        """The one leg (first or second) a fact's answer names as what it is about, or None.

        A fact with no `leg` of its own may still be about one ("if Atlético scored in the second
        leg"): naming one leg and not the other, and not as the moment it was said ("before the
        second leg", within MOMENT_REACH words after a `before` phrase), it tells of that leg.
        """
        legs, before = self.language.legs, self.language.moment_before
        told: set[str] = set()
        i = 0
        while i < len(tokens):
            for size in range(min(_MAX_LEG_WORDS, len(tokens) - i), 0, -1):
                leg = legs.get(tuple(tokens[i:i + size]))
                if leg is not None:
                    break
            else:
                i += 1
                continue
            if leg in _LEGS:
                window = tokens[max(0, i - MOMENT_REACH):i]
                dated = any(tuple(window[j:j + len(p)]) == p for p in before for j in range(len(window)))
                if not dated:
                    told.add(leg)
            i += size
        return told.pop() if len(told) == 1 else None

    def taught_of(self, fact_id: str) -> frozenset[Taught]:
        """A fact's taught questions as compared, or nothing."""
        n = self.catalog.number.get(fact_id)
        if n is None or not self._has_taught[n]:
            return frozenset()
        found = self.taught_store.get(self.catalog.facts.record(fact_id).digest)
        if found is None:  # a row lost from the cache: computed again from the fact
            fact = self.knowledge_facts[fact_id]
            found = frozenset(self.content_key(tokenize(normalize(asked)))
                              for asked in fact.asked_as_in(self.code, self.default))
        return found

    def _group_taught(self, fact_id: str) -> dict[str, TaughtGroup]:
        words: dict[str, list[Taught]] = {}
        for wh, key in self.taught_of(fact_id):
            for word in self.asking_words(key):
                words.setdefault(word, []).append((wh, key))
        return {word: self._taught_group(taught) for word, taught in words.items()}

    def _taught_group(self, taught: list[Taught]) -> TaughtGroup:
        weighed = {key: self.taught_key(key) for _, key in taught}
        asked_by = {wh: tuple(key for key_wh, key in taught if not key_wh or key_wh == wh)
                    for wh, _ in taught if wh}
        return TaughtGroup(tuple(key for _, key in taught), asked_by,
                           tuple(key for key_wh, key in taught if not key_wh), weighed,
                           frozenset(s for weighed_key in weighed.values() for s in weighed_key.weights),
                           min(weighed_key.total for weighed_key in weighed.values()))

    def content_key(self, tokens: list[str]) -> tuple[frozenset[str], str]:
        """A question's words as compared with taught questions: shorthand and idioms read, stopwords out, sorted.

        Returns its question words apart ("where", "when"), which must agree for two questions to
        match — "where is it played" is not "when is it played" however alike they look —
        and the rest of its words without stopwords, sorted, so `fuzz.ratio` of two keys is
        rapidfuzz's `token_sort_ratio` without sorting at question time; nothing when the words
        are only names.
        """
        language = self.language
        stopwords = language.stopwords
        words = language.expand(tokens)
        wh = language.question_words.intersection(words)
        content = [w for w in words if w not in stopwords]
        names = self.name_words
        for w in content:
            if w not in names and not is_year(w):
                break
        else:
            return wh, ""  # names alone ("and Ancelotti?") ask nothing a taught question could tell
        content.sort()
        return wh, " ".join(content)

    def weigh_key(self, key: str) -> TaughtKey:
        """A content key's words and the rarity weight of each of its stems."""
        weights = self.key_weights(key)
        return TaughtKey(key, weights, sum(weights.values()))

    def key_weights(self, key: str) -> dict[str, float]:
        """The rarity weight of each stem of a content key (`weigh_key` without the key around it).

        A fan's question is weighed once and read as the weights and their sum only: no `TaughtKey` is made.
        """
        canonical, idf, unknown = self.canonical, self._idf.get, self._unknown_idf
        return {s: idf(s, unknown) for s in {canonical.get(s, s) for s in map(self._stem, key.split())}}  # `stem`

    def asking_words(self, key: str) -> frozenset[str]:
        """The words of a content key that are neither names, years nor words for the game: what it asks about."""
        asking_none = self._asking_none
        return frozenset(w for w in key.split() if w not in asking_none and not is_year(w))

    def stem(self, word: str) -> str:
        """A word's stem, folded onto its synonym group's first word."""
        s = self._stem(word)
        return self.canonical.get(s, s)

    def idf_of(self, stem_: str) -> float:
        """Inverse document frequency; a stem no fact uses weighs like a fairly rare one."""
        return self._idf.get(stem_, self._unknown_idf)

    @property
    def idf(self) -> Mapping[str, float]:
        """Every stem's inverse document frequency (computed from the posting lists when read)."""
        return _Idf(self)

    def candidates(self, stems: Iterable[str], entities: Iterable[str], ties: frozenset[str] | None = None,
                   budget: int = CANDIDATE_BUDGET) -> set[str]:
        """Ids of facts sharing at least one stem or entity with the question (see `candidate_numbers`)."""
        ids = self.catalog.ids
        return {ids[n] for n in self.candidate_numbers(stems, entities, ties, budget)}  # type: ignore[misc]

    def candidate_numbers(self, stems: Iterable[str], entities: Iterable[str], ties: frozenset[str] | None = None,
                          budget: int = CANDIDATE_BUDGET) -> set[int]:
        """Numbers of facts sharing at least one stem or entity with the question.

        With `ties`, only facts of those ties or of no tie: the scorer rejects any other. The
        rarest features are taken first; once the budget is reached, commoner ones (which add
        the least to a fact's score) bring in no more facts, though they still count in scoring.
        """
        by_stem, by_entity = self.by_stem, self.by_entity
        features = [(len(by_stem.get(s, ())), (False, s)) for s in stems]
        features += [(len(by_entity.get(e, ())), (True, e)) for e in entities]
        features.sort()
        found: set[int] = set()
        # In load order, not set order, so that a budget cut is the same in every run.
        local = None if ties is None else self._local(ties)
        for _, feature in features:
            room = budget - len(found)
            postings: Sequence[int] = (by_entity if feature[0] else by_stem).get(feature[1], ())
            if local is not None:
                postings = self._within(local, feature, postings, room)
            if len(postings) > room:
                if not found:
                    found.update(postings[:budget])
                break
            found.update(postings)
        return found

    def _group_local(self, ties: frozenset[str]) -> _Local:
        """The facts of these ties and of no tie, group by group, groups in the order their first fact loaded."""
        groups = [(tie, facts) for tie, facts in self.by_tie.items() if tie is None or tie in ties]
        key = self.catalog.key
        groups.sort(key=lambda g: key(g[1][0]))
        return _Local(groups, frozenset(tie for tie, _ in groups), sum(len(facts) for _, facts in groups))

    def _within(self, local: _Local, feature: Feature, postings: Sequence[int], room: int) -> list[int]:
        """A feature's facts among `local`'s, group by group as `local` orders them (stopping past `room`)."""
        records = self.catalog.records
        if len(postings) <= 4 * local.members:
            wanted = local.ties
            tie_of = self.catalog.ties
            out = [n for n in postings if tie_of[n] in wanted]
            if len(out) <= room:
                return out  # all of them: their order is the budget's concern only
            by_group: dict[str | None, list[int]] = {}
            for n in out:
                by_group.setdefault(tie_of[n], []).append(n)
            out = []
            for tie, _ in local.groups:
                out.extend(by_group.get(tie, ()))
                if len(out) > room:
                    break
            return out
        is_entity, name = feature
        padded = f" {name} "
        out = []
        for _, facts in local.groups:
            for n in facts:
                if is_entity:
                    record = records[n]
                    assert record is not None
                    if name in record.entities or name == record.speaker:
                        out.append(n)
                elif padded in f" {self._stems[n] or ''} " or padded in f" {self._taught_stems[n] or ''} ":
                    out.append(n)
            if len(out) > room:
                break
        return out

    def entity_years(self, entity: str) -> frozenset[int]:
        """The years the facts naming an entity are about: a fact's own year, else its tie's (kept once made)."""
        return self._entity_years(entity)

    def _years_of_entity(self, entity: str) -> frozenset[int]:
        ids, records = self.catalog.ids, self.catalog.facts.record
        ties = self.knowledge_ties
        years: set[int] = set()
        for n in self.by_entity.get(entity, ()):
            record = records(ids[n])  # type: ignore[arg-type]
            year = record.year if record.year is not None else (
                ties[record.tie].year if record.tie in ties else None)
            if year is not None:
                years.add(year)
        return frozenset(years)

    def ties_stating(self, word: str) -> frozenset[str]:
        """The ties with a fact whose own words (not its taught questions) hold `word` as it is ("3-1").

        A scoreline names the games the ties' facts report with it: Madrid's 3-1 over Espanyol is a
        2023 game as much as their 3-1 first-leg win is a 2021 one. Only a word's few facts are read.
        """
        ids, records = self.catalog.ids, self.catalog.facts.record
        padded = f" {word} "
        ties: set[str] = set()
        for n in self.by_stem.get(word, ()):
            tie = records(ids[n]).tie  # type: ignore[arg-type]
            if tie is not None and tie not in ties and padded in f" {self._stems[n] or ''} ":
                ties.add(tie)
        return frozenset(ties)

    def intent_facts(self, intent: str, ties: frozenset[str] | None, budget: int = CANDIDATE_BUDGET) -> list[str]:
        """Facts of one intent in the given ties (every tie when None), at most `budget` of them, in load order."""
        ids = self.catalog.ids
        return [ids[n] for n in self.intent_numbers(intent, ties, budget)]  # type: ignore[misc]

    def intent_numbers(self, intent: str, ties: frozenset[str] | None, budget: int = CANDIDATE_BUDGET) -> list[int]:
        """Numbers of `intent_facts`."""
        if ties is None:
            return list(self.by_intent.get(intent, ())[:budget])
        return list(self._intent_in((intent, ties))[:budget])

    def _group_intent(self, asked: tuple[str, frozenset[str]]) -> Sequence[int]:
        """The facts of one intent in some ties, tie group by tie group (kept: questions ask the same few)."""
        intent, ties = asked
        records = self.catalog.records
        out: list[int] = []
        for tie, facts in self._local(ties).groups:
            if tie is not None:
                out.extend(n for n in facts if records[n].intent == intent)  # type: ignore[union-attr]
        return array("I", out)

    # --- across processes ----------------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        """What `restore` needs, as plain values (marshal writes them; no pickle)."""
        return {
            "stems": self._stems, "taught": self._taught_stems, "told_legs": self._told_legs,
            "has_taught": bytes(self._has_taught),
            "by_stem": {k: v.tobytes() for k, v in self.by_stem.items()},
            "by_entity": {k: v.tobytes() for k, v in self.by_entity.items()},
            "by_tie": {k: v.tobytes() for k, v in self.by_tie.items()},
            "by_intent": {k: v.tobytes() for k, v in self.by_intent.items()},
            "words": dict(self._words), "known": dict(self._known), "speakers": dict(self._speakers),
            "entity_ties": dict(self._entity_ties), "fact_years": dict(self._fact_years),
            "taught_count": self.taught_count,
        }

    @classmethod
    def restore(cls, knowledge: Knowledge, language: Language, catalog: Catalog, taught: TaughtStore,
                state: Mapping[str, Any]) -> FactIndex:
        """The index `state` was taken from, for `knowledge` (the same facts, numbered by `catalog`)."""
        index = object.__new__(cls)
        index._setup(knowledge, language, catalog, taught)
        index._stems = list(state["stems"])
        index._taught_stems = list(state["taught"])
        index._told_legs = list(state["told_legs"])
        index._has_taught = bytearray(state["has_taught"])
        for name in ("by_stem", "by_entity", "by_tie", "by_intent"):
            lists: dict[Any, Postings] = {}
            for key, data in state[name].items():
                postings = array("I")
                postings.frombytes(data)
                lists[key] = postings
            setattr(index, name, lists)
        index._words = Counter(state["words"])
        index._known = Counter(state["known"])
        index._speakers = Counter(state["speakers"])
        index._entity_ties = Counter(state["entity_ties"])
        index._fact_years = Counter(state["fact_years"])
        index.taught_count = state["taught_count"]
        index.finish()
        return index


class _Idf(Mapping[str, float]):
    def __init__(self, index: FactIndex) -> None:
        self._index = index

    def __getitem__(self, stem_: str) -> float:
        if stem_ not in self._index.by_stem:
            raise KeyError(stem_)
        return self._index.idf_of(stem_)

    def __iter__(self) -> Iterator[str]:
        return iter(self._index.by_stem)

    def __len__(self) -> int:
        return len(self._index.by_stem)


def _subtract(counts: Counter[Any], items: Iterable[Any]) -> None:
    """Count each item once less, forgetting those no fact counts any more."""
    for item in items:
        left = counts[item] - 1
        if left > 0:
            counts[item] = left
        else:
            del counts[item]


def _article_years(articles: Iterable[Any]) -> Iterator[int]:
    for article in articles:
        yield from {int(w) for w in tokenize(article.text) if is_year(w)}
        if article.date is not None:
            yield article.date.year


def _fact_text(fact: Fact, language: str, pending: str | None = None) -> str:
    """The words a fact is found by in `language`: its answer there, keywords and quote.

    A translation nobody has reviewed yet is never served (the default language's answer is), but its
    words are still the language's: a fan asking in it about what the fact says ("¿Klopp dijo que nadie
    espera nada de ellos?") finds the fact and is answered in the default language. The drafter's
    `pending` placeholder, where it could not translate, is no word of the fact.
    """
    parts = [fact.answer_in(language), *fact.keywords]
    translation = fact.translations.get(language)
    if translation is not None and not translation.reviewed:
        parts.append(translation.answer.replace(pending, " ") if pending else translation.answer)
    if fact.quote:
        parts.append(fact.quote)
    return " ".join(parts)

