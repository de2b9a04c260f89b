"""The moderator's fact form: a Discord modal, and the plain text format of its "details" box.

A modal holds at most five text inputs. The long texts get one each: the answer, the answer in
each language besides the default (as many as fit: one box today, for Spanish), the evidence and
the quote. The short fields share the last box, of `key: value` lines a moderator can read and
fill in without knowing YAML::

    id: klopp-2021-quote-belief
    tie: liverpool-real-madrid-2021
    intent: quote
    entities: jurgen-klopp, liverpool
    speaker: jurgen-klopp
    leg: second
    keywords: belief, dressing room

Lists are comma separated; an empty value leaves the field out; `tie: none` marks a history
fact that belongs to no tie; `article` defaults to the article of the tie. The id cannot change
on an edit (remove the fact and add it again instead).

An answer in another language is the curator's: written or changed on the form, it is reviewed.
Submitted unchanged while it is unreviewed (the box's label says so) with the English answer
unchanged, it is confirmed. Left unchanged while the English answer changes, it is kept but
marked for review (the curator's rule for every edit): it may no longer say the same.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.app.checks import CuratorModal, CuratorView
from bot.core.knowledge.language import Language
from bot.core.knowledge.models import Fact
from bot.core.knowledge.store import Knowledge

__all__ = [
    "DETAIL_KEYS",
    "MAX_INPUTS",
    "FactForm",
    "FormError",
    "FormValues",
    "RetryView",
    "details_text",
    "edited_fields",
    "form_languages",
    "language_box",
    "new_fact",
    "parse_details",
    "to_fact",
    "translation_input",
    "values_for",
]

log = logging.getLogger(__name__)

DETAIL_KEYS = ("id", "tie", "intent", "entities", "speaker", "leg", "year", "keywords", "article", "status")
"""The keys the details box accepts, in the order they are shown."""
LIST_KEYS = frozenset({"entities", "keywords"})
NOT_ON_THE_FORM = frozenset({"asked_as"})
"""Fields the form does not show, so an edit keeps them: questions are taught (/facts unanswered), not typed.
`translations` is on the form (one box per language that fits) and handled apart: see `edited_fields`."""
MAX_INPUTS = 5
"""Discord's limit of text inputs in one modal."""
FIXED_INPUTS = 4
"""The answer, the evidence, the quote and the details: the rest of the form is for other languages."""
LABEL_LIMIT = 45
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
    """What a moderator typed into the form (kept to refill it after a failed attempt).

    `id` is the id given apart from the details (tests, callers); the details' `id:` line wins.
    `translations` holds each language box on the form by code, empty when left empty;
    `unreviewed` the codes whose answer was unreviewed when the form was filled in.
    """

    id: str = ""
    answer: str = ""
    evidence: str = ""
    quote: str = ""
    details: str = ""
    translations: dict[str, str] = field(default_factory=dict)
    unreviewed: frozenset[str] = frozenset()


def form_languages(knowledge: Knowledge) -> list[Language]:
    """The languages besides the default that get a box on the form, as many as fit beside the fixed inputs.

    A language beyond those is not on the form, so an edit keeps its translation as it is.
    """
    others = [lang for code, lang in sorted(knowledge.languages.items()) if code != knowledge.language.code]
    return others[:MAX_INPUTS - FIXED_INPUTS]


def translation_input(name: str) -> str:
    """A language box's name in problems and labels, from the language's name: "Answer in Español"."""
    return f"Answer in {name}"


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
        return "id: \ntie: \nintent: \nentities: \nspeaker: \nleg: \nkeywords: "
    lines = [f"id: {fact.id}", f"tie: {fact.tie or 'none'}", f"intent: {fact.intent}",
             f"entities: {', '.join(fact.entities)}"]
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


def values_for(fact: Fact | None, knowledge: Knowledge | None = None) -> FormValues:
    """The form filled in with an existing fact, or empty for a new one.

    With `knowledge`, one language box for each language on the form (`form_languages`); without,
    one for each translation the fact has.
    """
    codes = ([lang.code for lang in form_languages(knowledge)] if knowledge is not None
             else sorted(fact.translations) if fact is not None else [])
    if fact is None:
        return FormValues(details=details_text(None), translations=dict.fromkeys(codes, ""))
    translations = {code: t.answer if (t := fact.translations.get(code)) else "" for code in codes}
    unreviewed = frozenset(code for code in codes if (t := fact.translations.get(code)) and not t.reviewed)
    return FormValues(id=fact.id, answer=fact.answer, evidence=fact.source.evidence, quote=fact.quote or "",
                      details=details_text(fact), translations=translations, unreviewed=unreviewed)


