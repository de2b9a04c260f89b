"""Moderators' edits to the fact files: validated in full, written atomically, audited, undoable.

A change is turned into the new text of one facts file, and the whole knowledge folder is
validated with that text in place (in a temporary copy) before anything real is touched, so
a bad edit is reported (file, fact id, field) and the files stay byte-identical. A good edit
replaces the file atomically and is then appended to a JSONL audit log, which is also what
`undo` reads, so undo keeps working after a restart.

Only the edited fact's lines are rewritten: comments, section headers and the layout of the
other facts stay as the curators wrote them. When a file's layout is not recognised the whole
file is re-dumped instead (keeping its leading comment lines); either way the new text is
parsed back and compared with the intended data before it is used.

Files are not watched or merged: edits by hand while the bot runs are fine, but a hand edit
made between this module's validation and its write (milliseconds) is not seen by the
snapshot it returns; the next reload picks it up.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import fcntl
import json
import logging
import os
import re
import shutil
import stat
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any, Literal

import yaml

from bot.core.models import Fact, Provenance
from bot.core.store import FACTS_DIR, Knowledge, KnowledgeError, KnowledgeIssue, folder_stamp, load_knowledge

__all__ = [
    "AUDIT_LOG_NAME",
    "LOCK_NAME",
    "Action",
    "Change",
    "ChangeRejected",
    "CurationError",
    "Curator",
    "KnowledgeDiff",
    "atomic_write",
    "diff_knowledge",
]

log = logging.getLogger(__name__)

Action = Literal["add", "edit", "remove", "undo"]
AUDIT_LOG_NAME = "audit.jsonl"
LOCK_NAME = ".curation.lock"
LOCK_TIMEOUT = 10.0
"""Seconds to wait for another process's change before telling the moderator to retry."""
NEW_FILE_HEADER = "# Facts added by moderators through the bot."
HISTORY_FILE = "history.yaml"
MAX_ISSUES_SHOWN = 8
"""Discord messages are short: list this many problems, then say how many more there are."""

_ACTIONS = frozenset({"add", "edit", "remove", "undo"})
_FACT_FIELDS = tuple(Fact.model_fields)
_SOURCE_FIELDS = tuple(Provenance.model_fields)
_FILE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}\.yaml$")
_FACTS_KEY = re.compile(r"^facts:[ \t]*(#.*)?$")
_ITEM = re.compile(r"^( *)-(?: |$)")
_KEY = r"([A-Za-z_][\w-]*):(?=\s|$)"
_WIDTH = 1_000_000
"""Never fold long answers: one line per field reads and diffs best."""
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader when present: every change parses each facts file more than once."""


def _load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)  # a safe loader either way


# --- diff ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class KnowledgeDiff:
    """Fact ids (approved and drafts alike) that one snapshot adds, removes or changes, sorted."""

    added: list[str]
    removed: list[str]
    changed: list[str]

    @property
    def empty(self) -> bool:
        """True when the two snapshots hold the same facts."""
        return not (self.added or self.removed or self.changed)

    def summary(self, limit: int = 5) -> str:
        """Short text for a moderator, e.g. "1 added (foo); 2 changed (bar, baz)"."""
        if self.empty:
            return "no fact changes"
        parts = []
        for label, ids in (("added", self.added), ("changed", self.changed), ("removed", self.removed)):
            if ids:
                shown = ", ".join(ids[:limit])
                if len(ids) > limit:
                    shown += f" and {len(ids) - limit} more"
                parts.append(f"{len(ids)} {label} ({shown})")
        return "; ".join(parts)


def diff_knowledge(old: Knowledge, new: Knowledge) -> KnowledgeDiff:
    """What changed in the facts between two snapshots; a status change counts as a change."""
    before = {**old.facts, **old.drafts}
    after = {**new.facts, **new.drafts}
    return KnowledgeDiff(
        added=sorted(after.keys() - before.keys()),
        removed=sorted(before.keys() - after.keys()),
        changed=sorted(i for i in before.keys() & after.keys() if before[i] != after[i]),
    )


# --- errors ----------------------------------------------------------------------------------
class CurationError(ValueError):
    """A change cannot be made; the message is written to be shown to the moderator as it is."""


class ChangeRejected(CurationError, KnowledgeError):
    """The change would make the knowledge invalid; nothing was written. `issues` locate each problem."""

    def __init__(self, issues: list[KnowledgeIssue], fact_id: str | None) -> None:
        KnowledgeError.__init__(self, issues)
        self.fact_id = fact_id
        self.args = (_rejection_text(issues, fact_id),)


_FRIENDLIER = (
    ("Field required", "is missing; this field is required"),
    ("String should match pattern", "should be an id: lowercase letters, digits and dashes, like 'klopp-quote-2'"),
    ("Input should be a valid string", "should be text"),
    ("Input should be a valid integer", "should be a whole number"),
    ("Input should be a valid list", "should be a list, like [a, b]"),
    ("Input should be a valid dictionary", "should be a mapping with its own fields"),
    ("String should have at least 1 character", "should not be empty"),
    ("String should have at most", "is too long (at most 1500 characters)"),
    ("List should have at least", "needs more items"),
)


def _friendly_issue(issue: KnowledgeIssue) -> KnowledgeIssue:
    """Pydantic's wording translated for moderators; file, item and field are kept as they are."""
    message = issue.message
    if message.startswith("Extra inputs are not permitted"):
        allowed = _SOURCE_FIELDS if (issue.field or "").startswith("source.") else _FACT_FIELDS
        message = f"is not a field facts have (they have: {', '.join(allowed)})"
    else:
        for prefix, better in _FRIENDLIER:
            if message.startswith(prefix):
                message = better
                break
    return dataclasses.replace(issue, message=message)


