"""What a question asks for, and whether a fact actually says it.

Ranking finds the fact nearest a question, but "nearest" is not "answers": "kick-off time at
the Bernabéu" is nearest the second-leg date, "how much did Liverpool pay for Thiago" nearest
a training fact about Thiago. Each `Attribute` here is one kind of detail fans ask for (the
kick-off time, a price, the scorers, a scoreline...) with two patterns: how a question asks
for it, and how a fact's text carries it. A question that asks for a detail can only be
answered by a fact that carries it; when none does, the engine declines with the attribute's
own reply instead of offering the loosely related fact.

The patterns are code rather than knowledge files because they are regular expressions over
the question's corrected tokens and the fact's answer text, not statements a moderator edits.
Only a fact's answer and quote count as carrying a detail: keywords are search aids ("kick
off" on a date fact), not statements.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.core.knowledge.models import Entity, Fact

__all__ = ["ATTRIBUTES", "Attribute", "AttributeReader"]

_PLAYER_ROLE = re.compile(r"\b(forward|striker|winger|midfielder|defender|goalkeeper|keeper|full-back|player)\b", re.I)
_OPPOSED = frozenset({"against", "vs", "v", "versus", "conceded", "concede", "beat", "past", "over"})
"""Words that name a club as the opponent rather than the side whose players are asked about."""
_WORD = re.compile(r"[a-z0-9]+")
"""Fact words for matching what they carry: the carried words are plain ASCII, so no accent folding is needed."""
_SCORE_VERB_CONTEXT = frozenset(
    "if will did does do can could would to not who they he she we i you never also and".split()
)
"""Words just before "score" (a name may come between) that make it the verb ("if Atleti score"), not the result."""


@dataclass(frozen=True, slots=True)
class Attribute:
    """One detail a fan can ask for, how a question asks for it and how a fact states it."""

    name: str
    cues: frozenset[str]
    """Words of which every way of asking holds at least one: only then is `asked` searched."""
    asked: re.Pattern[str]
    """Searched in the question's tokens, joined by single spaces."""
    carried: tuple[str, ...]
    """Words or phrases that state the detail, matched whole in the fact's lower-cased answer and quote."""
    reply: str
    """The decline when no fact carries it: says what the articles do not give."""
    carried_format: re.Pattern[str] | None = None
    """A shape that also states it (a scoreline, a clock time), searched in the fact's lower-cased text."""
    needs_player: bool = False
    """The fact must also name a player (scorers are people, not "Atlético scored")."""
    dated: bool = False
    """A year the question names dates the detail: "the 2019 final" needs a fact about a final in 2019."""


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])")


def _cues(words: str) -> frozenset[str]:
    return frozenset(words.split())


