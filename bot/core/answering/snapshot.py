"""Everything built from one knowledge snapshot for answering, swapped in as a single reference.

One view per language file: the facts indexed in that language (their translated answers and the
questions fans ask in it), and the readers of its questions. Names, ties and facts are shared.

Three ways to a snapshot, all giving the same answers (tests/test_knowledge_cache.py holds them to it):

* `build_snapshot` indexes every fact (one pass, decoding each fact once for every language);
* with the knowledge cache, `build_snapshot` reads the indexes a previous process saved for exactly
  these files, or derives them from the last ones it saved when only facts and articles changed;
* `derive_snapshot` makes the next snapshot from the one being served when only facts and
  articles files changed (a curator's change, an edit by hand): only the changed facts are read
  and indexed, every list they do not touch is shared, and the served snapshot is not modified.
"""

from __future__ import annotations

import copy
import functools
import logging
import marshal
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.answering.answer import Source
from bot.core.answering.details import AttributeReader
from bot.core.answering.index import Catalog, FactIndex, TaughtStore
from bot.core.answering.languages import NO_NAMES, NameWords, name_words, own_words
from bot.core.answering.names import NameCoverage
from bot.core.answering.reading import QuestionReader
from bot.core.answering.roles import RoleReader
from bot.core.knowledge.cache import KnowledgeCache, code_version, package_version
from bot.core.knowledge.language import Language
from bot.core.knowledge.manifest import content_hash
from bot.core.knowledge.models import Intent
from bot.core.knowledge.store import ARTICLES_DIR, FACTS_DIR, LANGUAGE_DIR, Knowledge, cached_knowledge, intents_in
from bot.core.knowledge.tables import FactTable