def _rejection_text(issues: list[KnowledgeIssue], fact_id: str | None) -> str:
    """The problems this change causes first, then any that were in the folder already."""
    own = [i for i in issues if fact_id is None or i.item in (fact_id, None)]
    other = [i for i in issues if i not in own]
    lines = ["Not saved: the change would leave the knowledge files invalid."]
    for issue in own[:MAX_ISSUES_SHOWN]:
        lines.append(f"• {issue}")
    if len(own) > MAX_ISSUES_SHOWN:
        lines.append(f"• …and {len(own) - MAX_ISSUES_SHOWN} more")
    if other:
        lines.append("Problems already in the folder (not from this change) must be fixed first:")
        lines.extend(f"• {issue}" for issue in other[:MAX_ISSUES_SHOWN])
        if len(other) > MAX_ISSUES_SHOWN:
            lines.append(f"• …and {len(other) - MAX_ISSUES_SHOWN} more")
    return "\n".join(lines)


# --- the change record -----------------------------------------------------------------------
@dataclass(frozen=True)
class Change:
    """One saved change: what it did, by whom, and the validated snapshot to swap into the engine."""

    action: Action
    fact_id: str
    file: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    actor: str
    at: str
    knowledge: Knowledge

    def describe(self) -> str:
        """One line for a moderator channel, e.g. "alice edited `foo` (facts/x.yaml)"."""
        verb = {"add": "added", "edit": "edited", "remove": "removed", "undo": "undid a change to"}[self.action]
        return f"{self.actor} {verb} `{self.fact_id}` ({self.file})"


# --- YAML text -------------------------------------------------------------------------------
class _FactDumper(yaml.SafeDumper):
    """Dumps facts the way the curated files are written: short lists inline, text on one line."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    inline = all(isinstance(x, str | int | float | bool) and "\n" not in str(x) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=inline)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|" if "\n" in data else None)


_FactDumper.add_representer(list, _represent_list)
_FactDumper.add_representer(str, _represent_str)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_FactDumper, allow_unicode=True, sort_keys=False, width=_WIDTH)


def _fact_block(fact: dict[str, Any], indent: int) -> list[str]:
    """The lines of one list item `- id: ...`, indented to sit in a file's `facts:` list."""
    pad = " " * indent
    return [pad + line if line.strip() else line for line in _dump([fact]).splitlines(keepends=True)]


def _ordered(fact: dict[str, Any]) -> dict[str, Any]:
    """Fields in the model's order (id first, source last-but-one), unknown ones after."""
    out = {k: fact[k] for k in _FACT_FIELDS if k in fact}
    out.update((k, v) for k, v in fact.items() if k not in out)
    source = out.get("source")
    if isinstance(source, dict):
        inner = {k: source[k] for k in _SOURCE_FIELDS if k in source}
        inner.update((k, v) for k, v in source.items() if k not in inner)
        out["source"] = inner
    return out


