"""Direct quotes and who said them.

A quote is a stretch between double quotation marks: curly, straight or « » guillemets. Its speaker comes
from an attribution next to it ("..., Klopp said." / "said Klopp" / "Klopp added: ..."), from a
sentence that frames a short quote ("Klopp believes Liverpool must produce a "perfect
performance""), or, for a quote that opens a paragraph with no attribution of its own, from
the quote just before it: newspapers continue one speaker's words across paragraphs, leaving
the closing mark off all but the last. A colon after a description of the speaker introduces
a quote too ("the coach was direct: ..."). "He said", "the manager said" and "the Italian
added" resolve to the person named last: a known person, the last speaker, or an unknown person
who is the subject of a sentence ("Former Arsenal defender Lee Harcourt expects ..."). Unknown
speakers are given the fullest form of their name the article writes ("Flick" -> "Hansi Flick").
Single quotation marks are left alone: they double as apostrophes and mostly mark scare quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.drafting.document import Document, Span
from bot.core.drafting.draft import Draft
from bot.core.drafting.wording import content_keywords, plain

__all__ = ["find_quotes"]

MAX_QUOTE = 1200
"""Longer quotes are cut at sentence ends: a fact's answer must stay under 1500 characters."""
MIN_WORDS = 3
"""A shorter quoted phrase is a quote only when a sentence frames it as someone's words."""

_OPENING = "“«"
_CLOSING = "”»"
_STRAIGHT = '"'
_REPORTING = (
    r"said|says|say|added|adds|told|tells|explained|explains|insisted|insists|admitted|admits|warned|warns|"
    r"claimed|claims|stated|states|continued|continues|revealed|reveals|declared|declares|noted|notes|"
    r"remarked|stressed|stresses|asked|asks|replied|commented|conceded|concedes|wrote|writes|urged|urges|"
    r"joked|acknowledged|acknowledges|suggested|suggests|predicted|predicts|reflected|recalled|vowed|vows|"
    r"went on|goes on|echoed|shrugged|smiled|laughed"
)
_FRAMING = _REPORTING + r"|believes|believed|thinks|thought|wants|wanted|hopes|hoped|called|calls|described|" \
    r"describes|demanded|demands|expects|expected|promised|promises|feels|felt"
_REPORTING_WORD = re.compile(rf"\b(?:{_REPORTING})\b", re.IGNORECASE)
_FRAMING_WORD = re.compile(rf"(?<!-)\b(?:{_FRAMING})\b", re.IGNORECASE)
"""Not after a hyphen: a "so-called" word is a scare quote, nobody's words."""
_ROLE_NOUNS = (r"manager|coach|boss|head coach|defender|striker|forward|midfielder|captain|skipper|goalkeeper|"
               r"keeper|winger|full-back|centre-back|player|veteran|youngster|tactician|trainer|chairman|"
               r"president|director|pundit|columnist|correspondent|international|mister")
_PRONOUN_OR_ROLE = re.compile(
    rf"(?i:\b(?:he|she)\b|\bthe\s+(?:[\w'’-]+\s+){{0,2}}?(?:{_ROLE_NOUNS})\b)"
    r"|\b[Tt]he\s+(?:[A-Z][a-z'’-]+\s+)?[A-Z][a-z'’-]+(?:an|ese|man|ard|ine|ot|at|ch)\b",
)
"""He, she, "the (German) coach", or a nationality ("the Italian", "the Northern Irishman")."""
_TITLES = frozenset({"Captain", "Mister", "Mr", "Coach", "Boss", "Former", "Skipper", "Manager", "Veteran"})
_SUBJECT_PREFIX = re.compile(
    rf"^(?:(?:[A-Z][\w'’-]*|(?i:{_ROLE_NOUNS}|former|ex|turned|assistant|club|team|veteran))\s+){{0,6}}?$")
"""Words that may come before a sentence's subject: "Former Arsenal defender (Lee Harcourt)", "Captain"."""
_GAP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
"""Space between the words of a name: a line break, never a paragraph break."""
_NAME = rf"[A-ZÀ-Ý][\w'’-]+(?:{_GAP}(?:(?:de|da|van|von|del|di)\b|[A-ZÀ-Ý][\w'’-]+))*"
_NAME_BEFORE_VERB = re.compile(rf"({_NAME})\s+(?:{_REPORTING})\b")
_NAME_AFTER_VERB = re.compile(rf"\b(?:{_REPORTING})\s+({_NAME})")
_NAME_RUN = re.compile(_NAME)
_SENTENCE_WORDS = frozenset({"The", "He", "She", "It", "They", "We", "I", "But", "And", "When", "After", "Before",
                             "There", "This", "That", "Asked", "In", "On", "At", "With", "For", "If", "As", "So"})
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
class _Speaker:
    entity: str | None
    name: str