__all__ = ["LanguageView", "Snapshot", "build_snapshot", "derive_snapshot"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LanguageView:
    """What answering a question in one language needs: its words, its index of the facts, its readers."""

    language: Language
    index: FactIndex
    reader: QuestionReader
    attributes: AttributeReader
    names: NameCoverage
    roles: RoleReader
    intents: Mapping[str, Intent]
    """The intents as asked in this language (their declines in it)."""


@dataclass(frozen=True)
class Snapshot:
    """The knowledge and a view of it per language; immutable once built."""

    knowledge: Knowledge
    views: Mapping[str, LanguageView]
    default: str
    """The default language's code: the knowledge files' own words are in it."""
    everywhere: frozenset[str]
    """The teams in every tie (Liverpool): naming them does not pick a tie."""
    name_words: NameWords = NO_NAMES
    """Every name and alias as words: they say nothing of a question's language."""
    own_words: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Each language's words no other language file uses: they tell a question's language."""
    catalog: Catalog | None = field(default=None, repr=False)
    """The facts as every view's index numbers them."""

    def view(self, language: str | None) -> LanguageView:
        """The view for a language code, or the default language's for one without a file."""
        return self.views.get(language or self.default) or self.views[self.default]

    @property
    def index(self) -> FactIndex:
        """The default language's index."""
        return self.views[self.default].index

    @property
    def reader(self) -> QuestionReader:
        """The default language's question reader."""
        return self.views[self.default].reader

    @property
    def attributes(self) -> AttributeReader:
        """The default language's details reader."""
        return self.views[self.default].attributes

    @functools.cached_property
    def tie_years(self) -> Mapping[str, int]:
        """Each tie's year (kept: the scorer reads it for questions dated to another year)."""
        return {t.id: t.year for t in self.knowledge.ties.values()}

    @functools.cached_property
    def article_years(self) -> Mapping[str | None, int]:
        """The year of the tie each tie's article previews (kept, as `tie_years`)."""
        return {t.article: t.year for t in self.knowledge.ties.values()}

    @functools.cached_property
    def article_ties(self) -> Mapping[str, str | None]:
        """The tie each article previews (kept, as `tie_years`)."""
        return {a.id: a.tie for a in self.knowledge.articles.values()}

    @functools.cached_property
    def round_orders(self) -> Mapping[str, tuple[Mapping[tuple[str, ...], int], frozenset[str]]]:
        """Per language code, the rounds a question in it may name, by their place in a season, and their first words.

        Its own words and the default language's, which its shorthand may expand to ("cuartos"); kept,
        so a question naming no round is told by one set lookup (`gates.round_after_the_tie`).
        """
        default = self.knowledge.language
        orders = {code: default.round_order if view.language is default
                  else {**default.round_order, **view.language.round_order} for code, view in self.views.items()}
        return {code: (order, frozenset(phrase[0] for phrase in order if phrase)) for code, order in orders.items()}

    @functools.cached_property
    def sources(self) -> Mapping[str, Source]:
        """Each article as an answer's source (kept: made once, not for every answer citing it)."""
        return {aid: Source(article=aid, title=art.title, publisher=art.publisher,
                            date=art.date.isoformat() if art.date else None)
                for aid, art in self.knowledge.articles.items()}


@functools.cache
def _version() -> str:
    """The answering code's version: saved indexes are read back only by the code that wrote them."""
    here = Path(__file__).resolve().parent
    return code_version(*here.glob("*.py"), extra=(package_version("PyStemmer"), package_version("rapidfuzz")))


def _scope(knowledge: Knowledge, code: str) -> str:
    """What a language's taught keys depend on besides the fact: the code, that language file, the names."""
    manifest = knowledge.manifest
    parts = (_version(), manifest.get(f"{LANGUAGE_DIR}/{code}.yaml", code), manifest.get("entities.yaml", ""))
    return content_hash("/".join(parts).encode())


def _taught_store(knowledge: Knowledge, code: str) -> TaughtStore:
    return TaughtStore(knowledge.cache if knowledge.manifest else None, _scope(knowledge, code))


# --- building ----------------------------------------------------------------------------------
def build_snapshot(knowledge: Knowledge) -> Snapshot:
    """Index a knowledge snapshot in every language; pure (no engine state), so a reload runs it in a thread.

    With a cache, indexes saved for these very files are read back, or those saved for an earlier
    state of them are brought up to date; what this builds is saved for the next process.
    """
    cache = knowledge.cache
    if cache is not None and knowledge.manifest:
        started = time.perf_counter()
        found = _restored(knowledge, cache)
        if found is not None:
            log.info("indexes read from the knowledge cache in %.2f s", time.perf_counter() - started)
            return found
    snapshot = _built(knowledge)
    if cache is not None and knowledge.manifest:
        _save(snapshot, cache)
    return snapshot


def _built(knowledge: Knowledge) -> Snapshot:
    """Every fact indexed, each decoded once and read by every language's index and details reader."""
    started = time.perf_counter()
    catalog = Catalog.of(knowledge)
    table = catalog.facts
    indexes = {code: FactIndex.empty(knowledge, language, catalog, _taught_store(knowledge, code))
               for code, language in knowledge.languages.items()}
    details = {code: AttributeReader((), knowledge.entities, language)
               for code, language in knowledge.languages.items()}
    for (fact_id, record), fact in zip(table.records(), table.values(), strict=True):
        n = catalog.number[fact_id]
        for code, index in indexes.items():
            index.add(n, fact, record, append=True)
            details[code].add(fact)
    for index in indexes.values():
        index.complete()
    snapshot = _assemble(knowledge, catalog, indexes, details)
    log.info("indexed %d facts in %d languages in %.2f s", len(catalog.number), len(indexes),
             time.perf_counter() - started)
    return snapshot


def _assemble(knowledge: Knowledge, catalog: Catalog, indexes: Mapping[str, FactIndex],
              details: Mapping[str, AttributeReader]) -> Snapshot:
    views = {code: _view(knowledge, language, indexes[code], details[code])
             for code, language in knowledge.languages.items()}
    return Snapshot(knowledge=knowledge, views=views, default=knowledge.language.code,
                    everywhere=_everywhere(knowledge), name_words=name_words(knowledge),
                    own_words=own_words(knowledge), catalog=catalog)


def _view(knowledge: Knowledge, language: Language, index: FactIndex, attributes: AttributeReader) -> LanguageView:
    return LanguageView(
        language=language,
        index=index,
        reader=QuestionReader(knowledge, index),
        attributes=attributes,
        names=NameCoverage(knowledge, index, index.common),
        roles=RoleReader(knowledge, language),
        intents=intents_in(knowledge, language.code),
    )


def _everywhere(knowledge: Knowledge) -> frozenset[str]:
    sets = [set(t.teams) for t in knowledge.ties.values()]
    return frozenset(set.intersection(*sets)) if sets else frozenset()


# --- deriving ------------------------------------------------------------------------------------
def derivable(old: Knowledge, new: Knowledge) -> bool:
    """Whether `new` differs from `old` only in facts and articles files (so its snapshot can be derived)."""
    if old.root != new.root or not old.manifest or not new.manifest:
        return False
    if not isinstance(old.facts, FactTable) or not isinstance(new.facts, FactTable):
        return False
    before, after = old.manifest, new.manifest
    return all(rel.startswith((f"{FACTS_DIR}/", f"{ARTICLES_DIR}/"))
               for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel))