def _plain(value: Any, where: str) -> Any:
    """Text, numbers, lists and mappings only, so the value survives YAML and the JSON audit log."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v, f"{where}.{i}" if where else str(i)) for i, v in enumerate(value)]
    if isinstance(value, dict):
        out = {}
        for key, inner in value.items():
            if not isinstance(key, str):
                raise CurationError(f"Field names must be text; got {key!r}{f' in `{where}`' if where else ''}.")
            out[key] = _plain(inner, f"{where}.{key}" if where else key)
        return out
    raise CurationError(f"`{where or 'value'}` cannot be stored: {type(value).__name__} is not text, "
                        "a number, a list or a mapping.")


def _parses_to(text: str, expected: dict[str, Any]) -> bool:
    try:
        return bool(_load_yaml(text) == expected)
    except yaml.YAMLError:
        return False


@dataclass(frozen=True)
class _Layout:
    """Where each fact of a facts file starts and ends, so one fact's lines can be swapped alone."""

    lines: list[str]
    starts: list[int]
    ends: list[int]
    indent: int

    @classmethod
    def parse(cls, text: str, count: int) -> _Layout | None:
        """The layout of a block-style `facts:` list with `count` items, or None if not recognised."""
        lines = text.splitlines(keepends=True)
        head = next((i for i, line in enumerate(lines) if _FACTS_KEY.match(line.rstrip("\r\n"))), None)
        if head is None:
            return None
        starts: list[int] = []
        indent: int | None = None
        stop = len(lines)
        for i in range(head + 1, len(lines)):
            line = lines[i]
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            match = _ITEM.match(line)
            if indent is None:
                if match is None:
                    return None
                indent = len(match.group(1))
            if match is not None and len(match.group(1)) == indent:
                starts.append(i)
            elif len(line) - len(line.lstrip(" ")) <= indent:
                stop = i  # back at or left of the list's column: the list is over
                break
        if indent is None or not starts or len(starts) != count:
            return None
        ends = []
        for start, bound in zip(starts, [*starts[1:], stop], strict=True):
            end = bound
            while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
                end -= 1  # blank lines and the next section's comment belong between items
            ends.append(end)
        return cls(lines, starts, ends, indent)

    def block(self, fact: dict[str, Any]) -> list[str]:
        return _fact_block(fact, self.indent)

    def segments(self, index: int) -> list[tuple[str, list[str]]] | None:
        """A fact's lines grouped by top-level field (`- id: ...` first), or None if not that simple."""
        first = re.compile(rf"^ {{{self.indent}}}- {_KEY}")
        inner = re.compile(rf"^ {{{self.indent + 2}}}{_KEY}")
        block = self.lines[self.starts[index]:self.ends[index]]
        match = first.match(block[0])
        if match is None:
            return None
        segments: list[tuple[str, list[str]]] = [(match.group(1), [block[0]])]
        for line in block[1:]:
            match = inner.match(line)
            if match is not None:
                segments.append((match.group(1), [line]))
            else:
                segments[-1][1].append(line)  # the field's value lines, or a comment under it
        keys = [key for key, _ in segments]
        return segments if len(set(keys)) == len(keys) else None

    def edit(self, index: int, old: dict[str, Any], new: dict[str, Any]) -> str | None:
        """Rewrite only the fields whose values change, keeping the others' lines (quoting, folding) as written."""
        segments = self.segments(index)
        if segments is None or not new:
            return None
        first = segments[0][0]
        if next(iter(new)) != first or old.get(first) != new.get(first):
            return None
        written = dict(segments)
        pad = " " * (self.indent + 2)
        out: list[str] = []
        for key, value in new.items():
            if key in written and key in old and old[key] == value:
                out.extend(written[key])
            else:
                out.extend(pad + line if line.strip() else line for line in _dump({key: value}).splitlines(True))
        out = [line if line.endswith("\n") else line + "\n" for line in out]
        return "".join([*self.lines[: self.starts[index]], *out, *self.lines[self.ends[index]:]])

    def replace(self, index: int, fact: dict[str, Any]) -> str:
        lines = self.lines
        return "".join([*lines[: self.starts[index]], *self.block(fact), *lines[self.ends[index]:]])

    def ends_section(self, index: int) -> bool:
        """Whether comment lines (the next section's header) follow this fact before the next one."""
        if index + 1 >= len(self.starts):
            return False
        return any(line.lstrip().startswith("#") for line in self.lines[self.ends[index]:self.starts[index + 1]])

    def insert(self, index: int, fact: dict[str, Any], ends_section: bool = False) -> str:
        """Insert before the fact now at `index`; `ends_section` puts it above that fact's section comment."""
        lines = list(self.lines)
        if 0 < index < len(self.starts) and ends_section:
            at = self.ends[index - 1]
            lines[at:at] = ["\n", *self.block(fact)]
        elif index < len(self.starts):
            at = self.starts[index]
            lines[at:at] = [*self.block(fact), "\n"]
        else:
            at = self.ends[-1]
            if not lines[at - 1].endswith("\n"):
                lines[at - 1] += "\n"
            lines[at:at] = ["\n", *self.block(fact)]
        return "".join(lines)

    def delete(self, index: int) -> str:
        lines = self.lines
        start, end = self.starts[index], self.ends[index]
        while end < len(lines) and not lines[end].strip():
            end += 1
        if end == len(lines):  # the last thing in the file: drop the blank lines before it instead
            while start > 0 and not lines[start - 1].strip():
                start -= 1
        return "".join([*lines[:start], *lines[end:]])


