"""The facts of a snapshot as a read-only mapping that keeps a small record of each in memory.

A validated `Fact` with its fans' questions in two languages weighs about 10 KB as Python objects,
so 10,000 of them were 100 MiB before anything was indexed. A `FactTable` keeps, per fact, only
what scans and the index read (its file, its content digest, tie, intent, leg, year, speaker,
article and entities: about 200 bytes), and decodes the whole fact from a `FactSource` when it is
read: the knowledge cache (an SQLite file) or, without one, the validated models in memory.

The table is immutable. A change derives a new table with one file's facts replaced, sharing
everything else, so a snapshot being served never changes under a question. Iteration is in load
order: files by name, then each file's facts in order, as `load_knowledge` always read them.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple, Protocol

from bot.core.knowledge.models import Fact

__all__ = ["FactFiles", "FactRecord", "FactSource", "FactTable", "MemoryFacts", "fact_digest", "record_of"]


class FactRecord(NamedTuple):
    """What is kept in memory of one fact: where it is, its content digest, and the fields scans filter on."""

    file: str
    digest: bytes
    tie: str | None
    intent: str
    leg: str | None
    year: int | None
    speaker: str | None
    article: str
    entities: tuple[str, ...]


class FactSource(Protocol):
    """Where whole facts are decoded from, by content digest."""

    def fact(self, digest: bytes) -> Fact:
        """The fact with this digest.

        Raises:
            KeyError: the source does not hold it.
        """
        ...

    def facts(self, digests: Sequence[bytes]) -> list[Fact]:
        """Several facts at once, in the order asked (one query for a cache)."""
        ...


def fact_digest(fact: Fact) -> tuple[bytes, bytes]:
    """A fact's canonical JSON and its 16-byte digest: equal digests, equal facts."""
    data = fact.model_dump_json().encode()
    return data, hashlib.blake2b(data, digest_size=16).digest()


def record_of(fact: Fact, file: str, digest: bytes,
              shared: dict[tuple[str, ...], tuple[str, ...]] | None = None) -> FactRecord:
    """The record of a validated fact; ids are interned, and entity lists shared through `shared` when given."""
    entities = tuple(fact.entities)
    if shared is not None:
        entities = shared.setdefault(entities, entities)
    return FactRecord(sys.intern(file), digest, _str(fact.tie), sys.intern(fact.intent), fact.leg, fact.year,
                      _str(fact.speaker), sys.intern(fact.source.article), entities)


def _str(value: str | None) -> str | None:
    return None if value is None else sys.intern(value)


class MemoryFacts:
    """The validated models themselves, by digest: the source when there is no cache."""

    def __init__(self) -> None:
        self._facts: dict[bytes, Fact] = {}

    def add(self, digest: bytes, fact: Fact) -> None:
        """Keep a validated fact."""
        self._facts[digest] = fact

    def fact(self, digest: bytes) -> Fact:
        """The fact with this digest."""
        return self._facts[digest]

    def facts(self, digests: Sequence[bytes]) -> list[Fact]:
        """Several facts, in the order asked."""
        return [self._facts[d] for d in digests]


class FactTable(Mapping[str, Fact]):
    """Approved facts (or drafts) by id, in load order, decoded from `source` when read."""

    __slots__ = ("_files", "_records", "source")

    def __init__(self, source: FactSource, records: dict[str, FactRecord],
                 files: dict[str, tuple[str, ...]]) -> None:
        self.source = source
        self._records = records
        self._files = dict(sorted(files.items())) if list(files) != sorted(files) else files
        """Each file's ids in file order (files in name order, which is load order)."""

    # --- the mapping -------------------------------------------------------------------------
    def __getitem__(self, fact_id: str) -> Fact:
        return self.source.fact(self._records[fact_id].digest)

    def __contains__(self, fact_id: object) -> bool:
        return fact_id in self._records

    def __iter__(self) -> Iterator[str]:
        for ids in self._files.values():
            yield from ids

    def __len__(self) -> int:
        return len(self._records)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FactTable):
            return self._files == other._files and all(
                r.digest == other._records[i].digest for i, r in self._records.items())
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]

    def values(self) -> Iterator[Fact]:  # type: ignore[override]
        """Every fact, decoded a file at a time (a whole store: seconds at 100,000 facts)."""
        for ids in self._files.values():
            yield from self.source.facts([self._records[i].digest for i in ids])

    def items(self) -> Iterator[tuple[str, Fact]]:  # type: ignore[override]
        """(id, fact) pairs, decoded a file at a time."""
        for ids in self._files.values():
            yield from zip(ids, self.source.facts([self._records[i].digest for i in ids]), strict=True)

    # --- records, without decoding ------------------------------------------------------------
    def record(self, fact_id: str) -> FactRecord:
        """A fact's record.

        Raises:
            KeyError: no such fact in this table.
        """
        return self._records[fact_id]

    def records(self) -> Iterator[tuple[str, FactRecord]]:
        """Every (id, record), in load order."""
        records = self._records
        for ids in self._files.values():
            for fact_id in ids:
                yield fact_id, records[fact_id]

    def digest(self, fact_id: str) -> bytes:
        """A fact's content digest: equal in two snapshots exactly when the fact is."""
        return self._records[fact_id].digest

    @property
    def files(self) -> Mapping[str, tuple[str, ...]]:
        """Each file's fact ids, in file order."""
        return self._files

    def where(self, *, tie: str | None = None, intent: str | None = None, speaker: str | None = None,
              article: str | None = None) -> list[str]:
        """Ids of the facts matching every field given, in load order, from the records alone."""
        out = []
        for fact_id, record in self.records():
            if ((tie is None or record.tie == tie) and (intent is None or record.intent == intent)
                    and (speaker is None or record.speaker == speaker)
                    and (article is None or record.article == article)):
                out.append(fact_id)
        return out

    def fetch(self, ids: Iterable[str]) -> list[Fact]:
        """Several facts by id, decoded together."""
        return self.source.facts([self._records[i].digest for i in ids])

    # --- deriving --------------------------------------------------------------------------------
    def with_files(self, files: Mapping[str, Sequence[tuple[str, FactRecord]]], source: FactSource) -> FactTable:
        """A new table with each named file's facts replaced by `files[rel]` (an empty list drops the file).

        The records of every other file are shared with this table.
        """
        records = dict(self._records)
        listed = dict(self._files)
        for rel, entries in files.items():
            for fact_id in listed.pop(rel, ()):
                if records.get(fact_id) is not None and records[fact_id].file == rel:
                    del records[fact_id]
            if entries:
                listed[rel] = tuple(fact_id for fact_id, _ in entries)
                records.update(entries)
        return FactTable(source, records, listed)


class FactFiles(Mapping[str, str]):
    """Which file holds each fact or draft (`Knowledge.fact_files`), read from the tables' records."""

    __slots__ = ("_tables",)

    def __init__(self, *tables: FactTable) -> None:
        self._tables = tables

    def __getitem__(self, fact_id: str) -> str:
        for table in self._tables:
            if fact_id in table:
                return table.record(fact_id).file
        raise KeyError(fact_id)

    def __contains__(self, fact_id: object) -> bool:
        return any(fact_id in table for table in self._tables)

    def __iter__(self) -> Iterator[str]:
        for table in self._tables:
            yield from table

    def __len__(self) -> int:
        return sum(len(table) for table in self._tables)
