"""Loading and validating the knowledge folder into one immutable `Knowledge` snapshot.

A snapshot is built and validated completely before anyone sees it, so a reload either
swaps in a whole new, consistent store or reports every problem and changes nothing.

What it costs does not grow with the store when it need not (issue 15):

* with a `KnowledgeCache`, a folder whose files all hash as in the cache's last valid snapshot
  is not read or validated at all: the snapshot is rebuilt from the cache's rows;
* given a snapshot it has already (`previous`: the one being served, or the cache's latest),
  a load validates only the facts and articles files whose content changed, against the rest,
  and shares everything else with that snapshot (`apply_files` does the same for a change a
  curator is about to write); any problem found that way is reported by a full load, so the
  list of problems is always the whole folder's, file by file;
* facts are kept as small records, decoded from the cache (or from memory without one) when
  read (`bot.core.knowledge.tables`).

A loader of another backend (a database) would implement the same two steps: a `Knowledge` for
what it holds now, and `apply_files` for a change to validate before it is committed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import logging
import marshal
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from bot.core.knowledge.cache import KnowledgeCache
from bot.core.knowledge.language import DEFAULT_LANGUAGE, Language, read_language
from bot.core.knowledge.manifest import FileState, FolderScan, content_hash, scan_folder, stamp_of
from bot.core.knowledge.models import Article, Entity, Fact, Intent, Tie
from bot.core.knowledge.tables import FactFiles, FactRecord, FactSource, FactTable, MemoryFacts, fact_digest, record_of

__all__ = [
    "CONTEXT_INTENT",
    "DATE_INTENT",
    "FACTS_DIR",
    "HISTORY_INTENT",
    "PERSON_INTENT",
    "PREDICTION_INTENT",
    "QUOTE_INTENT",
    "REQUIRED_INTENTS",
    "RESULT_INTENT",
    "VENUE_INTENT",
    "FolderScan",
    "Knowledge",
    "KnowledgeError",
    "KnowledgeIssue",
    "apply_files",
    "cached_knowledge",
    "folder_stamp",
    "intents_in",
    "load_knowledge",
    "written",
]

log = logging.getLogger(__name__)

FACTS_DIR = "facts"
ARTICLES_DIR = "articles"
LANGUAGE_DIR = "language"

RESULT_INTENT = "score"
QUOTE_INTENT = "quote"
PREDICTION_INTENT = "prediction"
PERSON_INTENT = "person"
CONTEXT_INTENT = "context"
OVERVIEW_INTENT = "overview"
HISTORY_INTENT = "history"
DATE_INTENT = "date"
VENUE_INTENT = "venue"
REQUIRED_INTENTS: dict[str, str] = {
    OVERVIEW_INTENT: "overviews: a recap of a tie (or of every tie) composed from ties.yaml and its key facts",
    RESULT_INTENT: "results: 'how did the first leg go' asks for it, and a leg not yet played is declined",
    QUOTE_INTENT: "quotes: a quote needs its speaker, 'what did X say' keeps to X's quotes, /quote lists them",
    PREDICTION_INTENT: "predictions: answered about a leg not yet played, listed on /tie",
    PERSON_INTENT: "who someone is: the 'did you mean' question for such a fact",
    CONTEXT_INTENT: "the situation around a tie: the tie card answers as it, /tie shows it first",
    "record": "drafting files counts and records under it",
    DATE_INTENT: "drafting files dates and kick-offs under it; a tie's month is no topic of another kind of question",
    VENUE_INTENT: "drafting files venues under it; a tie's card tells its venues, so a recap is no question of them",
    "form": "drafting files domestic results under it",
    HISTORY_INTENT: "drafting files past scores under it; a list of past games prefers its facts",
}
"""Intent ids the code relies on, and what for: a missing one fails at load, not silently when asked.

Renaming an intent in intents.yaml means renaming it here (and in the code that names it)."""
M = TypeVar("M", bound=BaseModel)
_SPACES = re.compile(r"\s+")
MAX_NESTING = 200
"""Deepest nesting of lists and mappings accepted; the knowledge files need about five levels."""


def _libyaml_version() -> tuple[int, ...]:
    try:
        from yaml import _yaml  # type: ignore[attr-defined]
    except ImportError:
        return ()
    return tuple(int(part) for part in re.findall(r"\d+", _yaml.get_version_string())[:3])


_LIBYAML = _libyaml_version()
LIBRARY_LIMITS_NESTING = _LIBYAML >= (0, 2, 6)
"""Whether the YAML library refuses deep nesting itself, so the project's own guard is not needed.

libyaml 0.2.6 (bundled with PyYAML 6.0.4's wheels, the locked version) stops at 1,000 levels
with a `ScannerError` naming the line. Two cases remain for the guard: the pure-Python loader
(no C extension), which recurses until `RecursionError`, and PyYAML built against an older
system libyaml, whose composer recurses without a limit and crashes the process (a segfault,
not an exception) somewhere past 20,000 levels."""
_BASE_LOADER: Any = yaml.CSafeLoader if _LIBYAML else yaml.SafeLoader
_ENTRY_PREFIX = re.compile(r"[ \t]*(?:[-?:](?=[ \t]|$)[ \t]*)*")
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML 1.1 (libyaml) counts as a line break: no more, no less, so columns are its columns."""
_MAX_ID_SHOWN = 64


class _Loader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """A safe loader (libyaml's where available) that refuses a key written twice in one mapping.

    YAML parsers silently keep the last of two `answer:` lines; a curator would never see the first.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[tuple[str, str]] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                key = (key_node.tag, key_node.value)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        "while reading a mapping", node.start_mark,
                        f"found the key '{key_node.value}' twice", key_node.start_mark)
                seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class KnowledgeIssue:
    """One problem in the knowledge folder, located by file, item id and field."""

    file: str
    item: str | None
    field: str | None
    message: str
    code: str | None = None
    """pydantic's error type (`"missing"`, `"string_type"`...) when the schema refused the value, so
    wording can be keyed on it, not on pydantic's English; None for the loader's own checks."""
    # dataclasses.field by its full name: in this class `field` is the attribute above.
    context: Mapping[str, Any] = dataclasses.field(default_factory=dict, compare=False, repr=False)
    """pydantic's `ctx` for that error, e.g. `{"max_length": 1500}`."""

    def __str__(self) -> str:
        where = self.file
        if self.item:
            where += f" · {self.item}"
        if self.field:
            where += f" · {self.field}"
        return f"{where}: {self.message}"


class KnowledgeError(ValueError):
    """The knowledge folder is invalid; `issues` lists every problem found."""

    def __init__(self, issues: list[KnowledgeIssue]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(issue) for issue in issues))