ATTRIBUTES: tuple[Attribute, ...] = (
    Attribute(
        "scorers",
        _cues("scored scorer scorers goalscorer goalscorers got"),
        _words(r"who (?:\w+ ){0,3}scored|(?:goal ?)?scorers?|scored for|who got the goals|who got (?:the|their) goal"),
        ("scored", "scorer", "scorers"),
        "The articles don't say who scored in that game.",
        needs_player=True,
    ),
    Attribute(
        "half-time score",
        _cues("half halftime ht break interval"),
        _words(r"half ?time|ht score|at the break|at the interval"),
        ("half time", "halftime", "first half", "at the break", "interval"),
        "The articles don't give the half-time score.",
    ),
    Attribute(
        "scoreline",
        _cues("score scoreline scorelines"),
        _words(r"scorelines?|score"),
        (),
        "The articles don't give a score for that game.",
        carried_format=re.compile(r"(?<![\d-])\d{1,2}-\d{1,2}(?![\d-])"),
    ),
    Attribute(
        "kick-off time",
        _cues("time ko hour"),
        _words(r"what time|kick ?off time|ko time|time (?:of|is) (?:the )?kick ?off|what hour"),
        ("gmt", "cet", "bst", "uk time", "local time"),
        "The articles don't give a kick-off time.",
        carried_format=re.compile(r"\d[:.]\d\d(?!\d)|\d ?[ap]m\b"),
    ),
    Attribute(
        "calendar date",
        _cues("date"),
        _words(r"(?:exact|precise|specific|actual) date|date and time"),
        (),
        "The articles don't give the exact date of that game.",
        carried_format=re.compile(r"\d-\d\d-\d\d|\d (?:january|february|march|april|may|june|"
                                  r"july|august|september|october|november|december)\b"),
    ),
    Attribute(
        "money",
        _cues("pay paid cost costs charge earn earns worth spend spent sell sold price prices fee fees wage wages "
              "salary salaries ticket tickets"),
        _words(r"how much (?:\w+ ){0,4}(?:pay|paid|cost|costs|charge|earn|earns|worth|spend|spent|sell|sold)"
               r"|prices?|fees?|wages?|salary|salaries|tickets?|costs?|earns?|paid|worth"),
        ("million", "fee", "ticket", "tickets", "wage", "wages", "salary", "euros", "pounds"),
        "The articles don't mention any prices, fees or wages.",
        carried_format=re.compile(r"[£€$]"),
    ),
    Attribute(
        "transfer",
        _cues("join joins joining sign signs signing signed transfer transfers contract loan bought buy"),
        _words(r"join|joins|joining|sign|signs|signing|signed|transfer|transfers|contract|loan|bought|buy"),
        ("signed", "signing", "transfer", "joined", "contract", "loan"),
        "The articles don't cover transfers or contracts.",
    ),
    Attribute(
        "broadcast",
        _cues("tv television channel broadcast broadcasts broadcaster broadcasting stream streaming watch live "
              "highlights radio"),
        _words(r"tv|television|channel|broadcast|broadcasts|broadcaster|broadcasting|stream|streaming|"
               r"where can i watch|how can i watch|watch it|watch the game|live on|highlights|radio"),
        ("tv", "television", "tv channel", "broadcast", "broadcaster", "stream", "radio"),
        "The articles don't say where the game is shown.",
    ),
    Attribute(
        "referee",
        _cues("referee referees ref reffed reffing refereed refereeing officials officiate officiated var linesman"),
        _words(r"referee|referees|ref|reffed|reffing|refereed|refereeing|officials|officiate|officiated|var|linesman"),
        ("referee", "official", "officials", "var"),
        "The articles don't name the referee or officials.",
    ),
    Attribute(
        "attendance",
        _cues("attendance many crowd sold capacity"),
        _words(r"attendance|how many (?:fans|people|supporters|spectators)|crowd size|sold out|capacity"),
        ("attendance", "no fans", "capacity", "behind closed doors", "sold out"),
        "The articles don't give the attendance.",
        carried_format=re.compile(r"\d (?:fans|supporters|spectators)\b"),
    ),
    Attribute(
        "line-up",
        _cues("line lineup lineups starting team formation goal goalkeeper keeper goalie started starts start bench "
              "substitute substitutes subs substitution"),
        _words(r"line ?ups?|starting (?:xi|11|eleven|line ?up)|team sheet|formation|in goal|goalkeeper|keeper|"
               r"goalie|who (?:started|starts|will start|is starting)|bench|substitutes?|subs|substitution"),
        ("line up", "lineup", "starting", "started", "goalkeeper", "keeper", "formation", "xi", "bench",
         "substitute", "substitutes", "substitution"),
        "The articles don't give the line-ups.",
    ),
    Attribute(
        "match statistics",
        _cues("possession corner corners yellow red booked booking bookings sent foul fouls offside xg expected "
              "assist assists assisted man player motm captain skipper"),
        _words(r"possession|corners?|yellow cards?|red cards?|booked|booking|bookings|sent off|fouls?|offside|"
               r"xg|expected goals|assists?|assisted|man of the match|player of the match|motm|captain|skipper"),
        ("possession", "corner", "corners", "yellow card", "red card", "booked", "sent off", "foul", "fouls",
         "offside", "assist", "assists", "man of the match", "player of the match", "captain"),
        "The articles don't give that detail.",
    ),
    Attribute(
        "personal details",
        _cues("old age birthday born tall height married wife kids children nationality live lives reside resides "
              "hometown"),
        _words(r"how old|age|birthday|born|how tall|height|married|wife|kids|children|nationality|"
               r"where (?:does|do|did) (?:\w+ ){1,3}(?:live|reside)|resides?|hometown"),
        ("aged", "years old", "year old", "born", "birthday", "tall", "married", "lives", "hometown"),
        "The articles don't give personal details like that.",
    ),
    Attribute(
        "languages",
        _cues("speak speaks spoke speaking language languages fluent"),
        _words(r"(?:speaks?|spoke|speaking)(?! (?:about|on|to|of|after|before|with|at|out|up|for)\b)"
               r"|languages?|fluent"),
        ("speaks", "language", "languages", "fluent"),
        "The articles don't say what languages anyone speaks.",
    ),
    Attribute(
        "league table",
        _cues("points point table standings position"),
        _words(r"how many points|points? (?:behind|ahead|clear|adrift|off|gap|difference)|league (?:table|position|"
               r"standings?)|standings"),
        ("points", "table", "standings", "league position"),
        "The articles don't give league positions or points.",
    ),
    Attribute(
        "final",
        _cues("final finals"),
        _words(r"(?<!semi )(?<!quarter )(?<!semi-)(?<!quarter-)finals?"),
        (),
        "The articles mention no final like that; a semi-final or quarter-final is not the final.",
        carried_format=re.compile(r"(?<![a-z-])(?<!semi )(?<!quarter )finals?\b"),
        dated=True,
    ),
    Attribute(
        "future",
        _cues("next future summer"),
        _words(r"next (?:season|year|month)|in the future|(?:this|next) summer|"
               r"next (?:\w+ ){0,2}in the (?:premier )?league|"
               r"next (?:premier )?league (?:game|match|fixture|opponents?)"),
        ("next season", "next year", "next month", "summer"),
        "The articles were written before these ties were decided and say nothing about what comes next.",
    ),
)


