"""An article's text cut into paragraphs and sentences, with every known name located in it.

All positions are character offsets into the verbatim text, so whatever a drafter picks out
(a quote, a sentence as evidence) is a slice of the text and passes the store's verbatim check.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from bot.core.knowledge.models import Entity, Tie
from bot.core.text import YEAR, fold

__all__ = ["QUOTE_MARKS", "Document", "Mention", "NameTable", "Span", "fold_aligned"]

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?…]+[\"”»’')\]]*(?=\s+[\"“«‘'(\[]?[A-Z0-9ÀÉÍÓÚÄÖÜ])")
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "vs", "v", "jr", "sr", "no", "nos", "fc", "etc", "mt"})
_APOSTROPHES = dict.fromkeys(map(ord, "‘’‛`´"), "'") | dict.fromkeys(map(ord, "“”„‟«»"), '"')
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")
QUOTE_MARKS = re.compile(r"[“”«»\"]")
"""Double quotation marks of any style: a sentence holding one is someone's words, not narrative."""


def fold_aligned(text: str) -> str:
    """`bot.core.text.fold` one character for one, typographic quotes and dashes made plain, so offsets line up.

    A character that does not fold to exactly one ("ß" to "ss", "ﬁ" to "fi") is kept as it is.
    """
    out = []
    for char in text.translate(_APOSTROPHES).translate(_DASHES):
        folded = fold(char)
        out.append(folded if len(folded) == 1 else char)
    return "".join(out)


_FIRST_WORD = re.compile(r"\w+")
_WORDS = re.compile(r"\w+")
_MEANINGS_KEPT = 65_536


@lru_cache(maxsize=1 << 18)
def _folded_name(name: str) -> str:
    """A known name folded for matching, once per name rather than once per text searched.

    Room for every name of a large store: a text is searched for every name in turn, so a cache
    smaller than the names evicts each one just before it is asked for again (4,096 did, at
    10,000 facts' 6,000 names: three million folds for one curator change).
    """
    return fold_aligned(name).strip()


class NameTable:
    """Every entity's names folded once, for the many documents read with the same entities.

    `Document.mentions` looks names up in a text, and `Document.may_mean` every name of a kind that
    holds the words read: both grew with the store (thousands of names for each text or mention).
    A name can only match where the text has its first word, as a whole word (the match starts a
    word and the name's first word ends where a non-word character, or the name, does), so each
    name is filed under its first word and only the names filed under the words of the text (of
    the mention) are tried, in the order they would have been.
    """

    __slots__ = ("_by_word", "_holding", "_meanings", "_unfiled", "entries", "kinds")

    def __init__(self, entities: Mapping[str, Entity]) -> None:
        self.entries: list[tuple[str, str, Entity]] = [
            (_folded_name(name), name, entity) for entity in entities.values()
            for name in {entity.name, *entity.aliases}]
        """(folded name, name, entity), in the order `Document.mentions` looks them up."""
        self._by_word: dict[str, list[int]] = {}
        self._unfiled: list[int] = []
        for n, (key, _, _) in enumerate(self.entries):
            first = _FIRST_WORD.match(key)
            if first is None:
                self._unfiled.append(n)
            else:
                self._by_word.setdefault(first.group(), []).append(n)
        self.kinds: dict[str, list[tuple[str, str]]] = {}
        """Per kind, (entity id, folded name) for each entity's name and aliases."""
        self._holding: dict[tuple[str, str], list[int]] = {}
        """(kind, word): where in `kinds[kind]` the names holding that word are."""
        for entity in entities.values():
            names = self.kinds.setdefault(entity.kind, [])
            for name in (entity.name, *entity.aliases):
                folded = _folded_name(name)
                for word in set(_WORDS.findall(folded)):
                    self._holding.setdefault((entity.kind, word), []).append(len(names))
                names.append((entity.id, folded))
        self._meanings: dict[tuple[str, str], frozenset[str]] = {}

    def candidates(self, folded: str) -> list[tuple[str, str, Entity]]:
        """The entries whose names may occur in a folded text, in `entries` order."""
        words = set(_WORDS.findall(folded))
        found = [n for word in words for n in self._by_word.get(word, ())]
        found.extend(self._unfiled)
        found.sort()
        return [self.entries[n] for n in found]

    def meaning(self, kind: str, key: str) -> frozenset[str]:
        """The entities of `kind` with a name holding the folded `key` as whole words."""
        found = self._meanings.get((kind, key))
        if found is None:
            pattern = re.compile(rf"(?<![\w'-]){re.escape(key)}(?![\w-])")
            names = self.kinds.get(kind, [])
            first = _FIRST_WORD.match(key)  # a name holding the key as whole words holds its first word
            tried = (names if first is None else [names[n] for n in self._holding.get((kind, first.group()), ())])
            found = frozenset(entity for entity, name in tried if pattern.search(name))
            if len(self._meanings) < _MEANINGS_KEPT:
                self._meanings[(kind, key)] = found
        return found


@dataclass(frozen=True)
class Span:
    """A stretch of the text: [start, end) offsets, and the paragraph it sits in."""

    start: int
    end: int
    paragraph: int


@dataclass(frozen=True)
class Mention:
    """A known entity named at [start, end) in the text."""

    start: int
    end: int
    entity: str
    kind: str