@dataclass(frozen=True)
class Knowledge:
    """A validated snapshot of the fact store. Never mutated: edits build a new one."""

    root: Path
    articles: dict[str, Article]
    ties: dict[str, Tie]
    entities: dict[str, Entity]
    intents: dict[str, Intent]
    facts: Mapping[str, Fact]
    """Approved facts by id, in load order: a `FactTable`, which decodes a fact when it is read."""
    drafts: Mapping[str, Fact]
    fact_files: Mapping[str, str] = field(default_factory=dict)
    stamp: str = ""
    languages: dict[str, Language] = field(default_factory=dict)
    """The language files by code (language/en.yaml is "en"): the words questions are read with."""
    scan: FolderScan | None = field(default=None, compare=False, repr=False)
    """Each file as this snapshot read it (size, time, content hash): how a reload tells what changed."""
    article_files: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Which file holds each article."""
    cache: KnowledgeCache | None = field(default=None, compare=False, repr=False)
    """The cache this snapshot was loaded with (the engine keeps its indexes there too), if any."""

    @property
    def manifest(self) -> dict[str, str]:
        """Each knowledge file's content hash, by folder-relative path ({} for a snapshot read without a scan)."""
        return self.scan.manifest if self.scan is not None else {}

    @property
    def version(self) -> str:
        """A hash of every knowledge file's content: equal for two snapshots of the same files."""
        return content_hash(marshal.dumps(sorted(self.manifest.items())))

    @property
    def language(self) -> Language:
        """The language questions are read in."""
        return self.languages[DEFAULT_LANGUAGE]

    @property
    def synonyms(self) -> tuple[tuple[str, ...], ...]:
        """Groups of interchangeable words, from the language file."""
        return self.language.synonyms

    def fact_or_draft(self, fact_id: str) -> Fact | None:
        """The approved fact or draft with this id, if any."""
        return self.facts.get(fact_id) or self.drafts.get(fact_id)


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def folder_stamp(root: Path) -> str:
    """A cheap version stamp of the folder (names, sizes, mtimes) to notice changes by other processes."""
    digest = hashlib.sha1()
    try:
        files = sorted(p for p in root.rglob("*.yaml") if p.is_file())
        for path in files:
            stat = path.stat()
            digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    except OSError as exc:
        return f"unreadable:{exc.__class__.__name__}"
    return digest.hexdigest()[:16]


class _Collector:
    """Accumulates issues while loading so that one run reports every problem at once."""

    def __init__(self, root: Path, texts: Mapping[str, bytes] | None = None) -> None:
        self.root = root
        self.texts = texts or {}
        """Files' bytes already read (to hash them, or a change not yet written), by relative POSIX path."""
        self.issues: list[KnowledgeIssue] = []
        self.unreadable: set[str] = set()
        """Files (and folders) that could not be read as a whole: references into them are not
        reported one by one, so the cause is not buried under a hundred "unknown tie" lines."""

    def add(self, path: Path | str, item: str | None, field_: str | None, message: str,
            code: str | None = None, context: Mapping[str, Any] | None = None) -> None:
        name = str(path.relative_to(self.root)) if isinstance(path, Path) else path
        self.issues.append(KnowledgeIssue(name, item, field_, message, code, context or {}))
        if item is None and isinstance(path, Path):
            self.unreadable.add(name)

    def has_issue(self, path: Path) -> bool:
        """Whether a problem has been recorded for this file already."""
        name = str(path.relative_to(self.root))
        return any(issue.file == name for issue in self.issues)

    def read_yaml(self, path: Path) -> Any:
        """The parsed file, or None after recording why it cannot be read or parsed."""
        text = self.read_text(path)
        if text is None:
            return None
        if not LIBRARY_LIMITS_NESTING:
            too_deep = _too_deep(text)
            if too_deep is not None:
                self.add(path, None, None, f"lists and mappings are nested more than {MAX_NESTING} levels deep"
                                           f"{_at(too_deep)}, which no knowledge file needs")
                return None
        loader = _Loader(text)
        node = None
        try:
            node = loader.get_single_node()
            return None if node is None else loader.construct_document(node)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            self.add(path, None, None, f"not valid YAML{_at(mark)}: {problem}")
        except (ValueError, OverflowError, RecursionError) as exc:
            # A scalar that looks like a date or number but is not one, e.g. `date: 2020-02-30`.
            bad = _bad_scalar(node)
            value = f" '{bad.value[:_MAX_ID_SHOWN]}'" if bad is not None else ""
            self.add(path, None, None, f"not valid YAML{_at(bad.start_mark if bad else None)}: "
                                       f"cannot read the value{value}: {exc}")
        finally:
            loader.dispose()
        return None

    def read_text(self, path: Path) -> str | None:
        """The file's text, or None after recording a plain-words reason it cannot be read."""
        try:
            given = self.texts.get(path.relative_to(self.root).as_posix())
            raw = given if given is not None else path.read_bytes()
        except IsADirectoryError:
            self.add(path, None, None, "cannot read file: it is a folder, where a YAML file was expected")
            return None
        except FileNotFoundError:
            self.add(path, None, None, "cannot read file: it disappeared while the folder was being read")
            return None
        except OSError as exc:
            self.add(path, None, None, f"cannot read file: {exc.strerror or exc}")
            return None
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.add(path, None, None, f"cannot read file: it is not UTF-8 text (byte 0x{raw[exc.start]:02x} "
                                       f"on line {line}); save it as UTF-8")
            return None

    def items(self, path: Path, data: Any, key: str) -> Iterator[tuple[str, Any]]:
        """The list under `key` in a file, each item with the id used to name it in errors."""
        if data is None:
            return
        if not isinstance(data, dict) or key not in data:
            self.add(path, None, key, f"expected a mapping with a '{key}' list at the top")
            return
        items = data[key]
        if not isinstance(items, list):
            self.add(path, None, key, "expected a list")
            return
        for index, raw in enumerate(items):
            yield _shown_id(raw.get("id") if isinstance(raw, dict) else None, f"#{index + 1}"), raw

    def model(self, path: Path, ident: str, cls: type[M], raw: Any) -> M | None:
        if not isinstance(raw, dict):
            self.add(path, ident, None, f"expected a mapping, got {type(raw).__name__}")
            return None
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                loc = ".".join(str(part) for part in err["loc"]) or None
                self.add(path, ident, loc, err["msg"], err["type"], err.get("ctx"))
            return None


