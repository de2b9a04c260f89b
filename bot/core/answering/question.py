"""A question as read: what the reader (`reading.QuestionReader`) hands every later stage.

Ranking, the gates, composing and the follow-ups read a `Question`; none of them reads the typed text
again. Kept apart from the reader so those stages depend on what a question is, not on how it is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from bot.core.answering.entities import Mentions
from bot.core.answering.intents import IntentScores
from bot.core.knowledge.models import LegName

__all__ = ["INHERITED_INTENT_SCORE", "QUOTED_WORDS", "Count", "Question"]

INHERITED_INTENT_SCORE = 0.6
"""The intent a follow-up inherits from the previous turn counts this much."""
QUOTED_WORDS = "zquotedz"
"""The one word a quoted phrase stands as where the question's frame is read (`Question.framed`): a phrase
someone said is one thing named, whatever its own words ("'in the world today'" asks of no time)."""


class Count(NamedTuple):
    """A count asked ("how many league titles"): the noun counted and the words qualifying it, as typed."""

    noun: str
    qualifiers: tuple[str, ...]
    """Words before the noun that say which of them are counted ("league" titles), names left out."""


@dataclass
class Question:
    """A question as the ranker sees it."""

    text: str
    tokens: list[str]
    stems: dict[str, float]
    unknown: list[str]
    corrected: int
    mentions: Mentions
    intents: IntentScores
    ties: frozenset[str] | None
    history_year: int | None
    foreign_years: list[int]
    people: list[str]
    teams: list[str]
    leg: LegName | None
    followup: bool = False
    inherited_intent: str | None = None
    previous_facts: tuple[str, ...] = ()
    named: tuple[str, ...] = ()
    """The entities this question itself names, before any are inherited from the previous turn."""
    raw_tokens: tuple[str, ...] = ()
    """The tokens as typed, before typo correction ("pay" is a word, not a typo for "play")."""
    guessed: frozenset[str] = frozenset()
    """Stems of the words read as typos of others: a guess, so never alone the evidence that a fact is
    about the question ("the royal palace" read as "the royal place" is not about a fact that "places" a game)."""
    opponents: tuple[str, ...] = ()
    """Clubs read from "the opponents" or "the opposing manager": each tie's side other than the usual one."""
    scoreline_named: bool = False
    """A leg's own scoreline ("the 3-1 game") names the tie: history that merely shares the score is not it."""
    game_scores: frozenset[str] = frozenset()
    """The scorelines of the ties' legs the question names, either way round ("in the 5-2"): the games it is
    about. A fact reporting another of those scorelines and not one of these tells of another game."""
    time_outside: bool = False
    """It asks about a time the articles cannot speak of ("the next game", "last night")."""
    other_sport: tuple[str, ...] = ()
    """The first phrase naming another sport or its competitions ("basketball", "formula one"), or none."""
    counted: Count | None = None
    """What "how many" asks to count, when the words after it name something."""
    tie_from_context: bool = False
    """The tie was filled in from the previous turn: history it recalls needs its own name, as for a year."""
    previous_details: tuple[str, ...] = ()
    """For a follow-up, the details the previous question asked for ("and for Liverpool?" after "who scored")."""
    previous_manager: bool = False
    """For a follow-up, whether the previous question asked for a club's manager."""
    compares: bool = False
    """It asks the same of every tie, to compare them ("in which tie were Madrid the holders")."""
    hypothetical: bool = False
    """It asks what would happen, or what was needed ("if they knock Madrid out"), not how things ended."""
    counted_from: bool = False
    """Its year is counted from another ("the year before the 2021 quarter-final"): the round or clubs it
    names are where it was counted from, not what it asks about."""
    again: bool = False
    """A follow-up asking nothing of its own ("and Simeone?"): the last question again, of what it names."""
    outcome_asked: bool = False
    """It asks whether a side came back or went through ("did they turn it around"), not how or when."""
    past_asked: bool = False
    """It asks about a club's past ("the only time they went out"): history the articles recall, not the tie's news."""
    aside: frozenset[int] = frozenset()
    """Where the phrases that are neither topic nor a kind of question stand ("managed to", "the year before")."""
    scoped: bool = False
    """A request for a story was put on a subject ("recap Madrid's form"): that subject is asked, its request
    words are no topic, and the answer may tell more of it than one fact (`composing`)."""
    at_that_moment: bool = False
    """It is set at the time of the tie (`tie_moments`: "at that point", "back then"): after an answer, that of the
    tie it told ("how many had they won at that point"), so a follow-up."""
    quoted: tuple[tuple[int, int], ...] = ()
    """Where the phrases the question quotes stand, as token spans (start, end): someone's words asked about
    ("who said 'the greatest talent in the world today'"), no frame of the question's own."""

    def framed(self, tokens: Sequence[str]) -> list[str]:
        """The question's tokens with each quoted phrase as one word (QUOTED_WORDS): what a detail's pattern reads.

        "Where did his 'easy way' line appear" asks where a line appeared; the line's words are what was
        said, not where or when anything is.
        """
        if not self.quoted:
            return list(tokens)
        out: list[str] = []
        at = 0
        for start, end in self.quoted:
            out.extend(tokens[at:start])
            out.append(QUOTED_WORDS)
            at = end
        out.extend(tokens[at:])
        return out

    def framed_at(self, position: int) -> int | None:
        """Where a token position stands in `framed` tokens; None inside a quoted phrase."""
        shift = 0
        for start, end in self.quoted:
            if position < start:
                break
            if position < end:
                return None
            shift += end - start - 1
        return position - shift

    @property
    def entities(self) -> list[str]:
        """Every entity the question names (or inherits from context)."""
        return self.mentions.entities

    @property
    def intent(self) -> tuple[str | None, float]:
        """The kind of question asked, and how strongly: its own best, or the previous turn's for a follow-up."""
        own = self.intents.best
        if self.inherited_intent is not None and own[0] != self.inherited_intent:
            return self.inherited_intent, max(own[1], INHERITED_INTENT_SCORE)
        return own

    @property
    def content_weight(self) -> float:
        """Total weight of the topic words, known or not."""
        return sum(self.stems.values())
