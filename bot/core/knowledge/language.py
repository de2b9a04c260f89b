"""The language questions are read in: word lists from `knowledge/language/<code>.yaml`, checked and compiled at load.

The answering code holds mechanisms (find a leg phrase, read a follow-up, match a detail's
pattern); which words play each part is data here, one file per language, so a curator can
extend it and another language is another file, not another copy of the code. The file is
validated by a strict model like every knowledge file, its phrase patterns are compiled to
regular expressions once, and every problem is reported as file · section or detail id · field.

A phrase pattern is a few words with a small syntax (documented in the file's header, for the
curators): `*` one word, `**` one to three words, `#` a number, `(a|b c)` alternatives, `?`
after a part makes it optional, and `!word` or `!(a|b)` first or last says which word may not
come just before or after. Patterns compile to regexes over words joined by single spaces with a
space after every word, so a word's end is always the space after it.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, Any, Literal

from babel.dates import format_date
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from bot.core.knowledge.discord_texts import (
    CommandText,
    DiscordLocale,
    check_commands,
    check_discord_locales,
    check_discord_texts,
)
from bot.core.knowledge.models import EntityKind, LegName, Slug, Text
from bot.core.text import Stemmer, normalize, tokenize

__all__ = [
    "CARD_SLOTS",
    "DEFAULT_LANGUAGE",
    "SHAPES",
    "TRANSLATING_SLOTS",
    "CardLabels",
    "Detail",
    "GoalSums",
    "Language",
    "PatternError",
    "PeopleRole",
    "ResultForm",
    "Translating",
    "compile_pattern",
    "read_language",
]

DEFAULT_LANGUAGE = "en"
"""The language questions are read in (the only one today)."""

SHAPES: dict[str, re.Pattern[str]] = {
    "scoreline": re.compile(r"(?<![\d-])\d{1,2}-\d{1,2}(?![\d-])"),
    "clock-time": re.compile(r"\d[:.]\d\d(?!\d)|\d ?[ap]m\b"),
    "calendar-date": re.compile(r"\d-\d\d-\d\d|\d (?:january|february|march|april|may|june|"
                                r"july|august|september|october|november|december)\b"),
    "currency": re.compile(r"[£€$]"),
}
"""Shapes that state a detail whatever the words around them, searched in a fact's lower-cased text.

A few named formats in code rather than patterns in the file: they are about digits and signs,
and the language file refers to them by name (`shape: clock-time`)."""

ShapeName = Literal["scoreline", "clock-time", "calendar-date", "currency"]
Word = Annotated[str, StringConstraints(min_length=1, max_length=60, strip_whitespace=True)]
Phrase = Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]

_WORD_CHARS = re.compile(r"^[\w'’-]+$")
_SYNTAX_CHARS = "'’-_*#()|?!"
_ANY_WORD = "[a-z0-9]+ "
_BOUNDARY = "(?<![a-z0-9])"
_ASIDE_CLAUSE = re.compile(r"([,;:()!?]|\.{2,})")
"""What ends a clause an aside about the asker may fill: "recap the 2020 tie, as a Kopite I missed it", "... the
horror" (an ellipsis, as chat types it)."""
QUESTION_SLOTS = frozenset({"speaker", "topic", "topic2", "team", "opponent", "leg", "year", "score", "venue",
                            "record", "when"})
"""What a draft question's template may name in braces; the drafter fills them from the draft."""


REPLY_KEYS: dict[str, frozenset[str]] = {
    "empty": frozenset({"ties"}),
    "year_not_covered": frozenset({"ties", "years"}),
    "time_not_covered": frozenset({"ties"}),
    "after_the_articles": frozenset({"ties"}),
    "not_quoted": frozenset({"names"}),
    "not_about": frozenset({"names"}),
    "says_nothing": frozenset({"words"}),
    "no_fact": frozenset(),
    "manager_not_named": frozenset({"club"}),
    "or": frozenset(),
    "depends_on_tie": frozenset(),
    "more_ties": frozenset({"count"}),
    "history": frozenset(),
    "tie_label": frozenset({"tie", "round", "year"}),
    "overview_heading": frozenset({"tie", "competition", "round", "season"}),
    "first_leg": frozenset({"leg"}),
    "second_leg": frozenset({"leg"}),
    "leg_won": frozenset({"winner", "loser", "score"}),
    "leg_drawn": frozenset({"home", "away", "score"}),
    "at_venue": frozenset({"venue"}),
    "on_date": frozenset({"date"}),
    "not_played": frozenset({"home", "away", "where", "when"}),
    "overview_all": frozenset({"count"}),
    "overview_met": frozenset({"club", "other", "count"}),
    "overview_line": frozenset({"tie", "round", "season", "first", "second"}),
    "tie_by_tie": frozenset(),
    "tie_by_tie_line": frozenset({"tie", "round", "year", "first"}),
    "what_did_say": frozenset({"person"}),
    "who_is": frozenset({"person"}),
    "recap": frozenset({"tie", "year"}),
    "as_question": frozenset({"question"}),
    "source": frozenset({"title", "date"}),
    "source_undated": frozenset({"title"}),
    "did_you_mean": frozenset(),
    "goals_total": frozenset({"count", "label", "story"}),
    "goals_total_one": frozenset({"count", "label", "story"}),
    "goals_for": frozenset({"club", "count", "label", "story"}),
    "goals_against": frozenset({"club", "count", "label", "story"}),
    "goals_across_total": frozenset({"count", "legs"}),
    "goals_across_for": frozenset({"club", "count", "legs"}),
    "goals_across_against": frozenset({"club", "count", "legs"}),
    "goals_across_line": frozenset({"label", "story", "count"}),
    "goals_needed": frozenset({"club", "label", "story", "deficit", "more"}),
    "goals_margin_across": frozenset({"club", "legs"}),
    "goals_margin_line": frozenset({"label", "story", "margin"}),
    "margin_behind": frozenset({"count"}),
    "margin_ahead": frozenset({"count"}),
    "margin_level": frozenset(),
    "goals_widest_lost": frozenset({"club", "count", "label", "story"}),
    "goals_widest_won": frozenset({"club", "count", "label", "story"}),
    "first_legs_none_lost": frozenset({"club", "legs"}),
    "first_legs_none_won": frozenset({"club", "legs"}),
    "first_legs_some_lost": frozenset({"club", "count", "legs"}),
    "first_legs_some_won": frozenset({"club", "count", "legs"}),
    "past_games": frozenset({"count"}),
    "people_listed": frozenset({"count"}),
}
"""The sentences the bot says in its own words, and the slots each may use: every language file has them all."""


class _Section(BaseModel):
    """Strict like the other knowledge models: right types, no unknown fields, immutable."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class _GoalSums(_Section):
    total: list[Phrase] = []
    scored: list[Phrase] = []
    conceded: list[Phrase] = []
    needed: list[Phrase] = []
    conditions: list[Phrase] = []
    second_legs: list[Phrase] = []
    margins: list[Phrase] = []
    widest: list[Phrase] = []
    any: list[Phrase] = []
    first_legs: list[Phrase] = []
    lost: list[Phrase] = []
    won: list[Phrase] = []


class _PeopleRole(_Section):
    held_by: list[Phrase] = Field(min_length=1)
    asked_by: list[Phrase] = Field(min_length=1)


class _PeopleLists(_Section):
    frame: list[Word] = []
    one_of: list[Phrase] = []
    roles: dict[Word, _PeopleRole] = {}


class _SpeakerVerbs(_Section):
    verbs: list[Word] = []
    by: list[Word] = []
    subject_after: bool = False


class _Followups(_Section):
    openers: list[Phrase]
    he: list[Word]
    they: list[Word]
    also_leaning: list[Word]
    pointers: list[Word]
    other: list[Word] = []
    asked_of_it: list[Word] = []
    """Nouns that ask for a detail of the last answer's event, not a topic of their own ("against which team?")."""
    stand_ins: list[Word] = []
    """Words standing for what the last question asked about ("and the 2021 one?"): no topic of their own."""
    opponent_asks: list[Word] = []
    """With "who", the other side of the game the last answer told ("who was it against?"): no person asked."""
    asked_of_him: list[Word] = []
    """With nothing else named, a detail of the person the last answer told ("what position?")."""
    others: list[Word] = []
    """With "who", the others the last answer's facts name besides its person ("who else?")."""


class _SecondLegMoment(_Section):
    second: list[Word]
    before: list[Phrase]
    skip: list[Word]
    verbs: list[Word] = []
    halfway: list[Phrase] = []


class _Asides(_Section):
    openers: list[Phrase] = []
    anywhere: list[Phrase] = []


