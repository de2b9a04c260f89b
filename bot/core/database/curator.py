"""The curator, with the database as the store: every change one transaction, from any process or host.

The folder's `Curator` does the work (finding the fact, editing its lines, validating the whole
knowledge, writing the audit entry) in the process's working copy; this subclass wraps each
change in `KnowledgeDatabase.changing()`, so it starts from the database's latest revision with
every other change locked out, and what it wrote is committed as rows, or nothing is. Undo reads
the audit log from the database, so it reverts the last change whichever process made it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from bot.core.curation.audit import Actor
from bot.core.curation.curator import LOCK_TIMEOUT, Curator
from bot.core.curation.importing import DraftImport
from bot.core.database.knowledge import KnowledgeDatabase

__all__ = ["DatabaseCurator"]


class DatabaseCurator(Curator):
    """Adds, edits, removes, approves, rejects, imports, teaches and undoes facts in the database."""

    def __init__(self, database: KnowledgeDatabase, *, lock_timeout: float = LOCK_TIMEOUT) -> None:
        super().__init__(database.mirror.folder, lock_timeout=lock_timeout)
        self.database = database

    @contextlib.contextmanager
    def _changing(self) -> Iterator[None]:
        with self.database.changing(), super()._changing():
            yield

    def history(self, limit: int = 10) -> list[dict[str, Any]]:
        """The most recent audit entries from every process, newest first."""
        with self.database.mirror.lock:
            self.database.refresh()
            return super().history(limit)

    def import_article(self, text: str, actor: str | Actor, article_id: str | None = None, *,
                       source_file: str | None = None, dry_run: bool = False) -> DraftImport:
        """As the folder's; a dry run plans against the database's latest knowledge."""
        if not dry_run:
            return super().import_article(text, actor, article_id, source_file=source_file)
        with self.database.mirror.lock:
            self.database.refresh()
            return super().import_article(text, actor, article_id, source_file=source_file, dry_run=True)
