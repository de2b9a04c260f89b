"""Answers in the other languages: which approved facts lack a reviewed one, and when a change needs a new review.

Every language file other than the default one is a language fans are answered in, so every
approved fact is expected to carry an answer in it (`translations.<code>` in the facts files),
read by a curator. The engine serves only reviewed translations and otherwise falls back to the
default language's answer, so a gap never breaks an answer; it is reported by `knowledge check`
like the other gaps it finds (an intent no fact answers, a fact no question reaches): the folder
loads and serves, and the check fails until a curator fills it.

Two changes touch the review state: approving a draft needs a reviewed answer in every language
(the drafter cannot translate, so its translations start unreviewed, holding the language file's
`pending` placeholder where words are missing); and editing a fact's answer without touching a
translation keeps that translation but marks it unreviewed, since it may no longer say the same.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Iterator, Mapping
from typing import Any

from bot.core.knowledge.language import Language
from bot.core.knowledge.store import Knowledge, KnowledgeIssue

__all__ = [
    "confirmed",
    "marked_for_review",
    "other_languages",
    "placeholders",
    "review_changes",
    "translation_gaps",
]


def other_languages(knowledge: Knowledge) -> list[str]:
    """The codes of the language files besides the default one, in a stable order."""
    return sorted(code for code in knowledge.languages if code != knowledge.language.code)


def translation_gaps(knowledge: Knowledge, fact_ids: Collection[str] | None = None) -> Iterator[KnowledgeIssue]:
    """Every approved fact (of `fact_ids`, or all) missing a reviewed answer in a language other than the default.

    One issue per gap, located file · fact id · `translations.<code>.answer` (missing, or still the
    drafter's placeholder) or `translations.<code>.reviewed` (written but not reviewed).
    """
    default = knowledge.language
    for fact in knowledge.facts.values():
        if fact_ids is not None and fact.id not in fact_ids:
            continue
        where = knowledge.fact_files.get(fact.id, "facts")
        for code in other_languages(knowledge):
            language = knowledge.languages[code]
            field = f"translations.{code}"
            translation = fact.translations.get(code)
            if translation is None:
                yield KnowledgeIssue(where, fact.id, f"{field}.answer",
                                     f"no answer in {language.name}: fans asking in {language.name} get the "
                                     f"{default.name} one; write it (the fact form, or this file)")
                continue
            placeholder = _placeholder(where, fact.id, code, translation.answer, language)
            if placeholder is not None:
                yield placeholder
            if not translation.reviewed:
                yield KnowledgeIssue(where, fact.id, f"{field}.reviewed",
                                     f"not reviewed, so it is never served (fans asking in {language.name} get the "
                                     f"{default.name} answer): read it against the {default.name} one, then confirm "
                                     "it (/facts edit, or drop `reviewed: false`)")


def placeholders(knowledge: Knowledge, fact_id: str) -> Iterator[KnowledgeIssue]:
    """The fact's (or draft's) translations that still hold their language's placeholder: not yet a curator's answer."""
    fact = knowledge.fact_or_draft(fact_id)
    if fact is None:
        return
    where = knowledge.fact_files.get(fact.id, "facts")
    for code, translation in fact.translations.items():
        language = knowledge.languages.get(code)
        placeholder = _placeholder(where, fact.id, code, translation.answer, language) if language else None
        if placeholder is not None:
            yield placeholder


def _placeholder(where: str, fact_id: str, code: str, answer: str, language: Language) -> KnowledgeIssue | None:
    pending = language.translating.pending if language.translating is not None else None
    if not pending or pending not in answer:
        return None
    return KnowledgeIssue(where, fact_id, f"translations.{code}.answer",
                          f"still holds the drafter's placeholder {pending}: write the {language.name} words there")


def confirmed(raw: Mapping[str, Any], answers: Mapping[str, str]) -> dict[str, Any]:
    """A fact mapping with each language's answer set as a curator wrote or confirmed it: reviewed.

    `reviewed` is left out once true (it is the default), so a confirmed translation reads as the
    curated ones do; the translation's fans' questions are kept.
    """
    fact = copy.deepcopy(dict(raw))
    translations = fact.get("translations")
    translations = dict(translations) if isinstance(translations, dict) else {}
    for code, answer in answers.items():
        current = translations.get(code)
        entry = {k: v for k, v in current.items() if k != "reviewed"} if isinstance(current, dict) else {}
        entry["answer"] = answer.strip()
        translations[code] = {"answer": entry.pop("answer"), **entry}
    fact["translations"] = translations
    return fact


def marked_for_review(before: Mapping[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """`after` with every translation the change left as it was marked unreviewed, when the answer changed.

    A translation says what the answer said; once the answer says something else, the translation
    is kept (most of it is usually still right) but not served until a curator confirms it. A
    translation the same change rewrote is the curator's own and keeps what they gave it.
    """
    translations = after.get("translations")
    if before.get("answer") == after.get("answer") or not isinstance(translations, dict):
        return after
    old = before.get("translations")
    old = old if isinstance(old, dict) else {}
    marked = dict(translations)
    for code, translation in translations.items():
        if isinstance(translation, dict) and translation == old.get(code) and translation.get("reviewed", True):
            marked[code] = {**translation, "reviewed": False}
    return {**after, "translations": marked}


def review_changes(before: Mapping[str, Any] | None,
                   after: Mapping[str, Any] | None) -> tuple[list[str], list[str]]:
    """The languages whose translation a change took out of review (reviewed to not), and those it confirmed."""
    def states(raw: Mapping[str, Any] | None) -> dict[str, bool]:
        translations = raw.get("translations") if raw else None
        if not isinstance(translations, dict):
            return {}
        return {code: t.get("reviewed", True) is not False for code, t in translations.items() if isinstance(t, dict)}

    old, new = states(before), states(after)
    unreviewed = sorted(code for code, reviewed in new.items() if not reviewed and old.get(code, False))
    confirmed = sorted(code for code, reviewed in new.items() if reviewed and old.get(code) is False)
    return unreviewed, confirmed
