"""Facts files as text: layout-preserving edits of one fact, and atomic writes.

Only the edited fact's lines are rewritten: comments, section headers and the layout of the
other facts stay as the curators wrote them. When a file's layout is not recognised the whole
file is re-dumped instead (keeping its leading comment lines); either way the new text is
parsed back and compared with the intended data before it is used.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.core.curation.changes import CurationError
from bot.core.knowledge.models import Fact, Provenance

__all__ = [
    "NEW_FILE_HEADER",
    "FactLayout",
    "FactsFile",
    "atomic_write",
    "dump_yaml",
    "fact_block",
    "fsync_dir",
    "load_yaml",
    "ordered_fact",
]

log = logging.getLogger(__name__)

NEW_FILE_HEADER = "# Facts added by moderators through the bot."
_FACT_FIELDS = tuple(Fact.model_fields)
_SOURCE_FIELDS = tuple(Provenance.model_fields)
_FACTS_KEY = re.compile(r"^facts:[ \t]*(#.*)?$")
_ITEM = re.compile(r"^( *)-(?: |$)")
_KEY = r"([A-Za-z_][\w-]*):(?=\s|$)"
_WIDTH = 1_000_000
"""Never fold long answers: one line per field reads and diffs best."""
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader when present: every change parses each facts file more than once."""


def load_yaml(text: str) -> Any:
    """Parse YAML text with the safe loader (libyaml's when available)."""
    return yaml.load(text, Loader=_LOADER)  # a safe loader either way


# --- YAML text -------------------------------------------------------------------------------
BLOCK_LISTS = frozenset({"asked_as"})
"""Fields whose lists are written one item a line: fans' questions are long, and a taught one is one new line."""


class _FactDumper(yaml.SafeDumper):
    """Dumps facts the way the curated files are written: short lists inline, text on one line."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        """A block list under a field is indented below it (`asked_as:` then `  - ...`), as curators write it."""
        return super().increase_indent(flow, False)


class _BlockList(list[Any]):
    """A list written one item a line (see BLOCK_LISTS)."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    inline = all(isinstance(x, str | int | float | bool) and "\n" not in str(x) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=inline)


def _represent_block_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=False)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|" if "\n" in data else None)


_FactDumper.add_representer(list, _represent_list)
_FactDumper.add_representer(_BlockList, _represent_block_list)
_FactDumper.add_representer(str, _represent_str)


def _styled(data: Any) -> Any:
    """`data` with the lists of BLOCK_LISTS fields marked to be written one item a line."""
    if isinstance(data, dict):
        return {k: _BlockList(v) if k in BLOCK_LISTS and isinstance(v, list) and v else _styled(v)
                for k, v in data.items()}
    if isinstance(data, list):
        return [_styled(v) for v in data]
    return data


def dump_yaml(data: Any) -> str:
    """YAML the way the curated files are written: block style, short lists inline, no folding."""
    return yaml.dump(_styled(data), Dumper=_FactDumper, allow_unicode=True, sort_keys=False, width=_WIDTH)


def fact_block(fact: dict[str, Any], indent: int) -> list[str]:
    """The lines of one list item `- id: ...`, indented to sit in a file's `facts:` list."""
    pad = " " * indent
    return [pad + line if line.strip() else line for line in dump_yaml([fact]).splitlines(keepends=True)]


def ordered_fact(fact: dict[str, Any]) -> dict[str, Any]:
    """Fields in the model's order (id first, source last-but-one), unknown ones after."""
    out = {k: fact[k] for k in _FACT_FIELDS if k in fact}
    out.update((k, v) for k, v in fact.items() if k not in out)
    source = out.get("source")
    if isinstance(source, dict):
        inner = {k: source[k] for k in _SOURCE_FIELDS if k in source}
        inner.update((k, v) for k, v in source.items() if k not in inner)
        out["source"] = inner
    return out


def _parses_to(text: str, expected: dict[str, Any]) -> bool:
    try:
        return bool(load_yaml(text) == expected)
    except yaml.YAMLError:
        return False


