"""Counts of titles and records, one draft per sentence that states any.

"14th European title", "13-time winners", "six of its last seven", "no away team has ever ...",
"only three other teams ...", "a three-match winless run".
"""

from __future__ import annotations

import re

from bot.core.drafting.document import QUOTE_MARKS, Document
from bot.core.drafting.draft import Draft
from bot.core.drafting.wording import content_keywords, plain
from bot.core.knowledge.models import Tie

__all__ = ["find_records"]

_NUMBER = (r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
           r"fifteen|twenty)")
_ORDINAL = (r"(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
            r"eleventh|twelfth|thirteenth|fourteenth|fifteenth)")
_RECORDS = re.compile(
    "|".join([
        r"\b\d+(?:st|nd|rd|th)\b(?:[\s-]+[\w-]+){0,2}?[\s-]+(?:titles?|trophy|trophies|crowns?|cups?|finals?)\b",
        rf"\bfor an? {_ORDINAL} time\b",
        rf"\b{_NUMBER}-times?\b",
        rf"\b{_NUMBER} of (?:its|their|his|her|the) last {_NUMBER}\b",
        r"\bno (?:\w+ ){0,3}(?:has|have|had) ever\b",
        r"\b(?:has|have|had) never (?:\w+ )?(?:won|lost|beaten|been beaten|scored|failed)\b",
        rf"\bonly (?:{_NUMBER} )?(?:other )?(?:times?|teams?|clubs?|sides?)\b",
        r"\bthe only (?:time|one|team|club|side)\b",
        r"\brecord(?:-\w+)?\b",
        rf"\b{_NUMBER}[- ](?:match|game)(?: \w+)? (?:winless|unbeaten|winning|losing) (?:run|streak)\b",
        rf"\b(?:unbeaten|undefeated|winless) in (?:their |its )?(?:last )?{_NUMBER}\b",
    ]),
    re.IGNORECASE,
)


def find_records(doc: Document, tie: Tie | None, article_year: int | None) -> list[Draft]:
    """Sentences stating a count or a record (outside quotes), each with its evidence as the answer."""
    current = {y for y in (tie.year if tie else None, article_year) if y is not None}
    drafts = []
    for sentence in doc.sentences:
        text = doc.slice(sentence)
        match = _RECORDS.search(text)
        if match is None or QUOTE_MARKS.search(text):
            continue
        years = [y for y in doc.years_in(sentence.start, sentence.end) if y not in current]
        year = years[0] if years else None
        drafts.append(Draft(
            kind="record", intent="record", start=sentence.start, evidence=text, answer=plain(text),
            entities=doc.entity_ids_in(sentence.start, sentence.end),
            keywords=list(dict.fromkeys(["record", "how many", match.group(0).lower(),
                                         *content_keywords(text, 3, doc.stopwords)])),
            year=year, tie_bound=year is None,
            topic=_worded(doc, sentence.start + match.start(), sentence.start + match.end(), sentence.end),
        ))
    return drafts


_CLAUSE_BREAK = re.compile(r"[,;:()—–]|\s-\s")
_AROUND = 4
"""Words of the record's clause kept on either side of its matched words."""


def _worded(doc: Document, start: int, end: int, sentence_end: int) -> str:
    """The record as the article words it, for questions: its words with a few around them in its clause.

    "no away team has ever" becomes "no away team has ever erased a three-goal loss"; a common word
    opening it loses its capital ("The only time Madrid ..." is "the only time Madrid ...").
    """
    sentence = doc.sentence_at(start)
    breaks = list(_CLAUSE_BREAK.finditer(doc.text, sentence.start, start))
    floor = breaks[-1].end() if breaks else sentence.start
    stop = _CLAUSE_BREAK.search(doc.text, end, sentence_end)
    ceiling = stop.start() if stop else sentence_end
    before = [m.start() for m in re.finditer(r"\S+", doc.text[floor:start])][-_AROUND:]
    after = [m.end() for m in re.finditer(r"\S+", doc.text[end:ceiling])][:_AROUND]
    begin = floor + before[0] if before else start
    finish = end + after[-1] if after else end
    words = " ".join(doc.text[begin:finish].split()).strip(" .!?")
    named = any(m.start == begin for m in doc.mentions)
    return words if named or not words else words[0].lower() + words[1:]
