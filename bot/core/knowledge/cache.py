"""The knowledge cache: validated files, facts and built indexes, so an unchanged folder starts at once.

One SQLite file (`knowledge.sqlite` in the cache folder, `<knowledge>/.cache` by default) holds
content-addressed rows: a row's key names what it is, the version of the code that wrote it and
the hash of what it was made from (a file's bytes, a fact's canonical JSON, a whole folder's
manifest), so a row is never updated, only added, and a row from other code is never found. Kinds:

* `file/…`: one knowledge file, validated alone (a facts file's fact records; an article's, the
  ties', entities' and intents' models as JSON; a language file's parsed YAML);
* `fact/…`: one validated fact as JSON, read back (and re-validated by its model) when a snapshot
  needs the whole fact, so a snapshot keeps only a small record of each fact in memory;
* `manifest/…`: a folder state that loaded without a problem (every file's hash), so the next
  start with the same files skips validation, and one with a few files changed validates those;
* whatever the answering engine stores under its own kinds (its built indexes).

Why SQLite, measured at 10,000 facts (`python -m bench.scale`): a pickle of the validated models
is 35 MB and takes 0.9 s to read whole, and holds every fact in memory; SQLite reads one fact in
about 0.1 ms (most of it pydantic validating the JSON), so a start reads only the small records,
and it gives atomic transactions and many readers with one writer across processes (WAL mode)
for nothing. Each payload carries a 16-byte BLAKE2b checksum of itself: a row that does not
match, a file that is not a database, or a schema from another format is treated as absent; the
file is then started afresh, with one log line. Payloads are JSON, marshal or bytes, never
pickle, so a tampered cache cannot run code.

Rows nobody has written or read for a week and no recent manifest refers to are removed by
`collect`, at most once a day per cache; a process still serving such a row's snapshot reads its
own copy of the facts it already decoded, and the folder otherwise.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import logging
import sqlite3
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from bot.core.knowledge.models import Fact

__all__ = ["CACHE_FILE", "DEFAULT_CACHE_DIR", "KnowledgeCache", "code_version"]

log = logging.getLogger(__name__)

CACHE_FILE = "knowledge.sqlite"
DEFAULT_CACHE_DIR = ".cache"
"""The cache folder inside the knowledge folder when none is set (a dot folder: no loader or stamp reads it)."""
FORMAT = 1
"""The layout of the tables; another number starts the file afresh."""
FACTS_KEPT = 512
"""Decoded facts kept in memory per cache (the answers of the last few hundred questions, in practice)."""
BUSY_SECONDS = 30.0
KEEP_SECONDS = 7 * 24 * 3600.0
"""Rows untouched for this long, and not referred to by a manifest kept, are removed by `collect`."""
MANIFESTS_KEPT = 8
_CHECK = 16


def code_version(*sources: Path, extra: Iterable[str] = ()) -> str:
    """A short hash of source files' bytes (and of `extra` strings): rows written by other code are never read."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(sources):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for item in (sys.version, *extra):
        digest.update(item.encode())
    return digest.hexdigest()


def package_version(name: str) -> str:
    """An installed distribution's version ("" when it is not installed), for `code_version`'s extra."""
    try:
        return f"{name}={importlib.metadata.version(name)}"
    except importlib.metadata.PackageNotFoundError:
        return f"{name}=?"


@functools.cache
def _knowledge_code() -> str:
    """The knowledge code's version, read once: the code this process runs, not what is on disk later.

    An upgrade in place must not make a running bot take its own rows for another code's.
    """
    here = Path(__file__).resolve().parent
    return code_version(*here.glob("*.py"), here.parent / "text.py",
                        extra=(package_version("pydantic"), package_version("PyYAML"), f"format={FORMAT}"))


def _seal(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=_CHECK).digest() + payload


def _open(sealed: bytes | None) -> bytes | None:
    if sealed is None or len(sealed) < _CHECK:
        return None
    payload = sealed[_CHECK:]
    if hashlib.blake2b(payload, digest_size=_CHECK).digest() != sealed[:_CHECK]:
        return None
    return payload


