"""Rendering an `Answer` and the help as plain text for the terminal; Discord has its own embed renderer."""

from __future__ import annotations

import datetime as dt

from bot.core.answering.answer import Answer, Source
from bot.core.answering.composing import suggestion_for
from bot.core.knowledge.language import Language
from bot.core.knowledge.models import Tie
from bot.core.knowledge.store import Knowledge

__all__ = ["format_source", "render_help", "render_text", "source_line", "tie_names"]


def format_source(source: Source) -> str:
    """One line naming the article and its date, or saying the date is not stated."""
    date = source.date or "date not stated"
    return f"{source.title} ({date})"


def source_line(source: Source, language: Language) -> str:
    """"Source: <title> (<date>)" in the answer's language; the title as the article gives it."""
    if source.date is None:
        return language.say("source_undated", title=source.title)
    return language.say("source", title=source.title, date=language.long_date(dt.date.fromisoformat(source.date)))


def render_text(answer: Answer, language: Language) -> str:
    """The answer, its sources and any suggestions, as a person reads them in a terminal.

    `language` is the answer's (`answer.lang`'s language file): the bot's own words are in it.
    """
    lines = [answer.text]
    if answer.sources:
        lines.append("")
        lines.extend(source_line(s, language) for s in answer.sources)
    if answer.suggestions:
        lines.append("")
        lines.append(language.say("did_you_mean"))
        lines.extend(f"  {number}. {s}" for number, s in enumerate(answer.suggestions, start=1))
    return "\n".join(lines)


def _tie_label(tie: Tie) -> str:
    return f"{tie.name} ({tie.round}, {tie.year})"


def tie_names(knowledge: Knowledge) -> str:
    """The ties the store holds, named with their years, e.g. "A v B (2020) or C v D (2021)"."""
    names = [f"{tie.name} ({tie.year})" for tie in knowledge.ties.values()]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def render_help(knowledge: Knowledge) -> str:
    """What can be asked, from the knowledge itself: its ties, and each kind of question (intent) with an example.

    An example is the "did you mean" question for the first fact of that kind, so it is one the
    facts answer; kinds with no fact are left out, and kinds the articles cannot answer by nature
    (an intent with a `decline`) are named as such.
    """
    lines = ["I answer questions about these ties, from the articles that previewed them:"]
    lines.extend(f"  {_tie_label(tie)}" for tie in knowledge.ties.values())
    first: dict[str, str] = {}
    for fact in knowledge.facts.values():
        first.setdefault(fact.intent, suggestion_for(knowledge, fact))
    ties = list(knowledge.ties.values())
    for intent in knowledge.intents.values():
        if intent.answers_from == "ties" and ties:  # answered from the ties themselves: name one
            first[intent.id] = knowledge.language.say("recap", tie=ties[0].name, year=ties[0].year)
    lines += ["", "You can ask about:"]
    lines.extend(f"  {intent.description}, e.g. \"{first[intent.id]}\"" for intent in knowledge.intents.values()
                 if intent.decline is None and intent.id in first)
    cannot = [intent.description for intent in knowledge.intents.values() if intent.decline is not None]
    if cannot:
        lines += ["", "The articles cannot say:"]
        lines.extend(f"  {description}" for description in cannot)
    return "\n".join(lines)
