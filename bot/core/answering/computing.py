"""Computed answers: goals worked out from the legs' scores in ties.yaml, where no one fact states the number.

"How many goals in all in the 2021 first leg", "goals Liverpool conceded across the three first
legs", "how many would Liverpool need at Anfield": each is arithmetic on first-leg scores the
articles give (ties.yaml holds them), and no fact's words state the sum. Ranking would answer with
the nearest fact (one leg's score, or a line per tie), leaving the fan to add up. This premise gate
works the number out instead and says so, with each leg's score it came from.

It stays out of everything else: only a goal count ("how many goals", the language file's
count_asks and scoreline_counts) holding one of `goal_sums`' phrases, naming no person (scorers,
predictions and what someone said are facts), no past game, no second leg (the articles were
written before them) and no condition ("if they score first": only what someone said answers it).
Only first legs are worked out: they are the legs the articles saw played. Nothing about a second
leg's result is ever computed, only the margin the side behind needed in it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

from bot.core.answering.answer import Answer
from bot.core.answering.composing import leg_story, sources_for_articles, tie_label
from bot.core.answering.gates import Asking
from bot.core.knowledge.models import Leg, Tie
from bot.core.knowledge.store import RESULT_INTENT
from bot.core.text import holds_words

__all__ = ["Worked", "compose", "goals_worked_out"]

log = logging.getLogger(__name__)

Mode = Literal["total", "for", "against", "needed", "margin", "widest-lost", "widest-won", "any-lost", "any-won"]
CONFIDENCE = 0.8
"""Arithmetic on stated scores is as sure as the scores; what was asked is read from a few words."""


@dataclass(frozen=True)
class Worked:
    """A number to work out from the first legs of these ties (oldest first), for one club or both sides."""

    mode: Mode
    ties: tuple[str, ...]
    club: str | None = None


def goals_worked_out(a: Asking) -> Worked | None:
    """A goal count the first legs' scores answer by arithmetic ("how many goals in all"), else None."""
    q, language = a.q, a.view.language
    sums = language.goal_sums
    counted = q.counted
    goal_count = counted is not None and counted.noun in language.scoreline_counts
    if not goal_count and not (sums.widest and holds_words(q.tokens, sums.widest)) and not (
            sums.any and holds_words(q.tokens, sums.any) and holds_words(q.tokens, sums.first_legs)):
        return None  # most questions: no goal count asked, nor a first leg lost or won by the most
    margins = _margins_compared(a, goal_count)
    if margins is not None or not goal_count:
        return margins
    if q.people or q.history_year is not None or q.foreign_years or q.leg not in (None, "first"):
        return None
    tokens = q.tokens
    if holds_words(tokens, sums.conditions) or holds_words(tokens, sums.second_legs):
        return None
    k = a.snap.knowledge
    ties = sorted((k.ties[t] for t in (q.ties if q.ties is not None else k.ties)), key=lambda t: t.year)
    ties = [t for t in ties if t.first_leg.score]
    venues = {e for e in q.entities if k.entities[e].kind == "venue"}
    if venues:  # "at Anfield": the ties with a leg there; a sum, only of first legs played there
        needed = holds_words(tokens, sums.needed)
        ties = [t for t in ties if t.first_leg.venue in venues
                or (needed and t.second_leg.venue in venues)]
    if not ties:
        return None
    # The clubs named, in the order named: of two, the first is whose goals are counted ("did Madrid
    # score against Liverpool"); each named club narrows the ties to its own.
    clubs = list(dict.fromkeys(c for c in q.teams if any(c in t.teams for t in ties)))
    ties = [t for t in ties if all(c in t.teams for c in clubs)]
    club = clubs[0] if clubs else None
    ids = tuple(t.id for t in ties)
    if holds_words(tokens, sums.needed):
        return _needed(ties, club)
    if club is not None and holds_words(tokens, sums.scored):
        return Worked("for", ids, club)
    if club is not None and holds_words(tokens, sums.conceded):
        return Worked("against", ids, club)
    if holds_words(tokens, sums.total):
        return Worked("total", ids)
    return None