class KnowledgeCache:
    """Content-addressed rows in one SQLite file (or in memory), shared by threads and processes.

    Every method is safe to call from any thread: one connection, used under a lock. A failure of
    the file itself (unreadable, corrupt, full disk) is logged once and the call behaves as if the
    row were absent or the write not needed: the cache only ever saves work.
    """

    def __init__(self, path: Path | None, *, facts_kept: int = FACTS_KEPT) -> None:
        self.path = path
        """The SQLite file; None for a cache in memory (tests, a read-only folder)."""
        self.version = _knowledge_code()
        """The knowledge code's version: part of every key this layer writes."""
        self._lock = threading.RLock()
        self._decoded: OrderedDict[bytes, Fact] = OrderedDict()
        self._facts_kept = facts_kept
        self._warned: set[str] = set()
        self._db = self._connect()

    @classmethod
    def open(cls, folder: Path) -> KnowledgeCache:
        """The cache in `folder` (created if needed); a cache in memory, with one log line, if it cannot be."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            log.warning("knowledge cache: cannot create %s (%s); caching in memory only", folder,
                        exc.strerror or exc)
            return cls(None)
        return cls(folder / CACHE_FILE)

    def _connect(self) -> sqlite3.Connection:
        target = ":memory:" if self.path is None else str(self.path)
        try:
            db = self._ready(sqlite3.connect(target, timeout=BUSY_SECONDS, check_same_thread=False,
                                             isolation_level=None))
        except sqlite3.Error as exc:
            if self.path is None:
                raise
            log.warning("knowledge cache %s is unreadable (%s); starting it afresh", self.path, exc)
            self._discard()
            try:
                db = self._ready(sqlite3.connect(target, timeout=BUSY_SECONDS, check_same_thread=False,
                                                 isolation_level=None))
            except sqlite3.Error as again:
                log.warning("knowledge cache %s cannot be used (%s); caching in memory only", self.path, again)
                self.path = None
                return self._ready(sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None))
        return db

    def _ready(self, db: sqlite3.Connection) -> sqlite3.Connection:
        """Set the connection up and check the file is this format's (raises sqlite3.Error if not a database)."""
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
        if self.path is not None:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
        found = db.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and found != FORMAT:
            raise sqlite3.DatabaseError(f"format {found}, not {FORMAT}")
        db.execute("CREATE TABLE IF NOT EXISTS rows (key TEXT PRIMARY KEY, data BLOB NOT NULL, at REAL NOT NULL)")
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute(f"PRAGMA user_version = {FORMAT}")
        return db

    def _discard(self) -> None:
        """Remove an unusable cache file (and its WAL) so a new one can be made in its place."""
        assert self.path is not None
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                Path(f"{self.path}{suffix}").unlink()

    def _failed(self, what: str, exc: Exception) -> None:
        if what not in self._warned:
            self._warned.add(what)
            log.warning("knowledge cache %s: %s failed (%s); going on without it", self.path or "in memory",
                        what, exc)

    def close(self) -> None:
        """Close the file (the cache is unusable afterwards)."""
        with self._lock:
            self._db.close()

    # --- rows --------------------------------------------------------------------------------
    def get(self, key: str) -> bytes | None:
        """A row's payload, or None when absent or damaged."""
        with self._lock:
            try:
                row = self._db.execute("SELECT data FROM rows WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error as exc:
                self._failed("reading", exc)
                return None
        payload = _open(row[0]) if row is not None else None
        if row is not None and payload is None:
            self._failed(f"the row {key.split('/')[0]} (checksum)", ValueError("damaged"))
        return payload

    def get_many(self, keys: Sequence[str]) -> dict[str, bytes]:
        """The payloads of the rows present and sound, by key."""
        out: dict[str, bytes] = {}
        with self._lock:
            try:
                for start in range(0, len(keys), 500):
                    chunk = keys[start:start + 500]
                    marks = ",".join("?" * len(chunk))
                    for key, data in self._db.execute(f"SELECT key, data FROM rows WHERE key IN ({marks})", chunk):
                        payload = _open(data)
                        if payload is not None:
                            out[key] = payload
            except sqlite3.Error as exc:
                self._failed("reading", exc)
        return out

    def put(self, rows: Mapping[str, bytes]) -> bool:
        """Store rows in one transaction (a key already there is written again: the same content, sound)."""
        if not rows:
            return True
        now = time.time()
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    self._db.executemany("INSERT OR REPLACE INTO rows (key, data, at) VALUES (?, ?, ?)",
                                         [(key, _seal(data), now) for key, data in rows.items()])
                    self._db.execute("COMMIT")
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:
                self._failed("writing", exc)
                return False
        return True

    def replace(self, key: str, data: bytes) -> bool:
        """Store a row whose key is not content-addressed (a pointer to the latest of something)."""
        with self._lock:
            try:
                self._db.execute("INSERT OR REPLACE INTO rows (key, data, at) VALUES (?, ?, ?)",
                                 (key, _seal(data), time.time()))
            except sqlite3.Error as exc:
                self._failed("writing", exc)
                return False
        return True

    def keys(self, prefix: str) -> list[str]:
        """Keys starting with `prefix`, newest first."""
        with self._lock:
            try:
                return [row[0] for row in self._db.execute(
                    "SELECT key FROM rows WHERE key >= ? AND key < ? ORDER BY at DESC", (prefix, prefix + "\uffff"))]
            except sqlite3.Error as exc:
                self._failed("reading", exc)
                return []

    # --- facts (a FactSource) ----------------------------------------------------------------
    def fact_key(self, digest: bytes) -> str:
        """The row of one validated fact."""
        return f"fact/{self.version}/{digest.hex()}"

    def fact(self, digest: bytes) -> Fact:
        """A validated fact by digest, from memory or the file.

        Raises:
            KeyError: the cache does not hold it (or its row is damaged).
        """
        with self._lock:
            found = self._decoded.get(digest)
            if found is not None:
                self._decoded.move_to_end(digest)
                return found
        data = self.get(self.fact_key(digest))
        if data is None:
            raise KeyError(digest.hex())
        fact = Fact.model_validate_json(data)
        self._keep(digest, fact)
        return fact

    def facts(self, digests: Sequence[bytes]) -> list[Fact]:
        """Several facts in one query, in the order asked; only single reads are kept in memory.

        Raises:
            KeyError: one of them is not held.
        """
        with self._lock:
            known = {d: f for d in digests if (f := self._decoded.get(d)) is not None}
        wanted = [d for d in digests if d not in known]
        rows = self.get_many([self.fact_key(d) for d in wanted]) if wanted else {}
        out = []
        for digest in digests:
            fact = known.get(digest)
            if fact is None:
                data = rows.get(self.fact_key(digest))
                if data is None:
                    raise KeyError(digest.hex())
                fact = Fact.model_validate_json(data)
            out.append(fact)
        return out

    def _keep(self, digest: bytes, fact: Fact) -> None:
        with self._lock:
            self._decoded[digest] = fact
            while len(self._decoded) > self._facts_kept:
                self._decoded.popitem(last=False)

    # --- housekeeping --------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        """A bookkeeping value (when the cache was last collected)."""
        with self._lock:
            try:
                row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error as exc:
                self._failed("reading", exc)
                return None
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        """Set a bookkeeping value."""
        with self._lock:
            try:
                self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
            except sqlite3.Error as exc:
                self._failed("writing", exc)

    def collect(self, keep: Iterable[str], *, now: float | None = None) -> int:
        """Delete rows older than a week that are not in `keep`; how many were deleted.

        `keep` is every key a recent manifest refers to (the loader knows which those are).
        """
        now = time.time() if now is None else now
        cutoff = now - KEEP_SECONDS
        kept = set(keep)
        with self._lock:
            try:
                old = [row[0] for row in self._db.execute("SELECT key FROM rows WHERE at < ?", (cutoff,))]
                doomed = [(key,) for key in old if key not in kept]
                if doomed:
                    self._db.execute("BEGIN IMMEDIATE")
                    self._db.executemany("DELETE FROM rows WHERE key = ?", doomed)
                    self._db.execute("COMMIT")
                self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('collected', ?)", (str(now),))
            except sqlite3.Error as exc:
                self._failed("collecting", exc)
                return 0
        if doomed:
            log.info("knowledge cache: removed %d rows unused for a week", len(doomed))
        return len(doomed)

    def touch(self, keys: Iterable[str]) -> None:
        """Mark rows as used now, so `collect` keeps them another week."""
        now = time.time()
        with self._lock:
            try:
                self._db.executemany("UPDATE rows SET at = ? WHERE key = ?", [(now, key) for key in keys])
            except sqlite3.Error as exc:
                self._failed("writing", exc)
