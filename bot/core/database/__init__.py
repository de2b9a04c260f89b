"""The knowledge, the curators' queue and the audit log in PostgreSQL (DATABASE_URL), shared by every process.

The folder stays the embedded default and the curation format: this package stores what a
folder holds as rows (`rows`, `repository`), keeps each process's working copy of it (`mirror`),
loads and changes it in transactions (`knowledge`, `curator`), shares the unanswered queue
(`unanswered`), tells every process of a change (`listener`) and migrates the schema (`schema`).
It sits above curation and below the Discord layer, and never imports `discord`.
"""

from bot.core.database.connection import DatabaseUnavailable, describe_url
from bot.core.database.curator import DatabaseCurator
from bot.core.database.knowledge import EmptyDatabase, ExportReport, ImportRefused, ImportReport, KnowledgeDatabase
from bot.core.database.schema import SchemaError
from bot.core.database.unanswered import DatabaseUnansweredLog

__all__ = [
    "DatabaseCurator",
    "DatabaseUnansweredLog",
    "DatabaseUnavailable",
    "EmptyDatabase",
    "ExportReport",
    "ImportRefused",
    "ImportReport",
    "KnowledgeDatabase",
    "SchemaError",
    "describe_url",
]
