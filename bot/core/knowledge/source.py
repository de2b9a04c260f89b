"""Where a process reads its knowledge from: the folder (the embedded default) or a database.

The bot only needs two things of it: a cheap version stamp, to tell whether what it serves is
current, and a validated `Knowledge` snapshot. `name` says where, for moderators and logs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from bot.core.knowledge.cache import KnowledgeCache
from bot.core.knowledge.store import Knowledge, folder_stamp, load_knowledge

__all__ = ["FolderSource", "KnowledgeSource"]


class KnowledgeSource(Protocol):
    """A store of knowledge the bot can load from."""

    @property
    def name(self) -> str:
        """Where the knowledge is, as shown to moderators (a folder's path, a database without its password)."""
        ...

    def stamp(self) -> str:
        """A cheap version stamp: equal to the served snapshot's `stamp` when nothing changed since."""
        ...

    def load(self) -> Knowledge:
        """A validated snapshot of what the store holds now.

        Raises:
            KnowledgeError: it is invalid or cannot be read; nothing is served from it.
        """
        ...


class FolderSource:
    """The knowledge folder: stamped by its files' names, sizes and times, loaded by `load_knowledge`.

    With a `cache`, a start with unchanged files validates nothing; each load after the first
    re-reads only the files that changed since the last one (`previous`), so a reload after one
    edit costs about the same at 100,000 facts as at 79.
    """

    def __init__(self, root: Path, cache: KnowledgeCache | None = None) -> None:
        self.root = root
        self.cache = cache
        self._last: Knowledge | None = None

    @property
    def name(self) -> str:
        """The folder's path."""
        return str(self.root)

    def stamp(self) -> str:
        """The folder's stamp (`folder_stamp`)."""
        return folder_stamp(self.root)

    def load(self) -> Knowledge:
        """The folder, validated (only what changed since the last load, which it shares the rest with)."""
        self._last = load_knowledge(self.root, cache=self.cache, previous=self._last)
        return self._last