def _unique(col: _Collector, path: Path, seen: dict[str, str], ident: str, kind: str) -> bool:
    if ident in seen:
        col.add(path, ident, "id", f"duplicate {kind} id (first defined in {seen[ident]})")
        return False
    seen[ident] = str(path.relative_to(col.root))
    return True


def _load_list(col: _Collector, path: Path, key: str, cls: type[M]) -> dict[str, M]:
    out: dict[str, M] = {}
    seen: dict[str, str] = {}
    if not path.is_file():
        folder = path.is_dir()
        col.add(path, None, None, "cannot read file: it is a folder, where a YAML file was expected" if folder
                else "file is missing")
        return out
    data = col.read_yaml(path)
    if data is None and not col.has_issue(path):
        col.add(path, None, key, f"file is empty; expected a mapping with a '{key}' list at the top")
    for ident, raw in col.items(path, data, key):
        model = col.model(path, ident, cls, raw)
        model_id = getattr(model, "id", None)  # every listed model (tie, entity, intent) has an id
        if model is not None and isinstance(model_id, str) and _unique(col, path, seen, model_id, key.rstrip("s")):
            out[model_id] = model
    return out


def _yaml_files(col: _Collector, folder: Path) -> list[Path]:
    if not folder.is_dir():
        problem = "is a file, where a folder was expected" if folder.exists() else "folder is missing"
        col.add(folder, None, None, problem)
        return []
    try:
        return sorted(folder.glob("*.yaml"))
    except OSError as exc:
        col.add(folder, None, None, f"cannot be listed: {exc.strerror or exc}")
        return []


def _at(mark: Any) -> str:
    return f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""


def _shown_id(ident: Any, fallback: str) -> str:
    """How an item is named in messages: its id if that is a short scalar, else its position."""
    if isinstance(ident, str | int) and not isinstance(ident, bool):
        text = " ".join(str(ident).split())
        if text:
            return text if len(text) <= _MAX_ID_SHOWN else text[: _MAX_ID_SHOWN - 1] + "…"
    return fallback


def _too_deep(text: str) -> Any:
    """Where (a YAML mark) the text first nests lists and mappings deeper than MAX_NESTING, or None.

    Every open block collection has its own indentation column (an indentless list shares
    its parent key's), and every flow collection opens with a bracket, so twice the number of
    entry columns plus the number of brackets bounds the depth: real files stay far below the
    limit and skip the event scan, which goes one event at a time and so never recurses.
    """
    columns: set[int] = set()
    for line in _LINE_BREAK.split(text):
        prefix = _ENTRY_PREFIX.match(line)
        end = prefix.end() if prefix else 0
        columns.update(i for i in range(end) if line[i] in "-?:")
        columns.add(end)
    if 2 * len(columns) + text.count("[") + text.count("{") <= MAX_NESTING:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_NESTING:
                    return event.start_mark
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass  # the parse that follows reports it, with its line
    return None


def _bad_scalar(root: yaml.Node | None) -> yaml.ScalarNode | None:
    """The first scalar whose value cannot be built (a date like 2020-02-30), to name its line."""
    constructor = _Loader("")
    stack = [root] if root is not None else []
    try:
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.ScalarNode):
                try:
                    constructor.construct_object(node)
                except (ValueError, OverflowError, yaml.YAMLError):
                    return node
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(reversed(node.value))
            elif isinstance(node, yaml.MappingNode):
                for key, value in reversed(node.value):
                    stack.extend((value, key))
    finally:
        constructor.dispose()
    return None


def load_knowledge(root: Path, *, cache: KnowledgeCache | None = None,
                   previous: Knowledge | None = None) -> Knowledge:
    """Load and fully validate a knowledge folder.

    With `cache`, files are hashed against the cache's last valid snapshot and only what changed
    is read and validated (nothing at all for an unchanged folder); with `previous` (a snapshot
    of the same folder, typically the one being served), against that snapshot instead. Either
    way the result is what a load from scratch gives, and it shares every unchanged part.

    Raises:
        KnowledgeError: listing every problem (file, item id, field) when anything is invalid.
    """
    try:
        root = Path(root).resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise KnowledgeError([KnowledgeIssue(str(root), None, None, f"cannot be resolved: {exc}")]) from None
    if not root.is_dir():
        # One message whether it is gone or a file now: moderators are told once per distinct problem.
        raise KnowledgeError([KnowledgeIssue(str(root), None, None, "knowledge folder not found")])
    if previous is not None and (previous.root != root or previous.scan is None or previous.cache is not cache):
        previous = None
    base = previous if previous is not None else (_cached(root, cache) if cache is not None else None)
    try:
        scan: FolderScan | None = scan_folder(root, base.scan if base is not None else None)
    except OSError:
        scan = None  # the full load reads file by file and names the one that cannot be read
    if scan is not None and base is not None:
        if scan.manifest == base.manifest:
            if base.stamp == scan.stamp:
                return base
            return dataclasses.replace(base, scan=scan.without_texts(), stamp=scan.stamp)
        if _only_facts_and_articles(base.manifest, scan.manifest):
            changed = {rel: scan.texts.get(rel) for rel in _differing(base.manifest, scan.manifest)}
            if all(rel in scan.texts or rel not in scan.manifest for rel in changed):
                try:
                    knowledge = _apply(base, changed, scan)
                except KnowledgeError:
                    log.info("the changed files do not validate; reading the whole folder to list every problem")
                else:
                    _remember(knowledge)
                    log.info("loaded %d changed file(s) of %s: %d facts, %d drafts", len(changed), root,
                             len(knowledge.facts), len(knowledge.drafts))
                    return knowledge
    return _load_full(root, scan, cache)