@dataclass
class Document:
    """The article text with its paragraphs, sentences and entity mentions, computed once."""

    text: str
    entities: dict[str, Entity]
    ties: dict[str, Tie] = field(default_factory=dict)
    stopwords: frozenset[str] = frozenset()
    """The language's function words (knowledge.language.stopwords): never a drafted keyword."""
    _readings: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict, repr=False, compare=False)
    names: NameTable | None = field(default=None, repr=False, compare=False)
    """`entities`' names folded once (a `NameTable` of exactly these entities), when the caller keeps one."""

    @cached_property
    def folded(self) -> str:
        """The text folded for matching (same length as the text)."""
        return fold_aligned(self.text)

    @cached_property
    def paragraphs(self) -> list[Span]:
        """Paragraphs separated by blank lines, without surrounding whitespace."""
        out: list[Span] = []
        start = 0
        for brk in [*_PARAGRAPH_BREAK.finditer(self.text), None]:
            end = brk.start() if brk is not None else len(self.text)
            chunk = self.text[start:end]
            lead = len(chunk) - len(chunk.lstrip())
            if chunk.strip():
                out.append(Span(start + lead, start + len(chunk.rstrip()), len(out)))
            start = brk.end() if brk is not None else len(self.text)
        return out

    @cached_property
    def sentences(self) -> list[Span]:
        """Sentences within each paragraph (a paragraph never runs into the next one)."""
        out: list[Span] = []
        for para in self.paragraphs:
            start = para.start
            for end_match in _SENTENCE_END.finditer(self.text, para.start, para.end):
                word = re.search(r"(\w+)\W*$", self.text[start:end_match.start() + 1])
                if word is not None and (word.group(1).lower() in _ABBREVIATIONS or (len(word.group(1)) == 1
                                         and word.group(1).isupper())):
                    continue
                out.append(Span(start, end_match.end(), para.paragraph))
                start = end_match.end()
                while start < para.end and self.text[start].isspace():
                    start += 1
            if start < para.end:
                out.append(Span(start, para.end, para.paragraph))
        return out

    def sentence_at(self, offset: int) -> Span:
        """The sentence holding this offset (the nearest one before it, between sentences)."""
        starts = [s.start for s in self.sentences]
        return self.sentences[max(0, bisect_right(starts, offset) - 1)]

    def sentence_index(self, span: Span) -> int:
        """The position of a sentence in `sentences`."""
        return self.sentences.index(span)

    def slice(self, span: Span | tuple[int, int]) -> str:
        """The verbatim text of a span."""
        start, end = (span.start, span.end) if isinstance(span, Span) else span
        return self.text[start:end]

    @cached_property
    def mentions(self) -> list[Mention]:
        """Every known name in the text, longest first where names overlap ("Atletico Madrid" over "Madrid")."""
        found: list[Mention] = []
        if self.names is not None:
            for _, name, entity in self.names.candidates(self.folded):
                found.extend(self._find(name, entity))
        else:
            for entity in self.entities.values():
                for name in {entity.name, *entity.aliases}:
                    found.extend(self._find(name, entity))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        chosen: list[Mention] = []
        for mention in found:
            if not chosen or mention.start >= chosen[-1].end:
                chosen.append(mention)
        return chosen

    def _find(self, name: str, entity: Entity) -> list[Mention]:
        """Where one name occurs: whole words; short names and capitalised names must match their case."""
        key = _folded_name(name)
        if len(key) < 2 or key not in self.folded:
            return []
        out = []
        for match in re.finditer(rf"(?<![\w'-]){re.escape(key)}(?![\w-])", self.folded):
            written = self.text[match.start():match.end()]
            if len(key) <= 3 and written != name:
                continue
            if name[0].isupper() and not written[0].isupper():
                continue
            out.append(Mention(match.start(), match.end(), entity.id, entity.kind))
        return out

    def may_mean(self, mention: Mention) -> frozenset[str]:
        """Every entity of the mention's kind a name as written may mean, its own first among them.

        "Madrid" is Real Madrid's alias, and a word of "Atlético Madrid" too: in a preview of
        Liverpool v Atlético it is no third club. Names are compared folded, as whole words.
        """
        key = (mention.kind, fold_aligned(self.text[mention.start:mention.end]).strip())
        found = self._readings.get(key)
        if found is None and self.names is not None:
            found = self.names.meaning(*key)
        if found is None:
            pattern = re.compile(rf"(?<![\w'-]){re.escape(key[1])}(?![\w-])")
            found = frozenset(e.id for e in self.entities.values() if e.kind == mention.kind and any(
                pattern.search(_folded_name(name)) for name in (e.name, *e.aliases)))
            self._readings[key] = found
        return found | {mention.entity}

    def mentions_in(self, start: int, end: int, kind: str | None = None) -> list[Mention]:
        """Mentions lying within [start, end), in text order, optionally of one kind."""
        return [m for m in self.mentions if m.start >= start and m.end <= end and (kind is None or m.kind == kind)]

    def entity_ids_in(self, start: int, end: int) -> list[str]:
        """Distinct entity ids named within [start, end), in order of first mention."""
        return list(dict.fromkeys(m.entity for m in self.mentions_in(start, end)))

    def last_person_before(self, offset: int) -> Mention | None:
        """The most recently named known person before this offset, for "he said" and "the manager"."""
        people = [m for m in self.mentions if m.kind == "person" and m.end <= offset]
        return people[-1] if people else None

    def years_in(self, start: int, end: int) -> list[int]:
        """Four-digit years written within [start, end)."""
        return [int(y) for y in YEAR.findall(self.text, start, end)]
