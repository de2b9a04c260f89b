"""Direct quotes and who said them.

A quote is a stretch between double quotation marks: curly, straight or « » guillemets. Its speaker comes
from an attribution next to it ("..., Klopp said." / "said Klopp" / "Klopp added: ..."), from a
sentence that frames a short quote ("Klopp believes Liverpool must produce a "perfect
performance""), from a lead-in sentence whose subject hands over to it ("Pepe was asked about
the referee." then the answer, in the same paragraph or the one before), or, for a quote that
opens a paragraph with no attribution of its own, from the quote just before it: newspapers
continue one speaker's words across paragraphs, leaving the closing mark off all but the last.
A colon after a description of the speaker introduces a quote too ("the coach was direct: ...").
Who an attribution names, and whom "he" or "the Portuguese coach" means, is `speakers.py`'s
business. A quote a club or an outlet said ("Porto said in a statement") is nobody's.
Single quotation marks are left alone: they double as apostrophes and mostly mark scare quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.drafting.document import Document, Span
from bot.core.drafting.draft import Draft
from bot.core.drafting.speakers import REPORTING, Speaker, Speakers
from bot.core.drafting.wording import content_keywords, plain

__all__ = ["find_quotes"]

MAX_QUOTE = 1200
"""Longer quotes are cut at sentence ends: a fact's answer must stay under 1500 characters."""
MAX_EVIDENCE = 1400
"""A fact's evidence stays under the model's 1500 characters."""
MIN_WORDS = 3
"""A shorter quoted phrase is a quote only when a sentence frames it as someone's words."""

_OPENING = "“«"
_CLOSING = "”»"
_STRAIGHT = '"'
_FRAMING = REPORTING + r"|believes|believed|thinks|thought|wants|wanted|hopes|hoped|called|calls|described|" \
    r"describes|demanded|demands|expects|expected|promised|promises|feels|felt"
_REPORTING_WORD = re.compile(rf"\b(?:{REPORTING})\b", re.IGNORECASE)
_FRAMING_WORD = re.compile(rf"(?<!-)\b(?:{_FRAMING})\b", re.IGNORECASE)
"""Not after a hyphen: a "so-called" word is a scare quote, nobody's words."""
NOBODY = Speaker(None, "")
"""The speaker of a quote a club, a team or an outlet said: never drafted, and never carried on."""
_ATTRIBUTION_REACH = 90
"""How far past a closing mark an attribution may run ("," Liverpool defender Trent Alexander-Arnold said.)."""


@dataclass(frozen=True)
class _Quoted:
    """Text between quotation marks: content offsets, and whether its paragraph closed it."""

    open_at: int
    start: int
    end: int
    close_at: int | None
    paragraph: int


@dataclass(frozen=True)
class _Previous:
    """The last quote drafted: its paragraph, speaker and offset."""

    paragraph: int
    speaker: Speaker
    at: int


def find_quotes(doc: Document) -> list[Draft]:
    """Every direct quote whose speaker can be told, in text order."""
    drafts: list[Draft] = []
    spans = _quoted_spans(doc)
    people = Speakers(doc, [(q.start, q.end) for q in spans])
    previous: _Previous | None = None
    for quoted in spans:
        at_paragraph_start = quoted.open_at == doc.paragraphs[quoted.paragraph].start
        speaker, evidence, framed = _attribution(doc, quoted, previous, people)
        if speaker is None:
            continues = previous is not None and _continues(quoted, previous.paragraph, at_paragraph_start)
            speaker = _lead_in(doc, quoted, previous, people, continues)
            if speaker is None and continues and previous is not None:
                speaker = previous.speaker
        if speaker is None or speaker == NOBODY:
            continue
        previous = _Previous(quoted.paragraph, speaker, quoted.start)
        words = len(doc.text[quoted.start:quoted.end].split())
        if words < MIN_WORDS and not framed:
            continue
        for start, end in _pieces(doc, quoted.start, quoted.end):
            drafts.append(_draft(doc, start, end, speaker, evidence if (start, end) == (quoted.start, quoted.end)
                                 else None, framed))
    return drafts


def _quoted_spans(doc: Document) -> list[_Quoted]:
    """Double-quoted stretches per paragraph; one left open runs to the paragraph's end."""
    out: list[_Quoted] = []
    for para in doc.paragraphs:
        open_at: int | None = None
        for i in range(para.start, para.end):
            char = doc.text[i]
            if open_at is None and (char in _OPENING or (char == _STRAIGHT and _opens(doc.text, i, para.start))):
                open_at = i
            elif open_at is not None and (char in _CLOSING or char == _STRAIGHT):
                out.extend(_trimmed(doc, open_at, i, i, para))
                open_at = None
        if open_at is not None:
            out.extend(_trimmed(doc, open_at, para.end, None, para))
    return out