def apply_files(base: Knowledge, files: Mapping[str, str | bytes | None]) -> Knowledge:
    """`base` with some facts and articles files replaced (None: deleted), validated against the rest.

    What a change is checked with before it is written: only those files are parsed, their facts
    checked against the snapshot's ties, entities, intents and articles (and, for a changed article,
    the facts citing it), and the result shares everything else with `base`. Its `scan` records the
    new files' hashes; once they are on disk, `written` records their sizes and times.

    Raises:
        KnowledgeError: the problems the files have (file · id · field), given the rest is as in `base`.
        ValueError: a file that is not a facts or articles file (those changes need a full load).
    """
    texts = {rel: (text.encode("utf-8") if isinstance(text, str) else text) for rel, text in files.items()}
    for rel in texts:
        if not rel.startswith((f"{FACTS_DIR}/", f"{ARTICLES_DIR}/")):
            raise ValueError(f"{rel}: only facts and articles files are applied to a snapshot")
    files_now = dict(base.scan.files) if base.scan is not None else {}
    for rel, data in texts.items():
        if data is None:
            files_now.pop(rel, None)
        else:
            files_now[rel] = FileState(len(data), 0, 0, content_hash(data))
    at = base.scan.at_ns if base.scan is not None else time.time_ns()
    scan = FolderScan(files_now, at, base.stamp, {rel: d for rel, d in texts.items() if d is not None})
    return _apply(base, texts, scan)


def written(knowledge: Knowledge, files: Mapping[str, str | bytes | None]) -> Knowledge:
    """A snapshot from `apply_files` once its files are on disk: their sizes and times, the folder's stamp.

    The cache then records it as the folder's latest valid state.
    """
    if knowledge.scan is None:
        return dataclasses.replace(knowledge, stamp=folder_stamp(knowledge.root))
    texts = {rel: (text.encode("utf-8") if isinstance(text, str) else text) for rel, text in files.items()}
    scan = knowledge.scan.with_files(knowledge.root, texts)
    done = dataclasses.replace(knowledge, scan=scan, stamp=scan.stamp)
    _remember(done)
    return done


def _only_facts_and_articles(old: Mapping[str, str], new: Mapping[str, str]) -> bool:
    """Whether two manifests differ only in facts and articles files (what `_apply` can validate alone)."""
    return all(rel.startswith((f"{FACTS_DIR}/", f"{ARTICLES_DIR}/")) for rel in _differing(old, new))


def _differing(old: Mapping[str, str], new: Mapping[str, str]) -> list[str]:
    return sorted(rel for rel in old.keys() | new.keys() if old.get(rel) != new.get(rel))


# --- the whole folder ----------------------------------------------------------------------------
def _load_full(root: Path, scan: FolderScan | None, cache: KnowledgeCache | None) -> Knowledge:
    """Read and validate every file (a file unchanged since the cache saw it valid is not parsed again)."""
    col = _Collector(root, scan.texts if scan is not None else None)
    stamp = scan.stamp if scan is not None else folder_stamp(root)
    rows = _Rows(cache, scan)

    articles: dict[str, Article] = {}
    article_files: dict[str, str] = {}
    seen_articles: dict[str, str] = {}
    for path in _yaml_files(col, root / ARTICLES_DIR):
        article = rows.article(col, path)
        if article is not None and _unique(col, path, seen_articles, article.id, "article"):
            articles[article.id] = article
            article_files[article.id] = seen_articles[article.id]

    ties = rows.listed(col, root / "ties.yaml", "ties", Tie)
    entities = rows.listed(col, root / "entities.yaml", "entities", Entity)
    intents = rows.listed(col, root / "intents.yaml", "intents", Intent)
    _require_intents(col, root / "intents.yaml", intents)

    languages = _load_languages(col, root / LANGUAGE_DIR, rows)
    languages_read = not any(issue.file.startswith(f"{LANGUAGE_DIR}/") for issue in col.issues)
    sink = _FactSink(cache)
    approved: dict[str, list[tuple[str, FactRecord]]] = defaultdict(list)
    drafts: dict[str, list[tuple[str, FactRecord]]] = defaultdict(list)
    seen_facts: dict[str, str] = {}
    collapsed = _Collapsed(articles)
    unread = _unread_kinds(col)
    missing = _MissingArticles()
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    for path in _yaml_files(col, root / FACTS_DIR):
        rel = path.relative_to(root).as_posix()
        for fact, digest in rows.facts(col, path, sink):
            if not _unique(col, path, seen_facts, fact.id, "fact"):
                continue
            if _fact_problems(col, path, fact, ties, entities, intents, articles, collapsed, languages,
                              languages_read, unread, missing):
                continue
            (drafts if fact.status == "draft" else approved)[rel].append((fact.id, record_of(fact, rel, digest,
                                                                                               shared)))

    for tie in ties.values():
        for field_, ref in _tie_refs(tie):
            if ref not in entities and "entities" not in unread:
                col.add(root / "ties.yaml", tie.id, field_, f"unknown entity '{ref}'")
        if tie.article is not None and tie.article not in articles and "articles" not in unread:
            missing.cite(tie.article, root / "ties.yaml", tie.id, "article", f"unknown article '{tie.article}'")
    missing.report(col)
    for entity in entities.values():
        if entity.team is not None and entity.team not in entities:
            col.add(root / "entities.yaml", entity.id, "team", f"unknown entity '{entity.team}'")
    if languages_read:
        for intent in intents.values():
            for code in intent.translations:
                if code not in languages:
                    col.add(root / "intents.yaml", intent.id, f"translations.{code}",
                            f"no language file {LANGUAGE_DIR}/{code}.yaml for it")

    if not col.issues and folder_stamp(root) != stamp:
        # A folder being copied in, restored or edited file by file can be valid yet half there:
        # a snapshot read across such a change is refused rather than served.
        col.add(root, None, None, "the folder changed while it was being read (files being copied or edited); "
                "try again in a moment")
    if col.issues:
        raise KnowledgeError(col.issues)
    rows.flush()
    source = sink.source()
    facts = FactTable(source, {i: r for entries in approved.values() for i, r in entries},
                      {rel: tuple(i for i, _ in entries) for rel, entries in approved.items()})
    draft_table = FactTable(source, {i: r for entries in drafts.values() for i, r in entries},
                            {rel: tuple(i for i, _ in entries) for rel, entries in drafts.items()})
    log.info("loaded %d facts, %d drafts, %d entities from %s", len(facts), len(draft_table), len(entities), root)
    knowledge = Knowledge(root, articles, ties, entities, intents, facts, draft_table, FactFiles(facts, draft_table),
                          stamp, languages, scan.without_texts() if scan is not None else None, article_files, cache)
    _remember(knowledge)
    return knowledge


