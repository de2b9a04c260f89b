"""The knowledge folder's health as moderators see it: the last problem, and what to tell them.

When the folder becomes unreadable, disappears or turns invalid, the bot keeps serving the
last good facts, so fans notice nothing; moderators must, or the bot silently drifts from the
files. `KnowledgeHealth` remembers the problem (for /facts status) and decides when a notice is
due: once per distinct problem, and once when the folder loads again.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import discord

from bot.app.embeds import MESSAGE_LIMIT, clip
from bot.core.database.connection import DatabaseUnavailable
from bot.core.knowledge.store import Knowledge, KnowledgeError, KnowledgeIssue

__all__ = [
    "KnowledgeHealth",
    "KnowledgeProblem",
    "problem_notice",
    "recovery_notice",
    "status_lines",
    "unreadable_error",
]

log = logging.getLogger(__name__)

ISSUES_SHOWN = 5


@dataclass(frozen=True)
class KnowledgeProblem:
    """Why the folder could not be loaded, and since when the bot has been serving older facts."""

    issues: tuple[str, ...]
    since: datetime
    unreachable: bool = False
    """The database cannot be reached (DATABASE_URL), rather than the knowledge being invalid."""

    @property
    def key(self) -> str:
        """What makes two problems the same one (so a moderator is told once, not every check)."""
        return "\n".join(self.issues)

    def summary(self, shown: int = ISSUES_SHOWN) -> str:
        """The first few issues, one per line."""
        lines = [f"• {issue}" for issue in self.issues[:shown]]
        if len(self.issues) > shown:
            lines.append(f"• … and {len(self.issues) - shown} more")
        return "\n".join(lines)


def unreadable_error(folder: Path, error: OSError) -> KnowledgeError:
    """An OS error while loading, as the KnowledgeError the rest of the bot handles.

    `load_knowledge` reports missing and unreadable files itself; this catches what slips
    past it (e.g. the folder vanishing half-way through a load).
    """
    return KnowledgeError([KnowledgeIssue(str(folder), None, None, f"cannot read the knowledge folder: {error}")])


class KnowledgeHealth:
    """The last load problem (None when the served facts match the folder) and pending notices."""

    def __init__(self) -> None:
        self.problem: KnowledgeProblem | None = None
        self.loaded_at = datetime.now(UTC)
        """When the facts being served were last loaded or changed."""

    def failed(self, error: KnowledgeError) -> KnowledgeProblem | None:
        """Note a failed load; return the problem when it is new, i.e. moderators should hear of it."""
        issues = tuple(str(issue) for issue in error.issues) or (str(error),)
        if self.problem is not None and self.problem.issues == issues:
            return None
        unreachable = isinstance(error, DatabaseUnavailable)
        if unreachable and self.problem is not None and self.problem.unreachable:
            return None  # the same outage, in other words (refused, then shutting down...)
        self.problem = KnowledgeProblem(issues, datetime.now(UTC), unreachable)
        return self.problem

    def loaded(self) -> KnowledgeProblem | None:
        """Note a good load; return the problem it ends, if there was one (a recovery to announce)."""
        self.loaded_at = datetime.now(UTC)
        ended, self.problem = self.problem, None
        return ended


def _serving(knowledge: Knowledge, loaded_at: datetime, where: str | None = None) -> str:
    return (f"{len(knowledge.facts)} facts loaded {discord.utils.format_dt(loaded_at, 'R')} "
            f"from `{where or knowledge.root}`")


def problem_notice(problem: KnowledgeProblem, knowledge: Knowledge, loaded_at: datetime,
                   where: str | None = None) -> str:
    """The message posted to MODERATOR_LOG_CHANNEL_ID when the knowledge cannot be loaded (`where`: its source)."""
    if problem.unreachable:
        text = (f"⚠️ **The knowledge database cannot be reached.** Fans are still answered from the last good "
                f"facts ({_serving(knowledge, loaded_at, where)}); curators' changes are refused until it is "
                f"back, and the bot catches up by itself when it is.\n{problem.summary()}")
        return clip(text, MESSAGE_LIMIT)
    text = (f"⚠️ **The knowledge folder cannot be loaded.** Fans are still answered from the last good "
            f"facts ({_serving(knowledge, loaded_at, where)}).\n{problem.summary()}\n"
            "Fix the files, then run `/facts reload` (or wait for the automatic check). "
            "`/facts status` shows the problem.")
    return clip(text, MESSAGE_LIMIT)


def recovery_notice(problem: KnowledgeProblem, knowledge: Knowledge, loaded_at: datetime,
                    where: str | None = None) -> str:
    """The message posted when the knowledge loads again after a problem."""
    what = "The knowledge database is back" if problem.unreachable else "The knowledge folder loads again"
    text = (f"✅ **{what}** (the problem began {discord.utils.format_dt(problem.since, 'R')}). "
            f"Now serving {_serving(knowledge, loaded_at, where)}.")
    return clip(text, MESSAGE_LIMIT)


def status_lines(knowledge: Knowledge, health: KnowledgeHealth, check_seconds: float,
                 log_channel_id: int | None, database: str | None = None) -> Sequence[str]:
    """The body of /facts status; `database` names the database the knowledge lives in (DATABASE_URL)."""
    down = health.problem is not None and health.problem.unreachable
    watching = (f"Changes made by any process reach this one as they are made; the database is "
                f"{'**unreachable**: changes are refused until it is back' if down else 'connected'}."
                if database is not None else f"The folder is checked for changes every {check_seconds:g} s.")
    lines = [f"Serving {_serving(knowledge, health.loaded_at, database)} ({len(knowledge.drafts)} drafts).",
             watching,
             f"Problems are posted to <#{log_channel_id}>." if log_channel_id is not None
             else "No MODERATOR_LOG_CHANNEL_ID is set, so problems are only logged and shown here."]
    if health.problem is None:
        lines.append(f"**Last problem:** none; the facts served match the {'database' if database else 'folder'}.")
    else:
        lines.append(f"**Last problem** (since {discord.utils.format_dt(health.problem.since, 'R')}; "
                     f"still serving the last good facts):\n{health.problem.summary()}")
    return lines
