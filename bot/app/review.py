"""Reviewing drafts in Discord: reading an uploaded article, showing the drafts, and the form that approves one.

Kept apart from the cog so the rules a moderator meets (what file is accepted, how drafts are
listed and paged, what approving asks for) are in one small place, and the cog only wires them
to commands.

Approving is a form because a draft's answers in the other languages are the drafter's best
effort, unreviewed (a quote's rendering, or a whole answer, is the language file's placeholder):
the form shows the answer and each of them, and what the moderator submits is what is approved,
the translations then reviewed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import discord

from bot.app.checks import CuratorModal
from bot.app.embeds import COLOUR, DECLINE_COLOUR, clip, fit, tie_label
from bot.app.fact_form import FIXED_INPUTS, MAX_INPUTS, MODAL_TITLE_LIMIT, TEXT_LIMIT, FormValues, Submit, language_box
from bot.core.curation.importing import DraftImport
from bot.core.knowledge.language import Language
from bot.core.knowledge.models import Fact
from bot.core.knowledge.store import Knowledge

__all__ = [
    "MAX_ARTICLE_BYTES",
    "PAGE_SIZE",
    "ApproveForm",
    "ArticleUploadError",
    "drafts_embed",
    "import_embed",
    "read_article",
    "with_translations",
]

MAX_ARTICLE_BYTES = 200_000
"""A news article is a few thousand words; anything far larger is the wrong file."""
PAGE_SIZE = 10


class ArticleUploadError(ValueError):
    """The uploaded file is not a plain-text article the drafter can read; the message says why."""


async def read_article(attachment: discord.Attachment) -> str:
    """The text of an uploaded .txt article, after checking its name, type, size and encoding.

    Raises:
        ArticleUploadError: with a sentence the moderator can act on.
    """
    name = attachment.filename
    content_type = (attachment.content_type or "").split(";")[0].strip().lower()
    if not name.lower().endswith(".txt") and content_type != "text/plain":
        raise ArticleUploadError(f"`{discord.utils.escape_markdown(name)}` is not a .txt file. Save the article "
                                 "as plain text (.txt) and attach that.")
    if attachment.size > MAX_ARTICLE_BYTES:
        raise ArticleUploadError(f"The file is {attachment.size // 1000} kB; an article should be under "
                                 f"{MAX_ARTICLE_BYTES // 1000} kB.")
    try:
        data = await attachment.read()
    except (discord.HTTPException, discord.NotFound) as exc:
        raise ArticleUploadError(f"Could not download the file from Discord ({exc}); try attaching it again.") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleUploadError("The file is not UTF-8 text. Re-save it as UTF-8 plain text.") from exc
    if not text.strip():
        raise ArticleUploadError("The file is empty.")
    return text


class ApproveForm(CuratorModal):
    """Approve a draft as the moderator corrects it: its answer and its answer in each other language on the form."""

    def __init__(self, fact_id: str, values: FormValues, submit: Submit, languages: Sequence[Language] = (),
                 default: str = "English") -> None:
        super().__init__(title=f"Approve {fact_id}"[:MODAL_TITLE_LIMIT], timeout=900)
        self.submit = submit
        self.form_values = values
        self.answer: discord.ui.TextInput[ApproveForm] = discord.ui.TextInput(
            custom_id="fact-answer", label=f"Answer in {default}"[:45], style=discord.TextStyle.paragraph,
            default=values.answer or None, max_length=TEXT_LIMIT)
        self.add_item(self.answer)
        self.boxes = {lang.code: language_box(lang, values.translations.get(lang.code, ""), False)
                      for lang in list(languages)[:MAX_INPUTS - FIXED_INPUTS]}
        for box in self.boxes.values():
            self.add_item(box)

    def values(self) -> FormValues:
        """What was submitted (the rest of the draft is approved as it stands)."""
        return FormValues(id=self.form_values.id, answer=self.answer.value,
                          translations={code: box.value for code, box in self.boxes.items()})

    async def on_submit(self, interaction: discord.Interaction[Any], /) -> None:
        """Hand the values to the cog."""
        await self.submit(interaction, self.values())


def with_translations(embed: discord.Embed, knowledge: Knowledge, fact_id: str) -> discord.Embed:
    """A fact's embed with its answer in each other language and whether that is reviewed (served) or not."""
    fact = knowledge.fact_or_draft(fact_id)
    if fact is None:
        return embed
    for code, language in sorted(knowledge.languages.items()):
        if code == knowledge.language.code:
            continue
        translation = fact.translations.get(code)
        if translation is None:
            embed.add_field(name=f"Answer in {language.name}: missing", inline=False,
                            value=f"Fans asking in {language.name} get the {knowledge.language.name} answer.")
            continue
        state = "reviewed" if translation.reviewed else "not reviewed, not served"
        embed.add_field(name=f"Answer in {language.name} ({state})", value=clip(translation.answer, 1024),
                        inline=False)
    return fit(embed)


