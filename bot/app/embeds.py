"""Rendering answers, tie cards, quotes, help and curation results as Discord embeds.

Every text goes through `clip`, and every embed through `fit`, so nothing the bot sends can
break one of Discord's limits: a long answer loses its tail behind an ellipsis, never the
whole message. What fans read is in their language (`Texts`, from the language files); the
curators' screens are in English.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import discord

from bot.app.texts import Texts
from bot.core.answering.answer import Answer, Source
from bot.core.answering.explain import Explanation, render_explanation
from bot.core.answering.render import format_source
from bot.core.curation.changes import ChangeRejected, CurationError
from bot.core.knowledge.models import Fact, Leg, Tie
from bot.core.knowledge.store import Knowledge, KnowledgeError, KnowledgeIssue

__all__ = [
    "COLOUR",
    "answer_embed",
    "change_embed",
    "change_failed_embed",
    "clip",
    "decline_embed",
    "fact_embed",
    "fit",
    "full_quote_embed",
    "help_embed",
    "issues_embed",
    "quotes_embed",
    "tie_embed",
    "tie_label",
    "unanswered_embed",
]

COLOUR = discord.Colour(0xC8102E)
"""Liverpool red for answers."""
DECLINE_COLOUR = discord.Colour(0x8A8D91)
ERROR_COLOUR = discord.Colour(0xE67E22)

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
AUTHOR_LIMIT = 256
FIELDS_LIMIT = 25
TOTAL_LIMIT = 6000
MESSAGE_LIMIT = 2000
ELLIPSIS = "…"


def clip(text: str, limit: int) -> str:
    """Shorten `text` to at most `limit` characters, at a word break where one is near, with "…"."""
    text = text.strip()
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[:limit]
    cut = text[: limit - len(ELLIPSIS)]
    space = cut.rfind(" ")
    if space >= len(cut) * 0.8:
        cut = cut[:space]
    return cut.rstrip(" ,;:—-") + ELLIPSIS


def fit(embed: discord.Embed) -> discord.Embed:
    """Clip every part to its own limit, then trim fields and description until the total fits."""
    if embed.title:
        embed.title = clip(embed.title, TITLE_LIMIT)
    if embed.description:
        embed.description = clip(embed.description, DESCRIPTION_LIMIT)
    if embed.footer.text:
        embed.set_footer(text=clip(embed.footer.text, FOOTER_LIMIT), icon_url=embed.footer.icon_url)
    if embed.author.name:
        embed.set_author(name=clip(embed.author.name, AUTHOR_LIMIT), url=embed.author.url)
    fields = [(clip(f.name or "-", FIELD_NAME_LIMIT), clip(f.value or "-", FIELD_VALUE_LIMIT), bool(f.inline))
              for f in embed.fields[:FIELDS_LIMIT]]
    embed.clear_fields()
    for name, value, inline in fields:
        embed.add_field(name=name, value=value, inline=inline)
    while len(embed) > TOTAL_LIMIT and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
    if len(embed) > TOTAL_LIMIT and embed.description:
        excess = len(embed) - TOTAL_LIMIT
        embed.description = clip(embed.description, max(1, len(embed.description) - excess))
    return embed


def _footer(sources: Sequence[Source], texts: Texts) -> str:
    return "\n".join(texts.source(s) for s in sources)


def answer_embed(answer: Answer, texts: Texts, question: str | None = None) -> discord.Embed:
    """An answered question: the answer, any quote not already in it, and the sources in the footer.

    A quote the answer cut to the part asked about is not repeated whole: "Full quote" shows it.
    `texts` are the answer's language's: a quote stays in the words it was given in, only its label is translated.
    """
    embed = discord.Embed(description=answer.text, colour=COLOUR)
    if question:
        embed.title = question
    whole = " ".join((answer.full_text or answer.text).split())
    for quote in answer.quotes:
        if " ".join(quote.split()) not in whole:
            embed.add_field(name=texts("quote"), value=f"“{quote}”", inline=False)
    if answer.sources:
        embed.set_footer(text=_footer(answer.sources, texts))
    return fit(embed)


def decline_embed(answer: Answer, texts: Texts) -> discord.Embed:
    """A question the facts do not answer: say so kindly and point at what can be asked."""
    text = answer.text
    if answer.suggestions:
        text += "\n\n" + texts("did_you_mean")
    else:
        text += "\n\n" + texts("try_help", help=texts.command("help"))
    return fit(discord.Embed(title=texts("declined_title"), description=text, colour=DECLINE_COLOUR))


def full_quote_embed(full_text: str, texts: Texts) -> discord.Embed:
    """The whole quote an answer cut to the part asked about, for whoever pressed "Full quote"."""
    return fit(discord.Embed(title=texts("full_quote"), description=full_text, colour=COLOUR))


def tie_label(knowledge: Knowledge, tie_id: str | None) -> str:
    """A tie's name with its round and year, e.g. "Liverpool v Real Madrid (quarter-final, 2021)"."""
    if tie_id is None or tie_id not in knowledge.ties:
        return "History"
    tie = knowledge.ties[tie_id]
    return f"{tie.name} ({tie.round}, {tie.year})"


