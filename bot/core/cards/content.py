"""What a tie card says, taken from the knowledge alone: every string on the picture is built here.

The drawing (`draw.py`) only places these strings; it adds no words of its own. So the card is
grounded like the text answers: the clubs, their colours, the round and season, the legs and
their scores come from ties.yaml and entities.yaml, the quote from a quote fact (verbatim, with
its speaker), the source line from the tie's article, and the labels around them from the
language file's `card:` section (so a Spanish card is a second language file, not new code).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from bot.core.knowledge.language import CardLabels
from bot.core.knowledge.models import Fact, Leg, Tie
from bot.core.knowledge.store import QUOTE_INTENT, Knowledge

__all__ = ["CardContent", "CardQuote", "Club", "LegLines", "card_content", "card_quotes"]

log = logging.getLogger(__name__)

NO_COLOURS = ("#8A8D91",)
"""A club without `colours` in entities.yaml is drawn in a neutral grey rather than an invented colour."""


@dataclass(frozen=True, slots=True)
class Club:
    """One side of the tie: its name and colours ("#RRGGBB", main colour first)."""

    name: str
    colours: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LegLines:
    """One leg as the card writes it."""

    label: str
    """"First leg"."""
    teams: str
    """The home side first: "Atlético Madrid 1-0 Liverpool", or "Liverpool v Atlético Madrid" before it was played."""
    where: str
    """Venue and date: "Anfield · 11 March 2020" (or the language's "not stated" words)."""
    status: str | None
    """"Not yet played when the article was written" for a leg without a score, else None."""


@dataclass(frozen=True, slots=True)
class CardQuote:
    """A quote (or, for a tie nobody is quoted in, its first key fact) and who said it."""

    fact: str
    text: str
    """The quote verbatim from the fact, in the language's quotation marks; or the key fact's answer."""
    by: str
    """"— Jürgen Klopp, Liverpool manager" (the language's `speaker_role`); or its `key_fact` label."""


@dataclass(frozen=True, slots=True)
class CardContent:
    """Everything one tie's card shows, as strings and colours."""

    tie: str
    language: str
    home: Club
    """The tie's first team (as in its name), drawn on the left."""
    versus: str
    away: Club
    heading: str
    legs: tuple[LegLines, LegLines]
    aggregate_label: str
    aggregate: str
    quotes: tuple[CardQuote, ...]
    """Candidates in the order the card tries them: it draws the first that fits its space."""
    source: str


def card_content(knowledge: Knowledge, tie_id: str, language: str | None = None) -> CardContent:
    """The card of one tie, in `language` (a language file's code; the default language when None).

    Raises:
        KeyError: the tie (or the language) is not in this snapshot.
    """
    tie = knowledge.ties[tie_id]
    lang = knowledge.languages[language] if language is not None else knowledge.language
    labels = lang.card
    names = knowledge.entities

    def club(entity_id: str) -> Club:
        entity = names.get(entity_id)
        if entity is None:
            return Club(entity_id, NO_COLOURS)
        return Club(entity.name, tuple(entity.colours) or NO_COLOURS)

    competition = names[tie.competition].name if tie.competition in names else tie.competition
    return CardContent(
        tie=tie.id,
        language=lang.code,
        home=club(tie.teams[0]),
        versus=labels.versus,
        away=club(tie.teams[1]),
        heading=labels.heading.format(competition=competition, round=tie.round, season=tie.season),
        legs=(_leg(knowledge, labels, labels.first_leg, tie.first_leg),
              _leg(knowledge, labels, labels.second_leg, tie.second_leg)),
        aggregate_label=labels.aggregate,
        aggregate=_aggregate(knowledge, labels, tie),
        quotes=card_quotes(knowledge, tie, labels),
        source=_source(knowledge, labels, tie),
    )


def _date(labels: CardLabels, day: dt.date) -> str:
    return labels.date.format(day=day.day, month=labels.months[day.month - 1], year=day.year)


def _name(knowledge: Knowledge, entity_id: str) -> str:
    entity = knowledge.entities.get(entity_id)
    return entity.name if entity is not None else entity_id


def _leg(knowledge: Knowledge, labels: CardLabels, label: str, leg: Leg) -> LegLines:
    home, away = _name(knowledge, leg.home), _name(knowledge, leg.away)
    teams = (labels.played.format(home=home, score=leg.score, away=away) if leg.score
             else labels.fixture.format(home=home, away=away))
    venue = _name(knowledge, leg.venue) if leg.venue else labels.venue_unknown
    date = _date(labels, leg.date) if leg.date else labels.date_unknown
    return LegLines(label=label, teams=teams, where=labels.where.format(venue=venue, date=date),
                    status=None if leg.score else labels.not_played)


def _aggregate(knowledge: Knowledge, labels: CardLabels, tie: Tie) -> str:
    """Goals over the legs played, per club: who leads after one leg, who is ahead after both, or level.

    Only arithmetic on the scores in ties.yaml: never who went through (away goals, extra time and
    penalties are not in the data).
    """
    goals = dict.fromkeys(tie.teams, 0)
    played = [leg for leg in (tie.first_leg, tie.second_leg) if leg.score]
    if not played:
        return labels.aggregate_none
    for leg in played:
        home_goals, away_goals = (int(n) for n in (leg.score or "").split("-"))
        goals[leg.home] = goals.get(leg.home, 0) + home_goals
        goals[leg.away] = goals.get(leg.away, 0) + away_goals
    (first, most), (_, fewest) = sorted(goals.items(), key=lambda kv: -kv[1])[:2]
    score = f"{most}-{fewest}"
    if most == fewest:
        return labels.aggregate_level.format(score=score)
    template = labels.aggregate_leads if played == [tie.first_leg] else labels.aggregate_ahead
    return template.format(team=_name(knowledge, first), score=score)


def card_quotes(knowledge: Knowledge, tie: Tie, labels: CardLabels) -> tuple[CardQuote, ...]:
    """The quotes the card may show, in the order it tries them, then the tie's first key fact.

    The rule: the tie's key facts that are quotes (in `key_facts` order), then its other quote
    facts (in file order); a quote fact counts when it has the quote's words and a known speaker.
    The card draws the first that fits. Last comes the first key fact's answer under the `key_fact`
    label, for a tie in which nobody is quoted (the 2020 preview is the experts' predictions).
    """
    facts = [f for f in knowledge.facts.values() if f.tie == tie.id]
    key = [knowledge.facts[f] for f in tie.key_facts if f in knowledge.facts]
    ordered = [*key, *(f for f in facts if f.id not in tie.key_facts)]
    out = [quote for fact in ordered if (quote := _quote(knowledge, labels, fact)) is not None]
    if key:
        out.append(CardQuote(fact=key[0].id, text=key[0].answer, by=labels.key_fact))
    return tuple(out)


def _quote(knowledge: Knowledge, labels: CardLabels, fact: Fact) -> CardQuote | None:
    if fact.intent != QUOTE_INTENT or not fact.quote or fact.speaker not in knowledge.entities:
        return None
    speaker = knowledge.entities[fact.speaker]
    by = (labels.speaker_role.format(name=speaker.name, role=speaker.role) if speaker.role
          else labels.speaker.format(name=speaker.name))
    return CardQuote(fact=fact.id, text=labels.quote.format(quote=fact.quote), by=by)


def _source(knowledge: Knowledge, labels: CardLabels, tie: Tie) -> str:
    article = knowledge.articles.get(tie.article or "")
    if article is None:
        return ""
    if article.date is None:
        return labels.source_undated.format(title=article.title)
    return labels.source.format(title=article.title, date=_date(labels, article.date))