@dataclass(frozen=True)
class _FactsFile:
    """One facts file as it is now: its text (None if it does not exist yet) and parsed data."""

    rel: str
    path: Path
    text: str | None
    data: dict[str, Any]

    @property
    def facts(self) -> list[Any]:
        return list(self.data.get("facts") or [])

    def header(self) -> str:
        """The comment lines at the top of the file, kept when the whole file is re-dumped."""
        if self.text is None:
            return NEW_FILE_HEADER + "\n"
        kept = []
        for line in self.text.splitlines(keepends=True):
            if line.strip() and not line.lstrip().startswith("#"):
                break
            kept.append(line if line.endswith("\n") else line + "\n")
        while kept and not kept[-1].strip():
            kept.pop()
        return "".join(kept)

    def full_text(self, facts: list[dict[str, Any]]) -> str:
        body = "facts:\n" + "\n".join("".join(_fact_block(f, 2)) for f in facts) if facts else "facts: []\n"
        others = {k: v for k, v in self.data.items() if k != "facts"}
        return self.header() + body + ("\n" + _dump(others) if others else "")

    def new_text(self, facts: list[dict[str, Any]], *splices: Callable[[_Layout], str | None]) -> str:
        """The file's text holding `facts`, touching only the changed lines when the layout allows.

        Each splice is tried in turn and kept only if the text parses back to exactly `facts`;
        the last resort re-dumps the whole file.
        """
        expected = {**self.data, "facts": facts}
        if self.text is not None and facts:
            layout = _Layout.parse(self.text, len(self.facts))
            for splice in splices if layout is not None else ():
                text = splice(layout)  # type: ignore[arg-type]
                if text is not None and _parses_to(text, expected):
                    return text
            log.info("re-dumping %s: its layout was not recognised", self.rel)
        text = self.full_text(facts)
        if not _parses_to(text, expected):  # a bug here, not a moderator's mistake: refuse to write
            raise CurationError(f"Could not write {self.rel} safely; nothing was changed.")
        return text


