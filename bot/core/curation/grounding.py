"""Grounding: an approved answer states only what its evidence, its quote or its tie's data states.

An answer is what fans read; its evidence is what a moderator can check against the article. A
drafted or hand-written answer that names a scoreline, a number, a year, a person or a club its
sources do not give (a 4-0 the article gave for another opponent, a year nobody wrote) would be
served as if the article said it. This module finds such claims; `knowledge check` and every
change a curator saves report them as file · fact id · answer, naming what is unsupported.

What counts as given:

* the evidence and the quote: their scorelines (with the clubs named in the same sentence),
  years and seasons ("2022-23" gives 2022 and 2023), numbers in digits ("14th" gives 14) and in
  words (the language file's `number_words`), and the people and clubs they name (entities.yaml
  names and aliases, folded by `bot.core.text.fold`);
* the tie's data (ties.yaml), when the fact has a tie: its two teams, its legs' scores and the
  aggregate they add up to, its year, its season, the numbers of its round ("round of 16"),
  its legs' dates;
* dates: the fact's article's date and the tie's article's date, and a date a weekday the
  evidence names points to from the article's date ("on Wednesday" in an article of Tuesday
  14 March 2023 gives 15 March 2023);
* numbers that follow from a scoreline: each side's goals, the margin and the total ("a
  three-goal deficit" from 5-2).

A scoreline is given only with its clubs: the answer's clubs in the same sentence as the score
must be named with it in a sentence of the evidence or quote, or the score must be one of the
tie's own (then with the tie's teams); a tie's team the evidence leaves out stands in only when
the evidence's sentence names no club outside the tie. So "Liverpool beat Barcelona 4-0 last
season" never grounds "Liverpool won the first leg 4-0 against Atlético Madrid".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from bot.core.drafting.document import Document, Mention
from bot.core.drafting.scores import SCORE
from bot.core.knowledge.models import Article, Entity, Fact, Tie
from bot.core.knowledge.store import Knowledge, KnowledgeIssue
from bot.core.text import YEAR, fold

__all__ = ["Grounding", "ungrounded_answers"]

_SEASON = re.compile(r"(?<![\d-])((?:19|20)\d\d)\s?[-–/]\s?(\d\d)(?![\d-])")
"""A season as written in answers and articles: "2022-23", "2019/20"."""
_ISO_DATE = re.compile(r"(?<![\d-])((?:19|20)\d\d)-(\d\d)-(\d\d)(?![\d-])")
_DIGITS = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?:st|nd|rd|th)?(?![\w]|[.,]\d)")
"""A number in digits, "40,000" as one, an ordinal's suffix dropped ("14th" is 14)."""
_WORD = re.compile(r"[a-z]+")
_MARKUP = re.compile(r"<[^<>\s]{1,120}>")
"""Discord markup (<@456>, <#12>, <:emoji:34>): its digits are ids, not numbers an answer states."""
_PEOPLE_AND_CLUBS = ("person", "team")
_WEEK = 7


@dataclass
class _Sources:
    """What one fact's evidence, quote and tie give, gathered once per fact."""

    sentences: list[tuple[set[tuple[int, int]], set[str]]] = field(default_factory=list)
    """Each sentence of the evidence and quote: its scorelines (as sorted goal pairs) and its clubs."""
    tie_scores: set[tuple[int, int]] = field(default_factory=set)
    tie_teams: set[str] = field(default_factory=set)
    entities: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    numbers: set[int] = field(default_factory=set)
    dates: set[dt.date] = field(default_factory=set)

    def add_score(self, pair: tuple[int, int]) -> None:
        """The numbers a scoreline gives: each side's goals, the margin and the total."""
        home, away = pair
        self.numbers.update((home, away, abs(home - away), home + away))


def _pair(home: str | int, away: str | int) -> tuple[int, int]:
    """A scoreline as its goals, larger first: "1-3" and "3-1" are the same result told from either side."""
    a, b = int(home), int(away)
    return (a, b) if a >= b else (b, a)


