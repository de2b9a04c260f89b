"""Curation: changing the knowledge folder safely, checking it whole, importing articles.

Every change is validated, atomic, audited and undoable; the queue of questions fans asked
that the bot could not answer is the curators' to-do list.
"""

from bot.core.curation.changes import Change, ChangeRejected, CurationError, KnowledgeDiff, diff_knowledge
from bot.core.curation.curator import Curator, DraftImport
from bot.core.curation.lint import CheckReport, check_knowledge
from bot.core.curation.unanswered import UnansweredItem, UnansweredLog

__all__ = [
    "Change",
    "ChangeRejected",
    "CheckReport",
    "CurationError",
    "Curator",
    "DraftImport",
    "KnowledgeDiff",
    "UnansweredItem",
    "UnansweredLog",
    "check_knowledge",
    "diff_knowledge",
]