def _fact_problems(col: _Collector, path: Path, fact: Fact, ties: Mapping[str, Tie], entities: Mapping[str, Entity],
                   intents: Mapping[str, Intent], articles: Mapping[str, Article], collapsed: Mapping[str, str],
                   languages: Mapping[str, Language], languages_read: bool, unread: set[str],
                   missing: _MissingArticles, fields: tuple[str, ...] | None = None) -> bool:
    """Record the cross-file problems of one fact (or only those of `fields`); whether it has any."""
    problems = list(_fact_reference_issues(fact, ties, entities, intents, articles, collapsed))
    if languages_read:
        problems += [(f"translations.{code}", f"no language file {LANGUAGE_DIR}/{code}.yaml for it")
                     for code in fact.translations if code not in languages]
    if fields is not None:
        problems = [(f, m) for f, m in problems if f.partition(".")[0] in fields]
    for field_, message in problems:
        if _REFERENCE_KIND.get(field_.partition(".")[0]) in unread:
            continue
        if field_ == "source.article":
            missing.cite(fact.source.article, path, fact.id, field_, message)
        else:
            col.add(path, fact.id, field_, message)
    return bool(problems)


class _Collapsed(Mapping[str, str]):
    """Articles' texts with whitespace collapsed (how evidence is matched), computed when first asked for."""

    def __init__(self, articles: Mapping[str, Article]) -> None:
        self._articles = articles
        self._done: dict[str, str] = {}

    def __getitem__(self, article_id: str) -> str:
        found = self._done.get(article_id)
        if found is None:
            found = self._done[article_id] = _collapse(self._articles[article_id].text)
        return found

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._articles

    def __iter__(self) -> Iterator[str]:
        return iter(self._articles)

    def __len__(self) -> int:
        return len(self._articles)


# --- rows of the cache ---------------------------------------------------------------------------
_LISTS: dict[str, TypeAdapter[Any]] = {"ties": TypeAdapter(list[Tie]), "entities": TypeAdapter(list[Entity]),
                                        "intents": TypeAdapter(list[Intent])}
_FLUSH_FACTS = 2000


class _Rows:
    """Each knowledge file validated alone, from the cache when its bytes are the ones it saw valid.

    A file is stored only when it had no problem of its own; the checks across files always run.
    """

    def __init__(self, cache: KnowledgeCache | None, scan: FolderScan | None) -> None:
        self.cache = cache
        self.hashes = scan.manifest if scan is not None else {}
        self.pending: dict[str, bytes] = {}

    def _key(self, col: _Collector, path: Path, kind: str) -> str | None:
        if self.cache is None:
            return None
        content = self.hashes.get(path.relative_to(col.root).as_posix())
        return f"file/{self.cache.version}/{kind}/{content}" if content else None

    def _get(self, key: str | None) -> bytes | None:
        return self.cache.get(key) if self.cache is not None and key is not None else None

    def _keep(self, key: str | None, data: bytes) -> None:
        if key is not None:
            self.pending[key] = data

    def flush(self) -> None:
        if self.cache is not None and self.pending:
            self.cache.put(self.pending)
        self.pending = {}

    def article(self, col: _Collector, path: Path) -> Article | None:
        key = self._key(col, path, "article")
        data = self._get(key)
        if data is not None:
            with _absent_if_invalid():
                return Article.model_validate_json(data)
        article = _read_article(col, path)
        if article is not None:
            self._keep(key, article.model_dump_json().encode())
        return article

    def listed(self, col: _Collector, path: Path, key: str, cls: type[M]) -> dict[str, M]:
        row = self._key(col, path, key) if path.is_file() else None
        data = self._get(row)
        if data is not None:
            with _absent_if_invalid():
                return {model.id: model for model in _LISTS[key].validate_json(data)}
        before = len(col.issues)
        out = _load_list(col, path, key, cls)
        if len(col.issues) == before:
            self._keep(row, _LISTS[key].dump_json(list(out.values())))
        return out

    def language(self, col: _Collector, path: Path) -> Any:
        key = self._key(col, path, "language")
        data = self._get(key)
        if data is not None:
            with _absent_if_invalid():
                return marshal.loads(data)
        parsed = col.read_yaml(path)
        if parsed is not None:
            with contextlib.suppress(ValueError):  # a value marshal cannot hold (a date): parsed again next time
                self._keep(key, marshal.dumps(parsed))
        return parsed

    def facts(self, col: _Collector, path: Path, sink: _FactSink) -> Iterator[tuple[Fact, bytes]]:
        """The file's facts that validate alone, each with its digest (problems recorded in `col`)."""
        key = self._key(col, path, "facts")
        data = self._get(key)
        if data is not None and self.cache is not None:
            try:
                digests = [entry[2] for entry in marshal.loads(data)]
                facts = self.cache.facts(digests)
            except (KeyError, ValueError, EOFError, TypeError, IndexError, ValidationError):
                pass  # a row missing or from a damaged file: the file is read again
            else:
                yield from zip(facts, digests, strict=True)
                return
        before = len(col.issues)
        entries: list[tuple[Any, ...]] = []
        for ident, raw in col.items(path, col.read_yaml(path), "facts"):
            fact = col.model(path, ident, Fact, raw)
            if fact is None:
                continue
            data, digest = fact_digest(fact)
            sink.add(digest, fact, data)
            entries.append(_entry(fact, digest))
            yield fact, digest
        if len(col.issues) == before and not col.has_issue(path):
            self._keep(key, marshal.dumps(entries))


def _entry(fact: Fact, digest: bytes) -> tuple[Any, ...]:
    """A fact as its facts file's cache row lists it: id, whether a draft, digest, and its record's fields."""
    return (fact.id, fact.status == "draft", digest, fact.tie, fact.intent, fact.leg, fact.year, fact.speaker,
            fact.source.article, tuple(fact.entities))


