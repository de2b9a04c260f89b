"""One drafted statement before it becomes a fact: what kind it is, its evidence and its answer."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.knowledge.models import LegName

__all__ = ["Draft", "DraftKind"]

DraftKind = str
"""quote, score, prediction, history, record, date or venue: the middle part of the draft's id."""


@dataclass
class Draft:
    """A candidate fact found in an article; `start` orders drafts as they appear in the text.

    `evidence` and `quote` are verbatim slices of the article. `tie_bound` is False for
    statements about other seasons (a 2019 comeback in a 2021 preview), which get no tie.
    """

    kind: DraftKind
    intent: str
    start: int
    evidence: str
    answer: str
    entities: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    quote: str | None = None
    speaker: str | None = None
    speaker_name: str | None = None
    """The speaker as written when no known person matches (a name to add to entities.yaml); for a
    prediction, the pundit whose heading it sits under."""
    leg: LegName | None = None
    year: int | None = None
    tie_bound: bool = True
    role: str | None = None
    """For a scoreline: first-leg, second-leg, aggregate, deficit, prediction, historical or other."""
    score: str | None = None
    """For a scoreline: the score as "4-0"."""
    topic: str | None = None
    """What a record or a date is, as the article words it ("14th European title", "on Wednesday")."""
    when: str = ""
    """For a scoreline of another match: the words its answer opens with ("In 2019, ", "Last season, ")."""