class Grounding:
    """Reads answers and their sources with one snapshot's entities, number words, ties and articles."""

    def __init__(self, entities: Mapping[str, Entity], number_words: Mapping[str, int],
                 ties: Mapping[str, Tie], articles: Mapping[str, Article]) -> None:
        self.entities = dict(entities)
        self.number_words = dict(number_words)
        self.ties = ties
        self.articles = articles

    @classmethod
    def of(cls, knowledge: Knowledge) -> Grounding:
        """The grounding rules for a loaded snapshot."""
        return cls(knowledge.entities, knowledge.language.number_words, knowledge.ties, knowledge.articles)

    # --- the check -------------------------------------------------------------------------------
    def unsupported(self, fact: Fact) -> list[str]:
        """What the fact's answer states that its sources do not give, one message each, in answer order."""
        tie = self._tie_of(fact)
        sources = self._sources(fact, tie)
        doc = Document(fact.answer, self.entities)
        gives = _gives(fact, tie)
        found: list[tuple[int, str]] = []
        taken: list[tuple[int, int]] = []

        def claim(start: int, end: int, what: str, note: str = "") -> None:
            found.append((start, f"answer states {what}, which {gives}{note}"))

        supported = sources.entities | sources.tie_teams
        taken.extend(m.span() for m in _MARKUP.finditer(fact.answer))
        for mention in doc.mentions:
            taken.append((mention.start, mention.end))
            if mention.kind in _PEOPLE_AND_CLUBS and not doc.may_mean(mention) & supported:
                claim(mention.start, mention.end, fact.answer[mention.start:mention.end])
        for match in _ISO_DATE.finditer(fact.answer):
            taken.append(match.span())
            if _date(match) not in sources.dates:
                claim(*match.span(), match.group(0))
        for match in _SEASON.finditer(fact.answer):
            if _inside(match.span(), taken):
                continue
            taken.append(match.span())
            first = int(match.group(1))
            if not {first, first - first % 100 + int(match.group(2))} <= sources.years:
                claim(*match.span(), match.group(0))
        for match in SCORE.finditer(fact.answer):
            if _inside(match.span(), taken):
                continue
            taken.append(match.span())
            problem = self._score_problem(doc, match, sources)
            if problem is not None:
                claim(match.start(), match.end(), *problem)
        for match in YEAR.finditer(fact.answer):
            if _inside(match.span(), taken):
                continue
            taken.append(match.span())
            if int(match.group(0)) not in sources.years:
                claim(*match.span(), match.group(0))
        for start, end, value in self._numbers(fact.answer, taken):
            if value not in sources.numbers:
                written = fact.answer[start:end]
                claim(start, end, written if written[0].isdigit() else f"{written} ({value})")
        return [message for _, message in sorted(found, key=lambda f: f[0])]

    def _score_problem(self, doc: Document, match: re.Match[str], sources: _Sources) -> tuple[str, str] | None:
        """What the answer states that is not given (a scoreline, with the clubs it puts there), and a note.

        Given: the tie's own score said of the tie's teams; or a sentence of the evidence or quote
        holding the score, unless the answer puts a club there in place of one that sentence names
        (the answer's clubs beyond the sentence's, while the sentence names a club the answer leaves out).
        """
        pair = _pair(match.group(1), match.group(2))
        score = f"{match.group(1)}-{match.group(2)}"
        sentence = doc.sentence_at(match.start())
        clubs = {self._resolve(doc, m, sources) for m in doc.mentions_in(sentence.start, sentence.end, "team")}
        if pair in sources.tie_scores and clubs <= sources.tie_teams:
            return None
        holding = [named for scores, named in sources.sentences if pair in scores]
        if not holding:
            return score, ""
        if any(not (clubs - named) or not (named - clubs) for named in holding):
            return None
        added = " and ".join(sorted(self.entities[c].name for c in clubs - holding[0]))
        theirs = " and ".join(sorted(self.entities[c].name for c in holding[0] - clubs))
        return f"{score} with {added}", f" (the evidence gives {score} with {theirs})"

    def _resolve(self, doc: Document, mention: Mention, sources: _Sources) -> str:
        """The club a team's name means here: a tie's team it may mean, else one the evidence names, else its own."""
        readings = doc.may_mean(mention)
        for pool in (sources.tie_teams, sources.entities):
            chosen = sorted(readings & pool)
            if chosen:
                return mention.entity if mention.entity in chosen else chosen[0]
        return mention.entity

    def _numbers(self, text: str, taken: list[tuple[int, int]]) -> Iterator[tuple[int, int, int]]:
        """Numbers in digits and in words outside the spans already read (names, scores, years, dates)."""
        for match in _DIGITS.finditer(text):
            if not _inside(match.span(), taken):
                yield match.start(), match.end(), int(match.group(1).replace(",", ""))
        folded = fold(text)
        if len(folded) != len(text):  # a letter that folds to two ("ß"): positions no longer line up
            folded = text.lower()
        for match in _WORD.finditer(folded):
            value = self.number_words.get(match.group(0))
            if value is not None and not _inside(match.span(), taken):
                yield match.start(), match.end(), value

    # --- what the sources give -------------------------------------------------------------------
    def _tie_of(self, fact: Fact) -> Tie | None:
        """The fact's tie, or for a fact with none, the tie its article previews (its record, its history)."""
        if fact.tie is not None:
            return self.ties.get(fact.tie)
        article = self.articles.get(fact.source.article)
        return self.ties.get(article.tie) if article is not None and article.tie else None

    def _sources(self, fact: Fact, tie: Tie | None) -> _Sources:
        sources = _Sources()
        if tie is not None:
            self._read_tie(tie, sources)
        texts = [fact.source.evidence, *([fact.quote] if fact.quote else [])]
        for text in texts:
            self._read_source(text, sources)
        article_dates = [a.date for a in (self.articles.get(fact.source.article),
                                          self.articles.get(tie.article) if tie and tie.article else None)
                         if a is not None and a.date is not None]
        sources.dates.update(article_dates)
        for day in article_dates:
            sources.dates.update(_weekdays_named(texts, day))
        for day in sources.dates:
            sources.years.add(day.year)
            sources.numbers.add(day.day)
        return sources

    def _read_source(self, text: str, sources: _Sources) -> None:
        """Names, scorelines (with each sentence's clubs), years, dates and numbers of the evidence or quote."""
        doc = Document(text, self.entities)
        for mention in doc.mentions:
            if mention.kind in _PEOPLE_AND_CLUBS:
                sources.entities.add(mention.entity)
                team = self.entities[mention.entity].team
                if team is not None:  # "Klopp's men", "Salah missed a penalty": their club is named too
                    sources.entities.add(team)
        for sentence in doc.sentences:
            pairs = {_pair(m.group(1), m.group(2)) for m in SCORE.finditer(doc.slice(sentence))}
            clubs = {self._resolve(doc, m, sources) for m in doc.mentions_in(sentence.start, sentence.end, "team")}
            sources.sentences.append((pairs, clubs))
            for pair in pairs:
                sources.add_score(pair)
        for match in _SEASON.finditer(text):
            first = int(match.group(1))
            sources.years.update((first, first - first % 100 + int(match.group(2))))
        sources.years.update(int(y) for y in YEAR.findall(text))
        sources.dates.update(d for d in map(_date, _ISO_DATE.finditer(text)) if d is not None)
        sources.numbers.update(value for _, _, value in self._numbers(text, []))

    def _read_tie(self, tie: Tie, sources: _Sources) -> None:
        """The tie's teams, year, season, round, leg dates, leg scores and (both played) aggregate."""
        sources.tie_teams.update(tie.teams)
        sources.years.add(tie.year)
        first, _, second = tie.season.partition("-")
        sources.years.update((int(first), int(first) - int(first) % 100 + int(second)))
        sources.numbers.update(value for _, _, value in self._numbers(tie.round, []))
        totals = dict.fromkeys(tie.teams, 0)
        played = 0
        for leg in (tie.first_leg, tie.second_leg):
            if leg.date is not None:
                sources.dates.add(leg.date)
            if leg.score is None:
                continue
            home, away = (int(g) for g in leg.score.split("-"))
            sources.tie_scores.add(_pair(home, away))
            sources.add_score((home, away))
            played += 1
            if leg.home in totals and leg.away in totals:
                totals[leg.home] += home
                totals[leg.away] += away
        if played == 2:
            one, other = totals.values()
            sources.tie_scores.add(_pair(one, other))
            sources.add_score((one, other))