def to_fact(values: FormValues, knowledge: Knowledge) -> dict[str, Any]:
    """The fact mapping (as in the YAML files) the form describes; validation is the curator's.

    Each language box that is filled in becomes that language's answer (reviewed: the curator wrote it).

    Raises:
        FormError: the details box is unreadable or names no article and no tie to take it from.
    """
    details = parse_details(values.details)
    fact_id = details.pop("id", None) or values.id
    article = details.pop("article", None)
    tie = details.get("tie")
    if article is None and tie in knowledge.ties:
        article = knowledge.ties[tie].article
    if article is None:
        raise FormError(["details: give 'article: <article id>' (or a tie whose article it is)"])
    fact: dict[str, Any] = {"id": (fact_id or "").strip(), "tie": tie}
    fact.update({k: v for k, v in details.items() if k != "tie" and v not in (None, [])})
    fact["answer"] = values.answer.strip()
    if values.quote.strip():
        fact["quote"] = values.quote.strip()
    fact["source"] = {"article": article, "evidence": values.evidence.strip()}
    typed = {code: text.strip() for code, text in values.translations.items() if text.strip()}
    if typed:
        fact["translations"] = {code: {"answer": text} for code, text in typed.items()}
    return fact


def new_fact(values: FormValues, knowledge: Knowledge) -> dict[str, Any]:
    """`to_fact` for a fact being added: an approved one needs an answer in every language on the form.

    Fans asking in those languages are answered from it; a curator who cannot write one adds the
    fact with `status: draft`, and whoever approves it writes it.

    Raises:
        FormError: as `to_fact`, or a language box left empty on an approved fact.
    """
    fact = to_fact(values, knowledge)
    if fact.get("status", "approved") == "draft":
        return fact
    missing = [lang for lang in form_languages(knowledge)
               if lang.code in values.translations and not values.translations[lang.code].strip()]
    if missing:
        raise FormError([f"{translation_input(lang.name)}: an approved fact needs one (fans asking in {lang.name} are "
                         "answered from it); write it, or add the fact with 'status: draft' in the details"
                         for lang in missing])
    return fact