# --- files on disk ---------------------------------------------------------------------------
def _fsync_dir(folder: Path) -> None:
    """Make a rename or a new file durable; some filesystems refuse, which is only logged."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        log.warning("cannot open %s to fsync it: %s", folder, exc)
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        log.warning("cannot fsync folder %s: %s", folder, exc)
    finally:
        os.close(fd)


def atomic_write(path: Path, text: str) -> None:
    """Replace `path` with `text` so that a crash leaves the old or the new file, never a torn one.

    The temp file sits in the same folder (so the rename is atomic) and ends in `.tmp`, so no
    loader or stamp that globs `*.yaml` ever sees it half-written.
    """
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o644
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _facts_rel(file: str) -> str:
    """`facts/<name>.yaml` from what a moderator typed ("x", "x.yaml" or "facts/x.yaml"); no other folder."""
    parts = PurePosixPath(file.strip().replace("\\", "/")).parts
    if parts[:1] == (FACTS_DIR,):
        parts = parts[1:]
    name = parts[0] if len(parts) == 1 else ""
    if name and not name.endswith(".yaml"):
        name += ".yaml"
    if not _FILE_NAME.match(name):
        raise CurationError(f"`{file}` is not a facts file name: use lowercase letters, digits and dashes, "
                            f"like `{FACTS_DIR}/2021-liverpool-real-madrid.yaml`.")
    return f"{FACTS_DIR}/{name}"


# --- the curator -----------------------------------------------------------------------------
class Curator:
    """Adds, edits, removes and undoes facts in one knowledge folder, one change at a time.

    New facts go to the facts file that already holds the most facts citing the same article;
    failing that, the one holding most facts of the same tie; failing that, a new
    `facts/<tie>.yaml`, or `facts/history.yaml` for a fact with no tie. An explicit `file`
    (`facts/<name>.yaml`) overrides the rule.
    """

    def __init__(self, root: Path, audit_log: Path | None = None) -> None:
        self.root = Path(root).resolve()
        self.audit_log = Path(audit_log).resolve() if audit_log is not None else self.root / AUDIT_LOG_NAME
        self._lock = threading.Lock()

    # --- public API --------------------------------------------------------------------------
    def add(self, fact: dict[str, Any], actor: str, file: str | None = None) -> Change:
        """Add a new fact; rejects an id that any facts file already uses.

        Raises:
            CurationError: the id is taken or missing, or the file name is not allowed.
            ChangeRejected: (a `KnowledgeError`) the fact is invalid; nothing was written.
        """
        fact = _plain(fact, "")
        if not isinstance(fact, dict):
            raise CurationError("A new fact must be a mapping of fields.")
        fact_id = fact.get("id")
        if not isinstance(fact_id, str) or not fact_id.strip():
            raise CurationError("A new fact needs an `id`: lowercase letters, digits and dashes.")
        with self._changing():
            found = self._locate(fact_id)
            if found is not None:
                raise CurationError(f"A fact with id `{fact_id}` already exists in {found[0].rel}. "
                                    "Choose another id, or edit that fact instead.")
            facts_file = self._read(_facts_rel(file) if file is not None else self._file_for(fact))
            new = _ordered(fact)
            position = len(facts_file.facts)
            text = facts_file.new_text([*facts_file.facts, new], lambda layout: layout.insert(position, new))
            return self._commit("add", fact_id, facts_file, text, None, new, actor, {"position": position})

    def edit(self, fact_id: str, fields: dict[str, Any], actor: str) -> Change:
        """Replace the given fields of a fact, in the file it lives in.

        `source.evidence`-style keys set one field of the source; a value of None writes null.
        The id cannot change: remove the fact and add a new one instead.
        """
        fields = _plain(fields, "")
        if not isinstance(fields, dict) or not fields:
            raise CurationError("Say which fields to change, e.g. `answer`.")
        if "id" in fields and fields["id"] != fact_id:
            raise CurationError("A fact's id cannot be changed; remove it and add a new fact instead.")
        with self._changing():
            facts_file, index = self._require(fact_id)
            before = facts_file.facts[index]
            after = _merge(before, fields)
            if after == before:
                raise CurationError(f"Nothing to change: `{fact_id}` already has those values.")
            facts = facts_file.facts
            facts[index] = after
            text = facts_file.new_text(facts, lambda layout: layout.edit(index, before, after),
                                       lambda layout: layout.replace(index, after))
            return self._commit("edit", fact_id, facts_file, text, before, after, actor, {"position": index})

    def remove(self, fact_id: str, actor: str) -> Change:
        """Remove a fact from its file (the file itself stays, possibly with `facts: []`)."""
        with self._changing():
            facts_file, index = self._require(fact_id)
            facts = facts_file.facts
            before = facts.pop(index)
            written = _Layout.parse(facts_file.text or "", len(facts_file.facts))
            ends_section = written is not None and written.ends_section(index)  # so undo puts it back there
            text = facts_file.new_text(facts, lambda layout: layout.delete(index))
            return self._commit("remove", fact_id, facts_file, text, before, None, actor,
                                {"position": index, "ends_section": ends_section})

    def undo(self, actor: str) -> Change:
        """Revert the most recent change not yet undone, as recorded in the audit log.

        Refuses when the fact has been changed since by other means (by hand, say), rather
        than overwrite that work.

        Raises:
            CurationError: nothing to undo, or the fact no longer matches the logged change.
            ChangeRejected: reverting would make the knowledge invalid (e.g. its article was removed).
        """
        with self._changing():
            target = _undo_target(self._read_audit())
            if target is None:
                raise CurationError("Nothing to undo: every change in the audit log has been undone already.")
            index, entry = target
            when = f"{entry.get('at', '?')} by {entry.get('actor', '?')}"
            what = f"the {entry['action']} of `{entry['fact_id']}` ({when})"
            extra = {"undoes": index, "undoes_at": entry.get("at"), "undoes_action": entry["action"]}
            if entry["action"] == "remove":
                return self._undo_remove(entry, what, actor, extra)
            return self._undo_add_or_edit(entry, what, actor, extra)

    def _undo_remove(self, entry: dict[str, Any], what: str, actor: str, extra: dict[str, Any]) -> Change:
        """Put a removed fact back where it was, unless its id has been taken since."""
        fact_id: str = entry["fact_id"]
        found = self._locate(fact_id)
        if found is not None:
            raise CurationError(f"Cannot undo {what}: a fact with that id exists again in {found[0].rel}.")
        restored = entry.get("before")
        if not isinstance(restored, dict):
            raise CurationError(f"Cannot undo {what}: the audit log does not hold the removed fact.")
        facts_file = self._read(_facts_rel(entry["file"]))
        facts = facts_file.facts
        logged = entry.get("position")
        position = min(logged if isinstance(logged, int) else len(facts), len(facts))
        facts.insert(position, restored)
        ends_section = entry.get("ends_section") is True
        text = facts_file.new_text(facts, lambda layout: layout.insert(position, restored, ends_section))
        return self._commit("undo", fact_id, facts_file, text, None, restored, actor, {**extra, "position": position})

    def _undo_add_or_edit(self, entry: dict[str, Any], what: str, actor: str, extra: dict[str, Any]) -> Change:
        """Remove an added fact or restore an edited one, if it is still as the change left it."""
        fact_id: str = entry["fact_id"]
        found = self._locate(fact_id)
        if found is None or found[0].facts[found[1]] != entry.get("after"):
            raise CurationError(f"Cannot undo {what}: the fact has been changed since, outside the bot. "
                                "Edit it directly instead.")
        facts_file, position = found
        facts = facts_file.facts
        current = facts[position]
        extra = {**extra, "position": position}
        if entry["action"] == "add":
            facts.pop(position)
            text = facts_file.new_text(facts, lambda layout: layout.delete(position))
            return self._commit("undo", fact_id, facts_file, text, current, None, actor, extra)
        restored = entry.get("before")
        if not isinstance(restored, dict):
            raise CurationError(f"Cannot undo {what}: the audit log does not hold the earlier version.")
        facts[position] = restored
        text = facts_file.new_text(facts, lambda layout: layout.edit(position, current, restored),
                                   lambda layout: layout.replace(position, restored))
        return self._commit("undo", fact_id, facts_file, text, current, restored, actor, extra)

    def history(self, limit: int = 10) -> list[dict[str, Any]]:
        """The most recent audit entries, newest first, each with its `index` and whether it was `undone`."""
        if limit <= 0:
            return []
        entries = self._read_audit()
        undone = _undone(entries)
        return [{**entry, "index": i, "undone": i in undone} for i, entry in reversed(entries)][:limit]

    # --- steps of a change -------------------------------------------------------------------
    @contextlib.contextmanager
    def _changing(self) -> Iterator[None]:
        """One change at a time: a thread lock in this process, an advisory file lock across processes."""
        if not self._lock.acquire(timeout=LOCK_TIMEOUT):
            raise CurationError("Another change is still being saved; try again in a moment.")
        try:
            try:
                handle = open(self.root / LOCK_NAME, "a+b")  # noqa: SIM115 - closed in the finally below
            except OSError as exc:
                raise CurationError(f"Cannot lock the knowledge folder for changes ({exc.strerror}).") from exc
            try:
                deadline = time.monotonic() + LOCK_TIMEOUT
                while True:
                    try:
                        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() >= deadline:
                            raise CurationError("Another process is changing the knowledge files; "
                                                "try again in a moment.") from None
                        time.sleep(0.05)
                try:
                    yield
                finally:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
            finally:
                handle.close()
        finally:
            self._lock.release()

    def _commit(self, action: Action, fact_id: str, facts_file: _FactsFile, text: str,
                before: dict[str, Any] | None, after: dict[str, Any] | None, actor: str,
                extra: dict[str, Any]) -> Change:
        """Validate, write, then log: an acknowledged change is always both on disk and in the log."""
        validated = self._validate(facts_file.rel, text, fact_id)
        try:
            atomic_write(facts_file.path, text)
        except OSError as exc:
            raise CurationError(f"Could not save {facts_file.rel} ({exc.strerror or exc}); "
                                "nothing was changed.") from exc
        at = datetime.now(UTC).isoformat(timespec="microseconds")
        entry = {"at": at, "actor": actor, "action": action, "fact_id": fact_id, "file": facts_file.rel,
                 "before": before, "after": after, **extra}
        try:
            self._append_audit(entry)
        except OSError as exc:
            self._roll_back(facts_file)
            raise CurationError(f"Could not record the change in the audit log ({exc.strerror or exc}), "
                                "so it was rolled back.") from exc
        knowledge = dataclasses.replace(validated, root=self.root, stamp=folder_stamp(self.root))
        log.info("%s: %s %s in %s", actor, action, fact_id, facts_file.rel)
        return Change(action, fact_id, facts_file.rel, before, after, actor, at, knowledge)

    def _validate(self, rel: str, text: str, fact_id: str) -> Knowledge:
        """Load the whole folder, in a temporary copy, with `rel` replaced by `text`."""
        audit_name = self.audit_log.name

        def ignore(folder: str, names: list[str]) -> list[str]:
            return [n for n in names if n.startswith(".") or n.endswith((".tmp", ".jsonl")) or n == audit_name]

        with tempfile.TemporaryDirectory(prefix="ties-curation-") as tmp:
            folder = Path(tmp) / "knowledge"
            shutil.copytree(self.root, folder, ignore=ignore)
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            try:
                return load_knowledge(folder)
            except KnowledgeError as exc:
                issues = [_friendly_issue(issue) for issue in exc.issues]
                log.info("rejected change to %s in %s: %d problem(s)", fact_id, rel, len(issues))
                raise ChangeRejected(issues, fact_id) from None

    def _roll_back(self, facts_file: _FactsFile) -> None:
        try:
            if facts_file.text is None:
                facts_file.path.unlink(missing_ok=True)
                _fsync_dir(facts_file.path.parent)
            else:
                atomic_write(facts_file.path, facts_file.text)
        except OSError:
            log.exception("could not roll back %s after the audit log failed", facts_file.rel)

    # --- reading the files -------------------------------------------------------------------
    def _read(self, rel: str) -> _FactsFile:
        """A facts file's current text and data; a missing file reads as an empty one."""
        path = self.root / rel
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            if not path.parent.is_dir():
                raise CurationError(f"The knowledge folder has no `{FACTS_DIR}` folder.") from None
            return _FactsFile(rel, path, None, {"facts": []})
        except (OSError, UnicodeDecodeError) as exc:
            raise CurationError(f"Cannot read {rel}: {exc}") from exc
        try:
            data = _load_yaml(text)
        except yaml.YAMLError as exc:
            raise CurationError(f"{rel} is not valid YAML right now; fix it by hand first "
                                f"({getattr(exc, 'problem', None) or exc}).") from exc
        if data is None:
            data = {"facts": []}
        if not isinstance(data, dict) or not isinstance(data.get("facts") or [], list):
            raise CurationError(f"{rel} does not hold a `facts:` list; fix it by hand first.")
        return _FactsFile(rel, path, text, data)

    def _facts_files(self) -> Iterator[_FactsFile]:
        for path in sorted((self.root / FACTS_DIR).glob("*.yaml")):
            try:
                yield self._read(f"{FACTS_DIR}/{path.name}")
            except CurationError as exc:
                log.warning("skipping %s while looking up facts: %s", path.name, exc)

    def _locate(self, fact_id: str) -> tuple[_FactsFile, int] | None:
        for facts_file in self._facts_files():
            for index, raw in enumerate(facts_file.facts):
                if isinstance(raw, dict) and raw.get("id") == fact_id:
                    return facts_file, index
        return None

    def _require(self, fact_id: str) -> tuple[_FactsFile, int]:
        found = self._locate(fact_id)
        if found is None:
            raise CurationError(f"There is no fact `{fact_id}` (approved or draft).")
        return found

    def _file_for(self, fact: dict[str, Any]) -> str:
        """The file a new fact joins: with its article's facts, else its tie's, else its own."""
        source = fact.get("source")
        article = source.get("article") if isinstance(source, dict) else None
        tie = fact.get("tie")
        by_article: Counter[str] = Counter()
        by_tie: Counter[str] = Counter()
        for facts_file in self._facts_files():
            for raw in facts_file.facts:
                if not isinstance(raw, dict):
                    continue
                raw_source = raw.get("source")
                if article is not None and isinstance(raw_source, dict) and raw_source.get("article") == article:
                    by_article[facts_file.rel] += 1
                if tie is not None and raw.get("tie") == tie:
                    by_tie[facts_file.rel] += 1
        for counts in (by_article, by_tie):
            if counts:
                return min(counts, key=lambda rel: (-counts[rel], rel))
        if isinstance(tie, str) and _FILE_NAME.match(f"{tie}.yaml"):
            return f"{FACTS_DIR}/{tie}.yaml"
        return f"{FACTS_DIR}/{HISTORY_FILE}"

    # --- the audit log -----------------------------------------------------------------------
    def _append_audit(self, entry: dict[str, Any]) -> None:
        """Append one line and fsync it; a torn last line from a crash is closed off first."""
        line = (json.dumps(entry, ensure_ascii=False, default=str) + "\n").encode("utf-8")
        self.audit_log.parent.mkdir(parents=True, exist_ok=True)
        created = not self.audit_log.exists()
        with open(self.audit_log, "a+b") as handle:
            handle.seek(0, os.SEEK_END)
            if handle.tell() > 0:
                handle.seek(-1, os.SEEK_END)
                if handle.read(1) != b"\n":
                    line = b"\n" + line
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.audit_log.parent)

    def _read_audit(self) -> list[tuple[int, dict[str, Any]]]:
        """Valid entries with their line numbers, which `undoes` refers to; bad lines are skipped."""
        try:
            text = self.audit_log.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise CurationError(f"Cannot read the audit log ({exc.strerror or exc}).") from exc
        entries = []
        for number, line in enumerate(text.split("\n")):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                log.warning("%s line %d is not JSON; skipped", self.audit_log, number + 1)
                continue
            if (isinstance(entry, dict) and entry.get("action") in _ACTIONS
                    and isinstance(entry.get("fact_id"), str) and isinstance(entry.get("file"), str)):
                entries.append((number, entry))
            else:
                log.warning("%s line %d is not an audit entry; skipped", self.audit_log, number + 1)
        return entries


