"""A draft's answer in each language besides the default: what the drafter can write without translating.

There is no translator here (nothing runs off this machine), so a drafted translation is never
a guess at the language: a quote keeps its verbatim words after the speaker, as a curated answer
does, and the language file's `pending` placeholder stands where its rendering goes; any other
draft gets the placeholder before the default language's answer, to translate in place. Every
drafted translation is `reviewed: false`, and approval needs the placeholder gone and the
answer reviewed. Its fans' questions come from that language's own `draft_questions`.
"""

from __future__ import annotations

from typing import Any

from bot.core.drafting.document import Document
from bot.core.drafting.draft import Draft
from bot.core.drafting.questions import asked_as
from bot.core.drafting.wording import plain
from bot.core.knowledge.language import Language
from bot.core.knowledge.models import FactTranslation, Tie
from bot.core.knowledge.store import Knowledge

__all__ = ["drafted_answer", "drafted_translations"]

_MAX_ANSWER: int = next(m.max_length for m in FactTranslation.model_fields["answer"].metadata
                        if isinstance(getattr(m, "max_length", None), int))
"""The longest answer a translation may hold (the model's limit): a longer draft is left as the placeholder."""


def drafted_answer(draft: Draft, language: Language, speaker: str | None) -> str:
    """The draft's answer as far as the drafter can write it in `language` (which has a `translating` section)."""
    words = language.translating
    if words is None:
        raise ValueError(f"language {language.code} has no translating section")
    if draft.quote is not None and speaker:
        answer = (f"{words.draft_quote.format(speaker=speaker, quote=plain(draft.quote))} "
                  f"{words.quote_translation.format(text=words.pending)}")
    else:
        answer = words.draft_answer.format(pending=words.pending, answer=draft.answer)
    return answer if len(answer) <= _MAX_ANSWER else words.pending


def drafted_translations(draft: Draft, doc: Document, tie: Tie | None, knowledge: Knowledge) -> dict[str, Any]:
    """`translations` for a drafted fact: each language besides the default, unreviewed, with its fans' questions."""
    speaker = knowledge.entities[draft.speaker].name if draft.speaker in knowledge.entities else draft.speaker_name
    out: dict[str, Any] = {}
    for code, language in sorted(knowledge.languages.items()):
        if code == knowledge.language.code or language.translating is None:
            continue
        entry: dict[str, Any] = {"answer": drafted_answer(draft, language, speaker)}
        questions = asked_as(draft, doc, tie, language)
        if questions:
            entry["asked_as"] = questions
        entry["reviewed"] = False
        out[code] = entry
    return out