def fact_changes(old: Knowledge, new: Knowledge) -> tuple[list[str], list[str], list[str]]:
    """Approved facts `new` removes, changes and adds against `old` (from the changed facts files alone).

    A fact moved to another file or to another place among its file's facts counts as changed.
    """
    before, after = old.facts, new.facts
    assert isinstance(before, FactTable) and isinstance(after, FactTable)
    old_manifest, new_manifest = old.manifest, new.manifest
    rels = sorted(rel for rel in old_manifest.keys() | new_manifest.keys()
                  if rel.startswith(f"{FACTS_DIR}/") and old_manifest.get(rel) != new_manifest.get(rel))
    touched: dict[str, None] = {}
    for rel in rels:
        old_ids, new_ids = before.files.get(rel, ()), after.files.get(rel, ())
        common_old = [i for i in old_ids if i in set(new_ids)]
        common_new = [i for i in new_ids if i in set(old_ids)]
        if common_old != common_new:  # reordered by hand: every fact of the file goes in again where it stands
            touched.update(dict.fromkeys([*old_ids, *new_ids]))
        touched.update(dict.fromkeys(i for i in (*old_ids, *new_ids)
                                     if (before.record(i) if i in before else None)
                                     != (after.record(i) if i in after else None)))
    removed = [i for i in touched if i in before and i not in after]
    added = [i for i in touched if i not in before and i in after]
    changed = [i for i in touched if i in before and i in after]
    return removed, changed, added


def derive_snapshot(old: Snapshot, knowledge: Knowledge) -> Snapshot:
    """The snapshot of `knowledge`, made from `old` when only facts and articles changed (else built whole).

    `old` is not modified: it may be answering questions in another thread meanwhile.
    """
    if old.catalog is None or not derivable(old.knowledge, knowledge):
        return build_snapshot(knowledge)
    started = time.perf_counter()
    removed, changed, added = fact_changes(old.knowledge, knowledge)
    articles = [a for a in old.knowledge.articles.keys() | knowledge.articles.keys()
                if old.knowledge.articles.get(a) != knowledge.articles.get(a)]
    catalog = old.catalog.derived(knowledge, removed, added, changed)
    out_ = [*removed, *changed]
    in_ = [*changed, *added]
    table = catalog.facts
    new_facts = table.fetch(in_)
    old_table = old.knowledge.facts
    assert isinstance(old_table, FactTable)
    old_facts = old_table.fetch(out_)
    views = {}
    for code, view in old.views.items():
        index = view.index.derived(knowledge, catalog, list(zip(out_, old_facts, strict=True)),
                                   list(zip(in_, new_facts, strict=True)), old.knowledge.articles, articles)
        views[code] = _derived_view(view, knowledge, index, out_, new_facts)
    snapshot = Snapshot(knowledge=knowledge, views=views, default=old.default, everywhere=old.everywhere,
                        name_words=old.name_words, own_words=old.own_words, catalog=catalog)
    log.info("derived the snapshot in %.3f s: %d facts removed, %d changed, %d added, %d articles changed",
             time.perf_counter() - started, len(removed), len(changed), len(added), len(articles))
    return snapshot


