"""Tie cards as Discord attachments: /tie, and every overview answer, carry the picture of the tie(s).

The picture is drawn by the plain-Python `bot.core.cards` in a worker thread (a first drawing
takes tens of milliseconds, which the event loop should not wait through) and cached per tie and
knowledge version, so a busy channel does not redraw it. One card is shown as the embed's image;
several (an overview of every tie) are attached beside the embed, where Discord shows them as a
gallery. Where the bot may not attach files the answer goes without its picture, never without
its text; a card that fails to draw is logged and left out the same way.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Sequence

import discord

from bot.app.client import TiesBot
from bot.app.embeds import clip
from bot.core.answering.answer import Answer
from bot.core.cards import RenderedCard, card_filename, card_ties

__all__ = ["answer_cards", "can_attach_here", "tie_cards"]

log = logging.getLogger(__name__)

DESCRIPTION_LIMIT = 1024
"""Discord's limit on an attachment's description, its alt text."""


def _alt_text(card: RenderedCard) -> str:
    """What the picture says, for screen readers: its texts in reading order."""
    return clip(" · ".join(drawn.text for drawn in card.texts), DESCRIPTION_LIMIT)


async def tie_cards(bot: TiesBot, tie_ids: Sequence[str], embed: discord.Embed,
                    language: str | None = None) -> list[discord.File]:
    """The cards of these ties as files, labelled in `language` (a language file's code; None for the default).

    A single card also becomes `embed`'s image.
    """
    knowledge = bot.engine.knowledge
    files: list[discord.File] = []
    for tie_id in tie_ids:
        try:
            card = await asyncio.to_thread(bot.cards.card, knowledge, tie_id, language)
        except (KeyError, OSError, ValueError):
            log.warning("could not draw the card of %s; answering without it", tie_id, exc_info=True)
            continue
        files.append(discord.File(io.BytesIO(card.png), filename=card_filename(tie_id),
                                  description=_alt_text(card)))
    if len(files) == 1:
        embed.set_image(url=f"attachment://{files[0].filename}")
    return files


async def answer_cards(bot: TiesBot, answer: Answer, embed: discord.Embed, *, allowed: bool) -> list[discord.File]:
    """The cards that go with an answer (an overview's ties; none for anything else) where files are `allowed`.

    They are labelled in the answer's language, so a Spanish answer gets a Spanish card.
    """
    if not allowed:
        return []
    return await tie_cards(bot, card_ties(bot.engine.knowledge, answer), embed, language=answer.lang)


def can_attach_here(message: discord.Message) -> bool:
    """Whether the bot may attach files replying to this message: always in DMs, else by its channel permissions."""
    if message.guild is None:
        return True
    return message.channel.permissions_for(message.guild.me).attach_files