def _leg_line(knowledge: Knowledge, leg: Leg, texts: Texts) -> str:
    names = knowledge.entities
    home, away = names[leg.home].name, names[leg.away].name
    if leg.score:
        line = texts("leg_played", home=home, score=leg.score, away=away)
    else:
        line = texts("leg_not_played", home=home, away=away)
    venue = names[leg.venue].name if leg.venue else texts("venue_unknown")
    date = texts.language.long_date(leg.date) if leg.date else texts("date_unknown")
    return f"{line}\n" + texts("leg_where", venue=venue, date=date)


def _bullets(facts: Iterable[Fact], limit: int, language: str) -> str:
    return "\n".join(f"• {f.answer_in(language)}" for f in list(facts)[:limit])


def _article_source(knowledge: Knowledge, article_id: str) -> Source | None:
    article = knowledge.articles.get(article_id)
    if article is None:
        return None
    date = article.date.isoformat() if article.date else None
    return Source(article=article.id, title=article.title, date=date)


def tie_embed(knowledge: Knowledge, tie_id: str, texts: Texts) -> discord.Embed:
    """The summary card of a tie: teams, round, legs, key facts and the experts' predictions, in `texts`' language."""
    tie: Tie = knowledge.ties[tie_id]
    names = knowledge.entities
    competition = names[tie.competition].name if tie.competition in names else tie.competition
    teams = f" {texts('versus')} ".join(names[t].name for t in tie.teams)
    embed = discord.Embed(title=tie.name, colour=COLOUR,
                          description=texts("tie_heading", competition=competition,
                                            round=texts.language.round_name(tie.round), season=tie.season,
                                            teams=teams))
    embed.add_field(name=texts("first_leg"), value=_leg_line(knowledge, tie.first_leg, texts), inline=True)
    embed.add_field(name=texts("second_leg"), value=_leg_line(knowledge, tie.second_leg, texts), inline=True)
    facts = [f for f in knowledge.facts.values() if f.tie == tie_id]
    key = [f for f in facts if f.intent == "context"]
    if key:
        embed.add_field(name=texts("key_facts"), value=_bullets(key, 3, texts.code), inline=False)
    predictions = [f for f in facts if f.intent == "prediction"]
    if predictions:
        embed.add_field(name=texts("predictions"), value=_bullets(predictions, 4, texts.code), inline=False)
    quotes = sum(1 for f in facts if f.intent == "quote")
    lines = []
    if quotes:
        lines.append(texts("quotes_hint", count=quotes, quote=texts.command("quote"), ask=texts.command("ask")))
    source = _article_source(knowledge, tie.article or "")
    if source is not None:
        lines.append(texts.source(source))
    if lines:
        embed.set_footer(text="\n".join(lines))
    return fit(embed)


