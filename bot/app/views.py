"""Replies built from an answer, and the "did you mean" buttons offered with a declined one.

Shared by /ask and chat, so both look and behave the same. A reply speaks the answer's language
(`Answer.lang`), buttons included, and its buttons keep it: a suggestion is worded in that
language, so pressing it asks it in that language, whoever presses.
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.app.cards import answer_cards
from bot.app.client import TiesBot, conversation_key
from bot.app.embeds import answer_embed, clip, decline_embed, full_quote_embed
from bot.app.errors import report_error
from bot.app.texts import Texts, texts_for
from bot.core.answering.answer import Answer
from bot.core.knowledge.store import Knowledge

__all__ = ["NO_MENTIONS", "FullQuoteView", "ReplyView", "SuggestionView", "reply_for"]

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
"""Passed on every send: nothing the bot says can ping anyone, whatever the text contains."""
BUTTON_LABEL_LIMIT = 80
SUGGESTION_TIMEOUT = 600.0


def reply_for(answer: Answer, knowledge: Knowledge,
              question: str | None = None) -> tuple[discord.Embed, ReplyView | None]:
    """The embed for an answer, and its buttons: "Full quote" for a cut quote, or the suggestions of a decline.

    Both speak the answer's language.
    """
    texts = texts_for(knowledge, answer.lang)
    if answer.answered:
        view = FullQuoteView(answer.full_text, texts) if answer.full_text else None
        return answer_embed(answer, texts, question), view
    suggestions = SuggestionView(answer.suggestions, answer.lang) if answer.suggestions else None
    return decline_embed(answer, texts), suggestions


class ReplyView(discord.ui.View):
    """Buttons under an answer (or a decline): switched off when they expire, so a late press does not fail."""

    def __init__(self, timeout: float = SUGGESTION_TIMEOUT) -> None:
        super().__init__(timeout=timeout)
        self.message: discord.Message | None = None
        """The chat reply carrying the buttons, so they can be switched off on timeout."""
        self.interaction: discord.Interaction[Any] | None = None
        """The /ask interaction whose response carries the buttons."""

    async def on_timeout(self) -> None:
        """Grey the buttons out so a late press does not end in "This interaction failed"."""
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
        try:
            if self.interaction is not None:
                await self.interaction.edit_original_response(view=self)
            elif self.message is not None:
                await self.message.edit(view=self, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException:
            log.debug("could not switch off expired buttons", exc_info=True)

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any], /
    ) -> None:
        """Same handling as the slash commands."""
        await report_error(interaction, error)


class FullQuoteView(ReplyView):
    """One button showing the whole quote an answer cut to the part asked about (privately, to who pressed)."""

    def __init__(self, full_text: str, texts: Texts, timeout: float = SUGGESTION_TIMEOUT) -> None:
        super().__init__(timeout=timeout)
        self.full_text = full_text
        self.texts = texts
        self.full_quote.label = clip(texts("full_quote"), BUTTON_LABEL_LIMIT)

    @discord.ui.button(label="Full quote", style=discord.ButtonStyle.secondary)
    async def full_quote(self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]) -> None:
        """Send the whole quote to whoever pressed, in the answer's language; the answer in the channel stays short."""
        await interaction.response.send_message(embed=full_quote_embed(self.full_text, self.texts), ephemeral=True,
                                                allowed_mentions=NO_MENTIONS)


class SuggestionButton(discord.ui.Button["SuggestionView"]):
    """One "did you mean" question; pressing it asks that question for whoever pressed."""

    def __init__(self, question: str, language: str) -> None:
        super().__init__(label=clip(question, BUTTON_LABEL_LIMIT), style=discord.ButtonStyle.secondary)
        self.question = question
        self.language = language
        """The language the suggestion is worded in (its decline's): it is asked in that language."""

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Answer the suggested question publicly, in its language, and mark the button as used."""
        bot: TiesBot = interaction.client
        bot.cooldown.check(interaction.user.id)
        # The bot's own wording, built from the facts: not a question a fan found missing.
        answer = bot.answer(self.question, conversation_key(interaction.channel_id, interaction.user.id),
                            language=self.language, note_unanswered=False)
        embed, view = reply_for(answer, bot.engine.knowledge, self.question)
        self.disabled = True
        await interaction.response.edit_message(view=self.view)
        files = await answer_cards(bot, answer, embed, allowed=interaction.app_permissions.attach_files)
        if view is None:
            await interaction.followup.send(embed=embed, files=files, allowed_mentions=NO_MENTIONS)
        else:
            await interaction.followup.send(embed=embed, view=view, files=files, allowed_mentions=NO_MENTIONS)


class SuggestionView(ReplyView):
    """Up to three suggested questions as buttons; they switch off after ten minutes."""

    def __init__(self, suggestions: list[str], language: str, timeout: float = SUGGESTION_TIMEOUT) -> None:
        super().__init__(timeout=timeout)
        for question in suggestions[:3]:
            self.add_item(SuggestionButton(question, language))
