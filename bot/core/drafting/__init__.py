"""Drafting facts from a new article for moderators to review: quotes, scores, records, dates, venues.

Each draft also gets three to five questions a fan might ask that it answers (`asked_as`,
worded by the language file's `draft_questions`), so approving it teaches the bot how it is asked,
and for each language besides the default an unreviewed answer as far as the drafter can write
it, with that language's questions (`translating`): a curator completes and confirms it on approval.

Pure text analysis against the known entities and ties; nothing here writes files (the curator
does, after validating the drafts with the real loader). Every evidence span and quote is a
verbatim slice of the article text. Drafts are suggestions: the engine never serves them until
a moderator approves each one.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from bot.core.drafting.document import Document
from bot.core.drafting.draft import Draft
from bot.core.drafting.occasions import find_dates, find_venues
from bot.core.drafting.questions import asked_as
from bot.core.drafting.quotes import find_quotes
from bot.core.drafting.records import find_records
from bot.core.drafting.scores import find_scores
from bot.core.drafting.tie_match import resolve_tie
from bot.core.drafting.translating import drafted_translations
from bot.core.knowledge.models import Tie
from bot.core.knowledge.store import Knowledge

__all__ = ["Document", "Draft", "draft_facts", "find_drafts", "resolve_tie"]

_HEADING = re.compile(r"^(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,3}) \([^)]{3,60}\)$")


def find_drafts(doc: Document, date: dt.date | None, tie: Tie | None) -> list[Draft]:
    """Every draft the extractors find, in text order."""
    year = date.year if date else None
    drafts = [
        *find_quotes(doc),
        *find_scores(doc, tie, date, _predictors(doc)),
        *find_records(doc, tie, year),
        *find_dates(doc, tie, date),
        *find_venues(doc, tie),
    ]
    return sorted(drafts, key=lambda d: d.start)


def draft_facts(doc: Document, article_id: str, date: dt.date | None, tie: Tie | None,
                knowledge: Knowledge) -> list[dict[str, Any]]:
    """The drafts as fact mappings (status: draft), with ids `<article-id>-<kind>-<n>` unused so far."""
    taken = set(knowledge.facts) | set(knowledge.drafts)
    counts: dict[str, int] = {}
    facts = []
    for draft in find_drafts(doc, date, tie):
        counts[draft.kind] = counts.get(draft.kind, 0) + 1
        fact_id = f"{article_id}-{draft.kind}-{counts[draft.kind]}"
        while fact_id in taken:
            counts[draft.kind] += 1
            fact_id = f"{article_id}-{draft.kind}-{counts[draft.kind]}"
        taken.add(fact_id)
        fact = _fact(draft, fact_id, article_id, tie, asked_as(draft, doc, tie, knowledge.language))
        translations = drafted_translations(draft, doc, tie, knowledge)
        if translations:
            fact = {**{k: v for k, v in fact.items() if k != "status"}, "translations": translations, "status": "draft"}
        facts.append(fact)
    return facts


def _fact(draft: Draft, fact_id: str, article_id: str, tie: Tie | None, questions: list[str]) -> dict[str, Any]:
    fact: dict[str, Any] = {
        "id": fact_id,
        "tie": tie.id if tie is not None and draft.tie_bound else None,
        "intent": draft.intent,
        "entities": draft.entities,
        "answer": draft.answer,
    }
    if draft.quote is not None:
        fact["quote"] = draft.quote
    if draft.speaker is not None:
        fact["speaker"] = draft.speaker
    if draft.leg is not None:
        fact["leg"] = draft.leg
    if draft.year is not None:
        fact["year"] = draft.year
    fact["keywords"] = [k for k in draft.keywords if k.strip()]
    if questions:
        fact["asked_as"] = questions
    fact["source"] = {"article": article_id, "evidence": draft.evidence}
    fact["status"] = "draft"
    return fact


def _predictors(doc: Document) -> dict[int, tuple[str, int]]:
    """Paragraphs under a pundit's heading ("David Lynch (Liverpool correspondent)"), by number.

    Each maps to the pundit's name and where the heading starts (a prediction's evidence runs from there).
    """
    out: dict[int, tuple[str, int]] = {}
    current: tuple[str, int] | None = None
    for para in doc.paragraphs:
        match = _HEADING.match(doc.slice(para))
        if match is not None:
            people = doc.mentions_in(para.start, para.end, "person")
            current = (doc.entities[people[0].entity].name if people else match.group("name"), para.start)
            continue
        if current is not None:
            out[para.paragraph] = current
    return out
