"""What a knowledge folder holds right now: every YAML file's size, time and (for knowledge files) content hash.

A scan is how a load tells which files changed since a snapshot it already has (the one it
serves, or the cache's latest): a file whose size, modification time and inode are those of the
last scan keeps that scan's hash, unless it was modified within `RACY_NS` of it (the racy case
git's index also re-reads), so an unchanged folder of 7,600 files is checked in a few dozen
milliseconds without reading a byte. The scan also gives the folder stamp (`folder_stamp`'s, the
same string), which other processes' edits are noticed by.
"""

from __future__ import annotations

import errno
import hashlib
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

__all__ = ["KNOWLEDGE_FOLDERS", "KNOWLEDGE_LISTS", "RACY_NS", "FileState", "FolderScan", "content_hash",
           "is_knowledge_file", "scan_folder", "stamp_of"]

KNOWLEDGE_LISTS = ("ties.yaml", "entities.yaml", "intents.yaml")
"""The knowledge files at the top of the folder."""
KNOWLEDGE_FOLDERS = ("articles", "facts", "language")
"""The folders whose `*.yaml` files (not in subfolders) are knowledge files."""
RACY_NS = 2_000_000_000
"""A file modified this close to a scan may change again within the same timestamp: it is read again."""


def is_knowledge_file(rel: str) -> bool:
    """Whether a folder-relative POSIX path is one the loader reads."""
    parts = PurePosixPath(rel).parts
    return (len(parts) == 1 and parts[0] in KNOWLEDGE_LISTS) or (
        len(parts) == 2 and parts[0] in KNOWLEDGE_FOLDERS and parts[1].endswith(".yaml"))


def content_hash(data: bytes) -> str:
    """A file's content hash (BLAKE2b, 128 bits, hex)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class FileState:
    """One YAML file as scanned: its size, modification time, inode, and content hash ("" if not hashed)."""

    size: int
    mtime_ns: int
    ino: int
    hash: str = ""


@dataclass(frozen=True)
class FolderScan:
    """Every `*.yaml` under a folder as scanned at `at_ns`, with its stamp."""

    files: Mapping[str, FileState]
    at_ns: int
    stamp: str
    texts: Mapping[str, bytes] = field(default_factory=dict, compare=False, repr=False)
    """The bytes of the knowledge files this scan read to hash (a load parses those, not a later copy)."""

    @property
    def manifest(self) -> dict[str, str]:
        """Each knowledge file's content hash, by folder-relative POSIX path."""
        return {rel: state.hash for rel, state in self.files.items() if state.hash}

    def without_texts(self) -> FolderScan:
        """The same scan, not holding on to any file's bytes (what a snapshot keeps)."""
        return FolderScan(self.files, self.at_ns, self.stamp) if self.texts else self

    def with_files(self, root: Path, texts: Mapping[str, bytes | None]) -> FolderScan:
        """The scan after the loader itself wrote (or deleted: None) the given knowledge files.

        The written files are stat'ed again (their new size and time); every other file keeps its
        state, so the stamp is that of the folder as this process left it.
        """
        files = dict(self.files)
        now = time.time_ns()
        for rel, data in texts.items():
            if data is None:
                files.pop(rel, None)
                continue
            try:
                stat = (root / rel).stat()
            except OSError:
                files.pop(rel, None)
                continue
            files[rel] = FileState(stat.st_size, stat.st_mtime_ns, stat.st_ino, content_hash(data))
        return FolderScan(files, now, stamp_of(root, files), {})


def stamp_of(root: Path, files: Mapping[str, FileState]) -> str:
    """`folder_stamp`'s string from scanned states (the same order: paths sorted as `Path`s)."""
    digest = hashlib.sha1()
    native = os.sep == "/"  # a scanned path is already what `Path` prints (no need to parse 100,000 of them)
    for rel in sorted(files, key=lambda r: r.split("/")):  # a scanned path's parts: normalised POSIX
        state = files[rel]
        digest.update(f"{rel if native else Path(rel)}:{state.size}:{state.mtime_ns};".encode())
    return digest.hexdigest()[:16]


def scan_folder(root: Path, known: FolderScan | None = None) -> FolderScan:
    """Stat every `*.yaml` under `root` and hash the knowledge files whose state `known` does not vouch for.

    Raises:
        OSError: the folder cannot be listed or a file cannot be stat'ed or read (the loader then
            reads file by file, and reports each problem where it is).
    """
    started = time.time_ns()
    files: dict[str, FileState] = {}
    texts: dict[str, bytes] = {}
    previous = known.files if known is not None else {}
    trusted_until = (known.at_ns - RACY_NS) if known is not None else 0
    for path in sorted(root.rglob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        if not path.is_file():
            if is_knowledge_file(rel):  # a facts file become a folder is a broken file, not a removed one
                raise IsADirectoryError(errno.EISDIR, "not a file", str(path))
            continue
        stat = path.stat()
        state = FileState(stat.st_size, stat.st_mtime_ns, stat.st_ino)
        if is_knowledge_file(rel):
            old = previous.get(rel)
            if (old is not None and old.hash and (old.size, old.mtime_ns, old.ino) == (state.size, state.mtime_ns,
                                                                                       state.ino)
                    and state.mtime_ns < trusted_until):
                state = old
            else:
                data = path.read_bytes()
                texts[rel] = data
                state = FileState(len(data), stat.st_mtime_ns, stat.st_ino, content_hash(data))
        files[rel] = state
    return FolderScan(files, started, stamp_of(root, files), texts)