def _opens(text: str, i: int, floor: int) -> bool:
    """A straight mark opens when it starts the paragraph or follows a space, bracket or dash."""
    return i == floor or text[i - 1].isspace() or text[i - 1] in "([{—–-:"


def _trimmed(doc: Document, open_at: int, end: int, close_at: int | None, para: Span) -> list[_Quoted]:
    """The quote's content without surrounding spaces or the comma that hands over to "X said"."""
    start = open_at + 1
    while start < end and doc.text[start].isspace():
        start += 1
    while end > start and (doc.text[end - 1].isspace() or doc.text[end - 1] == ","):
        end -= 1
    return [_Quoted(open_at, start, end, close_at, para.paragraph)] if end > start else []


def _attribution(doc: Document, quoted: _Quoted, previous: _Previous | None,
                 people: Speakers) -> tuple[Speaker | None, str | None, bool]:
    """The speaker from the words around the quote, the evidence to cite, and whether the quote is framed."""
    para = doc.paragraphs[quoted.paragraph]
    last, last_at = (previous.speaker, previous.at) if previous is not None else (None, None)
    if quoted.close_at is not None:
        tail_end = _clause_end(doc, quoted.close_at + 1, para.end)
        tail = doc.text[quoted.close_at + 1:tail_end]
        verb = _REPORTING_WORD.search(tail)
        if verb is not None and verb.start() <= _ATTRIBUTION_REACH and not re.search(r"[“«\"]", tail[:verb.start()]):
            offset = quoted.close_at + 1
            speaker = people.in_attribution(offset, tail_end, (offset + verb.start(), offset + verb.end()),
                                            last, last_at)
            if speaker is not None:
                return speaker, doc.text[quoted.open_at:tail_end], False
            if people.organisation_speaks(offset, offset + verb.start()):
                return NOBODY, None, False
    head_start = _clause_start(doc, quoted.open_at, para.start)
    head = doc.text[head_start:quoted.open_at]
    if head.strip():
        stripped = head.rstrip()
        pattern = _REPORTING_WORD if stripped.endswith((":", ",")) else _FRAMING_WORD
        verbs = list(pattern.finditer(head))
        span = (head_start + verbs[-1].start(), head_start + verbs[-1].end()) if verbs else None
        if span is not None or stripped.endswith(":"):  # "the coach was direct: ...": the clause's subject
            speaker = people.in_attribution(head_start, quoted.open_at, span, last, last_at)
            if speaker is not None:
                framed = not stripped.endswith((":", ","))
                end = quoted.close_at + 1 if quoted.close_at is not None else quoted.end
                if framed:
                    end = doc.sentence_at(quoted.start).end
                return speaker, doc.text[head_start:end].rstrip(), framed
    return None, None, False


def _lead_in(doc: Document, quoted: _Quoted, previous: _Previous | None, people: Speakers,
             continues: bool) -> Speaker | None:
    """For a quote with no attribution of its own: the subject of the narrative leading into it.

    The sentences before it in its paragraph, or for a quote opening its paragraph, a previous
    paragraph with no quotation marks ("Pepe was asked about the referee." then the answer).
    """
    para = doc.paragraphs[quoted.paragraph]
    if quoted.open_at > para.start:
        closes = [para.start + m.end() for m in re.finditer(r"[”»\"]", doc.text[para.start:quoted.open_at])]
        floor = max([para.start, *closes])
        sentences = [(s.start, min(s.end, quoted.open_at)) for s in doc.sentences
                     if s.paragraph == para.paragraph and floor <= s.start < quoted.open_at]
        if sentences and doc.text[sentences[-1][0]:quoted.open_at].strip() and sentences[-1][1] >= quoted.open_at:
            return None  # quoted inside a narrative sentence: words it mentions, not a lead-in's speech
    elif quoted.paragraph > 0:
        lead = doc.paragraphs[quoted.paragraph - 1]
        if re.search(r"[“”«»\"]", doc.slice(lead)):
            return None
        sentences = [(s.start, s.end) for s in doc.sentences if s.paragraph == lead.paragraph]
    else:
        return None
    last, last_at = (previous.speaker, previous.at) if previous is not None else (None, None)
    return people.lead_in(sentences, continues, last, last_at)


