"""The knowledge in PostgreSQL: load a validated snapshot, change it in one transaction, import, export.

`KnowledgeDatabase` is what a process holds when DATABASE_URL is set: one connection for its
own reads and changes (re-opened when the server went away and came back), and a private
working copy of the knowledge as files (`Mirror`), which the same loader and curator as the
folder's work on. `changing()` is the one transaction every curator change runs in: it locks
the state row (so changes from every process and host take turns), brings the copy up to the
database, lets the curator validate and write, stores what it wrote as rows, bumps the
revision and NOTIFYs every process, and commits; or changes nothing.
"""

from __future__ import annotations

import contextlib
import logging
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import errors

from bot.core.curation.audit import AUDIT_LOG_NAME, AuditLog
from bot.core.curation.changes import CurationError
from bot.core.curation.fact_files import atomic_write
from bot.core.curation.lint import CheckReport, check_knowledge
from bot.core.curation.unanswered import Ask, UnansweredLog, ask_line
from bot.core.database import repository
from bot.core.database.connection import DatabaseUnavailable, connect, describe_url, reason
from bot.core.database.mirror import Mirror, Pending
from bot.core.database.repository import State
from bot.core.database.rows import folder_files
from bot.core.database.schema import migrate
from bot.core.knowledge.store import Knowledge, KnowledgeError, KnowledgeIssue, folder_stamp, load_knowledge

__all__ = ["EmptyDatabase", "ExportReport", "ImportRefused", "ImportReport", "KnowledgeDatabase"]

log = logging.getLogger(__name__)

LOCK_TIMEOUT = 10.0
"""Seconds a change waits for another process's change before the curator is asked to retry."""
UNANSWERED_FILE = "unanswered.jsonl"
MIRROR_PREFIX = "ties-knowledge-"


class ImportRefused(CurationError):
    """The folder does not pass `knowledge check`; nothing was imported. `issues` name each problem."""

    def __init__(self, folder: Path, issues: list[KnowledgeIssue]) -> None:
        super().__init__(f"Not imported: {folder} has {len(issues)} problem(s); the database was not changed.")
        self.issues = issues


class EmptyDatabase(KnowledgeError):
    """The database has never been given any knowledge."""

    def __init__(self, database: str) -> None:
        super().__init__([KnowledgeIssue("database", database, None, "holds no knowledge yet: import a folder "
                                         "first with `python -m bot knowledge import DIR`")])


