"""The moderator's fact form: a Discord modal, and the plain text format of its "details" box.

A modal holds at most five text inputs, so the short fields of a fact share one box of
`key: value` lines that a moderator can read and fill in without knowing YAML::

    tie: liverpool-real-madrid-2021
    intent: quote
    entities: jurgen-klopp, liverpool
    speaker: jurgen-klopp
    leg: second
    keywords: belief, dressing room

Lists are comma separated; an empty value leaves the field out; `tie: none` marks a history
fact that belongs to no tie; `article` defaults to the article of the tie.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import discord

from bot.app.checks import CuratorModal, CuratorView
from bot.core.knowledge.models import Fact
from bot.core.knowledge.store import Knowledge

__all__ = [
    "DETAIL_KEYS",
    "FactForm",
    "FormError",
    "FormValues",
    "RetryView",
    "details_text",
    "edited_fields",
    "parse_details",
    "to_fact",
    "values_for",
]

log = logging.getLogger(__name__)

DETAIL_KEYS = ("tie", "intent", "entities", "speaker", "leg", "year", "keywords", "article", "status")
"""The keys the details box accepts, in the order they are shown."""
LIST_KEYS = frozenset({"entities", "keywords"})
NOT_ON_THE_FORM = frozenset({"asked_as", "translations"})
"""Fields the form does not show, so an edit keeps them: questions are taught (/facts unanswered), not typed;
translations are not yet on the form."""
NONE_WORDS = frozenset({"", "none", "null", "-", "~"})
MODAL_TITLE_LIMIT = 45
TEXT_LIMIT = 1500
DETAILS_LIMIT = 2000


class FormError(ValueError):
    """The details box could not be read; `problems` says which lines and why."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass
class FormValues:
    """What a moderator typed into the form (kept to refill it after a failed attempt)."""

    id: str = ""
    answer: str = ""
    evidence: str = ""
    quote: str = ""
    details: str = ""


def parse_details(text: str) -> dict[str, Any]:
    """Read `key: value` lines into fact fields.

    Raises:
        FormError: naming every line that is not `key: value` with a known key.
    """
    out: dict[str, Any] = {}
    problems = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        value = value.strip()
        if not sep:
            problems.append(f"details line {number}: expected 'key: value', got {line!r}")
            continue
        if key not in DETAIL_KEYS:
            problems.append(f"details line {number}: unknown key {key!r} (use {', '.join(DETAIL_KEYS)})")
            continue
        if key in LIST_KEYS:
            items = [item.strip().strip("'\"") for item in value.strip("[]").split(",")]
            out[key] = [item for item in items if item]
        elif value.lower() in NONE_WORDS:
            out[key] = None
        elif key == "year":
            try:
                out[key] = int(value)
            except ValueError:
                problems.append(f"details line {number}: year must be a number, got {value!r}")
        else:
            out[key] = value.strip("'\"")
    if problems:
        raise FormError(problems)
    return out


def details_text(fact: Fact | None) -> str:
    """The details box for a fact (or an empty template for a new one)."""
    if fact is None:
        return "tie: \nintent: \nentities: \nspeaker: \nleg: \nkeywords: "
    lines = [f"tie: {fact.tie or 'none'}", f"intent: {fact.intent}", f"entities: {', '.join(fact.entities)}"]
    if fact.speaker:
        lines.append(f"speaker: {fact.speaker}")
    if fact.leg:
        lines.append(f"leg: {fact.leg}")
    if fact.year is not None:
        lines.append(f"year: {fact.year}")
    lines.append(f"keywords: {', '.join(fact.keywords)}")
    lines.append(f"article: {fact.source.article}")
    if fact.status != "approved":
        lines.append(f"status: {fact.status}")
    return "\n".join(lines)


def values_for(fact: Fact | None) -> FormValues:
    """The form filled in with an existing fact, or empty for a new one."""
    if fact is None:
        return FormValues(details=details_text(None))
    return FormValues(id=fact.id, answer=fact.answer, evidence=fact.source.evidence, quote=fact.quote or "",
                      details=details_text(fact))