class _Meetings(_Section):
    verbs: list[Phrase] = []
    within: list[Phrase] = []


class _CardParts(_Section):
    tie: list[Phrase] = []
    leg: list[Phrase] = []


class _ResultForm(_Section):
    openers: list[Phrase] = Field(min_length=1)
    closers: list[Phrase] = []
    whole_tie_only: bool = False


class _ResultQuestion(_Section):
    lead_ins: list[Word]
    determiners: list[Word]
    forms: list[_ResultForm] = Field(min_length=1)
    not_topic: list[Word]
    fared: list[Phrase] = []


class _OutcomeQuestion(_Section):
    yes_no: list[Phrase] = []
    who: list[Phrase] = []
    verbs: list[Phrase] = Field(min_length=1)
    unmarked: bool = False
    ever: list[Phrase] = []


class _Roles(_Section):
    manager_words: list[Word]
    owner_links: list[Word]
    manager_roles: list[Phrase]
    player_roles: list[Phrase]
    opposing_words: list[Word]
    side_words: list[Word] = []
    side_links: list[Phrase] = []


class _Verb(_Section):
    word: Word
    after: list[Word] = Field(min_length=1)


class _Detail(_Section):
    id: Slug
    cues: list[Word] = Field(min_length=1)
    asked: list[Phrase] = Field(min_length=1)
    states: list[Phrase]
    shape: ShapeName | None = None
    needs_player: bool = False
    dated: bool = False
    one_leg: bool = False
    of_tie: bool = False
    result: bool = False
    after_the_articles: bool = False
    of_club: bool = False
    asked_of_person: bool = False
    before_club: list[Phrase] = []
    names: list[EntityKind] = []
    verb: _Verb | None = None
    condition: list[Word] = []
    of_past_game: list[LegName] = []
    reply: Text


class _DraftQuestions(_Section):
    """Question templates for each kind of draft the drafter writes (its `asked_as`)."""

    quote: list[Phrase] = Field(min_length=3)
    score: list[Phrase] = Field(min_length=3)
    prediction: list[Phrase] = Field(min_length=3)
    history: list[Phrase] = Field(min_length=3)
    record: list[Phrase] = Field(min_length=3)
    date: list[Phrase] = Field(min_length=3)
    venue: list[Phrase] = Field(min_length=3)


Label = Annotated[str, StringConstraints(min_length=1, max_length=120, strip_whitespace=True)]


class CardLabels(_Section):
    """The words on the tie card (the picture of a tie), in this language; `{slot}`s are filled from the data."""

    heading: Label
    versus: Label
    first_leg: Label
    second_leg: Label
    played: Label
    fixture: Label
    where: Label
    not_played: Label
    venue_unknown: Label
    date_unknown: Label
    date: Label
    months: list[Label] = Field(min_length=12, max_length=12)
    aggregate: Label
    aggregate_leads: Label
    aggregate_ahead: Label
    aggregate_level: Label
    aggregate_none: Label
    quote: Label
    speaker: Label
    speaker_role: Label
    key_fact: Label
    source: Label
    source_undated: Label


CARD_SLOTS: dict[str, frozenset[str]] = {
    "heading": frozenset({"competition", "round", "season"}),
    "date": frozenset({"day", "month", "year"}),
    "played": frozenset({"home", "score", "away"}),
    "fixture": frozenset({"home", "away"}),
    "where": frozenset({"venue", "date"}),
    "quote": frozenset({"quote"}),
    "speaker": frozenset({"name"}),
    "speaker_role": frozenset({"name", "role"}),
    "aggregate_leads": frozenset({"team", "score"}),
    "aggregate_ahead": frozenset({"team", "score"}),
    "aggregate_level": frozenset({"score"}),
    "source": frozenset({"title", "date"}),
    "source_undated": frozenset({"title"}),
}
"""The slots each card label may name (the card fills them from ties.yaml, the entities and the article); the
other labels are plain words."""


class Translating(_Section):
    """How a fact's answer is written in a language other than the default (`translations` in the facts files).

    A quote stays in the words it was given in, followed by its rendering in this language marked
    by `quote_translation`; `knowledge check` holds every translated answer to that. The drafter
    cannot translate, so a draft's answer in this language holds `pending` where words are missing,
    and a draft is not approved while it does.
    """

    quote_translation: Label
    """The mark after a quote's own words: its rendering in {text} ("(Traducción: «{text}»)")."""
    pending: Label
    """Stands where the drafter could not write this language's words; approval needs it gone."""
    draft_quote: Label
    """A drafted quote's answer before the rendering: {speaker} and the verbatim {quote}."""
    draft_answer: Label
    """Any other draft's answer: {pending} and the default language's {answer}, to translate in place."""


TRANSLATING_SLOTS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "quote_translation": (frozenset({"text"}), frozenset({"text"})),
    "pending": (frozenset(), frozenset()),
    "draft_quote": (frozenset({"speaker", "quote"}), frozenset({"quote"})),
    "draft_answer": (frozenset({"pending", "answer"}), frozenset({"pending"})),
}
"""Each `translating` entry's allowed slots, and the ones it must name."""


class _RoundAims(_Section):
    needs: list[Phrase] = []
    links: list[Phrase] = []
    besides: list[Phrase] = []


class _LanguageFile(_Section):
    code: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
    name: Text
    stemmer: Word
    irregular_verbs: dict[Word, Word]
    stopwords: list[Word]
    plain_words: list[Word]
    synonyms: list[Annotated[list[Phrase], Field(min_length=2)]]
    legs: dict[LegName, list[Phrase]]
    leg_nouns: list[Word]
    event_words: list[Word]
    opponent_words: list[Word]
    telling_words: list[Word] = []
    followups: _Followups
    second_leg_moment: _SecondLegMoment
    result_question: _ResultQuestion
    roles: _Roles
    year_links: list[Phrase]
    shorthand: dict[Word, Phrase] = {}
    idioms: dict[Phrase, Phrase] = {}
    count_nouns: list[Word] = []
    count_asks: list[Phrase] = []
    scoreline_counts: list[Word] = []
    named_counts: list[Word] = []
    count_times: list[Word] = []
    list_links: list[Phrase] = []
    list_skip: list[Word] = []
    passing_asks: list[Phrase] = []
    speaker_verbs: _SpeakerVerbs = _SpeakerVerbs()
    list_asks: list[Word] = []
    year_counts: list[Word] = []
    verb_endings: list[Word] = []
    count_noun_first: bool = False
    count_links: list[Phrase] = []
    number_labels: list[Word] = []
    place_links: list[Word] = []
    place_nouns: list[Word] = []
    possessive_endings: list[Word] = []
    relative_years: dict[int, list[Phrase]] = {}
    time_outside: list[Phrase] = []
    other_sports: list[Phrase] = []
    hypothetical: list[Phrase] = []
    requests: list[Phrase] = []
    helpers: list[Phrase] = []
    tie_moments: list[Phrase] = []
    past_asks: list[Phrase] = []
    viewpoints: list[Phrase] = []
    whole_tie: list[Phrase] = []
    including: list[Phrase] = []
    including_marks: list[str] = []
    card_parts: _CardParts = _CardParts()
    meetings: _Meetings = _Meetings()
    attributions: list[Phrase] = []
    asides: _Asides = _Asides()
    outcome_question: _OutcomeQuestion | None = None
    replies: dict[str, Text]
    locale: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(_[A-Z]{2})?$")] | None = None
    rounds: dict[Text, Text] = {}
    round_order: list[list[Phrase]] = []
    round_aims: _RoundAims = _RoundAims()
    frame_words: list[Word] = []
    generic_words: list[Word] = []
    question_words: list[Word] = []
    compare_ties: list[Phrase] = []
    goal_sums: _GoalSums = _GoalSums()
    past_game_lists: list[Phrase] = []
    people_lists: _PeopleLists = _PeopleLists()
    details: list[_Detail] = Field(min_length=1)
    number_words: dict[Word, Annotated[int, Field(ge=0)]]
    draft_questions: _DraftQuestions
    card: CardLabels
    translating: Translating | None = None
    discord: dict[str, Text]
    discord_locales: list[DiscordLocale] = []
    commands: dict[str, CommandText] = {}


