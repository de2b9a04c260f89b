"""The structured answer the engine returns; rendering for a terminal or Discord is separate."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Answer", "Source"]


class Source(BaseModel):
    """Where an answer comes from: the article and its date (None when the article states none).

    Frozen: a snapshot makes each article's once, and every answer from that article shares it.
    """

    model_config = ConfigDict(frozen=True)

    article: str
    title: str
    date: str | None = None
    publisher: str | None = None


class Answer(BaseModel):
    """What the engine says to a question, with enough structure for any front end."""

    answered: bool
    text: str
    confidence: float = Field(ge=0.0, le=1.0)
    intent: str | None = None
    tie: str | None = None
    facts: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    quotes: list[str] = Field(default_factory=list)
    suggestions: list[str] = Field(default_factory=list)
    full_text: str | None = None
    """The answer before a long quote in it was cut to the part asked about; None when nothing was cut."""
    lang: str = "en"
    """The language the answer is in (a language file's code)."""
    reason: str = "answered"
    """Why, as a short code: `answered`, `answered-per-tie`, `overview`, `overview-per-tie`, or the declining stage's
    code (`asked-detail:referee`, `after-the-articles`, `not-quoted:<person>`, `off-topic`, …)."""
