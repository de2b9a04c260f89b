"""Words for drafted facts: keywords picked from a passage, and dates written out for answers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection

__all__ = ["content_keywords", "long_date", "plain"]

_WORD = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’-]+")


def content_keywords(text: str, limit: int, stopwords: Collection[str]) -> list[str]:
    """The longest distinct non-function words of a passage (not `stopwords`): cheap topic words for the index."""
    words = [w.lower().strip("'’-") for w in _WORD.findall(text)]
    words = [w for w in words if len(w) >= 5 and w not in stopwords]
    ranked = sorted(dict.fromkeys(words), key=lambda w: -len(w))
    return ranked[:limit]


def long_date(day: dt.date) -> str:
    """E.g. "Wednesday 15 March 2023", the way the answers write dates."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def plain(text: str) -> str:
    """A passage on one line, as an answer reads best."""
    return " ".join(text.split())