def _margins_compared(a: Asking, goal_count: bool) -> Worked | None:
    """First legs' margins compared across the ties: each one's, the one a club lost or won by the most, or any.

    "How many goals behind were Liverpool going into the second legs", "which first leg did they lose the
    heaviest", "did Madrid lose any first leg" (yes or no, with the legs that say so). Only of several ties,
    a club named and no person, year of history or played-out second leg: one tie's deficit is a fact's own
    words ("a three-goal deficit"), which ranking finds.
    """
    q, sums = a.q, a.view.language.goal_sums
    if q.people or q.history_year is not None or q.foreign_years or q.leg not in (None, "first"):
        return None
    if q.ties is not None and len(q.ties) < 2:
        return None
    tokens = q.tokens
    if holds_words(tokens, sums.conditions):
        return None
    k = a.snap.knowledge
    ties = sorted((k.ties[t] for t in (q.ties if q.ties is not None else k.ties)), key=lambda t: t.year)
    clubs = list(dict.fromkeys(c for c in q.teams if any(c in t.teams for t in ties)))
    if len(clubs) > 1:  # "did Madrid lose a first leg against Liverpool": the club named as the opponent is not whose
        opposing, spans = a.view.language.opposing_words, q.mentions.spans
        clubs = [c for c in clubs if not (c in spans and spans[c][0] > 0 and tokens[spans[c][0] - 1] in opposing)]
    if len(clubs) != 1:
        return None  # whose margin: the one club named
    club = clubs[0]
    ties = [t for t in ties if club in t.teams and t.first_leg.score]
    if len(ties) < 2:
        return None
    if holds_words(tokens, sums.widest):
        lost, won = holds_words(tokens, sums.lost), holds_words(tokens, sums.won)
        if lost == won:
            return None  # lost or won by the most: which one is asked must be plain
        sign = -1 if lost else 1
        kept = [t for t in ties if sign * _margin(t, club) > 0]
        if not kept:
            return None  # no first leg lost (or won): the facts' words say what there is
        widest = max(kept, key=lambda t: (sign * _margin(t, club), t.year))
        return Worked("widest-lost" if lost else "widest-won", (widest.id,), club)
    if holds_words(tokens, sums.any) and holds_words(tokens, sums.first_legs):
        lost, won = holds_words(tokens, sums.lost), holds_words(tokens, sums.won)
        if lost == won:
            return None
        return Worked("any-lost" if lost else "any-won", tuple(t.id for t in ties), club)
    if goal_count and holds_words(tokens, sums.margins) and not holds_words(tokens, sums.total):
        return Worked("margin", tuple(t.id for t in ties), club)
    return None


def _told_margin(a: Asking, n: int) -> str:
    """A club's first-leg margin in words: behind, ahead or level."""
    say = a.language.say
    return say("margin_behind", count=-n) if n < 0 else say("margin_ahead", count=n) if n > 0 else say("margin_level")


def _margin(tie: Tie, club: str) -> int:
    """The club's first-leg goals less the other side's: below nought it lost the leg."""
    home, away = _score(tie.first_leg)
    return home - away if tie.first_leg.home == club else away - home


def _needed(ties: list[Tie], club: str | None) -> Worked | None:
    """What the side behind after one tie's first leg needed in the second: only of a leg lost, not yet replayed."""
    if len(ties) != 1:
        return None
    tie = ties[0]
    leg = tie.first_leg
    if tie.second_leg.score is not None or leg.score is None:
        return None
    home, away = _score(leg)
    if home == away:
        return None
    loser = leg.away if home > away else leg.home
    if club is not None and club != loser:
        return None  # the side ahead needed no number of goals the scores can tell
    return Worked("needed", (tie.id,), loser)


