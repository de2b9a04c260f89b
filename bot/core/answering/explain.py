"""Why the engine answered as it did: the reading, the gates, the best candidates, the deciding stage.

Built only on request (`Engine.explain`, `python -m bot ask --explain`, `/facts explain`), never
on the answering path. Rendered as plain text, short enough for one Discord message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.answering.answer import Answer

__all__ = ["Candidate", "Explanation", "GateStep", "Reading", "render_explanation"]


@dataclass(frozen=True)
class Reading:
    """What the question was read as."""

    intent: tuple[str, float] | None
    runner_up: tuple[str, float] | None
    decisive: bool
    entities: list[str]
    ties: list[str] | None
    """The ties the question points to (None: it names none, so every tie may answer)."""
    history_year: int | None
    years_not_covered: list[int]
    leg: str | None
    topic_words: dict[str, float]
    """Each topic word's stem and weight (rarer words weigh more)."""
    unknown_words: list[str]
    corrected: int
    followup: bool
    from_context: list[str] = field(default_factory=list)
    """What the previous turn filled in ("tie", "intent", "people", …); empty for a fresh question."""


@dataclass(frozen=True)
class Candidate:
    """One of the best candidate facts, with each signal's part of its total."""

    fact: str
    tie: str | None
    intent_of_fact: str
    total: float
    intent: float
    coverage: float
    entity: float
    bonus: float
    taught: float = 0.0
    """How closely the question matched one of the fact's taught questions (0: none counted)."""


@dataclass(frozen=True)
class GateStep:
    """One stage the question went through and what it did: "passed", "kept 3 of 12", or a reason."""

    stage: str
    outcome: str


@dataclass(frozen=True)
class Explanation:
    """The whole account of one question."""

    question: str
    reading: Reading
    steps: list[GateStep]
    candidates: list[Candidate]
    decided_by: str
    answer: Answer
    language: str = "en"
    """The language the question was read in (the answer's is `answer.lang`)."""
    language_by: str = "default"
    """What chose the answer's language: "asked" (the client's locale), "words", "detector",
    "conversation" or "default"."""


def _score(pair: tuple[str, float] | None) -> str:
    return "none" if pair is None else f"{pair[0]} {pair[1]:.2f}"


def render_explanation(e: Explanation) -> str:
    """Plain text for a terminal or a Discord code block (under 2,000 characters for the usual question)."""
    r = e.reading
    ties = "any (none named)" if r.ties is None else ", ".join(r.ties)
    lines = [
        f"question: {e.question}",
        f"reason: {e.answer.reason} (decided by {e.decided_by}); read in {e.language}, "
        f"answered in {e.answer.lang} (chosen by {e.language_by})",
        "reading:",
        f"  intent: {_score(r.intent)}; runner-up {_score(r.runner_up)}; "
        f"{'decisive' if r.decisive else 'not decisive'}",
        f"  names: {', '.join(r.entities) or 'none'}",
        f"  ties: {ties}; history year: {r.history_year or 'none'}; leg: {r.leg or 'none'}",
        "  topic words: " + (", ".join(f"{w} {v:.1f}" for w, v in r.topic_words.items()) or "none"),
    ]
    if r.years_not_covered:
        lines.append(f"  years the articles do not cover: {', '.join(map(str, r.years_not_covered))}")
    if r.unknown_words or r.corrected:
        lines.append(f"  unknown words: {', '.join(r.unknown_words) or 'none'}; typos corrected: {r.corrected}")
    lines.append("  context: " + (f"follow-up; from the previous turn: {', '.join(r.from_context)}"
                                  if r.from_context else "follow-up, nothing inherited" if r.followup else "fresh"))
    lines.append("stages:")
    lines.extend(f"  {step.stage}: {step.outcome}" for step in e.steps)
    lines.append("best candidates (total = intent, coverage, entity signals + bonus):")
    if not e.candidates:
        lines.append("  none")
    for c in e.candidates:
        lines.append(f"  {c.fact} [{c.intent_of_fact}, {c.tie or 'history'}]: {c.total:.3f} = "
                     f"intent {c.intent:.2f}, coverage {c.coverage:.2f}, entity {c.entity:.2f}, bonus {c.bonus:+.2f}"
                     + (f" (taught question {c.taught:.2f})" if c.taught else ""))
    return "\n".join(lines)
