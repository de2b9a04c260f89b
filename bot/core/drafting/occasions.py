"""When and where: sentences that date the game and sentences that place it at a known venue.

Dates are weekdays, "tonight" and written dates ("11 March"); venues are known venue names
after "at"/"in"/"to" or before "crowd" ("a raucous Wanda Metropolitano crowd").

A weekday or "tonight" is turned into a calendar date from the article's date when it has one;
a venue that ties.yaml gives for one of the tie's legs sets that leg.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.core.drafting.document import QUOTE_MARKS, Document, Span
from bot.core.drafting.draft import Draft
from bot.core.drafting.scores import SCORE
from bot.core.drafting.tie_match import upcoming_leg
from bot.core.drafting.wording import long_date, plain
from bot.core.knowledge.models import LegName, Tie

__all__ = ["find_dates", "find_venues"]

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_DATE = re.compile(
    rf"\b(?:on |this |next )?(?P<weekday>{'|'.join(_WEEKDAYS)})\b(?! (?:morning|afternoon) (?:training|press))"
    rf"|\b(?P<tonight>tonight|this evening)\b"
    rf"|\b(?P<dm>\d{{1,2}}(?:st|nd|rd|th)? {_MONTHS}(?: \d{{4}})?)\b"
    rf"|\b(?P<md>{_MONTHS} \d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?)\b",
    re.IGNORECASE,
)
_GAME = re.compile(r"\b(?:leg|game|match|tie|clash|fixture|kick-?off|final|semi-?finals?|quarter-?finals?|"
                   r"round of|last[ -]16|win|host|face|meet|play)\w*", re.IGNORECASE)
_AT_VENUE = re.compile(r"(?:\b(?:at|in|to|from|inside|outside)\s+(?:the\s+)?(?:\w+\s+){0,2})$", re.IGNORECASE)
_VENUE_AFTER = re.compile(r"^\s*(?:stadium\s+)?(?:crowd|faithful|atmosphere|pitch|stands)\b", re.IGNORECASE)


def find_dates(doc: Document, tie: Tie | None, article_date: dt.date | None) -> list[Draft]:
    """Sentences that say when a game of the tie is played (not quotes, not other results)."""
    drafts = []
    for sentence in doc.sentences:
        text = doc.slice(sentence)
        match = _DATE.search(text)
        if match is None or QUOTE_MARKS.search(text) or not _about_the_game(doc, sentence, tie):
            continue
        score = SCORE.search(text)
        if score is not None and score.start() < match.start():
            continue  # "a 3-1 victory over Espanyol ... on Saturday": the date of another result
        when = _resolve(match, article_date)
        answer = plain(text)
        if when is not None:
            answer += f" ({match.group(0).strip()}: {long_date(when)}, by the article's date)"
        leg = upcoming_leg(tie) if when is None or article_date is None or when >= article_date else None
        drafts.append(Draft(
            kind="date", intent="date", start=sentence.start, evidence=text, answer=answer,
            entities=doc.entity_ids_in(sentence.start, sentence.end),
            keywords=["when", "date", "day", "kick off", match.group(0).strip().lower()],
            leg=leg, topic=match.group(0).strip(),
        ))
    return drafts


def find_venues(doc: Document, tie: Tie | None) -> list[Draft]:
    """Sentences placing a game at a known venue; one per venue and paragraph."""
    drafts = []
    seen: set[tuple[str, int]] = set()
    for mention in (m for m in doc.mentions if m.kind == "venue"):
        sentence = doc.sentence_at(mention.start)
        text = doc.slice(sentence)
        before = doc.text[sentence.start:mention.start]
        after = doc.text[mention.end:sentence.end]
        if not (_AT_VENUE.search(before) or _VENUE_AFTER.match(after)) or QUOTE_MARKS.search(text):
            continue
        score = SCORE.search(text)
        if score is not None and sentence.start + score.start() < mention.start:
            continue  # a result's ground ("3-1 victory over Espanyol at the Bernabéu"): the score draft covers it
        leg = _leg_at(tie, mention.entity)
        if (mention.entity, sentence.paragraph) in seen:
            continue
        seen.add((mention.entity, sentence.paragraph))
        venue = doc.entities[mention.entity].name
        answer = plain(text)
        if tie is not None and leg is not None:
            answer = f"The {leg} leg of {tie.name} ({tie.year}) is played at {venue}. {answer}"
        entities = [mention.entity, *doc.entity_ids_in(sentence.start, sentence.end)]
        drafts.append(Draft(
            kind="venue", intent="venue", start=mention.start, evidence=text, answer=answer,
            entities=list(dict.fromkeys(entities)),
            keywords=["where", "venue", "stadium", "ground", venue.lower()], leg=leg,
        ))
    return drafts


def _about_the_game(doc: Document, sentence: Span, tie: Tie | None) -> bool:
    """The sentence mentions a game word, or one of the tie's teams or venues."""
    if _GAME.search(doc.slice(sentence)):
        return True
    if tie is None:
        return False
    named = set(doc.entity_ids_in(sentence.start, sentence.end))
    places = {tie.first_leg.venue, tie.second_leg.venue}
    return bool(named & (set(tie.teams) | places))


def _resolve(match: re.Match[str], article_date: dt.date | None) -> dt.date | None:
    """The calendar date a weekday or "tonight" points to, counted from the article's date."""
    if article_date is None:
        return None
    if match.group("tonight"):
        return article_date
    weekday = match.group("weekday")
    if weekday:
        ahead = (_WEEKDAYS.index(weekday.lower()) - article_date.weekday()) % 7
        return article_date + dt.timedelta(days=ahead)
    return None


def _leg_at(tie: Tie | None, venue: str) -> LegName | None:
    """The leg of the tie that ties.yaml places at this venue."""
    if tie is None:
        return None
    if tie.first_leg.venue == venue:
        return "first"
    if tie.second_leg.venue == venue:
        return "second"
    return None
