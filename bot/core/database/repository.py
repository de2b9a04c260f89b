"""The SQL: reading and writing the knowledge's rows, the audit log and the unanswered queue.

Plain functions over a psycopg connection; the caller owns the transaction. Every change runs
with the one `knowledge_state` row locked (`lock_state`), which is what serialises changes
across processes and hosts, and ends with `publish`, whose NOTIFY reaches every listening
process when (and only if) the transaction commits.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
import yaml

from bot.core.curation.fact_files import load_yaml
from bot.core.curation.unanswered import Ask
from bot.core.database.rows import FactsFileRows, file_kind, json_value, split_facts_file

__all__ = [
    "CHANNEL",
    "Ask",
    "State",
    "append_audit",
    "audit_since",
    "delete_file",
    "file_revisions",
    "file_texts",
    "insert_asks",
    "lock_state",
    "mark_handled",
    "open_asks",
    "publish",
    "read_state",
    "write_file",
]

log = logging.getLogger(__name__)

CHANNEL = "ties_knowledge"
"""The NOTIFY channel; the payload is the new revision."""


@dataclass(frozen=True)
class State:
    """Which version of the knowledge the database holds: `epoch` changes with each whole import."""

    epoch: str
    revision: int


# --- the knowledge's version ---------------------------------------------------------------
def read_state(conn: psycopg.Connection) -> State:
    """The current epoch and revision (no lock)."""
    row = conn.execute("SELECT epoch::text, revision FROM knowledge_state").fetchone()
    assert row is not None, "knowledge_state has its one row from the first migration"
    return State(row[0], row[1])


def lock_state(conn: psycopg.Connection, timeout_seconds: float) -> State:
    """Lock the state row for this transaction (every change does, so changes take turns); wait at most the timeout.

    Raises:
        psycopg.errors.LockNotAvailable: another change held it for longer than the timeout.
    """
    conn.execute(f"SET LOCAL lock_timeout = '{int(timeout_seconds * 1000)}ms'")
    row = conn.execute("SELECT epoch::text, revision FROM knowledge_state FOR UPDATE").fetchone()
    assert row is not None
    conn.execute("SET LOCAL lock_timeout = 0")
    return State(row[0], row[1])


def publish(conn: psycopg.Connection, revision: int, *, new_epoch: bool = False) -> State:
    """Record the new revision and tell every listening process (delivered at commit)."""
    epoch_sql = ", epoch = gen_random_uuid()" if new_epoch else ""
    row = conn.execute(f"UPDATE knowledge_state SET revision = %s, changed_at = now(){epoch_sql} "
                       "RETURNING epoch::text, revision", (revision,)).fetchone()
    assert row is not None
    conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, str(revision)))
    return State(row[0], row[1])


# --- files ---------------------------------------------------------------------------------
def file_revisions(conn: psycopg.Connection) -> dict[str, int]:
    """Every knowledge file's path and the revision that last changed it."""
    return {path: revision for path, revision in conn.execute("SELECT path, revision FROM knowledge_files")}


def file_texts(conn: psycopg.Connection, paths: Sequence[str] | None = None) -> dict[str, str]:
    """The text of each file (all when `paths` is None), a facts file joined from its rows."""
    where = "" if paths is None else "WHERE f.path = ANY(%s)"
    query = ("SELECT f.path, f.head || coalesce(string_agg(x.lead || x.body, '' ORDER BY x.position), '') || f.tail "
             f"FROM knowledge_files f LEFT JOIN facts x ON x.file = f.path {where} "
             "GROUP BY f.path, f.head, f.tail")
    rows = conn.execute(query, () if paths is None else (list(paths),))
    return {path: text for path, text in rows}


def delete_file(conn: psycopg.Connection, rel: str) -> None:
    """Remove a file (a facts file's facts go with it)."""
    conn.execute("DELETE FROM knowledge_files WHERE path = %s", (rel,))


