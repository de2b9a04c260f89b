"""List answers: every past game the articles tell of one kind ("every Liverpool comeback"), one line each.

Ranking answers with the nearest fact, and at most two of one tie: asked for every comeback of a
club, a fan got one game (or a quote sharing the word). A past game the articles tell is one
game: a fact of no tie, with a year, naming two clubs. This premise gate, for a question holding
one of the language file's `past_game_lists` cues and naming a club but no tie, leg or person
(those ask of the ties, "every first leg"), gathers the past games whose
facts share a topic word with the question and name every club it names, one fact per game (two
clubs and a year), and answers with all of them when there are two or more, each from its own
fact with its source. Anything else goes on to ranking as before.
"""

from __future__ import annotations

import logging

from bot.core.answering.answer import Answer, Source
from bot.core.answering.composing import sources_for_articles
from bot.core.answering.gates import Asking
from bot.core.answering.index import IndexedFact
from bot.core.knowledge.models import Fact
from bot.core.knowledge.store import HISTORY_INTENT, PREDICTION_INTENT, QUOTE_INTENT
from bot.core.text import holds_words

__all__ = ["PastGames", "compose", "in_lines", "past_games_listed"]

log = logging.getLogger(__name__)

GAME_CLUBS = 2
"""A fact telling one past game names its two clubs; one naming more tells a run of games."""
MAX_LISTED = 6
"""A list answer stays readable in one Discord message: past games beyond this are left out, oldest kept."""
CONFIDENCE = 0.7
"""Each line is its own fact, but which games count as "of the kind asked" is read from shared topic words."""


class PastGames(tuple[str, ...]):
    """The facts answering a list question, one per past game, oldest first."""

    __slots__ = ()


def past_games_listed(a: Asking) -> PastGames | None:
    """Every past game of the kind asked ("every comeback of Liverpool's"), when the articles tell two or more."""
    q, language = a.q, a.view.language
    cues = language.past_game_lists
    if q.compares or q.leg is not None:
        return None  # asked of the ties themselves ("every first leg", "in each of the three ties"): most questions
    # A manager named alone stands for his side ("Klopp and comebacks" are Liverpool's), when nothing else
    # names a tie; beside his club he is who did something ("why did Klopp play down Liverpool's ..."), and
    # with words of saying, who said it ("every comeback Klopp talked about": his words).
    if not cues or not q.stems or q.history_year is not None or not holds_words(q.tokens, cues):
        return None  # no word asking for every game of a kind: most of the rest
    said = any(i in q.intents.cued for i in (QUOTE_INTENT, PREDICTION_INTENT))
    sides = _managers_sides(a) if not q.teams and not said else set()
    if q.ties is not None and not (sides and _tie_named_by_people_only(a)):
        return None
    if not (q.teams or sides) or (q.people and not sides):
        return None
    k = a.snap.knowledge
    teams = {e for e, ent in k.entities.items() if ent.kind == "team"}
    named = set(q.teams) | sides
    games: dict[tuple[int, frozenset[str]], IndexedFact] = {}
    for n in sorted(a.index.candidate_numbers(q.stems, ())):
        item = a.index.item(n)
        if item.tie is not None or item.year is None or not named <= item.entities:
            continue
        clubs = frozenset(item.entities & teams)
        if len(clubs) != GAME_CLUBS or item.stems.isdisjoint(q.stems):
            continue
        key = (item.year, clubs)
        if key not in games or (games[key].intent != HISTORY_INTENT and item.intent == HISTORY_INTENT):
            games[key] = item
    if len(games) < 2:
        return None
    chosen = [games[key] for key in sorted(games, key=lambda g: g[0])][:MAX_LISTED]
    log.debug("listed %d past games of %s", len(chosen), ",".join(sorted(named)))
    return PastGames(item.id for item in chosen)


def _managers_sides(a: Asking) -> set[str]:
    """The clubs of the people named, when every one of them is a club's manager; else none."""
    people = a.q.people
    if not people:
        return set()
    managers = a.view.roles.managers
    sides = {club for club, held in managers.items() if not held.isdisjoint(people)}
    covered = frozenset().union(*(managers[club] for club in sides)) if sides else frozenset()
    return sides if covered.issuperset(people) else set()


def _tie_named_by_people_only(a: Asking) -> bool:
    """Whether only the people named point to the ties asked about: no tie's year, round, scoreline or own club."""
    q, index = a.q, a.index
    if q.mentions.years or q.mentions.stage_ties or q.scoreline_named:
        return False
    everywhere = index.all_ties
    return not any(index.entity_ties.get(team, everywhere) != everywhere for team in q.teams)


def compose(a: Asking, games: PastGames) -> Answer:
    """One line per past game, each its own fact's answer; reason `listed`."""
    facts = [a.snap.knowledge.facts[f] for f in games]
    text, sources = in_lines(a, facts, "past_games")
    return Answer(answered=True, text=text, confidence=CONFIDENCE, intent=facts[0].intent,
                  facts=[f.id for f in facts], sources=sources, reason="listed")


def in_lines(a: Asking, facts: list[Fact], header: str) -> tuple[str, list[Source]]:
    """Facts told one per line under the reply `header`, and their articles' sources: both list answers share it."""
    k = a.snap.knowledge
    lines = [a.language.say(header, count=len(facts))]
    lines.extend(f"• {fact.answer_in(a.language.code)}" for fact in facts)
    articles = list(dict.fromkeys(f.source.article for f in facts if f.source.article in k.articles))
    return "\n".join(lines), sources_for_articles(a.snap, articles)