def quotes_embed(knowledge: Knowledge, person_id: str, texts: Texts) -> discord.Embed:
    """Everything one person is quoted saying in the articles, tie by tie, in `texts`' language.

    Each quote is the fact's answer in that language: the words as given, then their translation.
    """
    person = knowledge.entities[person_id]
    facts = sorted((f for f in knowledge.facts.values() if f.intent == "quote" and f.speaker == person_id),
                   key=lambda f: (knowledge.ties[f.tie].year if f.tie in knowledge.ties else 0, f.id))
    title = (texts("said_title_role", name=person.name, role=person.role) if person.role
             else texts("said_title", name=person.name))
    embed = discord.Embed(title=title, colour=COLOUR)
    if not facts:
        embed.description = texts("said_nothing", name=person.name)
    for fact in facts:
        embed.add_field(name=texts.tie_label(knowledge, fact.tie), value=fact.answer_in(texts.code), inline=False)
    sources: list[Source] = []
    for fact in facts:
        source = _article_source(knowledge, fact.source.article)
        if source is not None and all(s.article != source.article for s in sources):
            sources.append(source)
    if sources:
        embed.set_footer(text=_footer(sources, texts))
    return fit(embed)


def help_embed(knowledge: Knowledge, texts: Texts, moderator_commands: Sequence[str] = ()) -> discord.Embed:
    """What the bot knows and how to ask it, in `texts`' language, with the commands as its clients name them.

    `moderator_commands` are the /facts subcommands' qualified names, listed in the footer.
    """
    ties = "\n".join(f"• {texts.tie_label(knowledge, t)}" for t in knowledge.ties)
    embed = discord.Embed(title=texts("help_title"), colour=COLOUR, description=texts("help_intro", ties=ties))
    embed.add_field(name=texts.command("ask"), value=texts("help_ask"), inline=False)
    embed.add_field(name=texts.command("tie"), value=texts("help_tie"), inline=False)
    embed.add_field(name=texts.command("quote"), value=texts("help_quote"), inline=False)
    embed.add_field(name=texts("help_chat_name"), value=texts("help_chat"), inline=False)
    embed.add_field(name=texts("help_examples_name"), value=texts("help_examples"), inline=False)
    if moderator_commands:
        first, *rest = (texts.command(name) for name in moderator_commands)
        listed = ", ".join([first, *(name.rsplit(" ", 1)[-1] for name in rest)])  # "/facts reload, status, …"
        embed.set_footer(text=texts("help_moderators", commands=listed))
    return fit(embed)


def fact_embed(knowledge: Knowledge, fact_id: str) -> discord.Embed:
    """One fact as a moderator needs to see it: every field, its file and its source."""
    fact = knowledge.fact_or_draft(fact_id)
    if fact is None:
        raise KeyError(fact_id)
    embed = discord.Embed(title=fact.id, description=fact.answer, colour=COLOUR)
    embed.add_field(name="Tie", value=tie_label(knowledge, fact.tie), inline=True)
    embed.add_field(name="Intent", value=fact.intent, inline=True)
    embed.add_field(name="Status", value=fact.status, inline=True)
    if fact.entities:
        embed.add_field(name="Entities", value=", ".join(fact.entities), inline=False)
    if fact.speaker:
        embed.add_field(name="Speaker", value=fact.speaker, inline=True)
    if fact.leg:
        embed.add_field(name="Leg", value=fact.leg, inline=True)
    if fact.year:
        embed.add_field(name="Year", value=str(fact.year), inline=True)
    if fact.quote:
        embed.add_field(name="Quote", value=f"“{fact.quote}”", inline=False)
    if fact.keywords:
        embed.add_field(name="Keywords", value=", ".join(fact.keywords), inline=False)
    if fact.asked_as:
        embed.add_field(name=f"Asked as ({len(fact.asked_as)}, latest first)", inline=False,
                        value="\n".join(f"• {clip(q, 200)}" for q in reversed(fact.asked_as)))
    embed.add_field(name="Evidence", value=f"> {fact.source.evidence}", inline=False)
    article = knowledge.articles.get(fact.source.article)
    source = fact.source.article
    if article is not None:
        date = article.date.isoformat() if article.date else None
        source = format_source(Source(article=article.id, title=article.title, date=date))
    where = knowledge.fact_files.get(fact.id, "?")
    embed.set_footer(text=f"Source: {source}\nFile: {where}")
    return fit(embed)


