"""The knowledge store: the curated files' shapes, loading and validating them into one snapshot.

Knows neither how the facts are asked about (answering) nor how they are changed (curation).
"""

from bot.core.knowledge.models import Article, Entity, Fact, Intent, Leg, LegName, Provenance, Tie
from bot.core.knowledge.store import Knowledge, KnowledgeError, KnowledgeIssue, folder_stamp, load_knowledge

__all__ = [
    "Article",
    "Entity",
    "Fact",
    "Intent",
    "Knowledge",
    "KnowledgeError",
    "KnowledgeIssue",
    "Leg",
    "LegName",
    "Provenance",
    "Tie",
    "folder_stamp",
    "load_knowledge",
]
