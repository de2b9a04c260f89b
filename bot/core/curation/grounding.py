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

A fact's answer in another language (`translations`) is held to the same sources, read with that
language's number words ("tres" is 3), and to the quote rule of its language file's `translating`
section: words in double quotes are the article's own, verbatim (case, typographic quotes and
spacing aside; an ellipsis may cut them), each followed by its rendering marked as a translation
("(Traducción: «…»)"); words in «» that are not the article's must be inside that mark; and a
mark follows the quote it renders. The quotes' own words are not read for claims (they are the
article's); the renderings are.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from bot.core.drafting.document import Document, Mention, NameTable
from bot.core.drafting.scores import SCORE
from bot.core.knowledge.language import Language, Translating
from bot.core.knowledge.models import Article, Entity, Fact, Tie
from bot.core.knowledge.store import Knowledge, KnowledgeIssue
from bot.core.knowledge.tables import FactTable
from bot.core.text import YEAR, YEAR_DIGITS, fold

__all__ = ["Grounding", "ungrounded_answers"]

_SEASON = re.compile(rf"(?<![\d-])({YEAR_DIGITS})\s?[-–/]\s?(\d\d)(?![\d-])")
"""A season as written in answers and articles: "2022-23", "2019/20"."""
_ISO_DATE = re.compile(rf"(?<![\d-])({YEAR_DIGITS})-(\d\d)-(\d\d)(?![\d-])")
_DIGITS = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d{1,3}(?:\.\d{3})+|\d+)"
                     r"(?:st|nd|rd|th|\.?[ºª°])?(?![\w]|[.,]\d)")