def find_quotes(doc: Document) -> list[Draft]:
    """Every direct quote whose speaker can be told, in text order."""
    drafts: list[Draft] = []
    spans = _quoted_spans(doc)
    subjects = _subjects(doc, spans)
    previous: tuple[int, _Speaker, int] | None = None  # paragraph, speaker and offset of the last quote
    for quoted in spans:
        at_paragraph_start = quoted.open_at == doc.paragraphs[quoted.paragraph].start
        speaker, evidence, framed = _attribution(doc, quoted, previous, subjects)
        if speaker is None and previous is not None and _continues(doc, quoted, previous[0], at_paragraph_start):
            speaker = previous[1]
        if speaker is None:
            continue
        previous = (quoted.paragraph, speaker, quoted.start)
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


def _attribution(doc: Document, quoted: _Quoted, previous: tuple[int, _Speaker, int] | None,
                 subjects: list[tuple[int, _Speaker]]) -> tuple[_Speaker | None, str | None, bool]:
    """The speaker from the words around the quote, the evidence to cite, and whether the quote is framed."""
    para = doc.paragraphs[quoted.paragraph]
    if quoted.close_at is not None:
        tail_end = _clause_end(doc, quoted.close_at + 1, para.end)
        tail = doc.text[quoted.close_at + 1:tail_end]
        verb = _REPORTING_WORD.search(tail)
        if verb is not None and verb.start() <= _ATTRIBUTION_REACH and not re.search(r"[“«\"]", tail[:verb.start()]):
            speaker = _speaker(doc, quoted.close_at + 1, tail_end, verb.start() + quoted.close_at + 1, previous,
                               subjects)
            if speaker is not None:
                return speaker, doc.text[quoted.open_at:tail_end], False
    head_start = _clause_start(doc, quoted.open_at, para.start)
    head = doc.text[head_start:quoted.open_at]
    if head.strip():
        stripped = head.rstrip()
        pattern = _REPORTING_WORD if stripped.endswith((":", ",")) else _FRAMING_WORD
        verbs = list(pattern.finditer(head))
        verb_at = head_start + verbs[-1].start() if verbs else None
        if verb_at is None and stripped.endswith(":"):
            verb_at = head_start + len(stripped)  # "the coach was direct: ...": whoever the clause is about
        if verb_at is not None:
            speaker = _speaker(doc, head_start, quoted.open_at, verb_at, previous, subjects)
            if speaker is not None:
                framed = not stripped.endswith((":", ","))
                end = quoted.close_at + 1 if quoted.close_at is not None else quoted.end
                if framed:
                    end = doc.sentence_at(quoted.start).end
                return speaker, doc.text[head_start:end].rstrip(), framed
    return None, None, False


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


def _speaker(doc: Document, start: int, end: int, verb_at: int, previous: tuple[int, _Speaker, int] | None,
             subjects: list[tuple[int, _Speaker]]) -> _Speaker | None:
    """Who the attribution in [start, end) names: a known person, a new name, or "he"/"the manager"."""
    people = doc.mentions_in(start, end, "person")
    if people:
        nearest = min(people, key=lambda m: min(abs(m.end - verb_at), abs(m.start - verb_at)))
        return _Speaker(nearest.entity, doc.entities[nearest.entity].name)
    clause = doc.text[start:end]
    right_before = re.search(rf"({_NAME}){_GAP}$", doc.text[start:verb_at]) if start < verb_at <= end else None
    matches = [right_before] if right_before else []  # "Arne Slot wants ...": the verb found, any verb
    matches += [m for pattern in (_NAME_BEFORE_VERB, _NAME_AFTER_VERB) for m in pattern.finditer(clause)]
    for match in matches:
        name = _strip_titles(match.group(1))
        if (name and not _is_known_non_person(doc, start + match.end(1) - len(name), start + match.end(1))
                and not re.search(r"\b[Tt]he\s+$", clause[:match.start(1)])):  # "the Italian": a role
            return _Speaker(None, _full_name(doc, name))
    if _PRONOUN_OR_ROLE.search(clause):
        return _antecedent(doc, start, previous, subjects)
    return None