class AttributeReader:
    """Per knowledge snapshot: which attributes each fact carries, and which a question asks."""

    def __init__(self, facts: Iterable[Fact], entities: dict[str, Entity],
                 attributes: tuple[Attribute, ...] = ATTRIBUTES) -> None:
        self.attributes = attributes
        self._cues = frozenset().union(*(a.cues for a in attributes))
        players = {e.id: e.team for e in entities.values()
                   if e.kind == "person" and e.role and _PLAYER_ROLE.search(e.role)}
        self._teams = frozenset(e.id for e in entities.values() if e.kind == "team")
        self.player_teams: dict[str, frozenset[str]] = {}
        """Per fact, the clubs of the players it names: "who scored for Liverpool" needs a Liverpool player."""
        # Single words are looked up in a set, phrases in the padded text: both once per fact.
        singles = [frozenset(c for c in a.carried if " " not in c) for a in attributes]
        phrases = [tuple(f" {c} " for c in a.carried if " " in c) for a in attributes]
        self.carried: dict[str, frozenset[str]] = {}
        self._dated: dict[str, tuple[str, int | None]] = {}
        """Per fact, its lower-cased text and its own year: what dates a detail it states."""
        for fact in facts:
            lowered = f"{fact.answer} {fact.quote or ''}".lower()
            self._dated[fact.id] = (lowered, fact.year)
            tokens = _WORD.findall(lowered)
            padded = f" {' '.join(tokens)} "
            token_set = frozenset(tokens)
            has_player = not players.keys().isdisjoint(fact.entities)
            self.player_teams[fact.id] = frozenset(team for e in fact.entities if (team := players.get(e)))
            self.carried[fact.id] = frozenset(
                a.name for a, single, phrase in zip(attributes, singles, phrases, strict=True)
                if (has_player or not a.needs_player)
                and (not single.isdisjoint(token_set) or any(p in padded for p in phrase)
                     or (a.carried_format is not None and a.carried_format.search(lowered) is not None))
            )

    def asked(self, *token_lists: Sequence[str]) -> list[Attribute]:
        """The attributes a question asks for, from its tokens as typed and as corrected.

        Both readings count: typo correction can turn a real word the facts never use into one
        they do ("pay" into "play"), and can also repair a misspelt "refree". Most questions
        share no cue word with any attribute and cost one set intersection.
        """
        out: list[Attribute] = []
        seen: set[tuple[str, ...]] = set()
        for tokens in token_lists:
            key = tuple(tokens)
            if key in seen or self._cues.isdisjoint(tokens):
                continue
            seen.add(key)
            text = " ".join(tokens)
            present = self._cues.intersection(tokens)
            for attribute in self.attributes:
                if attribute in out or attribute.cues.isdisjoint(present):
                    continue
                found = attribute.asked.search(text)
                if found is None:
                    continue
                if attribute.name == "scoreline" and found.group(0) == "score" and _verb_score(text, found.start()):
                    continue
                out.append(attribute)
        return out

    def side(self, attributes: list[Attribute], tokens: Sequence[str], named: Iterable[str]) -> frozenset[str] | None:
        """The one club whose players are asked about ("who scored for Liverpool"), or None.

        Only when the question names a single club and does not name it as the opponent
        ("who scored against Liverpool").
        """
        if not any(a.needs_player for a in attributes) or not _OPPOSED.isdisjoint(tokens):
            return None
        teams = frozenset(e for e in named if e in self._teams)
        return teams if len(teams) == 1 else None

    def dated(self, fact_ids: Iterable[str], attributes: list[Attribute], years: Sequence[int]) -> list[bool]:
        """For each fact, whether it states each dated attribute asked for one of the question's years.

        "Did Liverpool win the 2019 final" is not answered by last season's final: the fact must be
        dated to that year (a history fact of 2019), or say the year next to the final itself.
        """
        dated = [a for a in attributes if a.dated]
        if not dated or not years:
            return [True for _ in fact_ids]
        patterns = [[p for y in years if (p := _dated_pattern(a, y)) is not None] for a in dated]
        out: list[bool] = []
        for fact_id in fact_ids:
            text, year = self._dated.get(fact_id, ("", None))
            out.append(year in years or all(any(p.search(text) for p in ps) for ps in patterns))
        return out

    def carrying(self, fact_ids: Iterable[str], attributes: list[Attribute],
                 side: frozenset[str] | None = None) -> list[bool]:
        """For each fact, whether it states every asked attribute (about a player of `side`, if given)."""
        needed = frozenset(a.name for a in attributes)
        empty: frozenset[str] = frozenset()
        carried = self.carried
        if side is None:
            return [needed <= carried.get(fact_id, empty) for fact_id in fact_ids]
        player_teams = self.player_teams
        return [needed <= carried.get(fact_id, empty) and not side.isdisjoint(player_teams.get(fact_id, empty))
                for fact_id in fact_ids]


def _dated_pattern(attribute: Attribute, year: int) -> re.Pattern[str] | None:
    """The year next to the detail's own word in a fact's text: "the 2019 final", "the final in 2019"."""
    if attribute.carried_format is None:
        return None
    word = attribute.carried_format.pattern
    return re.compile(rf"\b{year}(?:-\d\d)?\s+(?:[\w-]+\s+){{0,3}}{word}|{word}\s+(?:in|of)\s+(?:the\s+)?{year}\b")


def _verb_score(text: str, start: int) -> bool:
    """Whether "score" at `start` is the verb ("if Atleti score", "did he score") rather than the result."""
    before = text[:start].split()[-2:]
    return not _SCORE_VERB_CONTEXT.isdisjoint(before)