def _record(entry: tuple[Any, ...], rel: str, shared: dict[tuple[str, ...], tuple[str, ...]]) -> FactRecord:
    """The record of a fact from its facts file's cache row."""
    _, _, digest, tie, intent, leg, year, speaker, article, entities = entry
    entities = shared.setdefault(tuple(entities), tuple(entities))
    return FactRecord(rel, digest, tie, intent, leg, year, speaker, article, entities)


@contextlib.contextmanager
def _absent_if_invalid() -> Iterator[None]:
    """A cached row the models refuse (written by a version that validated differently) reads as absent."""
    try:
        yield
    except (ValidationError, ValueError, EOFError, TypeError, KeyError):
        log.info("a knowledge cache row did not validate; reading the file instead")


class _FactSink:
    """Where validated facts go: the cache's rows (a few thousand at a time), or memory without a cache."""

    def __init__(self, cache: KnowledgeCache | None) -> None:
        self.cache = cache
        self.memory = MemoryFacts()
        self.kept = 0
        self.pending: dict[str, bytes] = {}
        self.pending_facts: dict[bytes, Fact] = {}

    def add(self, digest: bytes, fact: Fact, data: bytes) -> None:
        if self.cache is None:
            self.memory.add(digest, fact)
            self.kept += 1
            return
        self.pending[self.cache.fact_key(digest)] = data
        self.pending_facts[digest] = fact
        if len(self.pending) >= _FLUSH_FACTS:
            self.flush()

    def flush(self) -> None:
        if self.cache is not None and self.pending and not self.cache.put(self.pending):
            for digest, fact in self.pending_facts.items():  # the file refused them: keep them here
                self.memory.add(digest, fact)
                self.kept += 1
        self.pending, self.pending_facts = {}, {}

    def source(self) -> FactSource:
        self.flush()
        if self.cache is None:
            return self.memory
        return self.cache if not self.kept else _Layered(self.memory, self.cache)


class _Layered:
    """Facts held in memory first (those the cache could not store), then the cache."""

    def __init__(self, first: MemoryFacts, rest: FactSource) -> None:
        self.first, self.rest = first, rest

    def fact(self, digest: bytes) -> Fact:
        try:
            return self.first.fact(digest)
        except KeyError:
            return self.rest.fact(digest)

    def facts(self, digests: Any) -> list[Fact]:
        return [self.fact(d) for d in digests]


def _read_article(col: _Collector, path: Path) -> Article | None:
    """One article file, parsed and validated alone."""
    data = col.read_yaml(path)
    if data is None:
        if not col.has_issue(path):
            col.add(path, None, None, "file is empty; an article needs id, title and text")
        return None
    ident = _shown_id(data.get("id"), path.stem) if isinstance(data, dict) else path.stem
    return col.model(path, ident, Article, data)


# --- what the cache remembers of a valid folder -------------------------------------------------
def _pointer(cache: KnowledgeCache, root: Path) -> str:
    return f"latest/{cache.version}/{content_hash(str(root).encode())}"


def _remember(knowledge: Knowledge) -> None:
    """Record a valid snapshot's files in its cache: the next start with those files validates nothing."""
    cache, scan = knowledge.cache, knowledge.scan
    if cache is None or scan is None:
        return
    manifest = {rel: (s.size, s.mtime_ns, s.ino, s.hash) for rel, s in scan.files.items()}
    name = knowledge.version
    record = marshal.dumps({"files": manifest, "at": scan.at_ns, "root": str(knowledge.root)})
    cache.put({f"manifest/{cache.version}/{name}": record})
    cache.replace(_pointer(cache, knowledge.root), name.encode())


# --- a few files against the rest -------------------------------------------------------------
def _apply(base: Knowledge, texts: Mapping[str, bytes | None], scan: FolderScan) -> Knowledge:
    """`base` with the given facts and articles files replaced (None: deleted), those files validated.

    Their facts are checked against `base`'s ties, entities, intents and languages and the new set of
    articles; facts elsewhere citing a changed article have their evidence checked again.

    Raises:
        KnowledgeError: every problem found in those files (and in facts citing a changed article).
    """
    root, cache = base.root, base.cache
    col = _Collector(root, {rel: data for rel, data in texts.items() if data is not None})
    rows = _Rows(cache, scan)
    article_rels = sorted(rel for rel in texts if rel.startswith(f"{ARTICLES_DIR}/"))
    fact_rels = sorted(rel for rel in texts if rel.startswith(f"{FACTS_DIR}/"))

    articles = dict(base.articles)
    article_files = dict(base.article_files)
    touched: set[str] = set()
    for aid in [aid for aid, rel in article_files.items() if rel in texts]:
        del articles[aid], article_files[aid]
        touched.add(aid)
    seen_articles = dict(article_files)
    for rel in article_rels:
        if texts[rel] is None:
            continue
        path = root / rel
        article = rows.article(col, path)
        if article is not None and _unique(col, path, seen_articles, article.id, "article"):
            articles[article.id] = article
            article_files[article.id] = rel
            touched.add(article.id)

    facts_table, drafts_table = base.facts, base.drafts
    assert isinstance(facts_table, FactTable) and isinstance(drafts_table, FactTable)
    seen_facts = {i: r.file for table in (facts_table, drafts_table) for i, r in table.records()
                  if r.file not in texts}
    collapsed = _Collapsed(articles)
    missing = _MissingArticles()
    sink = _FactSink(cache) if not isinstance(facts_table.source, MemoryFacts) else None
    memory = facts_table.source if isinstance(facts_table.source, MemoryFacts) else None
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    approved: dict[str, list[tuple[str, FactRecord]]] = {rel: [] for rel in fact_rels}
    drafts: dict[str, list[tuple[str, FactRecord]]] = {rel: [] for rel in fact_rels}
    for rel in fact_rels:
        if texts[rel] is None:
            continue
        path = root / rel
        for fact, digest in rows.facts(col, path, sink or _MemorySink(memory)):
            if not _unique(col, path, seen_facts, fact.id, "fact"):
                continue
            if _fact_problems(col, path, fact, base.ties, base.entities, base.intents, articles, collapsed,
                              base.languages, True, set(), missing):
                continue
            (drafts if fact.status == "draft" else approved)[rel].append((fact.id, record_of(fact, rel, digest,
                                                                                               shared)))
    if touched:  # facts in other files citing a changed article: is their evidence still there?
        citing = [(i, r) for table in (facts_table, drafts_table) for i, r in table.records()
                  if r.article in touched and r.file not in texts]
        fetched = facts_table.source.facts([r.digest for _, r in citing])
        for (_, record), fact in zip(citing, fetched, strict=True):
            _fact_problems(col, root / record.file, fact, base.ties, base.entities, base.intents, articles,
                           collapsed, base.languages, True, set(), missing, fields=("source", "quote"))
        for tie in base.ties.values():
            if tie.article in touched and tie.article not in articles:
                missing.cite(tie.article, root / "ties.yaml", tie.id, "article", f"unknown article '{tie.article}'")
    missing.report(col)
    if col.issues:
        raise KnowledgeError(col.issues)
    rows.flush()
    source: FactSource = facts_table.source
    if sink is not None:
        new_source = sink.source()
        if isinstance(new_source, _Layered):  # the cache refused some rows: they stay in memory
            source = _Layered(new_source.first, source)
    facts = facts_table.with_files(approved, source)
    draft_table = drafts_table.with_files(drafts, source)
    return dataclasses.replace(base, articles=articles, article_files=article_files, facts=facts,
                               drafts=draft_table, fact_files=FactFiles(facts, draft_table),
                               scan=scan.without_texts(), stamp=scan.stamp)


