"""A new article's plain text: its date line, its title, its verbatim body, and an id for it.

The shipped article files start with ` date YYYY-MM-DD ` run into the first sentence; new
articles may do the same, put the date on a line of its own, or give no date at all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.core.text import fold

__all__ = ["MAX_ARTICLE_ID", "ArticleText", "parse_article", "suggest_article_id"]

MAX_ARTICLE_ID = 48
"""Fact ids are `<article-id>-<kind>-<n>` and at most 64 characters, so article ids stay shorter."""

_DATE_LINE = re.compile(r"\A\s*date:?[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*\n?", re.IGNORECASE)
_TITLE_MAX = 200
_SLUG_DROP = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class ArticleText:
    """The parts of an article file the store keeps: date (if given), title and verbatim text."""

    title: str
    date: dt.date | None
    text: str


def parse_article(raw: str) -> ArticleText:
    """Split off the optional leading date and take the title from the first line.

    The body is kept verbatim except for line endings and trailing spaces on each line, which
    the store's evidence check ignores anyway (it collapses whitespace) and which would force
    YAML to quote the whole text instead of writing it as a readable block.

    Raises:
        ValueError: the text is empty, or its date line is not a real date.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    date: dt.date | None = None
    match = _DATE_LINE.match(text)
    if match is not None:
        try:
            date = dt.date.fromisoformat(match.group(1))
        except ValueError as exc:
            raise ValueError(f"the date line gives {match.group(1)}, which is not a date") from exc
        text = text[match.end():]
    body = "\n".join(line.rstrip() for line in text.strip().split("\n"))
    if not body:
        raise ValueError("the article has no text")
    first = body.split("\n", 1)[0].strip()
    title = first if len(first) <= _TITLE_MAX else first[:_TITLE_MAX].rsplit(" ", 1)[0] + "…"
    return ArticleText(title=title, date=date, text=body + "\n")


def suggest_article_id(article: ArticleText) -> str:
    """A slug from the year and the title's first words, short enough for fact ids built on it."""
    folded = fold(article.title).encode("ascii", "ignore").decode()  # letters with no ASCII form dropped
    words = [w for w in _SLUG_DROP.split(folded) if w]
    slug = str(article.date.year) if article.date else ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_ARTICLE_ID:
            break
        slug = candidate
    return slug or "article"
