"""Finding the teams, people, venues, years, legs and ties a question mentions.

Works on tokens that the vocabulary has already corrected, so "klop" arrives here as
"klopp"; lookup is exact on names and aliases, longest mention first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.knowledge.language import Language
from bot.core.knowledge.models import Entity, LegName
from bot.core.knowledge.store import Knowledge
from bot.core.text import is_year, normalize, tokenize

__all__ = ["EntityMatcher", "Mentions"]

_MAX_NGRAM = 4
_OWNERS = frozenset({"team", "person"})
"""Kinds of entity a possessive names (a club's keeper, a manager's words); a ground's is rarely asked."""


@dataclass
class Mentions:
    """What a question names: entity ids, years, the leg, and the ties those point to."""

    entities: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    leg: LegName | None = None
    stage_ties: set[str] | None = None
    used: set[int] = field(default_factory=set)
    """Token positions consumed by a mention, so they are not counted again as topic words."""
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Each named entity's first mention as token positions [start, end): "Real's manager" owns the job."""
    leg_span: tuple[int, int] | None = None
    """Where the leg is named, as token positions [start, end): "antes de la vuelta" names it as a moment."""


class EntityMatcher:
    """Exact alias lookup over token n-grams, built once per knowledge snapshot.

    Names come from entities.yaml and ties.yaml, the phrases naming a leg from the language file.
    """

    def __init__(self, knowledge: Knowledge, language: Language | None = None) -> None:
        language = language or knowledge.language
        self._legs: dict[tuple[str, ...], LegName] = dict(language.legs)
        self._stopwords = language.stopwords
        self._place_links = language.place_links
        self._place_nouns = language.place_nouns
        self._aliases: dict[tuple[str, ...], str] = {}
        for entity in knowledge.entities.values():
            for name in (entity.name, *entity.aliases):
                key = tuple(tokenize(normalize(name)))
                if key and (key not in self._aliases or entity.kind == "person"):
                    self._aliases.setdefault(key, entity.id)
            # A person's surname alone is how fans name them ("Benzema", "Militao").
            if entity.kind == "person":
                last = tuple(tokenize(normalize(entity.name)))[-1:]
                self._aliases.setdefault(last, entity.id)
        # A club's or a person's possessive typed without its apostrophe ("liverpools keeper", "klopps words")
        # names them as "liverpool's" does: the name with its last word's ending, where no name is spelt so.
        # A word of the language's own ("athletics" is a sport, "euros" money) stays that word.
        known = language.stopwords | language.plain_words | {w for sport in language.other_sports for w in sport}
        for ending in language.possessive_endings:
            for key, ident in list(self._aliases.items()):
                word = key[-1] + ending
                if (knowledge.entities[ident].kind in _OWNERS and not key[-1].endswith(ending)
                        and not key[-1].isdigit() and word not in known):
                    self._aliases.setdefault((*key[:-1], word), ident)
        self._stages: dict[tuple[str, ...], set[str]] = {}
        for tie in knowledge.ties.values():
            for phrase in (tie.round, *tie.aliases):
                key = tuple(t for t in tokenize(normalize(phrase)) if not is_year(t))
                if key:
                    self._stages.setdefault(key, set()).add(tie.id)
        self.entities: dict[str, Entity] = dict(knowledge.entities)
        # Most tokens start no name at all: one lookup skips them instead of four n-gram lookups, and a token
        # that starts some is looked up only at the lengths they have ("real" starts names of 1 and 2 words).
        lengths: dict[str, set[int]] = {}
        for keys in (self._aliases, self._stages, self._legs):
            for key in keys:
                if len(key) <= _MAX_NGRAM:
                    lengths.setdefault(key[0], set()).add(len(key))
        self._lengths = {word: tuple(sorted(ns, reverse=True)) for word, ns in lengths.items()}
        """Each word a name starts with, to the lengths of those names, longest first (as they are tried)."""
        self._starting = self._lengths.keys() | {str(year) for year in range(1950, 2050) if is_year(str(year))}
        """The words a mention can start with: a name's first word, or a year `is_year` reads (one lookup, not two)."""
        self._names = frozenset(self._legs.keys() | self._aliases.keys() | self._stages.keys())
        """Every leg phrase, name and round: words that are none of them are passed over with one lookup."""

    def _is_city(self, tokens: list[str], i: int, n: int, ident: str) -> bool:
        """A bare club name after a place word ("in", "en") that ends the phrase ("lost in Madrid?") is the city.

        So is one right before a noun a place names ("the Madrid leg", "the Liverpool leg"): the leg played there.
        """
        if n != 1 or self.entities[ident].kind != "team":
            return False
        if i + 1 < len(tokens) and tokens[i + 1] in self._place_nouns:
            return True
        if i == 0 or tokens[i - 1] not in self._place_links:
            return False
        return i + 1 == len(tokens) or tokens[i + 1] in self._stopwords

    @property
    def alias_words(self) -> set[str]:
        """Every word of every alias and stage phrase, for the typo vocabulary."""
        words = {w for key in self._aliases for w in key}
        words |= {w for key in self._stages for w in key}
        words |= {w for key in self._legs for w in key}
        return words

    def find(self, tokens: list[str]) -> Mentions:
        """Scan the tokens for mentions, preferring the longest match at each position."""
        found = Mentions()
        starting = self._starting
        i = 0
        while i < len(tokens):
            # Most tokens are neither a year nor the start of a name: skip them without a call.
            if tokens[i] in starting:
                i += self._match_at(tokens, i, found) or 1
            else:
                i += 1
        return found

    def _match_at(self, tokens: list[str], i: int, found: Mentions) -> int:
        token = tokens[i]
        if is_year(token):
            if int(token) not in found.years:  # a season's two years read as the one it ends in
                found.years.append(int(token))
            found.used.add(i)
            return 1
        lengths = self._lengths.get(token)
        if lengths is None:
            return 0
        room = len(tokens) - i
        for n in lengths:
            if n > room:
                continue
            key = tuple(tokens[i : i + n])
            if key not in self._names:
                continue
            if key in self._legs:
                found.leg = self._legs[key]
                found.leg_span = (i, i + n)
                found.used.update(range(i, i + n))
                return n
            if key in self._aliases:
                ident = self._aliases[key]
                if self._is_city(tokens, i, n, ident):
                    return 0

                if ident not in found.entities:
                    found.entities.append(ident)
                    found.spans[ident] = (i, i + n)
                found.used.update(range(i, i + n))
                return n
            if key in self._stages:
                ties = self._stages[key]
                # Two rounds no tie is both ("a quarter-final rather than a round of 16"): either is meant.
                found.stage_ties = ties if found.stage_ties is None else (found.stage_ties & ties) or (
                    found.stage_ties | ties)
                found.used.update(range(i, i + n))
                return n
        return 0
