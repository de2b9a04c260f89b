"""Questions a fan might ask that a draft answers: its `asked_as`, written from the draft's own content.

A moderator approving a draft then also approves how it is asked, and the engine matches later
questions against those. The wording is the language file's (`draft_questions`, one list of
templates per kind of draft); this module only fills the slots: who speaks, what about, which
clubs, which leg, which year, the scoreline, the stadium, the record or day as written. A template
naming a slot the draft cannot fill is skipped; the first three to five distinct questions are kept.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

from bot.core.drafting.document import Document
from bot.core.drafting.draft import Draft
from bot.core.drafting.tie_match import upcoming_leg
from bot.core.drafting.wording import content_keywords
from bot.core.knowledge.language import Language
from bot.core.knowledge.models import Entity, LegName, Tie
from bot.core.text import normalize

__all__ = ["MAX_QUESTIONS", "MIN_QUESTIONS", "asked_as", "short_name"]

MIN_QUESTIONS = 3
MAX_QUESTIONS = 5
_MAX_CHARS = 300
"""The model's limit for one `asked_as` question."""
_FORMATTER = string.Formatter()


def short_name(entity: Entity) -> str:
    """How fans name a person: the surname when it is one of the aliases ("Klopp"), else the full name."""
    last = entity.name.split()[-1]
    return last if entity.kind == "person" and last in entity.aliases else entity.name


def asked_as(draft: Draft, doc: Document, tie: Tie | None, language: Language) -> list[str]:
    """Three to five distinct questions for the draft, in the order the language file lists them."""
    slots = _slots(draft, doc, tie, language)
    out: list[str] = []
    seen: set[str] = set()
    for template in language.draft_questions.get(draft.kind, ()):
        names = {name for _, name, _, _ in _FORMATTER.parse(template) if name}
        if any(not slots.get(name) for name in names):
            continue
        question = " ".join(template.format_map(slots).split())
        key = normalize(question)
        if key in seen or len(question) > _MAX_CHARS:
            continue
        seen.add(key)
        out.append(question)
        if len(out) == MAX_QUESTIONS:
            break
    return out


def _slots(draft: Draft, doc: Document, tie: Tie | None, language: Language) -> dict[str, str]:
    """The values a draft gives its questions' slots; a slot it cannot fill is left out."""
    entities = doc.entities
    named = [entities[e] for e in draft.entities if e in entities]
    teams = [e.id for e in named if e.kind == "team"]
    speaker = entities.get(draft.speaker) if draft.speaker else None
    team, opponent = _sides(teams, speaker, tie if draft.tie_bound else None)
    leg = draft.leg or (upcoming_leg(tie) if draft.kind in ("quote", "prediction") else None)
    year = draft.year or (tie.year if tie is not None and draft.tie_bound else None)
    venue = next((e.name for e in named if e.kind == "venue"), None)
    # The topic is the article's words, so its language's stopwords (the document's) are the ones to skip.
    words = [w for w in content_keywords(draft.quote or draft.evidence, 6, doc.stopwords or language.stopwords)
             if not any(w in normalize(e.name) for e in named)]
    slots = {
        "speaker": short_name(speaker) if speaker is not None else draft.speaker_name,
        "topic": words[0] if words else None,
        "topic2": words[1] if len(words) > 1 else None,
        "team": entities[team].name if team else None,
        "opponent": entities[opponent].name if opponent else None,
        "leg": _leg_words(leg, language.legs) if leg else None,
        "year": str(year) if year else None,
        "score": draft.score,
        "venue": venue,
        "record": draft.topic if draft.kind == "record" else None,
        "when": draft.topic if draft.kind == "date" else None,
    }
    return {name: value for name, value in slots.items() if value}


def _sides(teams: list[str], speaker: Entity | None, tie: Tie | None) -> tuple[str | None, str | None]:
    """The club the draft is about and the other one: the speaker's club first, then the clubs as named.

    For a draft of a tie, only the tie's two clubs (as named first): "in Madrid" in a preview of
    Liverpool v Atlético is no third club.
    """
    order = list(dict.fromkeys(teams))
    if tie is not None:
        order = [t for t in [*order, *tie.teams] if t in tie.teams]
        order = list(dict.fromkeys(order))
    own = speaker.team if speaker is not None else None
    if own is not None:
        others = [t for t in order if t != own]
        return own, others[0] if others else None
    return (order[0] if order else None), (order[1] if len(order) > 1 else None)


def _leg_words(leg: LegName, legs: Mapping[tuple[str, ...], LegName]) -> str | None:
    """The language's first phrase for a leg ("first leg"), as fans would write it."""
    return next((" ".join(words) for words, name in legs.items() if name == leg), None)