@dataclass(frozen=True)
class FactLayout:
    """Where each fact of a facts file starts and ends, so one fact's lines can be swapped alone."""

    lines: list[str]
    starts: list[int]
    ends: list[int]
    indent: int

    @classmethod
    def parse(cls, text: str, count: int) -> FactLayout | None:
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
        """One fact's lines at this list's indent."""
        return fact_block(fact, self.indent)

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
                out.extend(pad + line if line.strip() else line for line in dump_yaml({key: value}).splitlines(True))
        out = [line if line.endswith("\n") else line + "\n" for line in out]
        return "".join([*self.lines[: self.starts[index]], *out, *self.lines[self.ends[index]:]])

    def replace(self, index: int, fact: dict[str, Any]) -> str:
        """The text with one fact's lines swapped for a fresh dump of `fact`."""
        lines = self.lines
        return "".join([*lines[: self.starts[index]], *self.block(fact), *lines[self.ends[index]:]])

    def append_item(self, index: int, key: str, value: Any) -> str | None:
        """Add `value` to the block list `key` of a fact as one more line, in the style of its last item.

        None when the field is not a block list with items (then the field is rewritten instead).
        """
        segments = self.segments(index)
        if segments is None:
            return None
        at = self.starts[index]
        for name, lines in segments:
            if name == key:
                break
            at += len(lines)
        else:
            return None
        items = [i for i, line in enumerate(lines) if _ITEM.match(line)]
        if not items or not lines[0].rstrip().endswith(":"):
            return None
        last = lines[items[-1]]
        pad = last[: len(last) - len(last.lstrip(" "))]
        dumped = dump_yaml({key: [value]}).splitlines(keepends=True)[1:]  # `key:` then the item's lines
        new = [pad + line.lstrip(" ") if i == 0 else line for i, line in enumerate(dumped)]
        end = at + len(lines)
        while end > at + items[-1] + 1 and (not self.lines[end - 1].strip()
                                            or self.lines[end - 1].lstrip().startswith("#")):
            end -= 1  # after the last item, before any blank line or comment that closes the field
        lines_out = list(self.lines)
        if not lines_out[end - 1].endswith("\n"):
            lines_out[end - 1] += "\n"
        lines_out[end:end] = new
        return "".join(lines_out)

    def text_of(self, index: int) -> str:
        """One fact's lines as they are written, so a change can put them back exactly."""
        return "".join(self.lines[self.starts[index]:self.ends[index]])

    def put(self, index: int, text: str) -> str:
        """The text with one fact's lines swapped for `text` (lines from `text_of`)."""
        lines = self.lines
        return "".join([*lines[: self.starts[index]], text, *lines[self.ends[index]:]])

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
        """The text without one fact and the blank lines after it."""
        lines = self.lines
        start, end = self.starts[index], self.ends[index]
        while end < len(lines) and not lines[end].strip():
            end += 1
        if end == len(lines):  # the last thing in the file: drop the blank lines before it instead
            while start > 0 and not lines[start - 1].strip():
                start -= 1
        return "".join([*lines[:start], *lines[end:]])


@dataclass(frozen=True)
class FactsFile:
    """One facts file as it is now: its text (None if it does not exist yet) and parsed data."""

    rel: str
    path: Path
    text: str | None
    data: dict[str, Any]

    @property
    def facts(self) -> list[Any]:
        """A copy of the `facts:` list, for building the new list."""
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
        """The whole file re-dumped with `facts`, its header comment kept."""
        body = "facts:\n" + "\n".join("".join(fact_block(f, 2)) for f in facts) if facts else "facts: []\n"
        others = {k: v for k, v in self.data.items() if k != "facts"}
        return self.header() + body + ("\n" + dump_yaml(others) if others else "")

    def new_text(self, facts: list[dict[str, Any]], *splices: Callable[[FactLayout], str | None]) -> str:
        """The file's text holding `facts`, touching only the changed lines when the layout allows.

        Each splice is tried in turn and kept only if the text parses back to exactly `facts`;
        the last resort re-dumps the whole file.
        """
        expected = {**self.data, "facts": facts}
        if self.text is not None and facts:
            layout = FactLayout.parse(self.text, len(self.facts))
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
def fsync_dir(folder: Path) -> None:
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
    fsync_dir(path.parent)
