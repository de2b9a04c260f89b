"""A process's working copy of the database's knowledge, as files, for the loader and the curator.

The database is where the knowledge lives; each process keeps a private folder holding it in
the folder's own format, brought up to the database's revision before anything reads it. The
loader validates that folder into a snapshot, and the curator makes its changes there with the
same validation and layout-preserving edits as on a folder of its own, while the change's
transaction holds the database's lock; what the curator wrote (files and audit lines) is then
stored as rows in that transaction. A failed commit leaves the copy ahead of the database, so
it is forgotten and read afresh.

Only files whose revision changed are fetched, so keeping up costs what changed, not the store.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from bot.core.curation.audit import AUDIT_LOG_NAME
from bot.core.curation.fact_files import atomic_write
from bot.core.database import repository
from bot.core.database.repository import State
from bot.core.database.rows import FOLDERS, folder_files

__all__ = ["Mark", "Mirror", "Pending"]

log = logging.getLogger(__name__)

Stat = tuple[int, int, int]


@dataclass(frozen=True)
class Mark:
    """The copy as it stood before a curator's change: each file's identity, and the audit log's length."""

    stats: dict[str, Stat]
    audit_lines: int
    audit_bytes: int


@dataclass
class Pending:
    """What a change wrote in the copy, to be stored in its transaction."""

    files: dict[str, str | None] = field(default_factory=dict)
    """New text of each written file; None for a deleted one."""
    audit: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    audit_lines: int = 0

    @property
    def empty(self) -> bool:
        """True when the change wrote nothing."""
        return not self.files and not self.audit


class Mirror:
    """The folder, what revision of the database it holds, and the lock every user of it takes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.lock = threading.RLock()
        """Held while syncing, loading or changing: one of those at a time in a process."""
        self.state: State | None = None
        self._files: dict[str, int] = {}
        self._audit_lines = 0

    @property
    def audit_path(self) -> Path:
        """The audit log's copy, where the curator reads and appends entries."""
        return self.folder / AUDIT_LOG_NAME

    def forget(self) -> None:
        """Distrust the copy: the next sync reads every file afresh."""
        self.state = None

    def sync(self, conn: psycopg.Connection, state: State | None = None) -> bool:
        """Bring the copy to the database's revision (`state` when the caller has read it); True if it changed.

        Call inside a transaction that sees one consistent database: the change's, holding the
        state lock, or a repeatable-read one.
        """
        state = state or repository.read_state(conn)
        if state == self.state:
            return False
        fresh = self.state is None or self.state.epoch != state.epoch
        if fresh:
            self._reset()
        listing = repository.file_revisions(conn)
        stale = sorted(path for path, revision in listing.items() if self._files.get(path) != revision)
        for rel, text in repository.file_texts(conn, stale).items():
            self._write(rel, text)
        for rel in set(folder_files(self.folder)) - listing.keys():
            (self.folder / rel).unlink(missing_ok=True)
        self._append_audit(repository.audit_since(conn, self._audit_lines - 1))
        self._files = listing
        log.debug("copy of the knowledge at revision %s: %d file(s) read%s", state.revision, len(stale),
                  " (afresh)" if fresh else "")
        self.state = state
        return True

    def _reset(self) -> None:
        for folder in FOLDERS:
            (self.folder / folder).mkdir(parents=True, exist_ok=True)
        self._files = {}
        self._audit_lines = 0
        self.audit_path.unlink(missing_ok=True)

    def _write(self, rel: str, text: str) -> None:
        path = self.folder / rel
        data = text.encode("utf-8")
        with contextlib.suppress(OSError):
            if path.read_bytes() == data:
                return  # unchanged: keep the file (and its time) as it is
        atomic_write(path, text)

    def _append_audit(self, entries: list[tuple[int, dict[str, Any]]]) -> None:
        """Audit entries at their numbers: line N of the file is entry N (blank lines fill gaps)."""
        if not entries:
            return
        parts = []
        for seq, entry in entries:
            parts.append("\n" * max(0, seq - self._audit_lines))
            parts.append(json.dumps(entry, ensure_ascii=False, default=str) + "\n")
            self._audit_lines = max(self._audit_lines, seq) + 1
        with open(self.audit_path, "a", encoding="utf-8") as handle:
            handle.write("".join(parts))

    # --- a change made in the copy -----------------------------------------------------------
    def mark(self) -> Mark:
        """Where things stand before a change."""
        try:
            size = self.audit_path.stat().st_size
        except FileNotFoundError:
            size = 0
        return Mark(self._stats(), self._audit_lines, size)

    def changes(self, mark: Mark) -> Pending:
        """What was written since `mark`: files (by their identity on disk) and audit lines."""
        pending = Pending(audit_lines=mark.audit_lines)
        now = self._stats()
        for rel, stat in now.items():
            if mark.stats.get(rel) != stat:
                pending.files[rel] = (self.folder / rel).read_bytes().decode("utf-8")
        for rel in mark.stats.keys() - now.keys():
            pending.files[rel] = None
        try:
            with open(self.audit_path, "rb") as handle:
                handle.seek(mark.audit_bytes)
                added = handle.read().decode("utf-8")
        except FileNotFoundError:
            added = ""
        lines = added.split("\n")
        for offset, line in enumerate(lines[:-1]):  # the text ends with a newline: the last piece is empty
            if line.strip():
                pending.audit.append((mark.audit_lines + offset, json.loads(line)))
        pending.audit_lines = mark.audit_lines + len(lines) - 1
        return pending

    def changed(self, mark: Mark) -> bool:
        """Whether anything was written since `mark` (a change that failed half-way)."""
        return not self.changes(mark).empty

    def committed(self, pending: Pending, state: State) -> None:
        """The change is in the database: the copy is at its revision."""
        for rel, text in pending.files.items():
            if text is None:
                self._files.pop(rel, None)
            else:
                self._files[rel] = state.revision
        self._audit_lines = pending.audit_lines
        self.state = state

    def _stats(self) -> dict[str, Stat]:
        out = {}
        for rel in folder_files(self.folder):
            with contextlib.suppress(FileNotFoundError):
                st = os.stat(self.folder / rel)
                out[rel] = (st.st_ino, st.st_size, st.st_mtime_ns)
        return out

    def remove(self) -> None:
        """Delete the folder (a temporary copy, when the process is done with it)."""
        shutil.rmtree(self.folder, ignore_errors=True)
