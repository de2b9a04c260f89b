"""What fans asked that the bot could not answer well: the curators' to-do list.

Declined questions and answers below a confidence threshold are kept, grouped by their
normalised wording so "Who scored??" and "who scored" count as one question. The log is
bounded in memory and optionally appended to a JSONL file so it survives restarts; writing
it is best effort, because a full disk must never stop the bot from answering.

Only what was asked is kept: the words, when, and how it went, never who asked or where. The
caller decides what counts as a fan's question (curators probing their own facts do not).

A curator closes a question by teaching it to the fact that answers it, or by saying no fact
does (`mark_handled`): its group leaves the queue, in memory and in the file (one more line,
`handled`, which drops the group's earlier lines when the file is read). Asked again later, it
comes back with only the new asks counted, since the teaching or the "no fact" may not have
been enough.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from bot.core.answering.answer import Answer
from bot.core.curation.curator import atomic_write
from bot.core.text import normalize, tokenize

__all__ = ["UnansweredItem", "UnansweredLog", "ask_line", "question_key"]

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500
"""Longer messages are cut: the start says what was asked, and the file stays small."""
COMPACT_FACTOR = 2
"""The file is rewritten with the newest `max_entries` once it holds this many times more lines."""


def question_key(question: str) -> str:
    """The grouping key: normalised words only, so case, accents and punctuation do not split a group."""
    return " ".join(tokenize(normalize(question)))


def ask_line(at: datetime, question: str, declined: bool, confidence: float, intent: str | None) -> str:
    """One ask as a line of the JSONL file (for writing a queue kept elsewhere, e.g. in a database, as a file)."""
    return Ask(at, question, question_key(question), declined, confidence, intent).to_json()


@dataclass(frozen=True)
class UnansweredItem:
    """One question (as grouped), how often and how recently it was asked, and how it went."""

    key: str
    example: str
    count: int
    declined: int
    last_asked: datetime

    @property
    def low_confidence(self) -> int:
        """How many times it was answered, but with low confidence."""
        return self.count - self.declined

    @property
    def reason(self) -> Literal["declined", "low-confidence"]:
        """"declined" if the bot ever had no answer at all: the stronger hint that a fact is missing."""
        return "declined" if self.declined else "low-confidence"


@dataclass(frozen=True)
class Ask:
    """One question fans asked that was declined or answered unsure.

    A line of the queue's file, or a row of its table when the knowledge is in PostgreSQL.
    """

    at: datetime
    question: str
    key: str
    declined: bool
    confidence: float
    intent: str | None

    def to_json(self) -> str:
        return json.dumps({"at": self.at.isoformat(), "question": self.question, "key": self.key,
                           "declined": self.declined, "confidence": self.confidence, "intent": self.intent},
                          ensure_ascii=False)

    @classmethod
    def from_json(cls, line: str) -> Ask | None:
        try:
            raw: Any = json.loads(line)
            at = datetime.fromisoformat(raw["at"])
            question = str(raw["question"])
            entry = cls(
                at=at if at.tzinfo else at.replace(tzinfo=UTC),
                question=question,
                key=question_key(question),  # recomputed: a change to normalisation regroups old entries
                declined=bool(raw["declined"]),
                confidence=float(raw.get("confidence", 0.0)),
                intent=raw.get("intent") if isinstance(raw.get("intent"), str) else None,
            )
        except (ValueError, TypeError, KeyError):
            return None
        return entry if entry.key else None


@dataclass(frozen=True)
class _Handled:
    """A curator took a question off the queue: its group's earlier asks are dropped when the file is read."""

    at: datetime
    question: str
    key: str
    taught: str | None

    def to_json(self) -> str:
        return json.dumps({"at": self.at.isoformat(), "handled": self.question, "taught": self.taught},
                          ensure_ascii=False)

    @classmethod
    def from_json(cls, line: str) -> _Handled | None:
        try:
            raw: Any = json.loads(line)
            if not isinstance(raw, dict) or "handled" not in raw:
                return None
            at = datetime.fromisoformat(raw["at"])
            question = str(raw["handled"])
            taught = raw.get("taught") if isinstance(raw.get("taught"), str) else None
        except (ValueError, TypeError, KeyError):
            return None
        key = question_key(question)  # recomputed, as for the asks it drops
        return cls(at if at.tzinfo else at.replace(tzinfo=UTC), question, key, taught) if key else None