def _score(leg: Leg) -> tuple[int, int]:
    """A played leg's goals, home then away, from its "2-1" in ties.yaml (only played legs are worked out)."""
    assert leg.score is not None
    home, away = (int(n) for n in leg.score.split("-"))
    return home, away


def _goals(tie: Tie, mode: Mode, club: str | None) -> int:
    """Goals in a tie's first leg: both sides', the club's, or those against it."""
    leg = tie.first_leg
    home, away = _score(leg)
    if mode == "total" or club is None:
        return home + away
    own, other = (home, away) if leg.home == club else (away, home)
    return own if mode == "for" else other


def compose(a: Asking, worked: Worked) -> Answer:
    """The number worked out, with each first-leg score it came from; reason `worked-out:<mode>`."""
    k, say = a.snap.knowledge, a.language.say
    ties = [k.ties[t] for t in worked.ties]
    club = k.entities[worked.club].name if worked.club is not None else ""

    if worked.mode in ("widest-lost", "widest-won"):
        tie = ties[0]
        assert worked.club is not None
        text = say("goals_" + worked.mode.replace("-", "_"), club=club, count=abs(_margin(tie, worked.club)),
                   label=tie_label(a, tie.id), story=leg_story(a, tie.first_leg, short=True))
    elif worked.mode in ("any-lost", "any-won"):
        assert worked.club is not None
        sign = -1 if worked.mode == "any-lost" else 1
        kept = [t for t in ties if sign * _margin(t, worked.club) > 0]
        side = worked.mode.removeprefix("any-")
        head = (say(f"first_legs_some_{side}", club=club, count=len(kept), legs=len(ties)) if kept
                else say(f"first_legs_none_{side}", club=club, legs=len(ties)))
        lines = [head, *(say("goals_margin_line", label=tie_label(a, tie.id),
                             story=leg_story(a, tie.first_leg, short=True),
                             margin=_told_margin(a, _margin(tie, worked.club))) for tie in (kept or ties))]
        text = "\n".join(lines)
    elif worked.mode == "margin":
        assert worked.club is not None
        lines = [say("goals_margin_across", club=club, legs=len(ties))]
        lines.extend(say("goals_margin_line", label=tie_label(a, tie.id), story=leg_story(a, tie.first_leg, short=True),
                         margin=_told_margin(a, _margin(tie, worked.club))) for tie in ties)
        text = "\n".join(lines)
    elif worked.mode == "needed":
        tie = ties[0]
        home, away = _score(tie.first_leg)
        deficit = abs(home - away)
        text = say("goals_needed", club=club, label=tie_label(a, tie.id), story=leg_story(a, tie.first_leg, short=True),
                   deficit=deficit, more=deficit + 1)
    elif len(ties) == 1:
        tie = ties[0]
        key = {"total": "goals_total", "for": "goals_for", "against": "goals_against"}[worked.mode]
        text = say(key, club=club, count=_goals(tie, worked.mode, worked.club), label=tie_label(a, tie.id),
                   story=leg_story(a, tie.first_leg, short=True))
    else:
        key = {"total": "goals_across_total", "for": "goals_across_for", "against": "goals_across_against"}[worked.mode]
        counts = [_goals(tie, worked.mode, worked.club) for tie in ties]
        lines = [say(key, club=club, count=sum(counts), legs=len(ties))]
        lines.extend(say("goals_across_line", label=tie_label(a, tie.id), story=leg_story(a, tie.first_leg, short=True),
                         count=n) for tie, n in zip(ties, counts, strict=True))
        text = "\n".join(lines)
    log.debug("worked out %s for %s over %s", worked.mode, worked.club or "both sides", ",".join(worked.ties))
    sources = sources_for_articles(a.snap, [t.article for t in ties if t.article in k.articles])
    return Answer(answered=True, text=text, confidence=CONFIDENCE, intent=RESULT_INTENT,
                  tie=ties[0].id if len(ties) == 1 else None, sources=sources,
                  reason=f"worked-out:{worked.mode}")
