"""The curation audit log: one JSON line per saved change, which is also what undo reads.

Append-only and fsynced, so an acknowledged change is on record even after a crash, and undo
keeps working after a restart. Lines that are not audit entries (a torn write, a hand edit) are
skipped with a warning rather than stopping the bot.

Each entry names who made the change (`actor`); a change made from a chat server also records
the user's and the server's ids (`user_id`, `guild_id`) and the server's name (`guild`), since
the facts every server is served may only be changed from the curators' servers.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.core.curation.changes import ACTIONS, CurationError
from bot.core.curation.fact_files import fsync_dir

__all__ = ["AUDIT_LOG_NAME", "Actor", "AuditLog", "actor_fields", "undo_target", "undone"]

log = logging.getLogger(__name__)

AUDIT_LOG_NAME = "audit.jsonl"

Entry = dict[str, Any]


@dataclass(frozen=True)
class Actor:
    """Who makes a change: a readable name and, for a change made in a chat server, where and by whom.

    The command line passes a plain name instead; both are accepted wherever an actor is.
    """

    name: str
    user_id: int | None = None
    guild_id: int | None = None
    guild: str | None = None
    """The server's name when the change was made (names change; `guild_id` does not)."""

    def __str__(self) -> str:
        return self.name

    def fields(self) -> Entry:
        """The audit entry's fields for this actor: `actor`, then the ids and server name that are known."""
        entry: Entry = {"actor": self.name}
        for key in ("user_id", "guild_id", "guild"):
            value = getattr(self, key)
            if value is not None:
                entry[key] = value
        return entry


def actor_fields(actor: str | Actor) -> Entry:
    """The audit entry's fields naming `actor`, a name or an `Actor`."""
    return actor.fields() if isinstance(actor, Actor) else {"actor": actor}


class AuditLog:
    """The JSONL file of changes; entries are numbered by their line, which `undoes` refers to."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, entry: Entry) -> None:
        """Append one line and fsync it; a torn last line from a crash is closed off first."""
        line = (json.dumps(entry, ensure_ascii=False, default=str) + "\n").encode("utf-8")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        created = not self.path.exists()
        with open(self.path, "a+b") as handle:
            handle.seek(0, os.SEEK_END)
            if handle.tell() > 0:
                handle.seek(-1, os.SEEK_END)
                if handle.read(1) != b"\n":
                    line = b"\n" + line
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            fsync_dir(self.path.parent)

    def read(self) -> list[tuple[int, Entry]]:
        """Valid entries with their line numbers; bad lines are skipped."""
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
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
                log.warning("%s line %d is not JSON; skipped", self.path, number + 1)
                continue
            if (isinstance(entry, dict) and entry.get("action") in ACTIONS
                    and isinstance(entry.get("fact_id"), str) and isinstance(entry.get("file"), str)):
                entries.append((number, entry))
            else:
                log.warning("%s line %d is not an audit entry; skipped", self.path, number + 1)
        return entries


def undone(entries: list[tuple[int, Entry]]) -> set[int]:
    """Line numbers of the entries that a later undo reverted."""
    return {e["undoes"] for _, e in entries if e["action"] == "undo" and isinstance(e.get("undoes"), int)}


def undo_target(entries: list[tuple[int, Entry]]) -> tuple[int, Entry] | None:
    """The newest entry that is not an undo and has not been undone."""
    reverted = undone(entries)
    for index, entry in reversed(entries):
        if entry["action"] != "undo" and index not in reverted:
            return index, entry
    return None