class UnansweredLog:
    """Declined and low-confidence questions, newest `max_entries` kept, optionally persisted as JSONL."""

    def __init__(self, path: Path | None = None, max_entries: int = 5000, low_confidence: float = 0.5) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self.path = path
        self.max_entries = max_entries
        self.low_confidence = low_confidence
        self._entries: deque[Ask] = deque(maxlen=max_entries)
        self._lock = threading.Lock()
        self._file_lines = 0
        self._needs_newline = False
        if path is not None:
            self._load(path)

    def __len__(self) -> int:
        return len(self._entries)

    def record(self, question: str, answer: Answer) -> bool:
        """Keep the question if it was declined or answered below `low_confidence`; return whether kept.

        Never raises for the file: a failed write is logged and the entry stays in memory.
        """
        declined = not answer.answered
        if not declined and answer.confidence >= self.low_confidence:
            return False
        text = " ".join(question.split())[:MAX_QUESTION_CHARS]
        key = question_key(text)
        if not key:
            return False  # nothing but punctuation or emoji: nothing a fact could answer
        entry = Ask(datetime.now(UTC), text, key, declined, answer.confidence, answer.intent)
        with self._lock:
            self._entries.append(entry)
            self._persist(entry)
        return True

    def mark_handled(self, question: str, taught: str | None = None) -> int:
        """Take a question's group off the queue; returns how many asks it held (0: already off).

        `taught` names the fact the question was taught to (None: no fact answers it); it is only
        written down, for whoever reads the file. Like `record`, never raises for the file.
        """
        key = question_key(question)
        if not key:
            return 0
        mark = _Handled(datetime.now(UTC), " ".join(question.split())[:MAX_QUESTION_CHARS], key, taught)
        with self._lock:
            dropped = self._drop(key)
            if dropped:
                self._persist(mark)
        if dropped:
            log.info("%d ask(s) of %r handled (%s)", dropped, key, f"taught to {taught}" if taught else "no fact")
        return dropped

    def entries(self) -> list[Ask]:
        """Every ask kept, oldest first (for moving the queue elsewhere)."""
        with self._lock:
            return list(self._entries)

    def refresh(self) -> None:
        """Bring the queue up to date before it is shown; a file holds nothing this process did not write."""

    def _persist(self, entry: Ask | _Handled) -> None:
        """Keep an ask or a handled mark beyond this process (the file, when there is one); lock held."""
        if self.path is not None:
            self._append(self.path, entry)

    def _drop(self, key: str) -> int:
        """Forget the group's entries so far; called with the lock held (or while loading)."""
        kept = [e for e in self._entries if e.key != key]
        dropped = len(self._entries) - len(kept)
        if dropped:
            self._entries = deque(kept, maxlen=self.max_entries)
        return dropped

    def top(self, limit: int = 10, since: datetime | None = None) -> list[UnansweredItem]:
        """The most asked questions (ties: the most recent first), optionally only those asked since a time.

        A naive `since` is taken as UTC.
        """
        if since is not None and since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        with self._lock:
            entries = [e for e in self._entries if since is None or e.at >= since]
        groups: dict[str, list[Ask]] = {}
        for entry in entries:
            groups.setdefault(entry.key, []).append(entry)
        items = []
        for key, group in groups.items():
            latest = group[0]
            for entry in group:  # in the order asked, so on equal times the later one wins
                if entry.at >= latest.at:
                    latest = entry
            items.append(UnansweredItem(key=key, example=latest.question, count=len(group),
                                        declined=sum(1 for e in group if e.declined), last_asked=latest.at))
        items.sort(key=lambda i: (-i.count, -i.last_asked.timestamp(), i.key))
        return items[: max(limit, 0)]

    # --- the file ------------------------------------------------------------------------------
    def _load(self, path: Path) -> None:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return
        except OSError as exc:
            log.warning("cannot read unanswered log %s: %s", path, exc)
            return
        lines = text.splitlines()
        bad = 0
        for line in lines:
            if not line.strip():
                continue
            handled = _Handled.from_json(line)
            if handled is not None:
                self._drop(handled.key)  # the lines are in the order written: only earlier asks go
                continue
            entry = Ask.from_json(line)
            if entry is None:
                bad += 1
            else:
                self._entries.append(entry)  # the deque's bound keeps the newest
        self._file_lines = len(lines)
        self._needs_newline = bool(text) and not text.endswith("\n")
        if bad:
            log.warning("skipped %d unreadable line(s) in %s", bad, path)
        log.info("loaded %d unanswered question(s) from %s", len(self._entries), path)

    def _append(self, path: Path, entry: Ask | _Handled) -> None:
        """Best effort; called with the lock held so lines never interleave.

        The folder is never created: it is the knowledge folder, and recreating one a moderator
        just moved away would leave a stray folder in the way of restoring it.
        """
        line = ("\n" if self._needs_newline else "") + entry.to_json() + "\n"
        if not path.parent.is_dir():
            log.warning("not recording an unanswered question: %s is missing", path.parent)
            return
        try:
            with path.open("a", encoding="utf-8") as handle:
                handle.write(line)
            self._needs_newline = False
            self._file_lines += 1
            if self._file_lines > COMPACT_FACTOR * self.max_entries:
                self._compact(path)
        except (OSError, UnicodeError) as exc:
            log.warning("cannot append to unanswered log %s: %s", path, exc)

    def _compact(self, path: Path) -> None:
        """Rewrite the file with only what is kept in memory, so it does not grow without bound."""
        atomic_write(path, "".join(e.to_json() + "\n" for e in self._entries))
        self._file_lines = len(self._entries)
        log.info("compacted unanswered log %s to %d entries", path, self._file_lines)
