"""The knowledge folder's files as database rows, and back, byte for byte.

A facts file becomes a head (its leading comments and `facts:`), one row per fact (the blank
lines and comments before it, and its own lines as written) and a tail; joined again they are
the file exactly. Every other file is one row holding its text. So an export of what was
imported is the same folder, and a curator's change to one fact changes one row's lines: the
export of the changed file differs from the original in that fact's lines only, which is what
a review in git wants to see.

A facts file whose layout is not the block list the curators write (`facts: [...]` on one
line, say) is stored re-written in that layout, with the same facts; the import says so.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from bot.core.curation.fact_files import FactLayout, FactsFile, load_yaml
from bot.core.knowledge.store import ARTICLES_DIR, FACTS_DIR, LANGUAGE_DIR

__all__ = [
    "FactRow",
    "FactsFileRows",
    "RowsError",
    "file_kind",
    "folder_files",
    "json_value",
    "split_facts_file",
]

ROOT_FILES = {"ties.yaml": "ties", "entities.yaml": "entities", "intents.yaml": "intents"}
FOLDERS = {ARTICLES_DIR: "article", FACTS_DIR: "facts", LANGUAGE_DIR: "language"}


class RowsError(ValueError):
    """A file cannot be taken apart into rows (it is not YAML, or holds no `facts:` list)."""


def file_kind(rel: str) -> str | None:
    """What a path in the knowledge folder holds (`facts`, `article`, `ties`...), or None if it is no knowledge file."""
    path = PurePosixPath(rel)
    if len(path.parts) == 1:
        return ROOT_FILES.get(path.name)
    if len(path.parts) == 2 and path.suffix == ".yaml" and not path.name.startswith("."):
        return FOLDERS.get(path.parts[0])
    return None


def folder_files(root: Path) -> Iterator[str]:
    """The knowledge files in a folder, as relative POSIX paths: what the loader reads, nothing else."""
    for name in sorted(ROOT_FILES):
        if (root / name).is_file():
            yield name
    for folder in sorted(FOLDERS):
        if (root / folder).is_dir():
            for path in sorted((root / folder).glob("*.yaml")):
                if path.is_file() and file_kind(f"{folder}/{path.name}") is not None:
                    yield f"{folder}/{path.name}"


def json_value(data: Any) -> str:
    """YAML data as JSON text for a jsonb column (dates become ISO text)."""
    return json.dumps(data, ensure_ascii=False, default=str)


@dataclass(frozen=True)
class FactRow:
    """One fact of a facts file: where it stands, the text before it, its lines and its fields."""

    id: str
    position: int
    lead: str
    body: str
    content: dict[str, Any]

    @property
    def status(self) -> str:
        """"draft" or "approved" (the default when the file does not say)."""
        return "draft" if self.content.get("status") == "draft" else "approved"


@dataclass(frozen=True)
class FactsFileRows:
    """A facts file taken apart: `head`, then each fact's lead and lines, then `tail`."""

    path: str
    head: str
    facts: tuple[FactRow, ...]
    tail: str
    rewritten: bool = False
    """True when the file's layout was not recognised and it was re-written to be stored."""

    def text(self) -> str:
        """The file, joined again."""
        return self.head + "".join(row.lead + row.body for row in self.facts) + self.tail


def split_facts_file(path: str, text: str) -> FactsFileRows:
    """Take a facts file apart into rows that join back to exactly `text` (or to a re-written equal file).

    Raises:
        RowsError: the text is not YAML, or not a mapping with a `facts:` list of mappings with ids.
    """
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        raise RowsError(f"{path}: not valid YAML ({getattr(exc, 'problem', None) or exc})") from exc
    if data is None:
        data = {"facts": []}
    facts = data.get("facts") if isinstance(data, dict) else None
    if not isinstance(facts, list) and not (isinstance(data, dict) and facts is None):
        raise RowsError(f"{path}: expected a mapping with a 'facts' list at the top")
    facts = facts or []
    for index, fact in enumerate(facts):
        if not isinstance(fact, dict) or not isinstance(fact.get("id"), str):
            raise RowsError(f"{path}: fact #{index + 1} is not a mapping with an id")
    if not facts:
        return FactsFileRows(path, text, (), "")
    rows = _split(path, text, facts)
    if rows is not None:
        return rows
    rewritten = FactsFile(path, Path(path), text, data).full_text(facts)
    rows = _split(path, rewritten, facts)
    if rows is None:  # full_text writes the layout FactLayout reads; anything else is a bug here
        raise RowsError(f"{path}: could not be taken apart into facts")
    return FactsFileRows(rows.path, rows.head, rows.facts, rows.tail, rewritten=True)


def _split(path: str, text: str, facts: list[dict[str, Any]]) -> FactsFileRows | None:
    layout = FactLayout.parse(text, len(facts))
    if layout is None:
        return None
    lines = layout.lines
    rows = []
    previous_end = layout.starts[0]
    for index, (start, end) in enumerate(zip(layout.starts, layout.ends, strict=True)):
        rows.append(FactRow(facts[index]["id"], index, "".join(lines[previous_end:start]),
                            "".join(lines[start:end]), facts[index]))
        previous_end = end
    split = FactsFileRows(path, "".join(lines[: layout.starts[0]]), tuple(rows), "".join(lines[previous_end:]))
    return split if split.text() == text else None