def issues_embed(title: str, issues: Sequence[KnowledgeIssue], note: str) -> discord.Embed:
    """Validation problems, one line each as file · fact id · field: message."""
    lines = [f"• `{issue}`" if len(str(issue)) < 300 else f"• {issue}" for issue in issues[:20]]
    if len(issues) > 20:
        lines.append(f"… and {len(issues) - 20} more")
    embed = discord.Embed(title=title, description=note + "\n\n" + "\n".join(lines), colour=ERROR_COLOUR)
    return fit(embed)


def change_embed(title: str, summary: str) -> discord.Embed:
    """A change that went through: what it was and what differs now."""
    return fit(discord.Embed(title=title, description=summary or "No differences.", colour=COLOUR))


def unanswered_embed(rows: Sequence[tuple[str, int, str]], *, first: int = 1, note: str | None = None) -> discord.Embed:
    """The questions most often declined or answered with low confidence: (question, count, last asked).

    They are numbered from `first`, as the selects that teach them are; `note` goes in the footer.
    """
    embed = discord.Embed(title="Questions I could not answer well", colour=DECLINE_COLOUR)
    if not rows:
        embed.description = "Nothing waiting: every question fans asked has an answer or has been handled."
        return embed
    lines = [f"`{number}.` **{count}×** {clip(question, 200)} · _{last}_"
             for number, (question, count, last) in enumerate(rows, start=first)]
    embed.description = "\n".join(lines)
    embed.set_footer(text=note or "Add a fact with /facts add when the articles do answer one of these.")
    return fit(embed)


def change_failed_embed(error: Exception) -> discord.Embed:
    """Why a curator's change was not saved: the problems it would cause, the refusal, or a broken folder."""
    if isinstance(error, ChangeRejected):
        return issues_embed("Not saved: the change would make the facts invalid", error.issues,
                            "Nothing was written; the bot still serves the previous facts.")
    if isinstance(error, CurationError):
        return issues_embed("Not saved", [], str(error))
    issues = error.issues if isinstance(error, KnowledgeError) else []  # the folder is broken, missing or unreadable
    note = ("The knowledge folder cannot be read or is invalid, so nothing was written; fans still get "
            "the last good facts. See /facts status." + ("" if issues else f"\n`{error}`"))
    return issues_embed("Not saved: the knowledge folder is broken", issues, note)


LANGUAGE_CHOSEN_BY = {
    "asked": "the language asked for",
    "words": "the question's own words",
    "detector": "the language detector",
    "conversation": "the conversation's language (the question was too short to tell)",
    "default": "the default language (nothing else told)",
}
"""How `Explanation.language_by` reads to a curator."""


def _language_name(knowledge: Knowledge, code: str) -> str:
    language = knowledge.languages.get(code)
    return f"{language.name} ({code})" if language is not None else code


def explain_embed(explanation: Explanation, knowledge: Knowledge) -> discord.Embed:
    """Why the engine answered a question as it did: the account in a code block, the languages, its answer."""
    answer = explanation.answer
    embed = discord.Embed(title=clip(f"Why: {answer.reason}", TITLE_LIMIT),
                          colour=COLOUR if answer.answered else ERROR_COLOUR)
    account = render_explanation(explanation).replace("```", "'''")  # nothing may close the block early
    embed.description = clip(f"```\n{account}", DESCRIPTION_LIMIT - 4) + "\n```"
    embed.add_field(name="Language", inline=False, value=(
        f"read in {_language_name(knowledge, explanation.language)}, answered in "
        f"{_language_name(knowledge, answer.lang)} (chosen by "
        f"{LANGUAGE_CHOSEN_BY.get(explanation.language_by, explanation.language_by)})"))
    embed.add_field(name="Answered" if answer.answered else "Declined", value=clip(answer.text, FIELD_VALUE_LIMIT))
    return fit(embed)
