"""Which tie an article is about: both teams named, and the article's year the tie's year."""

from __future__ import annotations

import datetime as dt

from bot.core.drafting.document import Document
from bot.core.knowledge.models import LegName, Tie

__all__ = ["resolve_tie", "upcoming_leg"]


def resolve_tie(doc: Document, date: dt.date | None) -> Tie | None:
    """The one tie whose two teams the article names and whose year is the article's; else None.

    Without a date the teams alone are not enough (Liverpool and Real Madrid met in 2021 and
    2023), so the tie stays null and a moderator sets it.
    """
    if date is None:
        return None
    named = {m.entity for m in doc.mentions if m.kind == "team"}
    matches = [t for t in doc.ties.values() if set(t.teams) <= named and t.year == date.year]
    return matches[0] if len(matches) == 1 else None


def upcoming_leg(tie: Tie | None) -> LegName | None:
    """The first leg of the tie without a recorded score: what a preview looks ahead to."""
    if tie is None:
        return None
    if tie.first_leg.score is None:
        return "first"
    return "second" if tie.second_leg.score is None else None