def _merge(before: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """`before` with `fields` set; `source.evidence` sets one field of the source.

    Existing fields stay where the curator put them; new ones go where the model orders them.
    """
    merged = copy.deepcopy(before)
    for key, value in fields.items():
        head, dot, rest = key.partition(".")
        if dot and rest:
            inner = merged.get(head)
            inner = inner if isinstance(inner, dict) else {}
            merged[head] = _placed({**inner, rest: value}, inner.keys(), _SOURCE_FIELDS)
        else:
            merged[key] = value
    return _placed(merged, before.keys(), _FACT_FIELDS)


def _placed(data: dict[str, Any], old_keys: Iterable[str], order: tuple[str, ...]) -> dict[str, Any]:
    """Keep the old keys' order; put each new key after the last key that the model orders before it."""
    def rank(key: str) -> int:
        return order.index(key) if key in order else len(order)

    old = set(old_keys)
    keys = [k for k in data if k in old]
    for key in (k for k in data if k not in old):
        position = max((i + 1 for i, k in enumerate(keys) if rank(k) <= rank(key)), default=0)
        keys.insert(position, key)
    return {k: data[k] for k in keys}


def _undone(entries: list[tuple[int, dict[str, Any]]]) -> set[int]:
    return {e["undoes"] for _, e in entries if e["action"] == "undo" and isinstance(e.get("undoes"), int)}


def _undo_target(entries: list[tuple[int, dict[str, Any]]]) -> tuple[int, dict[str, Any]] | None:
    """The newest entry that is not an undo and has not been undone."""
    undone = _undone(entries)
    for index, entry in reversed(entries):
        if entry["action"] != "undo" and index not in undone:
            return index, entry
    return None
