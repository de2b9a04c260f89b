"""Loading and validating the knowledge folder into one immutable `Knowledge` snapshot.

A snapshot is built and validated completely before anyone sees it, so a reload either
swaps in a whole new, consistent store or reports every problem and changes nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.core.knowledge.language import DEFAULT_LANGUAGE, Language, read_language
from bot.core.knowledge.models import Article, Entity, Fact, Intent, Tie

__all__ = [
    "CONTEXT_INTENT",
    "FACTS_DIR",
    "PERSON_INTENT",
    "PREDICTION_INTENT",
    "QUOTE_INTENT",
    "REQUIRED_INTENTS",
    "RESULT_INTENT",
    "Knowledge",
    "KnowledgeError",
    "KnowledgeIssue",
    "folder_stamp",
    "intents_in",
    "load_knowledge",
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
REQUIRED_INTENTS: dict[str, str] = {
    OVERVIEW_INTENT: "overviews: a recap of a tie (or of every tie) composed from ties.yaml and its key facts",
    RESULT_INTENT: "results: 'how did the first leg go' asks for it, and a leg not yet played is declined",
    QUOTE_INTENT: "quotes: a quote needs its speaker, 'what did X say' keeps to X's quotes, /quote lists them",
    PREDICTION_INTENT: "predictions: answered about a leg not yet played, listed on /tie",
    PERSON_INTENT: "who someone is: the 'did you mean' question for such a fact",
    CONTEXT_INTENT: "the situation around a tie: the tie card answers as it, /tie shows it first",
    "record": "drafting files counts and records under it",
    "date": "drafting files dates and kick-offs under it",
    "venue": "drafting files venues under it",
    "form": "drafting files domestic results under it",
    "history": "drafting files past scores under it",
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
    facts: dict[str, Fact]
    drafts: dict[str, Fact]
    fact_files: dict[str, str] = field(default_factory=dict)
    stamp: str = ""
    languages: dict[str, Language] = field(default_factory=dict)
    """The language files by code (language/en.yaml is "en"): the words questions are read with."""

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

    def __init__(self, root: Path) -> None:
        self.root = root
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
            raw = path.read_bytes()
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


def load_knowledge(root: Path) -> Knowledge:
    """Load and fully validate a knowledge folder.

    Raises:
        KnowledgeError: listing every problem (file, item id, field) when anything is invalid.
    """
    try:
        root = Path(root).resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise KnowledgeError([KnowledgeIssue(str(root), None, None, f"cannot be resolved: {exc}")]) from None
    col = _Collector(root)
    if not root.is_dir():
        # One message whether it is gone or a file now: moderators are told once per distinct problem.
        raise KnowledgeError([KnowledgeIssue(str(root), None, None, "knowledge folder not found")])
    stamp = folder_stamp(root)

    articles: dict[str, Article] = {}
    seen_articles: dict[str, str] = {}
    for path in _yaml_files(col, root / ARTICLES_DIR):
        data = col.read_yaml(path)
        if data is None:
            if not col.has_issue(path):
                col.add(path, None, None, "file is empty; an article needs id, title and text")
            continue
        ident = _shown_id(data.get("id"), path.stem) if isinstance(data, dict) else path.stem
        article = col.model(path, ident, Article, data)
        if article is not None and _unique(col, path, seen_articles, article.id, "article"):
            articles[article.id] = article

    ties = _load_list(col, root / "ties.yaml", "ties", Tie)
    entities = _load_list(col, root / "entities.yaml", "entities", Entity)
    intents = _load_list(col, root / "intents.yaml", "intents", Intent)
    _require_intents(col, root / "intents.yaml", intents)

    languages = _load_languages(col, root / LANGUAGE_DIR)
    languages_read = not any(issue.file.startswith(f"{LANGUAGE_DIR}/") for issue in col.issues)
    facts: dict[str, Fact] = {}
    drafts: dict[str, Fact] = {}
    fact_files: dict[str, str] = {}
    seen_facts: dict[str, str] = {}
    collapsed = {aid: _collapse(a.text) for aid, a in articles.items()}
    unread = _unread_kinds(col)
    missing = _MissingArticles()
    for path in _yaml_files(col, root / FACTS_DIR):
        for ident, raw in col.items(path, col.read_yaml(path), "facts"):
            fact = col.model(path, ident, Fact, raw)
            if fact is None or not _unique(col, path, seen_facts, fact.id, "fact"):
                continue
            problems = list(_fact_reference_issues(fact, ties, entities, intents, articles, collapsed))
            if languages_read:
                problems += [(f"translations.{code}", f"no language file {LANGUAGE_DIR}/{code}.yaml for it")
                             for code in fact.translations if code not in languages]
            for field_, message in problems:
                if _REFERENCE_KIND.get(field_.partition(".")[0]) in unread:
                    continue
                if field_ == "source.article":
                    missing.cite(fact.source.article, path, fact.id, field_, message)
                else:
                    col.add(path, fact.id, field_, message)
            if problems:
                continue
            (drafts if fact.status == "draft" else facts)[fact.id] = fact
            fact_files[fact.id] = str(path.relative_to(root))

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
    log.info("loaded %d facts, %d drafts, %d entities from %s", len(facts), len(drafts), len(entities), root)
    return Knowledge(root, articles, ties, entities, intents, facts, drafts, fact_files, stamp, languages)


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


def _load_languages(col: _Collector, folder: Path) -> dict[str, Language]:
    """Every language file, by code; the default language must be there, since questions are read in it."""
    languages: dict[str, Language] = {}
    for path in _yaml_files(col, folder):
        data = col.read_yaml(path)
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
    ties: dict[str, Tie],
    entities: dict[str, Entity],
    intents: dict[str, Intent],
    articles: dict[str, Article],
    collapsed: dict[str, str],
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