def _line(fact: Fact) -> str:
    speaker = f" · {fact.speaker}" if fact.speaker else ""
    return f"**{fact.id}** · {fact.intent}{speaker}\n{clip(fact.answer, 160)}"


def _sorted_drafts(knowledge: Knowledge) -> list[Fact]:
    return sorted(knowledge.drafts.values(), key=lambda f: (f.source.article, knowledge.fact_files.get(f.id, ""),
                                                            f.id))


def drafts_embed(knowledge: Knowledge, page: int) -> discord.Embed:
    """One page of the drafts waiting for review, grouped by article, with what to do next."""
    drafts = _sorted_drafts(knowledge)
    if not drafts:
        return discord.Embed(title="No drafts waiting", colour=DECLINE_COLOUR,
                             description="Upload a new article with /facts draft to get some.")
    pages = math.ceil(len(drafts) / PAGE_SIZE)
    page = min(max(page, 1), pages)
    shown = drafts[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    embed = discord.Embed(title=f"{len(drafts)} draft(s) waiting for review", colour=COLOUR)
    by_article: dict[str, list[Fact]] = {}
    for fact in shown:
        by_article.setdefault(fact.source.article, []).append(fact)
    for article, facts in by_article.items():
        embed.add_field(name=clip(article, 200), value=clip("\n".join(_line(f) for f in facts), 1024), inline=False)
    embed.set_footer(text=f"Page {page}/{pages} · Drafts are never shown to fans. /facts show id to see one, "
                          "/facts edit id to fix it, then /facts approve id (which asks for its answers in the "
                          "other languages) or /facts reject id.")
    return fit(embed)


def import_embed(result: DraftImport) -> discord.Embed:
    """What an upload produced: the article, its tie, and the first drafts to review."""
    tie = tie_label(result.knowledge, result.tie) if result.tie else "no known tie (facts answer without one)"
    embed = discord.Embed(title=f"Drafted {len(result.drafts)} fact(s) from `{result.article_id}`", colour=COLOUR,
                          description=f"Tie: {tie}\nArticle saved as `{result.article_file}`, drafts in "
                                      f"`{result.facts_file}`. Nothing is shown to fans until you approve it.")
    lines = [_line(f) for f in result.drafts[:PAGE_SIZE]]
    if len(result.drafts) > PAGE_SIZE:
        lines.append(f"… and {len(result.drafts) - PAGE_SIZE} more: /facts drafts")
    if lines:
        embed.add_field(name="Drafts", value=clip("\n".join(lines), 1024), inline=False)
    if result.dropped:
        embed.add_field(name="Left out", value=clip("\n".join(f"• {d}" for d in result.dropped), 1024), inline=False)
    embed.set_footer(text="Review: /facts show id · /facts edit id · /facts approve id · /facts reject id")
    return fit(embed)