@dataclass(frozen=True, slots=True)
class PeopleRole:
    """A role whose holders a question may ask for all at once ("which managers", "the two correspondents").

    `held_by`: words in a person's role (entities.yaml) that make them hold it ("coach"); `asked_by`:
    phrases asking for everyone holding it (plurals, "both managers"), so a singular asks for one person.
    """

    name: str
    held_by: tuple[tuple[str, ...], ...]
    asked_by: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Detail:
    """One detail fans ask for (a kick-off time, the scorers...), compiled from the language file."""

    id: str
    cues: frozenset[str]
    """Words of which every way of asking holds one: only then is `asked` searched."""
    asked: re.Pattern[str]
    """Searched in the question's words, each followed by one space."""
    states_words: frozenset[str]
    """Single words that state the detail, looked up in a fact's word set."""
    states_phrases: tuple[str, ...]
    """Plain phrases that state it, padded with spaces, searched in a fact's padded words."""
    states_pattern: re.Pattern[str] | None
    """The patterned `states` entries, searched in a fact's padded words."""
    states_any: str | None
    """Every `states` entry as one regex source, for finding a year next to the detail."""
    shape: re.Pattern[str] | None
    """A shape (`SHAPES`) that also states it, searched in the fact's lower-cased text."""
    reply: str
    needs_player: bool = False
    dated: bool = False
    one_leg: bool = False
    """Told of one leg at a time (its day, its ground): a fact that also names another leg does not say it
    of the leg asked ("the 3-1 first-leg deficit to overcome at Anfield" is not where the first leg was)."""
    of_tie: bool = False
    """Told of a tie as a whole (its round): asked of one leg ("what round was the second leg", or a leg a
    follow-up inherits), a fact of the tie states it though it names no leg."""
    result: bool = False
    """What a game's playing decides (its score, its scorers): asked of a leg not played when the articles were
    written, the articles cannot know it."""
    after_the_articles: bool = False
    """What came after the articles (the round after a tie, a season's winner): an overview of the tie is no
    answer, and when no fact states it the decline says the articles came before it."""
    of_club: bool = False
    """Told of one club (its shots, its place in the table): asked of a club, a fact states it only of the club
    its words put it to, the one named right after the stating words ("relegation-threatened Bournemouth")
    or else the first club it names ("Liverpool failed to register a shot on target against Atlético")."""
    asked_of_person: bool = False
    """Asked only when the question names a person: "did Salah score" asks for a scorer, "did Liverpool
    score" for the score."""
    before_club: tuple[tuple[str, ...], ...] = ()
    """Phrases that ask for it right before a club the question names, when it names a person too: "is Salah
    off to PSG" asks about a move."""
    verb: str | None = None
    """A word that is also a verb: alone, right after one of `verb_after`, it asks for nothing."""
    verb_after: frozenset[str] = frozenset()
    condition: frozenset[str] = frozenset()
    """Words that open a condition ("if", "unless"): the asking words right after one (within four words) state
    the condition the question is put under ("how many would they need if Atleti scored at Anfield"), not
    what it asks."""
    names: frozenset[str] = frozenset()
    """Kinds of entity (entities.yaml) whose name also states it: a venue named states where a game was."""
    of_past_game: frozenset[str] = frozenset()
    """Legs whose name alone asks for it of a past game the question names (a club of no tie, a year of history):
    "ajax v madrid 2019 agg?" asks that game's aggregate score, which a fact only naming the game does not give."""

    @property
    def name(self) -> str:
        """The detail's id (the name used in decline reasons)."""
        return self.id


@dataclass(frozen=True, slots=True)
class GoalSums:
    """Words asking for goals worked out from the legs' scores (ties.yaml), not read from one fact's words.

    A goal count holding a `total` phrase asks for both sides' goals; a club's with `scored` or
    `conceded` asks for its goals or the other side's; `needed` asks what a side behind needed in
    the second leg. A question holding a `conditions` phrase ("if they score") asks what someone
    said would follow, which only a fact states. Over several ties, `margins` ask each first leg's
    margin, and `widest` with `lost` or `won` the first leg a club lost or won by the most.
    """

    total: tuple[tuple[str, ...], ...] = ()
    scored: tuple[tuple[str, ...], ...] = ()
    conceded: tuple[tuple[str, ...], ...] = ()
    needed: tuple[tuple[str, ...], ...] = ()
    conditions: tuple[tuple[str, ...], ...] = ()
    second_legs: tuple[tuple[str, ...], ...] = ()
    margins: tuple[tuple[str, ...], ...] = ()
    """With a goal count over several ties, each first leg's margin ("how many goals behind were they")."""
    widest: tuple[tuple[str, ...], ...] = ()
    """With `lost` or `won` and a club, the first leg it lost (or won) by the most ("lost the worst")."""
    any: tuple[tuple[str, ...], ...] = ()
    """With `first_legs`, `lost` or `won` and a club, whether it lost (or won) any first leg ("did they win any")."""
    first_legs: tuple[tuple[str, ...], ...] = ()
    lost: tuple[tuple[str, ...], ...] = ()
    won: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class ResultForm:
    """One way of asking how a game went: the openers, then the game, then (optionally) a closer."""

    openers: tuple[tuple[str, ...], ...]
    closers: tuple[tuple[str, ...], ...]
    whole_tie_only: bool = False
    """Read only of a whole tie ("where's the Atleti tie at"): its story; of one game it asks its ground."""


