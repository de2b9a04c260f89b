"""The shapes of the curated knowledge: articles, ties, entities, intents and facts.

Every model is strict and forbids unknown fields, so a typo in a knowledge file is an
error that names the field rather than a value silently ignored.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator

__all__ = [
    "Article",
    "Colour",
    "Entity",
    "EntityKind",
    "Fact",
    "FactStatus",
    "FactTranslation",
    "Intent",
    "IntentTranslation",
    "LangCode",
    "Leg",
    "LegName",
    "Provenance",
    "Slug",
    "Tie",
]

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
"""Stable identifier: lowercase letters, digits and dashes, as used in file names and commands."""

Text = Annotated[str, StringConstraints(min_length=1, max_length=1500, strip_whitespace=True)]
EntityKind = Literal["team", "person", "venue", "competition"]
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
"""A colour as curators write it on the web: `#` and six hex digits ("#C8102E")."""
LegName = Literal["first", "second", "aggregate"]
FactStatus = Literal["approved", "draft"]


class Strict(BaseModel):
    """Base for knowledge models: strict types, unknown fields rejected, immutable once loaded."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Article(Strict):
    """A source article, with its text kept verbatim so evidence spans can be checked."""

    id: Slug
    title: Text
    publisher: Text | None = None
    date: dt.date | None = None
    date_note: Text | None = None
    tie: Slug | None = None
    source_file: Text | None = None
    text: Annotated[str, StringConstraints(min_length=1)]


class Leg(Strict):
    """One leg of a tie; date and score are None where the articles do not give them."""

    home: Slug
    away: Slug
    venue: Slug | None = None
    date: dt.date | None = None
    date_note: Text | None = None
    score: Annotated[str, StringConstraints(pattern=r"^\d+-\d+$")] | None = None


class Tie(Strict):
    """A two-legged knockout tie that one article previews."""

    id: Slug
    name: Text
    competition: Slug
    season: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}$")]
    round: Text
    year: int
    teams: list[Slug] = Field(min_length=2, max_length=2)
    aliases: list[Text] = []
    first_leg: Leg
    second_leg: Leg
    article: Slug | None = None
    key_facts: list[Slug] = []
    """Facts of this tie an overview tells, in order: what was at stake first, then one or two more."""


class Entity(Strict):
    """A team, person, venue or competition, with the names fans use for it."""

    id: Slug
    kind: EntityKind
    name: Text
    aliases: list[Text] = []
    role: Text | None = None
    team: Slug | None = None
    colours: list[Colour] = Field(default=[], max_length=3)
    """A club's colours, main colour first (the tie card draws them); only a team has colours."""
    city: Text | None = None
    """A club's home city: "the Madrid leg" of a tie is the leg its club from Madrid played at home."""

    @field_validator("colours")
    @classmethod
    def _only_teams_have_colours(cls, colours: list[str], info: ValidationInfo) -> list[str]:
        if colours and info.data.get("kind") != "team":
            raise ValueError("only a team has colours")
        return colours

    @field_validator("city")
    @classmethod
    def _only_teams_have_a_city(cls, city: str | None, info: ValidationInfo) -> str | None:
        if city is not None and info.data.get("kind") != "team":
            raise ValueError("only a team has a home city")
        return city


LangCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
"""A language, as its file in knowledge/language/ is named ("es")."""
Question = Annotated[str, StringConstraints(min_length=3, max_length=300, strip_whitespace=True)]


class IntentTranslation(Strict):
    """An intent in another language: how fans ask it there, and its decline in that language."""

    description: Text
    phrasings: list[Text] = Field(min_length=1)
    cues: list[Text] = []
    decline: Text | None = None


class FactTranslation(Strict):
    """A fact's answer in another language, and the questions fans ask in it that the fact answers.

    A quote stays verbatim in the language it was given in, followed by a rendering marked as a
    translation. `reviewed` is false for a drafted translation nobody has read yet: only reviewed
    ones are served.
    """

    answer: Text
    asked_as: list[Question] = []
    reviewed: bool = True


class Intent(Strict):
    """A kind of question, with example phrasings and cue words the matcher scores against."""

    id: Slug
    description: Text
    phrasings: list[Text] = Field(min_length=1)
    cues: list[Text] = []
    decline: Text | None = None
    """For questions the articles cannot answer by nature (who won a tie not yet played): the reply."""
    answers_from: Literal["facts", "ties"] = "facts"
    """"ties": answered from the ties' own data and key facts (an overview of a tie), not from one fact."""
    translations: dict[LangCode, IntentTranslation] = {}
    """The same kind of question in other languages (the fields above are the default language's)."""


class Provenance(Strict):
    """Where a fact comes from: the article id and a span copied verbatim from its text."""

    article: Slug
    evidence: Text


class Fact(Strict):
    """One statement from an article that a fan could ask about, with its answer and source."""

    id: Slug
    tie: Slug | None
    intent: Slug
    entities: list[Slug] = []
    answer: Text
    quote: Text | None = None
    speaker: Slug | None = None
    leg: LegName | None = None
    year: int | None = None
    keywords: list[Text] = []
    asked_as: list[Question] = []
    """Questions fans asked that this fact answers (taught from the unanswered queue, or written by the
    drafter): the engine matches a question against them as one more signal. Never evaluation questions."""
    source: Provenance
    status: FactStatus = "approved"
    translations: dict[LangCode, FactTranslation] = {}
    """The answer in other languages (the answer above is the default language's), with fans' questions there."""

    def answer_in(self, language: str) -> str:
        """The answer in that language when a reviewed translation exists, else the default language's."""
        translation = self.translations.get(language)
        return translation.answer if translation is not None and translation.reviewed else self.answer

    def asked_as_in(self, language: str, default: str) -> list[str]:
        """The questions fans ask in that language that this fact answers."""
        if language == default:
            return self.asked_as
        translation = self.translations.get(language)
        return translation.asked_as if translation is not None else []