def to_fact(values: FormValues, knowledge: Knowledge) -> dict[str, Any]:
    """The fact mapping (as in the YAML files) the form describes; validation is the curator's.

    Raises:
        FormError: the details box is unreadable or names no article and no tie to take it from.
    """
    details = parse_details(values.details)
    article = details.pop("article", None)
    tie = details.get("tie")
    if article is None and tie in knowledge.ties:
        article = knowledge.ties[tie].article
    if article is None:
        raise FormError(["details: give 'article: <article id>' (or a tie whose article it is)"])
    fact: dict[str, Any] = {"id": values.id.strip(), "tie": tie}
    fact.update({k: v for k, v in details.items() if k != "tie" and v not in (None, [])})
    fact["answer"] = values.answer.strip()
    if values.quote.strip():
        fact["quote"] = values.quote.strip()
    fact["source"] = {"article": article, "evidence": values.evidence.strip()}
    return fact


def edited_fields(fact: Fact, new: dict[str, Any]) -> dict[str, Any]:
    """The fields of `new` (a mapping from `to_fact`) that differ from `fact`, for `Curator.edit`.

    A field left out of the form goes back to its default (None for a quote, [] for keywords); a
    field the form does not show (NOT_ON_THE_FORM) is kept as it is.
    """
    old = fact.model_dump(mode="json")
    fields: dict[str, Any] = {}
    for key, info in Fact.model_fields.items():
        if key == "source" or key in NOT_ON_THE_FORM:
            continue
        default = info.get_default(call_default_factory=True)
        value = new.get(key, default)
        if value != old[key]:
            fields[key] = value
    for key in ("article", "evidence"):
        if new["source"][key] != old["source"][key]:
            fields[f"source.{key}"] = new["source"][key]
    return fields


Submit = Callable[[discord.Interaction[Any], "FormValues"], Awaitable[None]]


class FactForm(CuratorModal):
    """Add or edit one fact; what happens on submit is the cog's `submit` (after the curator gate)."""

    def __init__(self, title: str, values: FormValues, submit: Submit) -> None:
        super().__init__(title=title[:MODAL_TITLE_LIMIT], timeout=900)
        self.submit = submit
        paragraph = discord.TextStyle.paragraph
        self.fact_id: discord.ui.TextInput[FactForm] = discord.ui.TextInput(
            custom_id="fact-id", label="Fact id (lowercase-with-dashes)", default=values.id or None,
            placeholder="e.g. klopp-2021-quote-belief", max_length=64)
        self.answer: discord.ui.TextInput[FactForm] = discord.ui.TextInput(
            custom_id="fact-answer", label="Answer (what the bot says)", style=paragraph,
            default=values.answer or None, max_length=TEXT_LIMIT)
        self.evidence: discord.ui.TextInput[FactForm] = discord.ui.TextInput(
            custom_id="fact-evidence", label="Evidence (verbatim from the article)", style=paragraph,
            default=values.evidence or None, max_length=TEXT_LIMIT)
        self.quote: discord.ui.TextInput[FactForm] = discord.ui.TextInput(
            custom_id="fact-quote", label="Quote (verbatim, optional)", style=paragraph,
            default=values.quote or None, required=False, max_length=TEXT_LIMIT)
        self.details: discord.ui.TextInput[FactForm] = discord.ui.TextInput(
            custom_id="fact-details", label="Details: one 'key: value' a line", style=paragraph,
            default=values.details or None, max_length=DETAILS_LIMIT,
            placeholder="tie: ...\nintent: ...\nentities: a, b\nspeaker: ...")
        for item in (self.fact_id, self.answer, self.evidence, self.quote, self.details):
            self.add_item(item)

    def values(self) -> FormValues:
        """What was submitted."""
        return FormValues(id=self.fact_id.value, answer=self.answer.value, evidence=self.evidence.value,
                          quote=self.quote.value, details=self.details.value)

    async def on_submit(self, interaction: discord.Interaction[Any], /) -> None:
        """Hand the values to the cog."""
        await self.submit(interaction, self.values())


class RetryView(CuratorView):
    """Offered with a rejected form: reopen it with everything typed so far, to fix and resubmit."""

    def __init__(self, title: str, values: FormValues, submit: Submit, owner_id: int) -> None:
        super().__init__(timeout=900)
        self.title = title
        self.form_values = values
        self.submit = submit
        self.owner_id = owner_id

    @discord.ui.button(label="Fix and try again", style=discord.ButtonStyle.primary)
    async def retry(self, interaction: discord.Interaction[Any], button: discord.ui.Button[RetryView]) -> None:
        """Reopen the form as it was submitted."""
        await interaction.response.send_modal(FactForm(self.title, self.form_values, self.submit))

    async def allows(self, interaction: discord.Interaction[Any], /) -> bool:
        """Only the moderator who filled in the form reopens it."""
        return interaction.user.id == self.owner_id