@dataclass(frozen=True, eq=False)
class Language:
    """A language file, folded to the words the bot compares and compiled: one per knowledge snapshot."""

    code: str
    name: str
    stemmer: Stemmer
    stopwords: frozenset[str]
    plain_words: frozenset[str]
    synonyms: tuple[tuple[str, ...], ...]
    """Groups of interchangeable words, as written (the index folds and stems them)."""
    legs: Mapping[tuple[str, ...], LegName]
    leg_nouns: frozenset[str]
    event_words: frozenset[str]
    opponent_words: frozenset[str]
    telling_words: frozenset[str]
    """Verbs saying where something is told ("the comeback Klopp mentioned"): light topic words, not none."""
    followup_openers: tuple[str, ...]
    he: frozenset[str]
    they: frozenset[str]
    also_leaning: frozenset[str]
    pointers: frozenset[str]
    other: frozenset[str]
    """"The other leg" after a question about one leg is the other one."""
    asked_of_it: frozenset[str]
    """With nothing else named, a question asking only these and kinds of question is about the last answer."""
    stand_ins: frozenset[str]
    """In a follow-up, words standing for what the last question asked about ("the 2021 one"): not topic words."""
    opponent_asks: frozenset[str]
    """In a follow-up read as asking for a person, words asking instead for the other side of the game told."""
    asked_of_him: frozenset[str]
    """In a follow-up naming no one, words asking a detail of the last answer's person, as "his" would."""
    others: frozenset[str]
    """In a follow-up asking who, the people the last answer's facts name other than its own person."""
    moment_second: frozenset[str]
    moment_before: tuple[tuple[str, ...], ...]
    moment_skip: frozenset[str]
    moment_verbs: frozenset[str]
    """Verbs of the moment ("going" into, "llegando" a the second leg): when, not what, is asked."""
    moment_halfway: tuple[tuple[str, ...], ...]
    """The tie's halfway point named with no leg ("the agg going in"): the aggregate then is the first leg's score."""
    result_lead_ins: frozenset[str]
    result_determiners: frozenset[str]
    result_forms: tuple[ResultForm, ...]
    result_not_topic: tuple[str, ...]
    result_fared: tuple[tuple[str, ...], ...]
    """How a side did, asked with no game named ("how did Liverpool do against Madrid"): the ties' story."""
    manager_words: frozenset[str]
    owner_links: frozenset[str]
    manager_roles: tuple[tuple[str, ...], ...]
    player_roles: tuple[tuple[str, ...], ...]
    opposing_words: frozenset[str]
    side_words: frozenset[str]
    """Right after a club, name its players or its own figures as what is asked ("which Liverpool players")."""
    side_links: tuple[tuple[str, ...], ...]
    """Between a side word and the club after it ("jugadores del Liverpool"): that club is the side asked about."""
    year_links: tuple[tuple[str, ...], ...]
    details: tuple[Detail, ...]
    shorthand: Mapping[str, tuple[str, ...]]
    """A typed word to the words it stands for ("h2h" -> head to head), read before anything else."""
    idioms: Mapping[tuple[str, ...], tuple[str, ...]]
    """A fans' phrase to the plainer one it means ("on the line" -> at stake), read right after shorthand:
    its words are then no topic of their own ("line" is no line of a caption)."""
    count_nouns: frozenset[str]
    """Nouns a two-digit number counts ("21 goals"): it is then not a year."""
    count_asks: tuple[tuple[str, ...], ...]
    """Phrases asking for a count ("how many"): the words after one, up to a stopword, are what is counted."""
    scoreline_counts: frozenset[str]
    named_counts: frozenset[str]
    count_times: frozenset[str]
    list_links: tuple[tuple[str, ...], ...]
    """Words joining names in a list ("Barcelona, Roma and Deportivo"): a name so joined is only listed."""
    list_skip: frozenset[str]
    """Articles a list may put before each name ("el Barcelona, la Roma y el Deportivo")."""
    speaker_verbs: frozenset[str]
    """Verbs asking for someone's words only when a person is their subject ("how did Klopp describe the
    task"); with an article or no one as subject, or opening the request ("describe the 2023 tie"), they
    only ask to hear about something, as "tell me about" does."""
    speaker_by: frozenset[str]
    """Words putting the subject after such a verb ("described by Klopp")."""
    speaker_after: bool
    """Whether the subject may come right after such a verb ("cómo describió Klopp la eliminatoria")."""
    passing_asks: tuple[tuple[str, ...], ...]
    """Phrases asking who a club played or when ("who was it against", "what year"): a fact only listing the
    club among others tells nothing of that."""
    list_asks: frozenset[str]
    """Words asking for the list itself ("which teams", "who else"): a club listed in it is then an answer."""
    """Words a number counts occasions with ("a sixth time"): a count of titles may be told so."""
    """What only a fact naming it counts ("titles"): a number beside other words counts something else."""
    """What a scoreline counts ("goals"): asked to count anything else, a fact's "1-0" states no number of it."""
    year_counts: frozenset[str]
    """What a year counts ("how many years before"): a fact's year states it (the rest is arithmetic)."""
    verb_endings: tuple[str, ...]
    """Endings of verb forms ("ended"): after "how many", one says what they did, not what is counted."""
    count_noun_first: bool
    """The noun counted comes right after the count phrase ("cuántos goles marcó"), not last ("how many league
    goals")."""
    count_links: tuple[tuple[str, ...], ...]
    """After a noun that comes first, words joining one qualifying it ("títulos de liga")."""
    number_labels: frozenset[str]
    """Nouns a number after them labels ("minute 21", "minuto 21"): it is then not a year."""
    place_links: frozenset[str]
    """Words before a place ("lost in Madrid"): a bare club name after one, ending the phrase, is the city."""
    place_nouns: frozenset[str]
    """Nouns a place names right before them ("the Madrid leg"): a bare club name before one is the city."""
    possessive_endings: frozenset[str]
    """Endings a possessive typed without its apostrophe adds to a name ("liverpools keeper", "klopps words"):
    the name with one is the name (English "s"; Spanish has none)."""
    relative_years: Mapping[tuple[str, ...], int]
    """Phrases of relative time ("the year before") and their offset in years from the tie meant."""
    time_outside: tuple[tuple[str, ...], ...]
    """Times the articles cannot speak of ("next game", "last night")."""
    other_sports: tuple[tuple[str, ...], ...]
    """Other sports and their competitions ("basketball", "formula one", "nba"): a question naming one is not
    about these football ties, whatever club or city it shares with them."""
    hypothetical: tuple[tuple[str, ...], ...]
    """Phrases making a question hypothetical ("if", "had to"): not asking how a tie ended."""
    requests: tuple[tuple[str, ...], ...]
    """Phrases asking the bot to tell ("could you tell me"): their "tell" or "say" is no quote asked for."""
    tie_moments: tuple[tuple[str, ...], ...]
    """Phrases setting a question in the tie ("when we played them", "at the time"): no date or line-up asked."""
    helpers: tuple[tuple[str, ...], ...]
    """Phrases saying only that a side managed what the verb after them says ("managed to"): no manager asked."""
    past_asks: tuple[tuple[str, ...], ...]
    """Phrases asking about a club's past ("the only time", "ever", "went out"): history the articles recall
    answers them before the tie's own news."""
    viewpoints: tuple[tuple[str, ...], ...]
    """Phrases naming someone's view ("perspective", "point of view"): a person's is what they said, a club's
    frames a request for its tie's story."""
    whole_tie: tuple[tuple[str, ...], ...]
    """Phrases naming a tie as a whole ("the tie", "from the first leg onwards"): a leg named beside one is where
    its story starts, not the one game asked about."""
    including: tuple[tuple[str, ...], ...]
    """Phrases adding a subject to a request for a story ("a rundown of the preview, including the tips"): the
    tie's legs are told before that subject."""
    including_marks: tuple[str, ...]
    """Signs typed to add a subject to a request for a story ("a recap of the Madrid quarter-final + the tips"), as
    `including` does in words; the tokens drop them, so they are looked for in the question as typed."""
    card_tie_parts: tuple[tuple[str, ...], ...]
    """Phrases naming a part of a tie's card told of the tie as a whole (its round)."""
    card_leg_parts: tuple[tuple[str, ...], ...]
    """Phrases naming a part of a tie's card told of each leg (its score, ground, date): asked with the round,
    or of two legs, and nothing else, of a tie the question names, they ask for the card (the tie's overview)."""
    meeting_verbs: tuple[tuple[str, ...], ...]
    """Verbs of clubs meeting ("met", "faced", "played"): how many times they met within the ties
    (`meetings_within`: "across these ties") is told by the ties between them, one line each."""
    meetings_within: tuple[tuple[str, ...], ...]
    """Phrases placing a count of meetings within the ties the articles preview ("in these ties"), not history."""
    attributions: tuple[tuple[str, ...], ...]
    """Phrases saying whose view is asked ("in his view", "in his opinion"): no topic, nor a kind of question."""
    outcome_yes_no: tuple[tuple[str, ...], ...]
    """Openers of a yes/no question ("did"): with an outcome verb later in it, it asks how a tie ended."""
    outcome_who: tuple[tuple[str, ...], ...]
    """Openers asking which side ("who"): right before an outcome verb, they ask how a tie ended."""
    outcome_verbs: tuple[tuple[str, ...], ...]
    outcome_unmarked: bool
    """A yes/no question needs no opener ("¿remontó el Liverpool?", "¿el Liverpool remontó?"): an outcome
    verb with no question word before it in the clause asks it."""
    """Verb phrases of how a tie ended ("come back", "go through"), asked by the openers above."""
    outcome_ever: tuple[tuple[str, ...], ...]
    """Phrases putting a side's coming back in its past ("have they ever come back"): no tie's ending."""
    replies: Mapping[str, str]
    """What the bot says in its own words (`REPLY_KEYS`), with {slots}: see `say`."""
    locale: str
    """The locale dates and numbers are written in (Babel's: "en_GB", "es")."""
    rounds: Mapping[str, str]
    """A tie's round (as ties.yaml writes it) in this language: "round of 16" -> "octavos de final"."""
    round_order: Mapping[tuple[str, ...], int]
    """A knockout round's phrases to its place in a season, earliest first ("quarter final" after "last 16")."""
    round_needs: tuple[tuple[str, ...], ...]
    """Words asking what a side needed ("need", "had to"): with a round as the aim, a need the previews state."""
    round_aim_links: tuple[tuple[str, ...], ...]
    """Words right before a round that make it the aim ("to reach the semis"), not an event asked about."""
    round_set_aside: tuple[tuple[str, ...], ...]
    """Words right before a round that set it aside ("at stake besides the semi"): what else is asked, not it."""
    frame_words: frozenset[str]
    """Words asking to hear about something without saying what ("discuss", "info")."""
    generic_words: frozenset[str]
    """Words of any topic at all ("way", "good", "thing"): a fact sharing only these with a question is not about
    what it asks ("the cheapest way to fly" and a quote about doing things "the easy way")."""
    question_words: frozenset[str]
    """Interrogatives ("where", "when"): compared when a question is matched with taught questions."""
    compare_ties: tuple[tuple[str, ...], ...]
    """Phrases asking the same of every tie ("in which tie", "which of the three ties")."""
    number_words: Mapping[str, int]
    """Numbers written as words ("three" -> 3), folded: what an answer's words state, for the grounding check."""
    draft_questions: Mapping[str, tuple[str, ...]]
    """Per kind of draft, question templates with `QUESTION_SLOTS` ("what did {speaker} say about {topic}")."""
    card: CardLabels
    """The tie card's words, its labels' slots checked against `CARD_SLOTS`."""
    translating: Translating | None = None
    """How facts' answers are written in this language; None only for the default language's file."""
    discord: Mapping[str, str] = field(default_factory=dict)
    """What the bot says on Discord around an answer (`discord_texts.DISCORD_KEYS`), with {slots}."""
    discord_locales: tuple[str, ...] = ()
    """Discord client languages ("es-ES") whose slash commands are answered in this language."""
    commands: Mapping[str, CommandText] = field(default_factory=dict)
    """Slash commands' names and descriptions in this language, by English qualified name ("facts explain")."""
    goal_sums: GoalSums = GoalSums()
    """Words asking for goals worked out from the legs' scores (`bot.core.answering.computing`)."""
    past_game_lists: tuple[tuple[str, ...], ...] = ()
    """Phrases asking for every past game of a kind ("every", "list all"): `bot.core.answering.listing`."""
    people_lists: tuple[PeopleRole, ...] = ()
    """Roles whose holders a question may ask for all at once: `bot.core.answering.people`."""
    people_list_frame: frozenset[str] = frozenset()
    """Words that only frame a question asking for everyone of a role ("across", "named"): no topic of it."""
    people_one_of: tuple[tuple[str, ...], ...] = ()
    """Phrases before a role's holders asking for one of them ("which of the two correspondents", "either of the
    experts"): whose words answer, not each holder's in a line."""
    aside_openers: tuple[tuple[str, ...], ...] = ()
    """Phrases opening a clause about who asks, not what ("as a Madrid fan", "I am a Reds fan and …")."""
    aside_anywhere: tuple[tuple[str, ...], ...] = ()
    """Phrases opening such an aside wherever they stand in a clause ("asking as a Kopite")."""

    def say(self, key: str, **slots: object) -> str:
        """One of the bot's own sentences in this language, its {slots} filled in.

        A count of one takes the sentence's `_one` form where the file has one ("1 goal", not "1 goals").
        """
        if slots.get("count") == 1 and f"{key}_one" in self.replies:
            key = f"{key}_one"
        return self.replies[key].format(**slots)

    def round_name(self, round_: str) -> str:
        """A tie's round in this language (as ties.yaml writes it when the file gives no other)."""
        return self.rounds.get(round_, round_)

    def long_date(self, day: dt.date) -> str:
        """A date written out in this language: "15 March 2023", "15 de marzo de 2023"."""
        return format_date(day, format="long", locale=self.locale)

    def stem(self, word: str) -> str:
        """A word's stem in this language (irregular forms first), cached."""
        return self.stemmer.stem(word)

    def expand(self, tokens: list[str]) -> list[str]:
        """Fans' shorthand and idioms read as the plainer words they stand for, before anything else.

        "h2h" is "head to head"; "what was on the line" is "what was at stake", so an idiom's words
        weigh as what it means, not as topics of their own. The longest idiom at each place wins.
        """
        shorthand = self.shorthand
        if not shorthand.keys().isdisjoint(tokens):
            tokens = [word for token in tokens for word in shorthand.get(token, (token,))]
        starts = self._idiom_lengths
        if starts.keys().isdisjoint(tokens):
            return tokens
        idioms = self.idioms
        out: list[str] = []
        done = 0  # the tokens before this are in `out`, as typed or as the idiom they were part of
        end = len(tokens)
        for i, token in enumerate(tokens):
            if i < done or token not in starts:
                continue
            for n in starts[token]:  # longest first
                if n <= end - i and (found := tuple(tokens[i:i + n])) in idioms:
                    out += tokens[done:i]
                    out += idioms[found]
                    done = i + n
                    break
        out += tokens[done:]
        return out

    @cached_property
    def people_list_starts(self) -> frozenset[str]:
        """The words the people lists' asking phrases start with: a question holding none asks for no role's holders.

        Kept once per language: hashing the roles for a cache on every question cost more than the lookup.
        """
        return frozenset(phrase[0] for role in self.people_lists for phrase in role.asked_by)

    def without_asides(self, norm: str, tokens: list[str] | None = None) -> str:
        """A normalised question without its clauses about who asks ("…, asking as a Madridista").

        A clause (between `,;:()!?`) opening with one of `aside_openers` (after shorthand: "im a" is "i am
        a") is left out whole; from one of `aside_anywhere` on, the rest of its clause is. Never the whole
        question: an aside is beside what is asked, and a question made only of one is read as typed.
        `tokens` are `tokenize(norm)` when the caller has them (the reader does).
        """
        starts = self._aside_starts
        if tokens is None:
            tokens = tokenize(norm)
        if not starts or starts.isdisjoint(tokens) or not self._may_hold_aside(tokens):
            return norm
        parts = _ASIDE_CLAUSE.split(norm)  # clauses at even places, the marks between them at odd ones
        cut = False
        openers, anywhere = self._aside_openers_from, self._aside_anywhere_from
        for place in range(0, len(parts), 2):
            words = self.expand(tokenize(parts[place]))
            if words and any(tuple(words[:len(p)]) == p for p in openers.get(words[0], ())):
                cut, parts[place] = True, ""
                continue
            at = next((i for i, word in enumerate(words) if word in anywhere
                       and any(tuple(words[i:i + len(p)]) == p for p in anywhere[word])), None)
            if at is not None:
                cut, parts[place] = True, " ".join(words[:at])
        if not cut:
            return norm
        kept = " ".join("".join(parts).split())
        return kept if tokenize(kept) else norm

    def _may_hold_aside(self, tokens: list[str]) -> bool:
        """Whether some aside phrase has all its words among the question's, as typed or after shorthand and idioms.

        If none has, no clause can hold one (the clauses hold the question's words between them), and the
        clauses need not be expanded one by one: most questions hold an aside's first word ("the", "as")
        and no aside.
        """
        words = set(tokens)
        shorthand = self.shorthand
        if not shorthand.keys().isdisjoint(words):
            words.update(word for token in tokens for word in shorthand.get(token, ()))
        idioms = self._idiom_words
        if not idioms.keys().isdisjoint(words):
            words.update(*[plain for first in idioms.keys() & words for need, plain in idioms[first] if need <= words])
        needs = self._aside_words
        return any(need <= words for word in needs.keys() & words for need in needs[word])

    @cached_property
    def _aside_words(self) -> Mapping[str, tuple[frozenset[str], ...]]:
        """Each aside phrase's words, filed under its first word: what a question must hold to hold that phrase."""
        return {word: tuple(frozenset(p) for p in phrases)
                for word, phrases in _by_first_word((*self.aside_openers, *self.aside_anywhere)).items()}

    @cached_property
    def _idiom_words(self) -> Mapping[str, tuple[tuple[frozenset[str], tuple[str, ...]], ...]]:
        """Each idiom's words and the words it is read as, filed under its first word.

        An idiom whose words a question holds may bring the words it is read as.
        """
        return {word: tuple((frozenset(idiom), self.idioms[idiom]) for idiom in idioms)
                for word, idioms in _by_first_word(self.idioms).items()}

    @cached_property
    def _aside_starts(self) -> frozenset[str]:
        """The asides' first words, as typed or as shorthand for them: a question holding none has no aside."""
        firsts = {p[0] for p in (*self.aside_openers, *self.aside_anywhere)}
        return frozenset(firsts | {short for short, long in self.shorthand.items() if long and long[0] in firsts})

    @cached_property
    def _aside_openers_from(self) -> Mapping[str, tuple[tuple[str, ...], ...]]:
        """`aside_openers` by first word: a clause is checked only against those its first word opens."""
        return _by_first_word(self.aside_openers)

    @cached_property
    def _aside_anywhere_from(self) -> Mapping[str, tuple[tuple[str, ...], ...]]:
        """`aside_anywhere` by first word: each word of a clause is checked only against the phrases it opens."""
        return _by_first_word(self.aside_anywhere)

    @cached_property
    def _idiom_lengths(self) -> Mapping[str, tuple[int, ...]]:
        """Each idiom's first word to the lengths of the idioms it opens, longest first.

        A question holding none of those words reads as typed; at a word opening some, its words are looked
        up in `idioms` at those lengths only, the longest that fits first, as every idiom was once tried
        there for the longest (one lookup a length, not a comparison an idiom).
        """
        return {word: tuple(sorted({len(p) for p in phrases}, reverse=True))
                for word, phrases in _by_first_word(self.idioms).items()}