def _antecedent(doc: Document, offset: int, previous: tuple[int, _Speaker, int] | None,
                subjects: list[tuple[int, _Speaker]]) -> _Speaker | None:
    """The person "he" or "the coach" means: the latest named before the offset, known or not, or the last speaker."""
    candidates: list[tuple[int, _Speaker]] = [(at, who) for at, who in subjects if at < offset]
    if previous is not None:
        candidates.append((previous[2], previous[1]))
    return max(candidates, key=lambda c: c[0])[1] if candidates else None


def _subjects(doc: Document, spans: list[_Quoted]) -> list[tuple[int, _Speaker]]:
    """People named outside quotes, by offset, for "he" and "the coach" to point back to.

    Known people count wherever the narrative names them; unknown people when they open a
    sentence as its subject ("Former Arsenal defender Lee Harcourt expects ...").

    A one-word subject counts only when the article also writes it as the end of a longer name
    ("Rodgers was proud" after "Brendan Rodgers"): a capitalised first word is often no name.
    A name inside a quote ("I know Klopp") is not whom the next "he said" means.
    """
    out: list[tuple[int, _Speaker]] = [
        (m.start, _Speaker(m.entity, doc.entities[m.entity].name)) for m in doc.mentions
        if m.kind == "person" and not any(q.start <= m.start < q.end for q in spans)]
    for sentence in doc.sentences:
        text = doc.slice(sentence)
        for match in _NAME_RUN.finditer(text):
            prefix = text[:match.start()]
            if "," in prefix or not _SUBJECT_PREFIX.match(prefix):
                break
            name = _strip_titles(match.group(0))
            at = sentence.start + match.end() - len(name)
            follows = text[match.end():match.end() + 3]
            if (not name or _is_known_non_person(doc, at, sentence.start + match.end())
                    or re.match(r"['’]", follows) or doc.mentions_in(sentence.start, at, "person")):
                continue
            full = _full_name(doc, name)
            if len(name.split()) > 1 or full != name:
                out.append((at, _Speaker(None, full)))
                break
    return sorted(out, key=lambda c: c[0])


def _strip_titles(name: str) -> str:
    """A name without the titles in front of it ("Captain Di Lorenzo" -> "Di Lorenzo")."""
    words = name.split()
    while words and words[0] in _TITLES:
        words.pop(0)
    return " ".join(words)


def _full_name(doc: Document, name: str) -> str:
    """The fullest form of an unknown name the article writes: "Flick" -> "Hansi Flick"."""
    pattern = re.compile(rf"((?:[A-ZÀ-Ý][\w'’-]+{_GAP}){{1,2}}){re.escape(name)}(?![\w-])")
    for match in pattern.finditer(doc.text):
        words = match.group(1).split()
        while words and (words[0] in _TITLES or words[0] in _SENTENCE_WORDS):
            words.pop(0)
        if any(w in _TITLES for w in words):
            continue
        first = match.start(1) + match.group(1).find(words[0]) if words else match.start(1)
        if words and not doc.mentions_in(first, match.start(1) + len(match.group(1))):
            return " ".join([*words, name])
    return name


def _is_known_non_person(doc: Document, start: int, end: int) -> bool:
    """A capitalised word that is a team or venue ("Liverpool said") or a sentence's first word is no speaker."""
    if start >= end or doc.mentions_in(start, end):
        return True
    return doc.text[start:end].split()[0] in _SENTENCE_WORDS


def _continues(doc: Document, quoted: _Quoted, previous_paragraph: int, at_paragraph_start: bool) -> bool:
    """An unattributed quote carries on the previous speaker's words in the same or the next paragraph."""
    if quoted.paragraph == previous_paragraph:
        return True
    return at_paragraph_start and quoted.paragraph == previous_paragraph + 1


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


def _draft(doc: Document, start: int, end: int, speaker: _Speaker, evidence: str | None, framed: bool) -> Draft:
    quote = doc.text[start:end]
    cited = evidence if evidence is not None and len(evidence) <= 1400 else quote
    entities = doc.entity_ids_in(start, end)
    if evidence is not None:
        entities = doc.entity_ids_in(doc.text.find(cited), doc.text.find(cited) + len(cited)) + entities
    if speaker.entity is not None:
        entities = [speaker.entity, *entities]
    answer = plain(cited) if framed else f"{speaker.name} said: “{plain(quote)}”"
    surname = speaker.name.split()[-1].lower()
    return Draft(
        kind="quote",
        intent="quote" if speaker.entity is not None else "context",
        start=start,
        evidence=cited,
        answer=answer,
        entities=list(dict.fromkeys(entities)),
        keywords=list(dict.fromkeys(["said", "quote", surname, *content_keywords(quote, 4)])),
        quote=quote,
        speaker=speaker.entity,
        speaker_name=None if speaker.entity is not None else speaker.name,
    )