def _derived_view(view: LanguageView, knowledge: Knowledge, index: FactIndex, out_: Sequence[str],
                  new_facts: Sequence[object]) -> LanguageView:
    reader = copy.copy(view.reader)
    reader.knowledge = knowledge
    reader.index = index
    entered, left = index.word_changes
    if entered or left:
        kept = reader.reading_words
        reader.vocabulary = view.reader.vocabulary.derived(entered, [w for w in left if w not in kept])
    return LanguageView(language=view.language, index=index, reader=reader,
                        attributes=view.attributes.derived(out_, new_facts),  # type: ignore[arg-type]
                        names=view.names.derived(knowledge), roles=view.roles, intents=view.intents)


# --- saved in the knowledge cache ----------------------------------------------------------------
def _key(knowledge: Knowledge) -> str:
    return knowledge.version


def _pointer(cache: KnowledgeCache, knowledge: Knowledge) -> str:
    return f"index-latest/{_version()}/{content_hash(str(knowledge.root).encode())}"


def _save(snapshot: Snapshot, cache: KnowledgeCache) -> None:
    """Save the indexes for the next process (one row per language's part, so none is huge)."""
    started = time.perf_counter()
    knowledge = snapshot.knowledge
    assert snapshot.catalog is not None
    prefix = f"index/{_version()}/{_key(knowledge)}"
    rows = {f"{prefix}/catalog": marshal.dumps(snapshot.catalog.ids)}
    for code, view in snapshot.views.items():
        for part, data in view.index.state().items():
            rows[f"{prefix}/{code}/index/{part}"] = marshal.dumps(data)
        rows[f"{prefix}/{code}/attributes"] = marshal.dumps(view.attributes.state())
    rows[f"{prefix}/parts"] = marshal.dumps(sorted(rows))
    if cache.put(rows):
        cache.replace(_pointer(cache, knowledge), _key(knowledge).encode())
        log.info("indexes saved in the knowledge cache in %.2f s (%.0f MB)", time.perf_counter() - started,
                 sum(map(len, rows.values())) / 1e6)


def _restored(knowledge: Knowledge, cache: KnowledgeCache) -> Snapshot | None:
    """The indexes saved for these files, or for an earlier state of them brought up to date; None if neither."""
    found = _read(knowledge, cache, _key(knowledge))
    if found is not None:
        return found
    pointer = cache.get(_pointer(cache, knowledge))
    if pointer is None:
        return None
    earlier = cached_knowledge(knowledge.root, cache, pointer.decode())
    if earlier is None or not derivable(earlier, knowledge):
        return None
    base = _read(earlier, cache, pointer.decode())
    if base is None:
        return None
    snapshot = derive_snapshot(base, knowledge)
    _save(snapshot, cache)
    return snapshot


def _read(knowledge: Knowledge, cache: KnowledgeCache, key: str) -> Snapshot | None:
    prefix = f"index/{_version()}/{key}"
    try:
        parts = cache.get(f"{prefix}/parts")
        if parts is None:
            return None
        names = marshal.loads(parts)
        if any(not name.startswith(prefix) for name in names):
            return None
        ids = cache.get(f"{prefix}/catalog")
        if ids is None:
            return None
        table = knowledge.facts
        assert isinstance(table, FactTable)
        catalog = Catalog.restore(table, marshal.loads(ids))
        indexes: dict[str, FactIndex] = {}
        details: dict[str, AttributeReader] = {}
        for code, language in knowledge.languages.items():
            state = {}
            for name in names:
                head = f"{prefix}/{code}/index/"
                if name.startswith(head):
                    data = cache.get(name)
                    if data is None:
                        return None
                    state[name[len(head):]] = marshal.loads(data)
            attributes = cache.get(f"{prefix}/{code}/attributes")
            if not state or attributes is None:
                return None
            indexes[code] = FactIndex.restore(knowledge, language, catalog, _taught_store(knowledge, code), state)
            details[code] = AttributeReader.restore(marshal.loads(attributes), knowledge.entities, language)
    except (ValueError, EOFError, TypeError, KeyError, IndexError) as exc:
        log.info("the indexes in the knowledge cache cannot be read (%s); indexing afresh", exc.__class__.__name__)
        return None
    return _assemble(knowledge, catalog, indexes, details)
