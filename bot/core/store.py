"""Loading and validating the knowledge folder into one immutable `Knowledge` snapshot.

A snapshot is built and validated completely before anyone sees it, so a reload either
swaps in a whole new, consistent store or reports every problem and changes nothing.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.core.models import Article, Entity, Fact, Intent, Tie

__all__ = [
    "FACTS_DIR",
    "Knowledge",
    "KnowledgeError",
    "KnowledgeIssue",
    "folder_stamp",
    "load_knowledge",
]

log = logging.getLogger(__name__)

FACTS_DIR = "facts"
ARTICLES_DIR = "articles"
M = TypeVar("M", bound=BaseModel)
_SPACES = re.compile(r"\s+")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class KnowledgeIssue:
    """One problem in the knowledge folder, located by file, item id and field."""

    file: str
    item: str | None
    field: str | None
    message: str

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
    synonyms: tuple[tuple[str, ...], ...] = ()

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

    def add(self, path: Path | str, item: str | None, field_: str | None, message: str) -> None:
        name = str(path.relative_to(self.root)) if isinstance(path, Path) else path
        self.issues.append(KnowledgeIssue(name, item, field_, message))

    def read_yaml(self, path: Path) -> Any:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.add(path, None, None, f"cannot read file: {exc}")
            return None
        try:
            return yaml.load(text, Loader=_LOADER)  # a SafeLoader, in C where available
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            self.add(path, None, None, f"not valid YAML{where}: {problem}")
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
            ident = raw.get("id") if isinstance(raw, dict) else None
            yield (str(ident) if ident is not None else f"#{index + 1}"), raw

    def model(self, path: Path, ident: str, cls: type[M], raw: Any) -> M | None:
        if not isinstance(raw, dict):
            self.add(path, ident, None, f"expected a mapping, got {type(raw).__name__}")
            return None
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                loc = ".".join(str(part) for part in err["loc"]) or None
                self.add(path, ident, loc, err["msg"])
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
        col.add(path, None, None, "file is missing")
        return out
    for ident, raw in col.items(path, col.read_yaml(path), key):
        model = col.model(path, ident, cls, raw)
        if model is not None and _unique(col, path, seen, model.id, key.rstrip("s")):
            out[model.id] = model
    return out


def _yaml_files(col: _Collector, folder: Path) -> list[Path]:
    if not folder.is_dir():
        col.add(folder, None, None, "folder is missing")
        return []
    return sorted(folder.glob("*.yaml"))


def load_knowledge(root: Path) -> Knowledge:
    """Load and fully validate a knowledge folder.

    Raises:
        KnowledgeError: listing every problem (file, item id, field) when anything is invalid.
    """
    root = root.resolve()
    col = _Collector(root)
    if not root.is_dir():
        raise KnowledgeError([KnowledgeIssue(str(root), None, None, "knowledge folder not found")])
    stamp = folder_stamp(root)

    articles: dict[str, Article] = {}
    seen_articles: dict[str, str] = {}
    for path in _yaml_files(col, root / ARTICLES_DIR):
        data = col.read_yaml(path)
        if data is None:
            continue
        ident = str(data.get("id")) if isinstance(data, dict) else path.stem
        article = col.model(path, ident, Article, data)
        if article is not None and _unique(col, path, seen_articles, article.id, "article"):
            articles[article.id] = article

    ties = _load_list(col, root / "ties.yaml", "ties", Tie)
    entities = _load_list(col, root / "entities.yaml", "entities", Entity)
    intents = _load_list(col, root / "intents.yaml", "intents", Intent)

    synonyms = _load_synonyms(col, root / "synonyms.yaml")
    facts: dict[str, Fact] = {}
    drafts: dict[str, Fact] = {}
    fact_files: dict[str, str] = {}
    seen_facts: dict[str, str] = {}
    collapsed = {aid: _collapse(a.text) for aid, a in articles.items()}
    for path in _yaml_files(col, root / FACTS_DIR):
        for ident, raw in col.items(path, col.read_yaml(path), "facts"):
            fact = col.model(path, ident, Fact, raw)
            if fact is None or not _unique(col, path, seen_facts, fact.id, "fact"):
                continue
            problems = list(_fact_reference_issues(fact, ties, entities, intents, articles, collapsed))
            for field_, message in problems:
                col.add(path, fact.id, field_, message)
            if problems:
                continue
            (drafts if fact.status == "draft" else facts)[fact.id] = fact
            fact_files[fact.id] = str(path.relative_to(root))

    for tie in ties.values():
        for field_, ref in _tie_refs(tie):
            if ref not in entities:
                col.add(root / "ties.yaml", tie.id, field_, f"unknown entity '{ref}'")
        if tie.article is not None and tie.article not in articles:
            col.add(root / "ties.yaml", tie.id, "article", f"unknown article '{tie.article}'")
    for entity in entities.values():
        if entity.team is not None and entity.team not in entities:
            col.add(root / "entities.yaml", entity.id, "team", f"unknown entity '{entity.team}'")

    if col.issues:
        raise KnowledgeError(col.issues)
    log.info("loaded %d facts, %d drafts, %d entities from %s", len(facts), len(drafts), len(entities), root)
    return Knowledge(root, articles, ties, entities, intents, facts, drafts, fact_files, stamp, synonyms)


def _load_synonyms(col: _Collector, path: Path) -> tuple[tuple[str, ...], ...]:
    """Optional groups of interchangeable words: a list of lists of single words."""
    if not path.is_file():
        return ()
    data = col.read_yaml(path)
    groups = data.get("synonyms") if isinstance(data, dict) else None
    if not isinstance(groups, list):
        col.add(path, None, "synonyms", "expected a 'synonyms' list of word lists")
        return ()
    out: list[tuple[str, ...]] = []
    for index, group in enumerate(groups):
        if not isinstance(group, list) or not all(isinstance(w, str) and w.strip() for w in group):
            col.add(path, f"#{index + 1}", "synonyms", "each group must be a list of words")
            continue
        out.append(tuple(group))
    return tuple(out)


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
    if fact.intent == "quote" and fact.speaker is None:
        yield "speaker", "a quote needs its speaker"
    if fact.source.article not in articles:
        yield "source.article", f"unknown article '{fact.source.article}'"
    elif _collapse(fact.source.evidence) not in collapsed[fact.source.article]:
        yield "source.evidence", f"evidence is not found verbatim in article '{fact.source.article}'"
    if fact.quote is not None and fact.source.article in collapsed and (
        _collapse(fact.quote) not in collapsed[fact.source.article]
    ):
        yield "quote", f"quote is not found verbatim in article '{fact.source.article}'"
