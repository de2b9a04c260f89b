"""Which tie cards go with an answer: an overview of a tie gets its card, an overview of several ties one each."""

from __future__ import annotations

from bot.core.answering.answer import Answer
from bot.core.knowledge.store import Knowledge

__all__ = ["CARD_REASONS", "MAX_CARDS", "card_filename", "card_ties"]

CARD_REASONS = frozenset({"overview", "overview-per-tie"})
"""The answers that come with cards: the overviews, which tell a tie the way its card shows it."""
MAX_CARDS = 4
"""At most this many cards with one answer (the first ties it names): a reply, not a gallery."""


def card_ties(knowledge: Knowledge, answer: Answer) -> tuple[str, ...]:
    """The ties whose cards go with `answer`, in the order it tells them; none for any other answer.

    An overview of one tie names it (`answer.tie`). An overview of several names none, but cites
    each tie's article in the order it tells the ties, so the ties are read from its sources.
    """
    if not answer.answered or answer.reason not in CARD_REASONS:
        return ()
    if answer.tie is not None:
        return (answer.tie,) if answer.tie in knowledge.ties else ()
    by_article: dict[str, list[str]] = {}
    for tie in knowledge.ties.values():
        if tie.article is not None:
            by_article.setdefault(tie.article, []).append(tie.id)
    ties: list[str] = []
    for source in answer.sources:
        for tie_id in by_article.get(source.article, []):
            if tie_id not in ties:
                ties.append(tie_id)
    return tuple(ties[:MAX_CARDS])


def card_filename(tie_id: str) -> str:
    """The card's file name: a tie id (letters, digits, dashes) is safe in a Discord `attachment://` URL."""
    return f"{tie_id}.png"
