"""What a curation change is: its record, its errors, and the fact diff between two snapshots.

Kept apart from the curator so the Discord layer, the fact-file writer and the audit log can
share these names without importing the machinery that makes changes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal, get_args

from bot.core.knowledge.models import Fact, Provenance
from bot.core.knowledge.store import Knowledge, KnowledgeError, KnowledgeIssue

__all__ = [
    "ACTIONS",
    "MAX_ISSUES_SHOWN",
    "Action",
    "Change",
    "ChangeRejected",
    "CurationError",
    "EditConflict",
    "KnowledgeDiff",
    "Unchanged",
    "diff_knowledge",
    "friendly_issue",
]

Action = Literal["add", "edit", "remove", "approve", "reject", "import", "teach", "undo"]
ACTIONS: frozenset[str] = frozenset(get_args(Action))
MAX_ISSUES_SHOWN = 8
"""Discord messages are short: list this many problems, then say how many more there are."""

_FACT_FIELDS = tuple(Fact.model_fields)
_SOURCE_FIELDS = tuple(Provenance.model_fields)
_VERBS: dict[str, str] = {
    "add": "added",
    "edit": "edited",
    "remove": "removed",
    "approve": "approved",
    "reject": "rejected the draft",
    "import": "imported the article",
    "teach": "taught a question to",
    "undo": "undid a change to",
}


# --- diff ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class KnowledgeDiff:
    """Fact ids (approved and drafts alike) that one snapshot adds, removes or changes, sorted."""

    added: list[str]
    removed: list[str]
    changed: list[str]

    @property
    def empty(self) -> bool:
        """True when the two snapshots hold the same facts."""
        return not (self.added or self.removed or self.changed)

    def summary(self, limit: int = 5) -> str:
        """Short text for a moderator, e.g. "1 added (foo); 2 changed (bar, baz)"."""
        if self.empty:
            return "no fact changes"
        parts = []
        for label, ids in (("added", self.added), ("changed", self.changed), ("removed", self.removed)):
            if ids:
                shown = ", ".join(ids[:limit])
                if len(ids) > limit:
                    shown += f" and {len(ids) - limit} more"
                parts.append(f"{len(ids)} {label} ({shown})")
        return "; ".join(parts)


def diff_knowledge(old: Knowledge, new: Knowledge) -> KnowledgeDiff:
    """What changed in the facts between two snapshots; a status change counts as a change."""
    before = {**old.facts, **old.drafts}
    after = {**new.facts, **new.drafts}
    return KnowledgeDiff(
        added=sorted(after.keys() - before.keys()),
        removed=sorted(before.keys() - after.keys()),
        changed=sorted(i for i in before.keys() & after.keys() if before[i] != after[i]),
    )


# --- errors ----------------------------------------------------------------------------------
class CurationError(ValueError):
    """A change cannot be made; the message is written to be shown to the moderator as it is."""


class Unchanged(CurationError):
    """What was asked for is already so; nothing was written. Not a failure: the message says what holds."""


class EditConflict(CurationError):
    """The fact changed after the curator read it: their edit, made on the old version, was not saved.

    Saving it would silently undo the other change (every field of the form the curator left alone
    still holds the old values), so the curator is told who changed it, and shown it as it is now.
    """

    def __init__(self, fact_id: str, current: dict[str, Any], by: str | None, at: str | None) -> None:
        self.fact_id = fact_id
        self.current = current
        """The fact as it stands now, as written in its file."""
        self.by = by
        self.at = at
        who = f"{by} changed it" if by else "It was changed"
        when = f" at {at[:16].replace('T', ' ')} UTC" if at else ""
        super().__init__(f"Not saved: `{fact_id}` changed after you opened it ({who}{when}), and saving your "
                         "version would undo that change. It is shown below as it is now; edit it again to make "
                         "your change on top.")


class ChangeRejected(CurationError, KnowledgeError):
    """The change would make the knowledge invalid; nothing was written. `issues` locate each problem."""

    def __init__(self, issues: list[KnowledgeIssue], fact_id: str | None) -> None:
        KnowledgeError.__init__(self, issues)
        self.fact_id = fact_id
        self.args = (_rejection_text(issues, fact_id),)


_FRIENDLIER: dict[str, str] = {
    "missing": "is missing; this field is required",
    "string_pattern_mismatch": "should be an id: lowercase letters, digits and dashes, like 'klopp-quote-2'",
    "string_type": "should be text",
    "int_type": "should be a whole number",
    "list_type": "should be a list, like [a, b]",
    "model_type": "should be a mapping with its own fields",
    "string_too_short": "should not be empty",
    "string_too_long": "is too long (at most {max_length} characters)",
    "too_short": "needs more items",
}
"""Moderators' wording for pydantic's error types (formatted with the error's `ctx`): keyed on the
type, which stays put across pydantic releases, never on pydantic's English, which does not."""


def friendly_issue(issue: KnowledgeIssue) -> KnowledgeIssue:
    """Pydantic's wording translated for moderators; file, item and field are kept as they are."""
    if issue.code == "extra_forbidden":
        allowed = _SOURCE_FIELDS if (issue.field or "").startswith("source.") else _FACT_FIELDS
        message = f"is not a field facts have (they have: {', '.join(allowed)})"
    elif issue.code is not None and issue.code in _FRIENDLIER:
        message = _FRIENDLIER[issue.code].format_map(issue.context)
    else:
        return issue
    return dataclasses.replace(issue, message=message)


def _rejection_text(issues: list[KnowledgeIssue], fact_id: str | None) -> str:
    """The problems this change causes first, then any that were in the folder already."""
    own = [i for i in issues if fact_id is None or i.item in (fact_id, None)]
    other = [i for i in issues if i not in own]
    lines = ["Not saved: the change would leave the knowledge files invalid."]
    for issue in own[:MAX_ISSUES_SHOWN]:
        lines.append(f"• {issue}")
    if len(own) > MAX_ISSUES_SHOWN:
        lines.append(f"• …and {len(own) - MAX_ISSUES_SHOWN} more")
    if other:
        lines.append("Problems already in the folder (not from this change) must be fixed first:")
        lines.extend(f"• {issue}" for issue in other[:MAX_ISSUES_SHOWN])
        if len(other) > MAX_ISSUES_SHOWN:
            lines.append(f"• …and {len(other) - MAX_ISSUES_SHOWN} more")
    return "\n".join(lines)


# --- the change record -----------------------------------------------------------------------
@dataclass(frozen=True)
class Change:
    """One saved change: what it did, by whom, and the validated snapshot to swap into the engine."""

    action: Action
    fact_id: str
    file: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    actor: str
    at: str
    knowledge: Knowledge

    def describe(self) -> str:
        """One line for a moderator channel, e.g. "alice edited `foo` (facts/x.yaml)"."""
        return f"{self.actor} {_VERBS[self.action]} `{self.fact_id}` ({self.file})"
