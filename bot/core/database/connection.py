"""Connecting to PostgreSQL, and what a lost database means to the rest of the bot.

`DatabaseUnavailable` is both a `CurationError` (a curator's change is refused with its message
as it stands) and a `KnowledgeError` (a reload keeps the last good snapshot, and /facts status
shows it as the current problem), so the database going away takes no new path through the bot.
"""

from __future__ import annotations

import logging
from typing import Any

import psycopg
from psycopg import conninfo

from bot.core.curation.changes import CurationError
from bot.core.knowledge.store import KnowledgeError, KnowledgeIssue

__all__ = [
    "APPLICATION_NAME",
    "CONNECT_TIMEOUT",
    "DatabaseUnavailable",
    "connect",
    "connection_options",
    "describe_url",
    "reason",
]

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 5
"""Seconds to wait for a connection (libpq's connect_timeout): a curator is told within that."""
KEEPALIVE = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3}
"""TCP keepalives, so a connection to a host that vanished is noticed in about 25 s, not hours."""
APPLICATION_NAME = "ties-bot"


class DatabaseUnavailable(CurationError, KnowledgeError):
    """The database cannot be reached or broke off; nothing was changed, the last good facts serve."""

    def __init__(self, database: str, detail: str, *, maybe_saved: bool = False) -> None:
        KnowledgeError.__init__(self, [KnowledgeIssue(
            "database", database, None,
            f"cannot be reached ({detail}); fans are answered from the last good facts and curators' "
            "changes are refused until it is back")])
        self.database = database
        self.detail = detail
        if maybe_saved:
            message = (f"The connection to the knowledge database ({database}) broke while the change was being "
                       f"saved ({detail}), so it may or may not have been saved. Check with /facts show "
                       "once the database is back.")
        else:
            message = (f"The knowledge database ({database}) cannot be reached ({detail}), so nothing was saved. "
                       "Fans are still answered from the last good facts; try again once it is back "
                       "(/facts status says whether it is).")
        self.args = (message,)


def reason(error: BaseException) -> str:
    """A driver error in a few words: its first line, without libpq's 'connection failed:' prefix."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    for prefix in ("connection failed: ", "connection is bad: ", "consuming input failed: "):
        text = text.removeprefix(prefix)
    return text[:200]


def describe_url(url: str) -> str:
    """The database as it may be shown to people and logs: host and name, never the password."""
    try:
        parts = conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "the database in DATABASE_URL"
    host = str(parts.get("host") or "localhost")
    port = f":{parts['port']}" if parts.get("port") else ""
    name = parts.get("dbname") or parts.get("user") or ""
    return f"postgresql://{host}{port}/{name}" if not host.startswith("/") else f"postgresql:///{name} (socket {host})"


def connection_options() -> dict[str, Any]:
    """What every connection sets: a timeout, keepalives, and its name in pg_stat_activity."""
    return {"connect_timeout": CONNECT_TIMEOUT, "application_name": APPLICATION_NAME, **KEEPALIVE}


def connect(url: str, *, autocommit: bool = False) -> psycopg.Connection:
    """A new connection, or `DatabaseUnavailable` naming why not.

    Raises:
        DatabaseUnavailable: the server cannot be reached or refused the connection.
    """
    try:
        return psycopg.connect(url, autocommit=autocommit, **connection_options())
    except psycopg.Error as exc:
        raise DatabaseUnavailable(describe_url(url), reason(exc)) from exc