"""A number in digits, "40,000" and "40.000" as one, an ordinal's suffix dropped ("14th" and "14.º" are 14)."""
_WORD = re.compile(r"[a-z]+")
_MARKUP = re.compile(r"<[^<>\s]{1,120}>")
"""Discord markup (<@456>, <#12>, <:emoji:34>): its digits are ids, not numbers an answer states."""
_PEOPLE_AND_CLUBS = ("person", "team")
_QUOTED = re.compile(r'"(?P<straight>[^"\n]+)"|“(?P<curly>[^”\n]+)”|«(?P<angled>[^»\n]+)»')
"""Words in double quotes of any style (single quotes are apostrophes too often to be read as quotes)."""
_ELLIPSIS = re.compile(r"\.\.\.|…|\[\s*(?:\.\.\.|…)\s*\]")
_EDGE_PUNCTUATION = " \t.,;:!?¡¿-"
_BETWEEN_QUOTE_AND_MARK = re.compile(r"[\s.,;:!?]*")
_JOINED = re.compile(r"[^\W\d_]-[^\W\d_]")
"""Two words joined by a hyphen ("Barcelona-style"), where a name may hide from the mention search."""
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
                 ties: Mapping[str, Tie], articles: Mapping[str, Article], *,
                 languages: Mapping[str, Language] | None = None) -> None:
        self.entities = dict(entities)
        self.names = _names_of(entities)
        """The entities' names folded once: a text is searched for each (thousands in a large store)."""
        self.number_words = dict(number_words)
        self.ties = ties
        self.articles = articles
        self.languages = dict(languages or {})
        """The language files, for a translated answer's number words and quote rule."""
        self._read: dict[tuple[object, ...], _Sources] = {}
        """What each fact's sources give, read once for its answer and again for each translation."""

    @classmethod
    def of(cls, knowledge: Knowledge) -> Grounding:
        """The grounding rules for a loaded snapshot."""
        return cls(knowledge.entities, knowledge.language.number_words, knowledge.ties, knowledge.articles,
                   languages=knowledge.languages)

    # --- the check -------------------------------------------------------------------------------
    def unsupported(self, fact: Fact) -> list[str]:
        """What the fact's answer states that its sources do not give, one message each, in answer order."""
        found = self._claims(fact, fact.answer, self.number_words, [])
        return [message for _, message in sorted(found, key=lambda f: f[0])]

    def unsupported_translation(self, fact: Fact, code: str) -> list[str]:
        """What the fact's answer in language `code` states that its sources do not give, and its quotes' problems.

        The same claims as `unsupported`, read with that language's number words, outside the
        quotes that are the article's own words; then the quote rule of the language's `translating`.
        """
        translation = fact.translations.get(code)
        if translation is None:
            return []
        text = translation.answer
        language = self.languages.get(code)
        number_words = language.number_words if language is not None else {}
        marking = language.translating if language is not None else None
        quoted, problems = self._quotes(fact, text, marking)
        found = self._claims(fact, text, number_words, quoted) + problems
        return [message for _, message in sorted(found, key=lambda f: f[0])]

    def _claims(self, fact: Fact, text: str, number_words: Mapping[str, int],
                skip: list[tuple[int, int]]) -> list[tuple[int, str]]:
        """Each scoreline, number, year, date, person and club `text` states that the fact's sources do not give.

        Spans in `skip` (a quote's own words) are not read.
        """
        tie = self._tie_of(fact)
        key = (fact.source, fact.quote, tie.id if tie is not None else None)
        sources = self._read.get(key)
        if sources is None:
            sources = self._read[key] = self._sources(fact, tie)
        doc = Document(text, self.entities, names=self.names)
        gives = _gives(fact, tie)
        found: list[tuple[int, str]] = []
        taken: list[tuple[int, int]] = list(skip)

        def claim(start: int, end: int, what: str, note: str = "") -> None:
            found.append((start, f"answer states {what}, which {gives}{note}"))

        supported = sources.entities | sources.tie_teams
        taken.extend(m.span() for m in _MARKUP.finditer(text))
        for mention in doc.mentions:
            if _inside((mention.start, mention.end), skip):
                continue
            taken.append((mention.start, mention.end))
            if mention.kind in _PEOPLE_AND_CLUBS and not doc.may_mean(mention) & supported:
                claim(mention.start, mention.end, text[mention.start:mention.end])
        for match in _ISO_DATE.finditer(text):
            if _inside(match.span(), skip):
                continue
            taken.append(match.span())
            if _date(match) not in sources.dates:
                claim(*match.span(), match.group(0))
        for match in _SEASON.finditer(text):
            if _inside(match.span(), taken):
                continue
            taken.append(match.span())
            first = int(match.group(1))
            if not {first, first - first % 100 + int(match.group(2))} <= sources.years:
                claim(*match.span(), match.group(0))
        for match in SCORE.finditer(text):
            if _inside(match.span(), taken):
                continue
            taken.append(match.span())
            problem = self._score_problem(doc, match, sources)
            if problem is not None:
                claim(match.start(), match.end(), *problem)
        for match in YEAR.finditer(text):
            if _inside(match.span(), taken):
                continue
            taken.append(match.span())
            if int(match.group(0)) not in sources.years:
                claim(*match.span(), match.group(0))
        for start, end, value in self._numbers(text, taken, number_words):
            if value not in sources.numbers:
                written = text[start:end]
                claim(start, end, written if written[0].isdigit() else f"{written} ({value})")
        return found

    def _quotes(self, fact: Fact, text: str,
                marking: Translating | None) -> tuple[list[tuple[int, int]], list[tuple[int, str]]]:
        """The spans of `text` quoting the article verbatim, and what breaks the quote rule, by position.

        Words in double quotes must be the article's and be followed by a translation mark; words
        in «» may be the article's (then the same), else they must be inside a mark; each mark must
        follow a quote. Without a `translating` section (the loader requires one) only verbatim is checked.
        """
        article = self.articles.get(fact.source.article)
        haystack = _verbatim_key(" ".join(t for t in (article.title, article.text) if t) if article is not None
                                 else " ".join([fact.source.evidence, fact.quote or ""]))
        marks = list(_mark_pattern(marking.quote_translation).finditer(text)) if marking is not None else []
        mark_spans = [m.span() for m in marks]
        shown = marking.quote_translation.replace("{text}", "…") if marking is not None else ""
        verbatim: list[tuple[int, int]] = []
        problems: list[tuple[int, str]] = []
        quote_ends: list[int] = []
        for match in _QUOTED.finditer(text):
            if _inside(match.span(), mark_spans):
                continue
            words = match.group("straight") or match.group("curly") or match.group("angled") or ""
            if match.group("angled") is None:
                quote_ends.append(match.end())  # a mark after it renders a quote, verbatim or not
            if _is_verbatim(words, haystack):
                verbatim.append(match.span())
                quote_ends.append(match.end())
                follows = _BETWEEN_QUOTE_AND_MARK.match(text, match.end())
                if marking is not None and not any(m.start() == (follows.end() if follows else match.end())
                                                   for m in marks):
                    problems.append((match.start(), f"quotes {match.group(0)} with no translation after it: "
                                                     f"follow the quote's words with {shown}"))
            elif match.group("angled") is not None:
                problems.append((match.start(), f"{match.group(0)} is not the article's words: a quote stays "
                                                 f"verbatim, then its translation goes in {shown}"))
            else:
                problems.append((match.start(), f"quotes {match.group(0)}, which is not verbatim in the article "
                                                 "(a quote keeps the article's own words)"))
        for mark in marks:
            before = text[:mark.start()].rstrip(" \t.,;:!?")
            if not any(end == len(before) for end in quote_ends):
                problems.append((mark.start(), f"{mark.group(0)} follows no quote of the article's words: "
                                               "a translation goes right after the words it renders"))
        return verbatim, problems

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

    def _numbers(self, text: str, taken: list[tuple[int, int]],
                 number_words: Mapping[str, int] | None = None) -> Iterator[tuple[int, int, int]]:
        """Numbers in digits and in words outside the spans already read (names, scores, years, dates).

        Words are read with `number_words` (a translated answer's language), by default the default language's.
        """
        words = self.number_words if number_words is None else number_words
        for match in _DIGITS.finditer(text):
            if not _inside(match.span(), taken):
                yield match.start(), match.end(), int(match.group(1).replace(",", "").replace(".", ""))
        folded = fold(text)
        if len(folded) != len(text):  # a letter that folds to two ("ß"): positions no longer line up
            folded = text.lower()
        for match in _WORD.finditer(folded):
            value = words.get(match.group(0))
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
        doc = Document(text, self.entities, names=self.names)
        # "a Barcelona-style collapse" names Barcelona too, though not as a mention: a name joined by a
        # hyphen is read with the hyphen as a space (same length, so no offset moves).
        compounds = (Document(text.replace("-", " "), self.entities, names=self.names).mentions
                     if _JOINED.search(text) else [])
        for mention in (*doc.mentions, *compounds):
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