def write_file(conn: psycopg.Connection, rel: str, text: str, revision: int) -> FactsFileRows | None:
    """Store a file's new text: a facts file as its rows (only the facts whose rows change are written).

    Returns the facts file's rows (None for any other file), so the caller can tell a re-written layout.
    """
    kind = file_kind(rel)
    if kind is None:
        raise ValueError(f"{rel} is not a knowledge file")
    if kind != "facts":
        conn.execute(
            "INSERT INTO knowledge_files (path, kind, head, tail, content, revision) "
            "VALUES (%s, %s, %s, '', %s::jsonb, %s) "
            "ON CONFLICT (path) DO UPDATE SET kind = EXCLUDED.kind, head = EXCLUDED.head, tail = '', "
            "content = EXCLUDED.content, revision = EXCLUDED.revision",
            (rel, kind, text, _parsed(text), revision))
        return None
    rows = split_facts_file(rel, text)
    conn.execute(
        "INSERT INTO knowledge_files (path, kind, head, tail, content, revision) "
        "VALUES (%s, 'facts', %s, %s, NULL, %s) "
        "ON CONFLICT (path) DO UPDATE SET kind = 'facts', head = EXCLUDED.head, tail = EXCLUDED.tail, "
        "content = NULL, revision = EXCLUDED.revision",
        (rel, rows.head, rows.tail, revision))
    stored = {fact_id: (position, lead, body) for fact_id, position, lead, body
              in conn.execute("SELECT id, position, lead, body FROM facts WHERE file = %s", (rel,))}
    conn.execute("DELETE FROM facts WHERE file = %s AND NOT (id = ANY(%s))", (rel, [row.id for row in rows.facts]))
    changed = [row for row in rows.facts if stored.get(row.id) != (row.position, row.lead, row.body)]
    if changed:
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO facts (id, file, position, lead, body, content, status, tie, intent, revision) "
                "VALUES (%s, %s, %s, %s, %s, %s::jsonb, %s, %s, %s, %s) "
                "ON CONFLICT (id) DO UPDATE SET file = EXCLUDED.file, position = EXCLUDED.position, "
                "lead = EXCLUDED.lead, body = EXCLUDED.body, content = EXCLUDED.content, status = EXCLUDED.status, "
                "tie = EXCLUDED.tie, intent = EXCLUDED.intent, revision = EXCLUDED.revision, "
                "version = facts.version + (facts.body IS DISTINCT FROM EXCLUDED.body)::int",
                [(row.id, rel, row.position, row.lead, row.body, json_value(row.content), row.status,
                  _text(row.content.get("tie")), _text(row.content.get("intent")), revision) for row in changed])
    return rows


def _parsed(text: str) -> str | None:
    try:
        return json_value(load_yaml(text))
    except yaml.YAMLError:
        return None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


# --- the audit log -------------------------------------------------------------------------
def audit_since(conn: psycopg.Connection, after: int) -> list[tuple[int, dict[str, Any]]]:
    """Audit entries numbered after `after`, in order (-1: all)."""
    return [(seq, entry) for seq, entry in
            conn.execute("SELECT seq, entry FROM audit_log WHERE seq > %s ORDER BY seq", (after,))]


def append_audit(conn: psycopg.Connection, entries: Iterable[tuple[int, Mapping[str, Any]]], revision: int) -> None:
    """Store audit entries under their numbers (the line each has in a folder's audit.jsonl)."""
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO audit_log (seq, revision, at, actor, action, fact_id, file, entry) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s::json)",
            [(seq, revision, _when(entry.get("at")), str(entry.get("actor", "?")), str(entry.get("action")),
              str(entry.get("fact_id")), str(entry.get("file")), json.dumps(entry, ensure_ascii=False, default=str))
             for seq, entry in entries])


def _when(value: Any) -> datetime:
    try:
        at = datetime.fromisoformat(str(value))
    except ValueError:
        return datetime.now(UTC)
    return at if at.tzinfo else at.replace(tzinfo=UTC)


# --- the unanswered queue ------------------------------------------------------------------
def insert_asks(conn: psycopg.Connection, asks: Iterable[Ask]) -> None:
    """Add questions to the queue."""
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO unanswered (at, question, key, declined, confidence, intent) VALUES (%s, %s, %s, %s, %s, %s)",
            [(a.at, a.question, a.key, a.declined, a.confidence, a.intent) for a in asks])


def mark_handled(conn: psycopg.Connection, key: str, at: datetime, taught: str | None) -> int:
    """Take a question's group off the queue: its asks up to `at`; returns how many."""
    cursor = conn.execute("UPDATE unanswered SET handled_at = %s, taught = %s "
                          "WHERE key = %s AND handled_at IS NULL AND at <= %s", (at, taught, key, at))
    return cursor.rowcount


def open_asks(conn: psycopg.Connection, limit: int) -> list[Ask]:
    """The newest `limit` questions still on the queue, oldest first."""
    rows = conn.execute("SELECT at, question, key, declined, confidence, intent FROM unanswered "
                        "WHERE handled_at IS NULL ORDER BY at DESC, id DESC LIMIT %s", (limit,)).fetchall()
    return [Ask(*row) for row in reversed(rows)]