def _gives(fact: Fact, tie: Tie | None) -> str:
    """The end of a message: "which neither the evidence nor the tie's data gives"."""
    names = ["the evidence", *(["the quote"] if fact.quote else []), *(["the tie's data"] if tie else [])]
    if len(names) == 1:
        return "the evidence does not give"
    return f"neither {', '.join(names[:-1])} nor {names[-1]} gives"


def _date(match: re.Match[str]) -> dt.date | None:
    """An ISO date as written ("2023-03-15"), or None for one that is no real day."""
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _inside(span: tuple[int, int], taken: Iterable[tuple[int, int]]) -> bool:
    start, end = span
    return any(s < end and start < e for s, e in taken)


def _weekdays_named(texts: Iterable[str], day: dt.date) -> Iterator[dt.date]:
    """Dates in the week from the article's date whose weekday the texts name ("on Wednesday")."""
    words = {w for text in texts for w in _WORD.findall(fold(text))}
    for ahead in range(_WEEK):
        date = day + dt.timedelta(days=ahead)
        if fold(f"{date:%A}") in words:
            yield date


def ungrounded_answers(knowledge: Knowledge, files: Iterable[str] | None = None) -> Iterator[KnowledgeIssue]:
    """Every approved fact (in `files`, or anywhere) whose answer states what its sources do not give.

    Drafts are left out: they are suggestions a moderator reviews, and approving one is a change
    that runs this check.
    """
    wanted = set(files) if files is not None else None
    grounding = Grounding.of(knowledge)
    for fact in knowledge.facts.values():
        where = knowledge.fact_files.get(fact.id, "facts")
        if wanted is not None and where not in wanted:
            continue
        for message in grounding.unsupported(fact):
            yield KnowledgeIssue(where, fact.id, "answer", message)