@dataclass(frozen=True)
class ImportReport:
    """What a whole-folder import stored."""

    revision: int
    files: int
    facts: int
    audit_entries: int
    questions: int
    rewritten: list[str] = field(default_factory=list)
    """Facts files whose layout was not recognised, stored re-written (same facts)."""


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote into the folder."""

    revision: int
    files: int
    written: list[str]
    removed: list[str]


class KnowledgeDatabase:
    """One process's access to the knowledge database: connection, working copy, load, change, import, export."""

    def __init__(self, url: str, mirror_dir: Path | None = None) -> None:
        self.url = url
        self.name = describe_url(url)
        """The database as shown to people: host and name, never the password."""
        self._own_mirror = mirror_dir is None
        self.mirror = Mirror(mirror_dir or Path(tempfile.mkdtemp(prefix=MIRROR_PREFIX)))
        self._conn: psycopg.Connection | None = None
        self._conn_lock = threading.Lock()

    @classmethod
    def open(cls, url: str, mirror_dir: Path | None = None) -> KnowledgeDatabase:
        """Connect and bring the schema up to date (migrations in one transaction).

        Raises:
            DatabaseUnavailable: the server cannot be reached.
            SchemaError: the database's schema is newer than this code.
        """
        database = cls(url, mirror_dir)
        try:
            with database.session() as conn:
                applied = migrate(conn)
        except BaseException:
            database.close()
            raise
        if applied:
            log.info("database %s: applied %d migration(s)", database.name, len(applied))
        return database

    def close(self) -> None:
        """Close the connection and remove a temporary working copy."""
        with self._conn_lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
        if self._own_mirror:
            self.mirror.remove()

    # --- the connection ----------------------------------------------------------------------
    @contextlib.contextmanager
    def session(self) -> Iterator[psycopg.Connection]:
        """The process's connection, one user at a time; re-opened if the server went away since.

        Raises:
            DatabaseUnavailable: the server cannot be reached, or the connection broke during the block.
        """
        with self._conn_lock:
            conn = self._live()
            try:
                yield conn
            except psycopg.Error as exc:
                if conn.closed or conn.broken or isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
                    self._drop()
                if isinstance(exc, errors.LockNotAvailable | errors.QueryCanceled) or not (
                        conn.closed or conn.broken or isinstance(exc, psycopg.OperationalError)):
                    raise
                raise DatabaseUnavailable(self.name, reason(exc)) from exc

    def _live(self) -> psycopg.Connection:
        conn = self._conn
        if conn is not None and not (conn.closed or conn.broken):
            try:
                conn.execute("SELECT 1")
                conn.rollback()
                return conn
            except psycopg.Error:
                log.info("database %s: the connection was lost; connecting again", self.name)
        self._drop()
        self._conn = connect(self.url)
        return self._conn

    def _drop(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(psycopg.Error):
                self._conn.close()
            self._conn = None

    # --- reading -----------------------------------------------------------------------------
    def state(self) -> State:
        """The database's current epoch and revision."""
        with self.session() as conn, conn.transaction():
            return repository.read_state(conn)

    def refresh(self) -> bool:
        """Bring the working copy up to the database (one consistent read); True if anything changed."""
        with self.mirror.lock, self.session() as conn, conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return self.mirror.sync(conn)

    def load(self) -> Knowledge:
        """The knowledge as of now, validated whole, exactly as a folder is.

        Raises:
            DatabaseUnavailable: the server cannot be reached; nothing changed.
            EmptyDatabase: nothing was ever imported.
            KnowledgeError: what the database holds does not validate (it never should: every
                change was validated before it was committed).
        """
        with self.mirror.lock:
            self.refresh()
            assert self.mirror.state is not None
            if self.mirror.state.revision == 0:
                raise EmptyDatabase(self.name)
            return load_knowledge(self.mirror.folder)

    def stamp(self) -> str:
        """The working copy's stamp once brought up to the database: what a snapshot loaded now would carry."""
        with self.mirror.lock:
            self.refresh()
            return folder_stamp(self.mirror.folder)

    def revision(self) -> int | None:
        """The revision the working copy holds (None before the first sync)."""
        state = self.mirror.state
        return state.revision if state is not None else None

    def check(self) -> CheckReport:
        """`knowledge check` on what the database holds, through an export into a temporary folder."""
        with tempfile.TemporaryDirectory(prefix=MIRROR_PREFIX) as tmp:
            self.export(Path(tmp))
            return check_knowledge(Path(tmp))

    # --- changing ----------------------------------------------------------------------------
    @contextlib.contextmanager
    def changing(self) -> Iterator[None]:
        """One curator change as one transaction: the block writes the working copy; its writes are then stored.

        Raises:
            CurationError: another change held the lock for LOCK_TIMEOUT seconds.
            DatabaseUnavailable: the database cannot be reached, or broke off (then nothing, or
                if it broke at the commit possibly everything, was saved: the message says which).
        """
        committing = False
        pending = Pending()
        new_state: State | None = None
        with self.mirror.lock:
            try:
                with self.session() as conn, conn.transaction():
                    state = repository.lock_state(conn, LOCK_TIMEOUT)
                    self.mirror.sync(conn, state)
                    mark = self.mirror.mark()
                    try:
                        yield
                    except BaseException:
                        if self.mirror.changed(mark):  # a change that failed half-way: read afresh next time
                            self.mirror.forget()
                        raise
                    pending = self.mirror.changes(mark)
                    if not pending.empty:
                        new_state = self._store(conn, pending, state.revision + 1)
                    committing = True
            except errors.LockNotAvailable:
                raise CurationError("Another change to the knowledge is still being saved; try again in a moment.") \
                    from None
            except DatabaseUnavailable as exc:
                self.mirror.forget()
                if committing:
                    raise DatabaseUnavailable(exc.database, exc.detail, maybe_saved=True) from exc
                raise
            except BaseException:
                if not pending.empty:
                    self.mirror.forget()
                raise
            if new_state is not None:
                self.mirror.committed(pending, new_state)
                log.info("database %s: revision %d (%d file(s), %d audit entr%s)", self.name, new_state.revision,
                         len(pending.files), len(pending.audit), "y" if len(pending.audit) == 1 else "ies")

    @staticmethod
    def _store(conn: psycopg.Connection, pending: Pending, revision: int) -> State:
        for rel, text in sorted(pending.files.items()):
            if text is None:
                repository.delete_file(conn, rel)
            else:
                repository.write_file(conn, rel, text, revision)
        repository.append_audit(conn, pending.audit, revision)
        return repository.publish(conn, revision)

    # --- whole folders -----------------------------------------------------------------------
    def import_folder(self, folder: Path) -> ImportReport:
        """Replace the knowledge, its audit log and its unanswered queue with a folder's, in one transaction.

        The folder must pass `knowledge check` first. Every process serving the database hears
        of it and loads the new knowledge.

        Raises:
            ImportRefused: the folder has problems; nothing was changed.
            DatabaseUnavailable: the server cannot be reached; nothing was changed.
        """
        folder = folder.resolve()
        report = check_knowledge(folder)
        if not report.ok:
            raise ImportRefused(folder, report.issues)
        files = {rel: (folder / rel).read_bytes().decode("utf-8") for rel in folder_files(folder)}
        audit = AuditLog(folder / AUDIT_LOG_NAME).read()
        questions = _asks(folder / UNANSWERED_FILE)
        rewritten: list[str] = []
        facts = 0
        with self.session() as conn, conn.transaction():
            state = repository.lock_state(conn, LOCK_TIMEOUT)
            for table in ("facts", "knowledge_files", "audit_log", "unanswered"):
                conn.execute(f"DELETE FROM {table}")
            revision = state.revision + 1
            for rel, text in files.items():
                rows = repository.write_file(conn, rel, text, revision)
                if rows is not None:
                    facts += len(rows.facts)
                    if rows.rewritten:
                        rewritten.append(rel)
            repository.append_audit(conn, audit, revision)
            repository.insert_asks(conn, questions)
            stored = repository.file_texts(conn)
            differ = sorted(rel for rel, text in files.items() if stored.get(rel) != text and rel not in rewritten)
            if differ:  # the rows must give the files back exactly: a bug here, so store nothing
                raise RuntimeError(f"the stored rows do not give back {', '.join(differ)}; nothing was imported")
            new = repository.publish(conn, revision, new_epoch=True)
        log.info("database %s: imported %s as revision %d (%d files, %d facts)", self.name, folder, new.revision,
                 len(files), facts)
        return ImportReport(new.revision, len(files), facts, len(audit), len(questions), rewritten)

    def export(self, folder: Path) -> ExportReport:
        """Write the knowledge, its audit log and its unanswered queue into a folder, in the folder's format.

        Only files whose bytes differ are written (a fact nobody changed keeps its lines exactly),
        and knowledge files the database does not hold are removed; nothing else in the folder is
        touched. The result passes `knowledge check` as the imported folder did.

        Raises:
            DatabaseUnavailable: the server cannot be reached.
            EmptyDatabase: nothing was ever imported.
        """
        folder.mkdir(parents=True, exist_ok=True)
        before = {rel: (folder / rel).read_bytes() for rel in folder_files(folder)}
        target = Mirror(folder)
        with self.session() as conn, conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            target.sync(conn)
            questions = repository.open_asks(conn, 1_000_000)
        assert target.state is not None
        if target.state.revision == 0:
            raise EmptyDatabase(self.name)
        _write_asks(folder / UNANSWERED_FILE, questions)
        after = {rel: (folder / rel).read_bytes() for rel in folder_files(folder)}
        written = sorted(rel for rel, data in after.items() if before.get(rel) != data)
        return ExportReport(target.state.revision, len(after), written, sorted(before.keys() - after.keys()))


def _asks(path: Path) -> list[Ask]:
    """The questions still on a folder's unanswered queue (its JSONL file, read as the bot reads it)."""
    if not path.is_file():
        return []
    queue = UnansweredLog(path, max_entries=1_000_000)
    return queue.entries()


def _write_asks(path: Path, asks: list[Ask]) -> None:
    """The queue as a folder's unanswered.jsonl (removed when empty)."""
    if not asks:
        path.unlink(missing_ok=True)
        return
    atomic_write(path, "".join(ask_line(a.at, a.question, a.declined, a.confidence, a.intent) + "\n" for a in asks))