def _mark_pattern(template: str) -> re.Pattern[str]:
    """The language's translation mark as a regex: "(Traducción: «{text}»)" with any spacing, {text} any words."""
    before, _, after = template.partition("{text}")

    def loose(part: str) -> str:
        return r"\s*".join(re.escape(piece) for piece in part.split())

    return re.compile(loose(before) + r"\s*(?P<text>.+?)\s*" + loose(after))


def _verbatim_key(text: str) -> str:
    """Text as quotes are compared: typographic quotes and dashes plain, case and spacing folded."""
    return " ".join(text.translate(_PLAIN_MARKS).casefold().split())


_PLAIN_MARKS = dict.fromkeys(map(ord, "‘’‛`´"), "'") | dict.fromkeys(map(ord, "“”„‟«»"), '"') | dict.fromkeys(
    map(ord, "‐‑‒–—―−"), "-")


def _is_verbatim(words: str, haystack: str) -> bool:
    """Whether quoted words are the article's: each piece an ellipsis leaves is in it, end punctuation aside."""
    pieces = [_verbatim_key(piece).strip(_EDGE_PUNCTUATION + "'\"") for piece in _ELLIPSIS.split(words)]
    pieces = [piece for piece in pieces if piece]
    return bool(pieces) and all(piece in haystack for piece in pieces)


def _inside(span: tuple[int, int], taken: Iterable[tuple[int, int]]) -> bool:
    start, end = span
    return any(s < end and start < e for s, e in taken)


_NAMES: list[tuple[list[tuple[str, Entity]], NameTable]] = []
"""The last entities a `NameTable` was made of, and it: a snapshot's entities are shared by every change
made on it, so each change does not fold every name again."""


def _names_of(entities: Mapping[str, Entity]) -> NameTable:
    """The `NameTable` of `entities` (the last one made, when they are the very same entity objects)."""
    items = list(entities.items())
    last = _NAMES[0] if _NAMES else None
    if last is not None and len(last[0]) == len(items) and all(
            key == old_key and entity is old for (key, entity), (old_key, old) in zip(items, last[0], strict=True)):
        return last[1]
    table = NameTable(entities)
    _NAMES[:] = [(items, table)]
    return table


def _weekdays_named(texts: Iterable[str], day: dt.date) -> Iterator[dt.date]:
    """Dates in the week from the article's date whose weekday the texts name ("on Wednesday")."""
    words = {w for text in texts for w in _WORD.findall(fold(text))}
    for ahead in range(_WEEK):
        date = day + dt.timedelta(days=ahead)
        if fold(f"{date:%A}") in words:
            yield date


def ungrounded_answers(knowledge: Knowledge, files: Iterable[str] | None = None) -> Iterator[KnowledgeIssue]:
    """Every approved fact (in `files`, or anywhere) whose answer states what its sources do not give.

    Its answers in other languages too, which also keep the quote rule (`Grounding.unsupported_translation`).

    Drafts are left out: they are suggestions a moderator reviews, and approving one is a change
    that runs this check.
    """
    wanted = set(files) if files is not None else None
    grounding = Grounding.of(knowledge)
    table = knowledge.facts
    if wanted is not None and isinstance(table, FactTable):
        # Only the wanted files' facts are decoded (a change checks its file, not the whole store).
        ids = [i for rel, in_file in table.files.items() if rel in wanted for i in in_file]
        facts: Iterable[Fact] = table.fetch(ids)
    else:
        facts = table.values()
    for fact in facts:
        where = knowledge.fact_files.get(fact.id, "facts")
        if wanted is not None and where not in wanted:
            continue
        for message in grounding.unsupported(fact):
            yield KnowledgeIssue(where, fact.id, "answer", message)
        for code in fact.translations:
            for message in grounding.unsupported_translation(fact, code):
                yield KnowledgeIssue(where, fact.id, f"translations.{code}.answer", message)