def edited_fields(fact: Fact, new: dict[str, Any], boxes: Mapping[str, str] | None = None,
                  names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The fields of `new` (a mapping from `to_fact`) that differ from `fact`, for `Curator.edit`.

    A field left out of the form goes back to its default (None for a quote, [] for keywords); a
    field the form does not show (NOT_ON_THE_FORM) is kept as it is. `boxes` are the language
    boxes as submitted (by default, the answers in `new`): a changed one is the curator's answer,
    reviewed; an unchanged one that was unreviewed is confirmed when the English answer is
    unchanged too (else the curator marks it for review); its fans' questions are kept.
    `names` are the languages' names, for problems.

    Raises:
        FormError: a language box emptied where the fact has an answer in it.
    """
    old = fact.model_dump(mode="json")
    fields: dict[str, Any] = {}
    for key, info in Fact.model_fields.items():
        if key in ("source", "translations") or key in NOT_ON_THE_FORM:
            continue
        default = info.get_default(call_default_factory=True)
        value = new.get(key, default)
        if value != old[key]:
            fields[key] = value
    for key in ("article", "evidence"):
        if new["source"][key] != old["source"][key]:
            fields[f"source.{key}"] = new["source"][key]
    translations = _edited_translations(fact, new, boxes, names or {})
    if translations is not None:
        fields["translations"] = translations
    return fields


def _edited_translations(fact: Fact, new: dict[str, Any], boxes: Mapping[str, str] | None,
                         names: Mapping[str, str]) -> dict[str, Any] | None:
    """The fact's whole `translations` after the form's language boxes, or None when the form changes none."""
    if boxes is None:
        boxes = {code: t["answer"] for code, t in (new.get("translations") or {}).items()}
    english_changed = new.get("answer") != fact.answer
    changed: dict[str, dict[str, Any]] = {}
    problems = []
    for code, typed in boxes.items():
        text = typed.strip()
        current = fact.translations.get(code)
        if not text:
            if current is not None:
                problems.append(f"{translation_input(names.get(code, code))}: cannot be left empty (that would "
                                "delete the answer and its fans' questions); correct it instead")
            continue
        kept = current.model_dump(mode="json", exclude_defaults=True) if current is not None else {}
        if current is None or text != current.answer:
            changed[code] = {**kept, "answer": text}
            changed[code].pop("reviewed", None)
        elif not current.reviewed and not english_changed:
            changed[code] = {k: v for k, v in kept.items() if k != "reviewed"}
    if problems:
        raise FormError(problems)
    if not changed:
        return None
    out = {code: t.model_dump(mode="json", exclude_defaults=True) for code, t in fact.translations.items()}
    out.update({code: {"answer": entry["answer"], **{k: v for k, v in entry.items() if k != "answer"}}
                for code, entry in changed.items()})
    return out


Submit = Callable[[discord.Interaction[Any], "FormValues"], Awaitable[None]]


def language_box(language: Language, text: str, unreviewed: bool) -> discord.ui.TextInput[Any]:
    """The box for a fact's answer in another language; its label says when that answer awaits review."""
    label = translation_input(language.name) + (" (unreviewed)" if unreviewed else "")
    marking = language.translating
    hint = (f"A quote stays verbatim, then {marking.quote_translation.format(text='…')}" if marking is not None
            else f"The answer in {language.name}")
    return discord.ui.TextInput(custom_id=f"fact-answer-{language.code}", label=label[:LABEL_LIMIT],
                                style=discord.TextStyle.paragraph, default=text or None, placeholder=hint[:100],
                                required=False, max_length=TEXT_LIMIT)


class FactForm(CuratorModal):
    """Add or edit one fact; what happens on submit is the cog's `submit` (after the curator gate)."""

    def __init__(self, title: str, values: FormValues, submit: Submit, languages: Sequence[Language] = ()) -> None:
        super().__init__(title=title[:MODAL_TITLE_LIMIT], timeout=900)
        self.submit = submit
        self.form_values = values
        paragraph = discord.TextStyle.paragraph
        self.answer: discord.ui.TextInput[FactForm] = discord.ui.TextInput(
            custom_id="fact-answer", label="Answer (what the bot says)", style=paragraph,
            default=values.answer or None, max_length=TEXT_LIMIT)
        self.languages = list(languages)[:MAX_INPUTS - FIXED_INPUTS]
        self.boxes = {lang.code: language_box(lang, values.translations.get(lang.code, ""),
                                              lang.code in values.unreviewed) for lang in self.languages}
        self.evidence: discord.ui.TextInput[FactForm] = discord.ui.TextInput(
            custom_id="fact-evidence", label="Evidence (verbatim from the article)", style=paragraph,
            default=values.evidence or None, max_length=TEXT_LIMIT)
        self.quote: discord.ui.TextInput[FactForm] = discord.ui.TextInput(
            custom_id="fact-quote", label="Quote (verbatim, optional)", style=paragraph,
            default=values.quote or None, required=False, max_length=TEXT_LIMIT)
        self.details: discord.ui.TextInput[FactForm] = discord.ui.TextInput(
            custom_id="fact-details", label="Details: id, tie, intent… one a line", style=paragraph,
            default=values.details or None, max_length=DETAILS_LIMIT,
            placeholder="id: ...\ntie: ...\nintent: ...\nentities: a, b\nspeaker: ...")
        for item in (self.answer, *self.boxes.values(), self.evidence, self.quote, self.details):
            self.add_item(item)

    def values(self) -> FormValues:
        """What was submitted."""
        return FormValues(id=self.form_values.id, answer=self.answer.value, evidence=self.evidence.value,
                          quote=self.quote.value, details=self.details.value,
                          translations={code: box.value for code, box in self.boxes.items()},
                          unreviewed=self.form_values.unreviewed)

    async def on_submit(self, interaction: discord.Interaction[Any], /) -> None:
        """Hand the values to the cog."""
        await self.submit(interaction, self.values())


class RetryView(CuratorView):
    """Offered with a rejected form: reopen it with everything typed so far, to fix and resubmit."""

    def __init__(self, reopen: Callable[[], discord.ui.Modal], owner_id: int) -> None:
        super().__init__(timeout=900)
        self.reopen = reopen
        """Builds the form again as it was submitted (a modal is sent once, so each click gets a new one)."""
        self.owner_id = owner_id

    @discord.ui.button(label="Fix and try again", style=discord.ButtonStyle.primary)
    async def retry(self, interaction: discord.Interaction[Any], button: discord.ui.Button[RetryView]) -> None:
        """Reopen the form as it was submitted."""
        await interaction.response.send_modal(self.reopen())

    async def allows(self, interaction: discord.Interaction[Any], /) -> bool:
        """Only the moderator who filled in the form reopens it."""
        return interaction.user.id == self.owner_id
