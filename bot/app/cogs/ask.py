"""The fan-facing slash commands: /ask, /tie, /quote and /help.

Each speaks the language of the user's Discord client (`interaction.locale`: es-ES and es-419
get Spanish, every other locale English), and /ask reads the question in it too.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.cards import answer_cards, tie_cards
from bot.app.checks import CuratorGroup, curator_asking
from bot.app.client import TiesBot, conversation_key
from bot.app.cooldown import ask_cooldown
from bot.app.embeds import help_embed, quotes_embed, tie_embed
from bot.app.texts import Texts, language_for_locale, texts_for
from bot.app.views import NO_MENTIONS, reply_for
from bot.core.knowledge.lookup import person_choices, quoted_people, resolve_person, resolve_tie, tie_choices

__all__ = ["Ask", "setup"]

log = logging.getLogger(__name__)

Interaction = discord.Interaction[TiesBot]
QUESTION_MAX = 500


class Ask(commands.Cog):
    """Questions, tie cards and quotes for everyone."""

    def __init__(self, bot: TiesBot) -> None:
        self.bot = bot

    def client_language(self, interaction: Interaction) -> str:
        """The language file serving the user's Discord client."""
        return language_for_locale(self.bot.engine.knowledge, interaction.locale)

    def texts(self, interaction: Interaction) -> Texts:
        """What the bot says, in the language of the user's Discord client."""
        return texts_for(self.bot.engine.knowledge, self.client_language(interaction))

    @app_commands.command()
    @app_commands.describe(question="e.g. Klopp's quote about the dressing room")
    @ask_cooldown()
    async def ask(self, interaction: Interaction, question: app_commands.Range[str, 1, QUESTION_MAX]) -> None:
        """Ask about Liverpool v Atlético (2020) or v Real Madrid (2021, 2023) in the Champions League."""
        answer = self.bot.answer(question, conversation_key(interaction.channel_id, interaction.user.id),
                                 language=self.client_language(interaction),
                                 note_unanswered=not curator_asking(interaction))
        embed, view = reply_for(answer, self.bot.engine.knowledge, question)
        files = await answer_cards(self.bot, answer, embed, allowed=interaction.app_permissions.attach_files)
        if view is None:
            await interaction.response.send_message(embed=embed, files=files, ephemeral=not answer.answered,
                                                    allowed_mentions=NO_MENTIONS)
            return
        view.interaction = interaction
        await interaction.response.send_message(embed=embed, view=view, files=files, ephemeral=not answer.answered,
                                                allowed_mentions=NO_MENTIONS)

    @app_commands.command()
    @app_commands.describe(tie="Start typing a team, a year or a round, then pick the tie")
    async def tie(self, interaction: Interaction, tie: app_commands.Range[str, 1, 100]) -> None:
        """Show one tie's card: legs, venues, scores, key facts and the experts' predictions, with its picture."""
        knowledge = self.bot.engine.knowledge
        texts = self.texts(interaction)
        tie_id = resolve_tie(knowledge, tie)
        if tie_id is None:
            known = "\n".join(f"• {texts.tie_label(knowledge, t)}" for t in knowledge.ties)
            await interaction.response.send_message(texts("unknown_tie", typed=tie, ties=known),
                                                    ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        embed = tie_embed(knowledge, tie_id, texts)
        files = (await tie_cards(self.bot, [tie_id], embed, texts.code)
                 if interaction.app_permissions.attach_files else [])
        await interaction.response.send_message(embed=embed, files=files, allowed_mentions=NO_MENTIONS)

    @tie.autocomplete("tie")
    async def tie_autocomplete(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Ties matching what has been typed so far, from memory, labelled in the client's language."""
        knowledge, texts = self.bot.engine.knowledge, self.texts(interaction)
        return [app_commands.Choice(name=texts.tie_label(knowledge, value)[:100], value=value)
                for _, value in tie_choices(knowledge, current)]

    @app_commands.command()
    @app_commands.describe(person="Start typing a name, then pick who was quoted")
    async def quote(self, interaction: Interaction, person: app_commands.Range[str, 1, 100]) -> None:
        """Show what a manager or player was quoted saying before the ties."""
        knowledge = self.bot.engine.knowledge
        texts = self.texts(interaction)
        person_id = resolve_person(knowledge, person)
        if person_id is None:
            names = ", ".join(knowledge.entities[p].name for p in quoted_people(knowledge))
            await interaction.response.send_message(texts("unknown_person", typed=person, names=names),
                                                    ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        await interaction.response.send_message(embed=quotes_embed(knowledge, person_id, texts),
                                                allowed_mentions=NO_MENTIONS)

    @quote.autocomplete("person")
    async def person_autocomplete(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        """People with quotes in the articles, matching what has been typed so far."""
        return [app_commands.Choice(name=label, value=value)
                for label, value in person_choices(self.bot.engine.knowledge, current)]

    @app_commands.command(name="help")
    async def help_command(self, interaction: Interaction) -> None:
        """What this bot knows and how to ask it."""
        moderators = [command.qualified_name for cog in self.bot.cogs.values() for group in cog.get_app_commands()
                      if isinstance(group, CuratorGroup) for command in group.walk_commands()]
        embed = help_embed(self.bot.engine.knowledge, self.texts(interaction), moderators)
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)


async def setup(bot: TiesBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Ask(bot))