class _MemorySink(_FactSink):
    """Validated facts added to a snapshot's own memory source (when it has no cache)."""

    def __init__(self, memory: MemoryFacts | None) -> None:
        super().__init__(None)
        if memory is not None:
            self.memory = memory


# --- a snapshot from the cache alone ---------------------------------------------------------
class _Absent(Exception):
    """A row the snapshot needs is not in the cache (or is damaged)."""


def _cached(root: Path, cache: KnowledgeCache) -> Knowledge | None:
    """The cache's last valid snapshot of `root`, rebuilt from its rows without reading the folder; None if absent."""
    pointer = cache.get(_pointer(cache, root))
    if pointer is None:
        log.info("knowledge cache: no valid snapshot of %s for this version of the code; reading the folder", root)
        return None
    return cached_knowledge(root, cache, pointer.decode())


def cached_knowledge(root: Path, cache: KnowledgeCache, version: str) -> Knowledge | None:
    """A snapshot of `root` the cache holds as valid (by its `version`), without reading the folder; None if not."""
    try:
        return _materialize(root, cache, version)
    except (_Absent, ValueError, EOFError, TypeError, KeyError, IndexError, ValidationError) as exc:
        log.info("knowledge cache: its last snapshot of %s cannot be rebuilt (%s); reading the folder", root,
                 exc.__class__.__name__)
        return None


def _materialize(root: Path, cache: KnowledgeCache, name: str) -> Knowledge:
    def row(kind: str, content: str) -> bytes:
        data = cache.get(f"file/{cache.version}/{kind}/{content}")
        if data is None:
            raise _Absent(f"{kind} {content}")
        return data

    record = cache.get(f"manifest/{cache.version}/{name}")
    if record is None:
        raise _Absent("manifest")
    saved = marshal.loads(record)
    files = {rel: FileState(*state) for rel, state in saved["files"].items()}
    scan = FolderScan(files, saved["at"], stamp_of(root, files))
    manifest = scan.manifest
    articles: dict[str, Article] = {}
    article_files: dict[str, str] = {}
    lists: dict[str, dict[str, Any]] = {}
    languages: dict[str, Language] = {}
    approved: dict[str, list[tuple[str, FactRecord]]] = defaultdict(list)
    drafts: dict[str, list[tuple[str, FactRecord]]] = defaultdict(list)
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    fact_rows = cache.get_many([f"file/{cache.version}/facts/{h}" for rel, h in manifest.items()
                                if rel.startswith(f"{FACTS_DIR}/")])
    for rel in sorted(manifest):
        content = manifest[rel]
        folder, _, name_ = rel.rpartition("/")
        if folder == ARTICLES_DIR:
            article = Article.model_validate_json(row("article", content))
            articles[article.id] = article
            article_files[article.id] = rel
        elif folder == FACTS_DIR:
            data = fact_rows.get(f"file/{cache.version}/facts/{content}")
            if data is None:
                raise _Absent(f"facts {rel}")
            for entry in marshal.loads(data):
                (drafts if entry[1] else approved)[rel].append((entry[0], _record(entry, rel, shared)))
        elif folder == LANGUAGE_DIR:
            language, issues = read_language(marshal.loads(row("language", content)), name_.removesuffix(".yaml"))
            if language is None or issues:
                raise _Absent(f"language {rel}")
            languages[language.code] = language
        else:
            key = name_.removesuffix(".yaml")
            lists[key] = {model.id: model for model in _LISTS[key].validate_json(row(key, content))}
    facts = FactTable(cache, {i: r for entries in approved.values() for i, r in entries},
                      {rel: tuple(i for i, _ in entries) for rel, entries in approved.items()})
    draft_table = FactTable(cache, {i: r for entries in drafts.values() for i, r in entries},
                            {rel: tuple(i for i, _ in entries) for rel, entries in drafts.items()})
    log.info("knowledge cache: %d facts, %d drafts of %s as last validated", len(facts), len(draft_table), root)
    return Knowledge(root, articles, lists["ties"], lists["entities"], lists["intents"], facts, draft_table,
                     FactFiles(facts, draft_table), scan.stamp, languages, scan, article_files, cache)


