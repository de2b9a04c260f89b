"""Rendering an `Answer` as plain text for the terminal; Discord has its own embed renderer."""

from __future__ import annotations

from bot.core.answer import Answer, Source

__all__ = ["format_source", "render_text"]


def format_source(source: Source) -> str:
    """One line naming the article and its date, or saying the date is not stated."""
    date = source.date or "date not stated"
    return f"{source.title} ({date})"


def render_text(answer: Answer) -> str:
    """The answer, its sources and any suggestions, as a person reads them in a terminal."""
    lines = [answer.text]
    if answer.sources:
        lines.append("")
        lines.extend(f"Source: {format_source(s)}" for s in answer.sources)
    if answer.suggestions:
        lines.append("")
        lines.append("Did you mean:")
        lines.extend(f"  - {s}" for s in answer.suggestions)
    return "\n".join(lines)