def _clause_end(doc: Document, start: int, floor: int) -> int:
    """Where the attribution after a closing mark ends: the sentence's end or the next quote."""
    stop = re.compile(r"[.!?;](?=\s|$)|[“«\"]")
    match = stop.search(doc.text, start, floor)
    if match is None:
        return floor
    return match.end() if doc.text[match.start()] in ".!?" else match.start()


def _clause_start(doc: Document, open_at: int, floor: int) -> int:
    """Where the words leading into a quote begin: after the previous sentence or closing mark."""
    best = floor
    for match in re.finditer(r"[.!?][”»\"]?\s+|[”»\"]\s*", doc.text[floor:open_at]):
        best = floor + match.end()
    return best


def _continues(quoted: _Quoted, previous_paragraph: int, at_paragraph_start: bool) -> bool:
    """An unattributed quote carries on the previous speaker's words in the same or the next paragraph."""
    if quoted.paragraph == previous_paragraph:
        return True
    return at_paragraph_start and quoted.paragraph == previous_paragraph + 1


def _naming_speaker(doc: Document, start: int, end: int, speaker: Speaker) -> int | None:
    """Where evidence that says who spoke starts, for a quote whose speaker was told from earlier words.

    "Klopp added: ..." then a paragraph carrying on, or "He went on: ...": the evidence runs from the
    sentence last naming the speaker through the quote, so an answer saying "Jürgen Klopp said" is
    grounded (`curation.grounding`). None when the evidence names the speaker already, the speaker
    is no known person, or the span would be too long (the moderator then picks the evidence).
    """
    if speaker.entity is None or any(m.entity == speaker.entity for m in doc.mentions_in(start, end)):
        return None
    named = [m for m in doc.mentions if m.entity == speaker.entity and m.end <= start]
    if not named:
        return None
    for begin in (doc.sentence_at(named[-1].start).start, named[-1].start):
        if end - begin <= MAX_EVIDENCE:
            return begin
    return None


def _pieces(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    """The quote, or for a very long one, runs of whole sentences each at most MAX_QUOTE long."""
    cuts = [start + m.end() for m in re.finditer(r"[.!?][”»\"]?(?=\s)", doc.text[start:end])] + [end]
    pieces: list[tuple[int, int]] = []
    piece_start, last_cut = start, start
    for cut in cuts:
        if cut - piece_start > MAX_QUOTE and last_cut > piece_start:
            pieces.append((piece_start, last_cut))
            piece_start = last_cut
            while piece_start < end and doc.text[piece_start].isspace():
                piece_start += 1
        last_cut = cut
    pieces.append((piece_start, end))
    out = []
    for piece_start, piece_end in pieces:  # a single sentence over the limit: cut at a space
        while piece_end - piece_start > MAX_QUOTE:
            cut = doc.text.rfind(" ", piece_start, piece_start + MAX_QUOTE)
            cut = cut if cut > piece_start else piece_start + MAX_QUOTE
            out.append((piece_start, cut))
            piece_start = cut + 1
        out.append((piece_start, piece_end))
    return out


def _draft(doc: Document, start: int, end: int, speaker: Speaker, evidence: str | None, framed: bool) -> Draft:
    quote = doc.text[start:end]
    cited_at, cited_end = start, end
    if evidence is not None and len(evidence) <= MAX_EVIDENCE:
        cited_at = doc.text.find(evidence)
        cited_end = cited_at + len(evidence)
    answer = plain(doc.text[cited_at:cited_end]) if framed else f"{speaker.name} said: “{plain(quote)}”"
    naming = _naming_speaker(doc, cited_at, cited_end, speaker)
    if naming is not None:
        cited_at = naming
    cited = doc.text[cited_at:cited_end]
    entities = doc.entity_ids_in(start, end)
    if (cited_at, cited_end) != (start, end):
        entities = doc.entity_ids_in(cited_at, cited_end) + entities
    if speaker.entity is not None:
        entities = [speaker.entity, *entities]
    surname = speaker.name.split()[-1].lower()
    return Draft(
        kind="quote",
        intent="quote" if speaker.entity is not None else "context",
        start=start,
        evidence=cited,
        answer=answer,
        entities=list(dict.fromkeys(entities)),
        keywords=list(dict.fromkeys(["said", "quote", surname, *content_keywords(quote, 4, doc.stopwords)])),
        quote=quote,
        speaker=speaker.entity,
        speaker_name=None if speaker.entity is not None else speaker.name,
    )