class _MissingArticles:
    """References to articles that did not load, reported once per article when several cite it.

    A deleted article file leaves every fact citing it with an unknown article: one line saying
    the file is missing says it better than 25 "unknown article" lines. A single reference is
    more likely a typo in it, so that one is still named by file · id · field.
    """

    def __init__(self) -> None:
        self.cited: dict[str, list[tuple[Path, str, str, str]]] = {}

    def cite(self, article_id: str, path: Path, item: str, field_: str, message: str) -> None:
        self.cited.setdefault(article_id, []).append((path, item, field_, message))

    def report(self, col: _Collector) -> None:
        for article_id, refs in self.cited.items():
            if len(refs) == 1:
                path, item, field_, message = refs[0]
                col.add(path, item, field_, message)
                continue
            rel = f"{ARTICLES_DIR}/{article_id}.yaml"
            what = (f"holds no article with the id '{article_id}'" if (col.root / rel).exists()
                    else "file is missing")
            col.add(rel, None, None, f"{what}; {_citing(col.root, refs)} cite it")


def _citing(root: Path, refs: list[tuple[Path, str, str, str]]) -> str:
    """Who cites an article, e.g. "25 facts (facts/a.yaml, facts/b.yaml) and the tie x"."""
    fact_refs = [(path, item) for path, item, field_, _ in refs if field_ == "source.article"]
    ties = [item for _, item, field_, _ in refs if field_ != "source.article"]
    parts = []
    if fact_refs:
        files = ", ".join(dict.fromkeys(str(path.relative_to(root)) for path, _ in fact_refs))
        parts.append(f"{len(fact_refs)} fact{'s' if len(fact_refs) != 1 else ''} ({files})")
    parts.extend(f"the tie {tie}" for tie in ties)
    return " and ".join(parts)


_REFERENCE_KIND = {"tie": "ties", "intent": "intents", "entities": "entities", "speaker": "entities",
                   "source": "articles", "quote": "articles"}


def _unread_kinds(col: _Collector) -> set[str]:
    """Which kinds of id cannot be checked because the file or folder defining them was unreadable."""
    kinds = {name.removesuffix(".yaml") for name in col.unreadable if "/" not in name}
    if any(name.startswith(f"{ARTICLES_DIR}/") for name in col.unreadable):
        kinds.add("articles")
    return kinds


def intents_in(knowledge: Knowledge, language: str) -> dict[str, Intent]:
    """The intents as asked in a language: its translations' phrasings, cues and declines where given.

    The intents file's own fields are the default language's; an intent with no translation for
    the language keeps them (fans mix languages, and its id and kind stay the same).
    """
    if language == knowledge.language.code:
        return knowledge.intents
    out: dict[str, Intent] = {}
    for ident, intent in knowledge.intents.items():
        translation = intent.translations.get(language)
        out[ident] = intent if translation is None else intent.model_copy(update={
            "description": translation.description, "phrasings": translation.phrasings,
            "cues": translation.cues,
            "decline": (translation.decline or intent.decline) if intent.decline is not None else None})
    return out


def _require_intents(col: _Collector, path: Path, intents: dict[str, Intent]) -> None:
    """Every intent the code relies on is defined, unless the file (or that intent) already has a problem."""
    name = str(path.relative_to(col.root))
    if name in col.unreadable or any(i.file == name and i.item is None for i in col.issues):
        return
    for ident, role in REQUIRED_INTENTS.items():
        if ident not in intents and not any(i.file == name and i.item == ident for i in col.issues):
            col.add(path, ident, None, f"the code relies on this intent ({role}); define it, or rename it in "
                                       "the code too (bot/core/knowledge/store.py REQUIRED_INTENTS)")


def _load_languages(col: _Collector, folder: Path, rows: _Rows | None = None) -> dict[str, Language]:
    """Every language file, by code; the default language must be there, since questions are read in it."""
    languages: dict[str, Language] = {}
    for path in _yaml_files(col, folder):
        data = rows.language(col, path) if rows is not None else col.read_yaml(path)
        if data is None:
            if not col.has_issue(path):
                col.add(path, None, None, "file is empty; a language file needs its sections (see language/en.yaml)")
            continue
        language, issues = read_language(data, path.stem)
        for item, field_, message in issues:
            col.add(path, item, field_, message)
        if language is not None:
            languages[language.code] = language
    claimed: dict[str, str] = {}
    for code, language in sorted(languages.items()):
        for locale in language.discord_locales:
            first = claimed.setdefault(locale, code)
            if first != code:
                col.add(folder / f"{code}.yaml", "discord_locales", locale,
                        f"already in {first}.yaml: a Discord client is answered in one language")
    default = folder / f"{DEFAULT_LANGUAGE}.yaml"
    if folder.is_dir() and not default.exists():
        col.add(default, None, None, "file is missing; questions are read with it")
    return languages


def _tie_refs(tie: Tie) -> Iterable[tuple[str, str]]:
    for index, team in enumerate(tie.teams):
        yield f"teams.{index}", team
    yield "competition", tie.competition
    for name, leg in (("first_leg", tie.first_leg), ("second_leg", tie.second_leg)):
        yield f"{name}.home", leg.home
        yield f"{name}.away", leg.away
        if leg.venue is not None:
            yield f"{name}.venue", leg.venue


def _fact_reference_issues(
    fact: Fact,
    ties: Mapping[str, Tie],
    entities: Mapping[str, Entity],
    intents: Mapping[str, Intent],
    articles: Mapping[str, Article],
    collapsed: Mapping[str, str],
) -> Iterable[tuple[str, str]]:
    """Cross-file checks: every id a fact names exists, and its evidence is in its article."""
    if fact.tie is not None and fact.tie not in ties:
        yield "tie", f"unknown tie '{fact.tie}'"
    if fact.intent not in intents:
        yield "intent", f"unknown intent '{fact.intent}'"
    for index, ent in enumerate(fact.entities):
        if ent not in entities:
            yield f"entities.{index}", f"unknown entity '{ent}'"
    if fact.speaker is not None and fact.speaker not in entities:
        yield "speaker", f"unknown entity '{fact.speaker}'"
    if fact.intent == QUOTE_INTENT and fact.speaker is None:
        yield "speaker", "a quote needs its speaker"
    if fact.source.article not in articles:
        yield "source.article", f"unknown article '{fact.source.article}'"
    elif _collapse(fact.source.evidence) not in collapsed[fact.source.article]:
        yield "source.evidence", f"evidence is not found verbatim in article '{fact.source.article}'"
    if fact.quote is not None and fact.source.article in collapsed and (
        _collapse(fact.quote) not in collapsed[fact.source.article]
    ):
        yield "quote", f"quote is not found verbatim in article '{fact.source.article}'"
