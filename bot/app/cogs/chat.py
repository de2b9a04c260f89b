"""Answering plain messages: when the bot is mentioned, in direct messages, and in CHAT_CHANNEL_IDS.

A message carries no client language, so the engine tells the question's language from its
words, and a follow-up too short to tell keeps the conversation's; the reply around the answer
speaks the answer's language. The notices sent before a question is read (over the budget, an
empty mention) speak the conversation's language, or the default one in a new conversation.
"""

from __future__ import annotations

import logging
import re

import discord
from discord.ext import commands

from bot.app.cards import answer_cards, can_attach_here
from bot.app.checks import curator_wrote
from bot.app.client import TiesBot, conversation_key
from bot.app.cooldown import cooldown_text
from bot.app.texts import Texts, texts_for
from bot.app.views import NO_MENTIONS, reply_for

__all__ = ["Chat", "setup"]

log = logging.getLogger(__name__)


class Chat(commands.Cog):
    """Replies to questions asked in conversation, with the same engine and context as /ask."""

    def __init__(self, bot: TiesBot) -> None:
        self.bot = bot
        self.chat_channels = frozenset(bot.settings.chat_channel_ids)

    def addressed(self, message: discord.Message) -> bool:
        """A DM, a mention of the bot (or its managed role), or any message in a chat channel."""
        me = self.bot.user
        if message.guild is None:
            return True
        if me is not None and me.id in message.raw_mentions:
            return True
        own_role = message.guild.self_role
        if own_role is not None and own_role.id in message.raw_role_mentions:
            return True
        channel = message.channel
        parent_id = getattr(channel, "parent_id", None)
        return channel.id in self.chat_channels or parent_id in self.chat_channels

    def question_text(self, message: discord.Message) -> str:
        """The message without the mention(s) of the bot."""
        text = message.content
        me = self.bot.user
        if me is not None:
            text = re.sub(rf"<@!?{me.id}>", " ", text)
        own_role = message.guild.self_role if message.guild else None
        if own_role is not None:
            text = text.replace(f"<@&{own_role.id}>", " ")
        return " ".join(text.split())

    def conversation_texts(self, conversation: str) -> Texts:
        """The texts of the language the conversation was last answered in; the default language's in a new one."""
        turn = self.bot.engine.context.get(conversation)
        return texts_for(self.bot.engine.knowledge, turn.language if turn is not None else None)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Answer a message addressed to the bot, replying to it without pinging anyone."""
        if message.author.bot or message.webhook_id is not None or not self.addressed(message):
            return
        # Every reply spends from the budget /ask and the buttons share; over it, the first refusal
        # gets one short notice (gone once it has expired) and the rest of the flood gets silence.
        conversation = conversation_key(message.channel.id, message.author.id)
        refusal = self.bot.cooldown.hit(message.author.id, via="chat")
        if refusal is not None:
            if refusal.first:
                text = cooldown_text(refusal.retry_after, self.conversation_texts(conversation))
                await message.reply(text, mention_author=False, allowed_mentions=NO_MENTIONS,
                                    delete_after=min(refusal.retry_after, 30.0))
            return
        question = self.question_text(message)
        if not question:
            texts = self.conversation_texts(conversation)
            await message.reply(texts("empty_question", help=texts.command("help")), mention_author=False,
                                allowed_mentions=NO_MENTIONS)
            return
        answer = self.bot.answer(question, conversation,
                                 note_unanswered=not curator_wrote(self.bot.settings, message))
        embed, view = reply_for(answer, self.bot.engine.knowledge)
        files = await answer_cards(self.bot, answer, embed, allowed=can_attach_here(message))
        if view is None:
            await message.reply(embed=embed, files=files, mention_author=False, allowed_mentions=NO_MENTIONS)
            return
        view.message = await message.reply(embed=embed, view=view, files=files, mention_author=False,
                                           allowed_mentions=NO_MENTIONS)


async def setup(bot: TiesBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Chat(bot))
