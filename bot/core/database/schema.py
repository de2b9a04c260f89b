"""Schema migrations: numbered SQL files in `migrations/`, applied at start in one transaction.

Each file `NNNN_name.sql` is applied once, in order, and recorded in `schema_version`. Every
process applies what is missing when it opens the database; an advisory lock makes the second
of two processes starting together wait and then find nothing left to do. A database newer
than this code (a later release applied its migrations) is refused rather than misread.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from importlib import resources

import psycopg

__all__ = ["Migration", "SchemaError", "migrate", "migrations"]

log = logging.getLogger(__name__)

_FILE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
MIGRATION_LOCK = 0x7469_6573_0016
"""pg_advisory_xact_lock key held while migrating ("ties" and the issue number, as hex)."""


class SchemaError(RuntimeError):
    """The database's schema cannot be used by this code (newer, or a migration failed)."""


@dataclass(frozen=True)
class Migration:
    """One numbered SQL file."""

    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """The migrations shipped with the code, in order; numbers must run 1, 2, 3... without gaps."""
    folder = resources.files(__package__) / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _FILE.match(entry.name)
        if match is not None:
            found.append(Migration(int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise SchemaError(f"migrations must be numbered 1, 2, 3... without gaps; found {[m.version for m in found]}")
    return found


def migrate(conn: psycopg.Connection) -> list[Migration]:
    """Apply the migrations the database lacks, all in one transaction; returns those applied.

    Raises:
        SchemaError: the database has a migration this code does not know (it is newer).
    """
    shipped = migrations()
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                     "version integer PRIMARY KEY, name text NOT NULL, "
                     "applied_at timestamptz NOT NULL DEFAULT now())")
        applied = {row[0] for row in conn.execute("SELECT version FROM schema_version")}
        unknown = sorted(applied - {m.version for m in shipped})
        if unknown:
            raise SchemaError(f"the database schema is at version {max(applied)}, newer than this code knows "
                              f"({len(shipped)}): run the newer release of the bot, or a database of its own")
        pending = [m for m in shipped if m.version not in applied]
        for migration in pending:
            log.info("applying schema migration %04d_%s", migration.version, migration.name)
            try:
                conn.execute(migration.sql)  # no parameters: several statements in one go
            except psycopg.Error as exc:  # leaving the block rolls back every migration of this start
                raise SchemaError(f"schema migration {migration.version:04d}_{migration.name}.sql failed "
                                  f"({str(exc).strip().splitlines()[0]}); nothing was applied") from exc
            conn.execute("INSERT INTO schema_version (version, name) VALUES (%s, %s)",
                         (migration.version, migration.name))
    return pending