def _by_first_word(phrases: Iterable[tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Non-empty phrases filed under their first word, in their given order."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        out.setdefault(phrase[0], []).append(phrase)
    return {word: tuple(found) for word, found in out.items()}


class PatternError(ValueError):
    """A phrase pattern that cannot be compiled; the message says what is wrong, in the curator's terms."""


@dataclass(frozen=True)
class _Part:
    kind: Literal["words", "any", "some", "number"]
    alternatives: tuple[str, ...] = ()
    optional: bool = False
    negated: bool = False


def compile_pattern(pattern: str) -> tuple[str, bool]:
    """A phrase pattern's regex source (over words each followed by a space), and whether it is plain words.

    Raises:
        PatternError: naming the problem, e.g. an unclosed "(" or a character the syntax does not have.
    """
    parts = _parse(pattern)
    body = [p for p in parts if not p.negated]
    if not body:
        raise PatternError(f"'{pattern}' has nothing to match besides what may not come before or after it")
    if all(p.optional for p in body):
        raise PatternError(f"every part of '{pattern}' is optional, so it would match anywhere")
    for index, part in enumerate(parts):
        if part.negated and 0 < index < len(parts) - 1:
            raise PatternError(f"'{pattern}': a '!' part must come first or last")
    source = _BOUNDARY
    if parts[0].negated:
        source += "".join(f"(?<!{re.escape(alt)} )" for alt in parts[0].alternatives)
    for part in body:
        if part.kind == "any":
            piece = _ANY_WORD
        elif part.kind == "some":
            piece = f"(?:{_ANY_WORD}){{1,3}}"
        elif part.kind == "number":
            piece = "[0-9]+ "
        else:
            piece = "(?:" + "|".join(f"{re.escape(alt)} " for alt in part.alternatives) + ")"
        source += f"(?:{piece})?" if part.optional else piece
    if len(parts) > 1 and parts[-1].negated:
        source += "(?!(?:" + "|".join(f"{re.escape(alt)} " for alt in parts[-1].alternatives) + "))"
    plain = all(p.kind == "words" and len(p.alternatives) == 1 and not p.optional and not p.negated
                         for p in parts)
    return source, plain


def _alternatives(sources: list[str]) -> str:
    """Phrase patterns' sources (`compile_pattern`) as one regex matching any of them, the same match as their join.

    Every source starts at a word's start (`_BOUNDARY`): that is tested once at each place, before the
    phrases, instead of once per phrase. A search tries every place in the text, and most are inside a
    word, where a detail's dozens of phrases each failed that same test (three quarters of the time a
    question's details took to read). The match found is the same: the same first place, the same phrase.
    """
    if sources and all(source.startswith(_BOUNDARY) for source in sources):
        return _BOUNDARY + "(?:" + "|".join(f"(?:{source[len(_BOUNDARY):]})" for source in sources) + ")"
    return "|".join(f"(?:{source})" for source in sources)


def _parse(pattern: str) -> list[_Part]:
    """Split a pattern into its parts, folding the words the way questions are folded."""
    bad = next((ch for ch in pattern if not (ch.isalnum() or ch.isspace() or ch in _SYNTAX_CHARS)), None)
    if bad is not None:
        raise PatternError(f"'{pattern}': '{bad}' is not part of the pattern syntax (words, *, **, #, (a|b), ?, !)")
    parts: list[_Part] = []
    i, n = 0, len(pattern)
    while i < n:
        if pattern[i].isspace():
            i += 1
            continue
        negated = pattern[i] == "!"
        if negated:
            i += 1
            if i >= n or pattern[i].isspace():
                raise PatternError(f"'{pattern}': '!' must be followed by a word or a (...) group")
        if pattern[i] == "(":
            close = pattern.find(")", i)
            inner = pattern[i + 1 : close] if close >= 0 else ""
            if close < 0:
                raise PatternError(f"'{pattern}': '(' at position {i + 1} is never closed")
            if "(" in inner:
                raise PatternError(f"'{pattern}': groups cannot be nested")
            alternatives = tuple(_fold_words(alt, pattern) for alt in inner.split("|"))
            i = close + 1
            kind: Literal["words", "any", "some", "number"] = "words"
        else:
            end = i
            while end < n and not pattern[end].isspace() and pattern[end] not in "()":
                end += 1
            if end < n and pattern[end] == ")":
                raise PatternError(f"'{pattern}': ')' at position {end + 1} closes nothing")
            atom = pattern[i:end]
            i = end
            if i < n and pattern[i] == "(":
                raise PatternError(f"'{pattern}': put a space before '(' at position {i + 1}")
            optional_atom = atom.endswith("?") and len(atom) > 1
            core = atom[:-1] if optional_atom else atom
            wildcards: dict[str, Literal["any", "some", "number"]] = {"*": "any", "**": "some", "#": "number"}
            if core in wildcards:
                if negated:
                    raise PatternError(f"'{pattern}': '!' needs a word, not '{core}'")
                parts.append(_Part(wildcards[core], optional=optional_atom))
                continue
            alternatives = (_fold_words(core, pattern),)
            kind = "words"
            if optional_atom:
                if negated:
                    raise PatternError(f"'{pattern}': a '!' part cannot also be optional")
                parts.append(_Part(kind, alternatives, optional=True))
                continue
        optional = i < n and pattern[i] == "?"
        if optional:
            i += 1
            if negated:
                raise PatternError(f"'{pattern}': a '!' part cannot also be optional")
        parts.append(_Part(kind, alternatives, optional=optional, negated=negated))
    if not parts:
        raise PatternError("the pattern is empty")
    return parts


def _fold_words(text: str, pattern: str) -> str:
    """Words of a pattern as questions are read: folded, joined by single spaces."""
    words = text.split()
    if not words:
        raise PatternError(f"'{pattern}': an alternative in (...) is empty")
    for word in words:
        if not _WORD_CHARS.match(word):
            bad = next((ch for ch in word if not (ch.isalnum() or ch in "'’-_")), word[0])
            raise PatternError(f"'{pattern}': '{bad}' is not part of the pattern syntax "
                               "(words, *, **, #, (a|b), ?, !)")
    tokens = tokenize(normalize(text))
    if not tokens:
        raise PatternError(f"'{pattern}': '{text}' holds no word")
    return " ".join(tokens)


Issue = tuple[str | None, str | None, str]
"""A problem found in a language file: (item, field, message), e.g. ("scorers", "asked", "...")."""


def read_language(data: Any, code: str) -> tuple[Language | None, list[Issue]]:
    """Validate and compile one language file's parsed YAML; `code` is the file's name (en for en.yaml)."""
    if not isinstance(data, dict):
        return None, [(None, None, f"expected a mapping of sections, got {type(data).__name__}")]
    try:
        raw = _LanguageFile.model_validate(data)
    except ValidationError as exc:
        return None, [_locate(data, err["loc"], _message(err)) for err in exc.errors()]
    return _Compiler(raw, code).build()


def _message(err: Any) -> str:
    """Pydantic's message, with a hint where YAML turned a word into true or false (no, off, on, yes)."""
    if isinstance(err.get("input"), bool) and err.get("type") == "string_type":
        read_as = str(err["input"]).lower()
        return f"{err['msg']}: YAML reads a bare no, off, on or yes as {read_as}; put the word in quotes"
    return str(err["msg"])


def _locate(data: dict[str, Any], loc: tuple[int | str, ...], message: str) -> Issue:
    """A pydantic error's place as (item, field): a detail by its id, anything else by its section."""
    if not loc:
        return None, None, message
    section = str(loc[0])
    if section == "details" and len(loc) > 1 and isinstance(loc[1], int):
        details = data.get("details")
        raw = details[loc[1]] if isinstance(details, list) and loc[1] < len(details) else None
        ident = raw.get("id") if isinstance(raw, dict) else None
        item = ident if isinstance(ident, str) and ident.strip() else f"details #{loc[1] + 1}"
        return item, ".".join(str(p) for p in loc[2:]) or None, message
    if len(loc) == 1:
        return None, section, message
    return section, ".".join(str(p) for p in loc[1:]), message


class _Compiler:
    """Folds a validated file's words and compiles its patterns, collecting every problem."""

    def __init__(self, raw: _LanguageFile, code: str) -> None:
        self.raw = raw
        self.code = code
        self.issues: list[Issue] = []

    def build(self) -> tuple[Language | None, list[Issue]]:
        raw = self.raw
        if raw.code != self.code:
            self.issues.append((None, "code", f"'{raw.code}' does not match the file name ({self.code}.yaml)"))
        try:
            stemmer = Stemmer(raw.stemmer, self._irregular(raw.irregular_verbs))
        except ValueError as exc:
            self.issues.append((None, "stemmer", str(exc)))
            stemmer = None
        legs: dict[tuple[str, ...], LegName] = {}
        for leg, phrases in raw.legs.items():
            for phrase in phrases:
                key = self._phrase(phrase, "legs", leg)
                if key in legs and legs[key] != leg:
                    self.issues.append(("legs", leg, f"'{phrase}' also names the {legs[key]} leg"))
                legs[key] = leg
        f, moment, result, roles = raw.followups, raw.second_leg_moment, raw.result_question, raw.roles
        fields: dict[str, Any] = {
            "stopwords": self._words(raw.stopwords, "stopwords"),
            "plain_words": self._words(raw.plain_words, "plain_words"),
            "synonyms": tuple(tuple(group) for group in raw.synonyms),
            "legs": legs,
            "leg_nouns": self._words(raw.leg_nouns, "leg_nouns"),
            "event_words": self._words(raw.event_words, "event_words"),
            "opponent_words": self._words(raw.opponent_words, "opponent_words"),
            "telling_words": self._words(raw.telling_words, "telling_words"),
            "followup_openers": tuple(" ".join(self._phrase(p, "followups", "openers")) for p in f.openers),
            "he": self._words(f.he, "followups", "he"),
            "they": self._words(f.they, "followups", "they"),
            "also_leaning": self._words(f.also_leaning, "followups", "also_leaning"),
            "pointers": self._words(f.pointers, "followups", "pointers"),
            "other": self._words(f.other, "followups", "other"),
            "asked_of_it": self._words(f.asked_of_it, "followups", "asked_of_it"),
            "stand_ins": self._words(f.stand_ins, "followups", "stand_ins"),
            "opponent_asks": self._words(f.opponent_asks, "followups", "opponent_asks"),
            "asked_of_him": self._words(f.asked_of_him, "followups", "asked_of_him"),
            "others": self._words(f.others, "followups", "others"),
            "moment_second": self._words(moment.second, "second_leg_moment", "second"),
            "moment_before": tuple(self._phrase(p, "second_leg_moment", "before") for p in moment.before),
            "moment_skip": self._words(moment.skip, "second_leg_moment", "skip"),
            "moment_verbs": self._words(moment.verbs, "second_leg_moment", "verbs"),
            "moment_halfway": tuple(self._phrase(p, "second_leg_moment", "halfway") for p in moment.halfway),
            "result_lead_ins": self._words(result.lead_ins, "result_question", "lead_ins"),
            "result_determiners": self._words(result.determiners, "result_question", "determiners"),
            "result_forms": tuple(
                ResultForm(tuple(self._phrase(p, "result_question", f"forms.{i}.openers") for p in form.openers),
                           tuple(self._phrase(p, "result_question", f"forms.{i}.closers") for p in form.closers),
                           form.whole_tie_only)
                for i, form in enumerate(result.forms)),
            "result_not_topic": tuple(self._words(result.not_topic, "result_question", "not_topic", ordered=True)),
            "result_fared": tuple(self._phrase(p, "result_question", "fared") for p in result.fared),
            "manager_words": self._words(roles.manager_words, "roles", "manager_words"),
            "owner_links": self._words(roles.owner_links, "roles", "owner_links"),
            "manager_roles": tuple(self._phrase(p, "roles", "manager_roles") for p in roles.manager_roles),
            "player_roles": tuple(self._phrase(p, "roles", "player_roles") for p in roles.player_roles),
            "opposing_words": self._words(roles.opposing_words, "roles", "opposing_words"),
            "side_words": self._words(roles.side_words, "roles", "side_words"),
            "side_links": tuple(self._phrase(p, "roles", "side_links") for p in roles.side_links),
            "year_links": tuple(self._phrase(p, "year_links", None) for p in raw.year_links),
            "details": self._details(raw.details),
            "shorthand": {w: self._phrase(phrase, "shorthand", word) for word, phrase in raw.shorthand.items()
                          if (w := self._one_word(word, "shorthand", word))},
            "idioms": {k: self._phrase(plain, "idioms", idiom) for idiom, plain in raw.idioms.items()
                       if (k := self._phrase(idiom, "idioms", idiom))},
            "count_nouns": self._words(raw.count_nouns, "count_nouns"),
            "count_asks": tuple(self._phrase(p, "count_asks", None) for p in raw.count_asks),
            "scoreline_counts": self._words(raw.scoreline_counts, "scoreline_counts"),
            "named_counts": self._words(raw.named_counts, "named_counts"),
            "count_times": self._words(raw.count_times, "count_times"),
            "list_links": tuple(self._phrase(p, "list_links", None) for p in raw.list_links),
            "list_skip": self._words(raw.list_skip, "list_skip"),
            "passing_asks": tuple(self._phrase(p, "passing_asks", None) for p in raw.passing_asks),
            "speaker_verbs": self._words(raw.speaker_verbs.verbs, "speaker_verbs", "verbs"),
            "speaker_by": self._words(raw.speaker_verbs.by, "speaker_verbs", "by"),
            "speaker_after": raw.speaker_verbs.subject_after,
            "list_asks": self._words(raw.list_asks, "list_asks"),
            "year_counts": self._words(raw.year_counts, "year_counts"),
            "verb_endings": tuple(self._words(raw.verb_endings, "verb_endings", ordered=True)),
            "count_noun_first": raw.count_noun_first,
            "count_links": tuple(self._phrase(p, "count_links", None) for p in raw.count_links),
            "number_labels": self._words(raw.number_labels, "number_labels"),
            "place_links": self._words(raw.place_links, "place_links"),
            "place_nouns": self._words(raw.place_nouns, "place_nouns"),
            "possessive_endings": self._words(raw.possessive_endings, "possessive_endings"),
            "relative_years": {self._phrase(phrase, "relative_years", str(offset)): offset
                               for offset, phrases in raw.relative_years.items() for phrase in phrases},
            "time_outside": tuple(self._phrase(p, "time_outside", None) for p in raw.time_outside),
            "other_sports": tuple(self._phrase(p, "other_sports", None) for p in raw.other_sports),
            "hypothetical": tuple(self._phrase(p, "hypothetical", None) for p in raw.hypothetical),
            "requests": tuple(self._phrase(p, "requests", None) for p in raw.requests),
            "helpers": tuple(self._phrase(p, "helpers", None) for p in raw.helpers),
            "tie_moments": tuple(self._phrase(p, "tie_moments", None) for p in raw.tie_moments),
            "past_asks": tuple(self._phrase(p, "past_asks", None) for p in raw.past_asks),
            "viewpoints": tuple(self._phrase(p, "viewpoints", None) for p in raw.viewpoints),
            "whole_tie": tuple(self._phrase(p, "whole_tie", None) for p in raw.whole_tie),
            "including": tuple(self._phrase(p, "including", None) for p in raw.including),
            "including_marks": tuple(raw.including_marks),
            "card_tie_parts": tuple(self._phrase(p, "card_parts", "tie") for p in raw.card_parts.tie),
            "card_leg_parts": tuple(self._phrase(p, "card_parts", "leg") for p in raw.card_parts.leg),
            "meeting_verbs": tuple(self._phrase(p, "meetings", "verbs") for p in raw.meetings.verbs),
            "meetings_within": tuple(self._phrase(p, "meetings", "within") for p in raw.meetings.within),
            "attributions": tuple(self._phrase(p, "attributions", None) for p in raw.attributions),
            **self._outcome_question(raw.outcome_question),
            "replies": self._replies(raw.replies),
            "locale": raw.locale or raw.code,
            "rounds": dict(raw.rounds),
            "round_order": {self._phrase(p, "round_order", str(i)): i
                            for i, phrases in enumerate(raw.round_order) for p in phrases},
            "round_needs": tuple(self._phrase(p, "round_aims", "needs") for p in raw.round_aims.needs),
            "round_aim_links": tuple(self._phrase(p, "round_aims", "links") for p in raw.round_aims.links),
            "round_set_aside": tuple(self._phrase(p, "round_aims", "besides") for p in raw.round_aims.besides),
            "frame_words": self._words(raw.frame_words, "frame_words"),
            "generic_words": self._words(raw.generic_words, "generic_words"),
            "question_words": self._words(raw.question_words, "question_words"),
            "compare_ties": tuple(self._phrase(p, "compare_ties", None) for p in raw.compare_ties),
            "number_words": {w: n for word, n in raw.number_words.items()
                             if (w := self._one_word(word, "number_words", word))},
            "draft_questions": {kind: self._templates(kind, getattr(raw.draft_questions, kind))
                                for kind in _DraftQuestions.model_fields},
            "card": self._card(raw.card),
            "translating": self._translating(raw.translating),
            "discord": dict(raw.discord),
            "discord_locales": tuple(raw.discord_locales),
            "commands": dict(raw.commands),
            "goal_sums": GoalSums(**{name: tuple(self._phrase(p, "goal_sums", name)
                                                 for p in getattr(raw.goal_sums, name))
                                     for name in _GoalSums.model_fields}),
            "past_game_lists": tuple(self._phrase(p, "past_game_lists", None) for p in raw.past_game_lists),
            "people_lists": tuple(PeopleRole(name, tuple(self._phrase(p, "people_lists", name) for p in role.held_by),
                                             tuple(self._phrase(p, "people_lists", name) for p in role.asked_by))
                                  for name, role in raw.people_lists.roles.items()),
            "people_list_frame": self._words(raw.people_lists.frame, "people_lists", "frame"),
            "people_one_of": tuple(self._phrase(p, "people_lists", "one_of") for p in raw.people_lists.one_of),
            "aside_openers": tuple(self._phrase(p, "asides", "openers") for p in raw.asides.openers),
            "aside_anywhere": tuple(self._phrase(p, "asides", "anywhere") for p in raw.asides.anywhere),
        }
        self.issues += check_discord_texts(raw.discord)
        self.issues += check_discord_locales(raw.discord_locales)
        self.issues += check_commands(raw.commands)
        if self.issues or stemmer is None:
            return None, self.issues
        return Language(code=raw.code, name=raw.name, stemmer=stemmer, **fields), []

    def _outcome_question(self, raw: _OutcomeQuestion | None) -> dict[str, Any]:
        """The phrases asking how a tie ended ("did they come back"), or none when the file gives none."""
        phrases: dict[str, Any] = {f"outcome_{name}": tuple(self._phrase(p, "outcome_question", name)
                                                            for p in (getattr(raw, name) if raw is not None else ()))
                                   for name in ("yes_no", "who", "verbs", "ever")}
        return {**phrases, "outcome_unmarked": raw is not None and raw.unmarked}

    def _replies(self, replies: dict[str, str]) -> dict[str, str]:
        """The bot's own sentences: every key the code says something with, each slot one it fills."""
        for key in sorted(REPLY_KEYS - replies.keys()):
            self.issues.append(("replies", key, "missing: the bot says this in its own words"))
        for key, text in replies.items():
            if key not in REPLY_KEYS:
                known = ", ".join(sorted(REPLY_KEYS))
                self.issues.append(("replies", key, f"not a sentence the bot says (known: {known})"))
                continue
            try:
                names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
            except ValueError as exc:
                self.issues.append(("replies", key, f"cannot be read as a template: {exc}"))
                continue
            unknown = names - REPLY_KEYS[key]
            if unknown:
                self.issues.append(("replies", key, f"unknown slot {{{sorted(unknown)[0]}}}; this sentence fills "
                                    + (", ".join(f"{{{s}}}" for s in sorted(REPLY_KEYS[key])) or "none")))
        return dict(replies)

    def _irregular(self, forms: dict[str, str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for form, base in forms.items():
            folded = self._one_word(form, "irregular_verbs", form)
            target = self._one_word(base, "irregular_verbs", form)
            if folded and target:
                out[folded] = target
        return out

    def _one_word(self, word: str, item: str, field_: str | None) -> str | None:
        tokens = tokenize(normalize(word))
        if len(tokens) != 1:
            shown = " ".join(tokens) or "nothing"
            self.issues.append((item, field_, f"'{word}' reads as {shown!r}, not one word"))
            return None
        return tokens[0]

    def _words(self, words: Iterable[str], item: str, field_: str | None = None,
               ordered: bool = False) -> Any:
        folded = [w for w in (self._one_word(word, item, field_) for word in words) if w]
        return list(dict.fromkeys(folded)) if ordered else frozenset(folded)

    def _phrase(self, phrase: str, item: str, field_: str | None) -> tuple[str, ...]:
        tokens = tuple(tokenize(normalize(phrase)))
        if not tokens:
            self.issues.append((item, field_, f"'{phrase}' holds no word"))
        return tokens

    def _details(self, raws: list[_Detail]) -> tuple[Detail, ...]:
        out: list[Detail] = []
        seen: set[str] = set()
        for raw in raws:
            if raw.id in seen:
                self.issues.append((raw.id, "id", "duplicate detail id"))
                continue
            seen.add(raw.id)
            detail = self._detail(raw)
            if detail is not None:
                out.append(detail)
        return tuple(out)

    def _detail(self, raw: _Detail) -> Detail | None:
        count = len(self.issues)
        cues = self._words(raw.cues, raw.id, "cues")
        asked = [self._pattern(p, raw.id, "asked", i) for i, p in enumerate(raw.asked)]
        words: set[str] = set()
        phrases: list[str] = []
        patterned: list[str] = []
        every: list[str] = []
        for i, p in enumerate(raw.states):
            compiled = self._pattern_plain(p, raw.id, "states", i)
            if compiled is None:
                continue
            source, plain = compiled
            every.append(source)
            folded = " ".join(tokenize(normalize(p)))
            if plain and " " not in folded:
                words.add(folded)
            elif plain:
                phrases.append(f" {folded} ")
            else:
                patterned.append(source)
        verb = self._one_word(raw.verb.word, raw.id, "verb.word") if raw.verb else None
        verb_after = self._words(raw.verb.after, raw.id, "verb.after") if raw.verb else frozenset()
        condition = self._words(raw.condition, raw.id, "condition") if raw.condition else frozenset()
        if len(self.issues) > count:
            return None
        return Detail(
            id=raw.id, cues=cues,
            asked=re.compile(_alternatives([source for source in asked if source])),
            states_words=frozenset(words), states_phrases=tuple(phrases),
            states_pattern=re.compile(_alternatives(patterned)) if patterned else None,
            states_any="|".join(f"(?:{s})" for s in every) or None,
            shape=SHAPES[raw.shape] if raw.shape else None, reply=raw.reply,
            needs_player=raw.needs_player, dated=raw.dated, one_leg=raw.one_leg, of_tie=raw.of_tie,
            result=raw.result,
            after_the_articles=raw.after_the_articles, of_club=raw.of_club,
            asked_of_person=raw.asked_of_person,
            before_club=tuple(t for t in (self._phrase(ph, raw.id, "before_club") for ph in raw.before_club) if t),
            verb=verb, verb_after=verb_after, condition=condition,
            names=frozenset(raw.names), of_past_game=frozenset(raw.of_past_game),
        )

    def _pattern(self, pattern: str, item: str, field_: str, index: int) -> str:
        compiled = self._pattern_plain(pattern, item, field_, index)
        return compiled[0] if compiled else ""

    def _pattern_plain(self, pattern: str, item: str, field_: str, index: int) -> tuple[str, bool] | None:
        try:
            return compile_pattern(pattern)
        except PatternError as exc:
            self.issues.append((item, f"{field_}.{index}", str(exc)))
            return None

    def _templates(self, kind: str, templates: list[str]) -> tuple[str, ...]:
        """A kind's question templates, each naming only known slots."""
        for index, template in enumerate(templates):
            try:
                slots = {name for _, name, spec, _ in string.Formatter().parse(template) if name is not None}
            except ValueError as exc:
                self.issues.append(("draft_questions", f"{kind}.{index}", f"'{template}': {exc}"))
                continue
            unknown = sorted(slot for slot in slots if slot not in QUESTION_SLOTS)
            if unknown or "" in slots:
                self.issues.append(("draft_questions", f"{kind}.{index}",
                                    f"'{template}' names {', '.join(unknown) or 'an empty slot'}; slots are "
                                    + ", ".join(f"{{{slot}}}" for slot in sorted(QUESTION_SLOTS))))
        return tuple(templates)

    def _translating(self, raw: Translating | None) -> Translating | None:
        """Required of every language but the default; each entry names only its slots, and those it needs."""
        if raw is None:
            if self.raw.code != DEFAULT_LANGUAGE:
                self.issues.append((None, "translating", "missing: every language other than "
                                    f"{DEFAULT_LANGUAGE} says how a quote's translation is marked and what "
                                    "a draft holds where the drafter cannot write its words"))
            return None
        for name, (allowed, needed) in TRANSLATING_SLOTS.items():
            value = getattr(raw, name)
            slots = self._slots("translating", name, value, allowed)
            if slots is None:
                continue
            missing = sorted(needed - slots)
            if missing:
                self.issues.append(("translating", name, f"'{value}' must name "
                                    + ", ".join(f"{{{slot}}}" for slot in missing)))
        return raw

    def _card(self, labels: CardLabels) -> CardLabels:
        """The card's labels, each naming only the slots the card fills for it."""
        for name in CardLabels.model_fields:
            value = getattr(labels, name)
            if not isinstance(value, str):
                continue
            self._slots("card", name, value, CARD_SLOTS.get(name, frozenset()))
        return labels

    def _slots(self, section: str, name: str, value: str, allowed: frozenset[str]) -> set[str] | None:
        """The {slots} a text names, or None (with an issue) when it cannot be read or names one not `allowed`."""
        try:
            slots = {slot for _, slot, _, _ in string.Formatter().parse(value) if slot is not None}
        except ValueError as exc:
            self.issues.append((section, name, f"'{value}': {exc}"))
            return None
        unknown = sorted(slot for slot in slots if slot not in allowed)
        if unknown or "" in slots:
            known = ", ".join(f"{{{slot}}}" for slot in sorted(allowed)) or "none"
            self.issues.append((section, name, f"'{value}' names {', '.join(unknown) or 'an empty slot'}; "
                                f"its slots are {known}"))
            return None
        return slots
