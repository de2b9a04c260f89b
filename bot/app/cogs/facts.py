"""Moderators' /facts commands: reload, status, show, explain, add, edit, remove, undo, unanswered, draft review.

The facts are global (every server is served the same ones), so the group is registered only in
CURATOR_GUILD_IDS, as guild commands, and not at all when none is set. It is a `CuratorGroup`:
the curator gate (`checks.require_curator`) runs before every subcommand and its autocomplete,
and the forms and buttons it sends are `CuratorModal`/`CuratorView`, so the gate runs on them too.
Every change goes through the Curator (validated in full before a byte is written), is recorded
in the audit log with the moderator and the server, and the engine then serves the snapshot the
change produced. All replies are ephemeral.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import logging
from collections.abc import Callable
from typing import Any

import discord
import pydantic
from discord import app_commands
from discord.ext import commands

from bot.app.checks import CuratorGroup, actor_of
from bot.app.client import TiesBot, conversation_key
from bot.app.embeds import (
    COLOUR,
    ERROR_COLOUR,
    change_embed,
    change_failed_embed,
    explain_embed,
    fact_embed,
    fit,
    issues_embed,
)
from bot.app.fact_form import (
    FactForm,
    FormError,
    FormValues,
    RetryView,
    edited_fields,
    form_languages,
    new_fact,
    to_fact,
    values_for,
)
from bot.app.health import status_lines
from bot.app.review import ApproveForm, ArticleUploadError, drafts_embed, import_embed, read_article, with_translations
from bot.app.teaching import TeachView, page_embed, queue_page
from bot.app.views import NO_MENTIONS
from bot.core.curation.audit import Actor
from bot.core.curation.curator import Change, ChangeRejected, CurationError, EditConflict
from bot.core.curation.translations import review_changes
from bot.core.knowledge.lookup import draft_choices, fact_choices, resolve_fact
from bot.core.knowledge.models import Fact
from bot.core.knowledge.store import Knowledge, KnowledgeError

__all__ = ["Facts", "setup"]

log = logging.getLogger(__name__)

Interaction = discord.Interaction[TiesBot]
ADD_TITLE = "Add a fact"
QUEUE_REFRESH_SECONDS = 1.5
"""How long /facts unanswered waits for the shared queue (DATABASE_URL) before showing what this process has."""
APPROVED_NOTE = "Fans get it from now on. Use /facts undo to make it a draft again."


class Facts(commands.Cog):
    """Check and change the curated facts without touching the files by hand."""

    facts = CuratorGroup(
        name="facts",
        description="Moderators: check and change the curated facts",
        guild_only=True,
        allowed_contexts=app_commands.AppCommandContext(guild=True),
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(self, bot: TiesBot) -> None:
        self.bot = bot

    # --- reading -------------------------------------------------------------------------
    @facts.command()
    async def reload(self, interaction: Interaction) -> None:
        """Re-read the knowledge files; if they are invalid, keep serving the current facts."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            diff = await self.bot.reload_knowledge()
        except KnowledgeError as exc:
            embed = issues_embed("Reload failed: still serving the previous facts", exc.issues,
                                 "Fix these in the knowledge files, then run /facts reload again.")
            await interaction.followup.send(embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        knowledge = self.bot.engine.knowledge
        summary = (f"{diff.summary()}.\nNow serving {len(knowledge.facts)} facts "
                   f"({len(knowledge.drafts)} drafts).")
        await interaction.followup.send(embed=change_embed("Reloaded the knowledge files", summary),
                                        ephemeral=True, allowed_mentions=NO_MENTIONS)

    @facts.command()
    async def status(self, interaction: Interaction) -> None:
        """Which facts are served, and the last problem loading the knowledge folder, if any."""
        bot = self.bot
        database = bot.source.name if bot.database is not None else None
        lines = status_lines(bot.engine.knowledge, bot.health, bot.settings.reload_check_seconds,
                             bot.settings.moderator_log_channel_id, database)
        problem = bot.health.problem is not None
        what = "Knowledge database" if database else "Knowledge folder"
        embed = discord.Embed(title=f"{what}: problem" if problem else f"{what}: OK",
                              description="\n".join(lines), colour=ERROR_COLOUR if problem else COLOUR)
        await interaction.response.send_message(embed=fit(embed), ephemeral=True, allowed_mentions=NO_MENTIONS)

    @facts.command()
    @app_commands.describe(fact_id="The fact's id (start typing to search)")
    @app_commands.rename(fact_id="id")
    async def show(self, interaction: Interaction, fact_id: app_commands.Range[str, 1, 100]) -> None:
        """Show one fact with every field, its file and its source."""
        knowledge = self.bot.engine.knowledge
        found = resolve_fact(knowledge, fact_id)
        if found is None:
            await self._no_such_fact(interaction, fact_id)
            return
        embed = with_translations(fact_embed(knowledge, found), knowledge, found)
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)

    @facts.command()
    async def unanswered(self, interaction: Interaction) -> None:
        """The questions fans asked most that I declined or answered unsure; pick the fact that answers each."""
        with contextlib.suppress(TimeoutError):  # every process's questions, when they are shared (DATABASE_URL)
            await asyncio.wait_for(asyncio.to_thread(self.bot.unanswered.refresh), QUEUE_REFRESH_SECONDS)
        queue = queue_page(self.bot, 0)
        embed = page_embed(queue)
        if not queue.questions:
            await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        view = TeachView(self.bot, queue, interaction.user.id, interaction)
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True, allowed_mentions=NO_MENTIONS)

    @facts.command()
    @app_commands.describe(question="A question as a fan would ask it",
                           language="Answer in this language, as /ask from such a client would (default: as chat does)")
    async def explain(self, interaction: Interaction, question: app_commands.Range[str, 1, 500],
                      language: app_commands.Range[str, 1, 40] | None = None) -> None:
        """Why I answer a question as I do: the reading, each stage, the best facts and what decided."""
        knowledge = self.bot.engine.knowledge
        code = language.strip().lower() if language else None
        if code is not None:  # a code or a name, as the suggestions show them
            code = next((c for c, lang in knowledge.languages.items() if code in (c, lang.name.lower())), code)
        if code is not None and code not in knowledge.languages:
            known = ", ".join(f"{c} ({lang.name})" for c, lang in sorted(knowledge.languages.items()))
            await interaction.response.send_message(f"There is no language file for \"{language}\". Known: {known}.",
                                                    ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        key = conversation_key(interaction.channel_id, interaction.user.id)
        # Without a language, the question is read as a chat message is: its language told from its words.
        explanation = self.bot.engine.explain(question, key, language=code)  # reads your context, changes nothing
        await interaction.response.send_message(embed=explain_embed(explanation, knowledge), ephemeral=True,
                                                allowed_mentions=NO_MENTIONS)

    @explain.autocomplete("language")
    async def language_autocomplete(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        """The language files, by code or name."""
        typed = current.strip().lower()
        return [app_commands.Choice(name=f"{language.name} ({code})", value=code)
                for code, language in sorted(self.bot.engine.knowledge.languages.items())
                if typed in code or typed in language.name.lower()][:25]

    # --- changing ------------------------------------------------------------------------
    @facts.command()
    async def add(self, interaction: Interaction) -> None:
        """Add a fact through a form; it is checked against its article before it is saved."""
        knowledge = self.bot.engine.knowledge
        await interaction.response.send_modal(FactForm(ADD_TITLE, values_for(None, knowledge), self._submit_add,
                                                       form_languages(knowledge)))

    @facts.command()
    @app_commands.describe(fact_id="The fact to change (start typing to search)")
    @app_commands.rename(fact_id="id")
    async def edit(self, interaction: Interaction, fact_id: app_commands.Range[str, 1, 100]) -> None:
        """Edit a fact through a form filled in with its current fields."""
        knowledge = self.bot.engine.knowledge
        found = resolve_fact(knowledge, fact_id)
        fact = knowledge.fact_or_draft(found) if found else None
        if found is None or fact is None:
            await self._no_such_fact(interaction, fact_id)
            return
        submit = functools.partial(self._submit_edit, found, fact)  # the version the curator edits
        await interaction.response.send_modal(FactForm(f"Edit {found}", values_for(fact, knowledge), submit,
                                                       form_languages(knowledge)))

    @facts.command()
    @app_commands.describe(fact_id="The fact to remove (start typing to search)")
    @app_commands.rename(fact_id="id")
    async def remove(self, interaction: Interaction, fact_id: app_commands.Range[str, 1, 100]) -> None:
        """Remove a fact (/facts undo brings it back)."""
        await self._change_fact(interaction, fact_id, self.bot.curator.remove, "Removed",
                                "Use /facts undo to bring it back.")

    @facts.command()
    async def undo(self, interaction: Interaction) -> None:
        """Undo the most recent change made with /facts (add, edit, remove or undo)."""
        actor = actor_of(interaction)
        await self._change(interaction, lambda: self.bot.curator.undo(actor), "Undone", "")

    # --- drafts from a new article ----------------------------------------------------------
    @facts.command()
    @app_commands.describe(article="The article as a plain-text .txt file (first line may be: date YYYY-MM-DD)",
                           article_id="Id for the article (default: made from its date and title)")
    async def draft(self, interaction: Interaction, article: discord.Attachment,
                    article_id: app_commands.Range[str, 1, 64] | None = None) -> None:
        """Read a new article and draft facts from it for review; drafts are not shown to fans."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            text = await read_article(article)
        except ArticleUploadError as exc:
            await self._send(interaction, issues_embed("Not imported", [], str(exc)), None)
            return
        actor = actor_of(interaction)
        chosen = article_id.strip().lower() if article_id else None
        source = article.filename
        try:
            result = await self.bot.apply_change(
                lambda: self.bot.curator.import_article(text, actor, chosen, source_file=source))
        except ChangeRejected as exc:
            await self._send(interaction, issues_embed("Not imported: the article would not validate", exc.issues,
                                                       "Nothing was written."), None)
            return
        except (CurationError, KnowledgeError, OSError) as exc:
            await self._send(interaction, issues_embed("Not imported", [], str(exc)), None)
            return
        await interaction.followup.send(embed=import_embed(result), ephemeral=True, allowed_mentions=NO_MENTIONS)

    @facts.command()
    @app_commands.describe(page="Page of the list (10 drafts a page)")
    async def drafts(self, interaction: Interaction, page: app_commands.Range[int, 1, 1000] = 1) -> None:
        """List the draft facts waiting for review, by article."""
        await interaction.response.send_message(embed=drafts_embed(self.bot.engine.knowledge, page),
                                                ephemeral=True, allowed_mentions=NO_MENTIONS)

    @facts.command()
    @app_commands.describe(fact_id="The draft to approve (start typing to search)")
    @app_commands.rename(fact_id="id")
    async def approve(self, interaction: Interaction, fact_id: app_commands.Range[str, 1, 100]) -> None:
        """Approve a draft so fans get it as an answer, after confirming its answers (/facts undo takes it back)."""
        knowledge = self.bot.engine.knowledge
        found = resolve_fact(knowledge, fact_id)
        draft = knowledge.drafts.get(found) if found else None
        if draft is None:  # not a draft (or no such fact): the curator says which
            await self._change_fact(interaction, fact_id, self.bot.curator.approve, "Approved", APPROVED_NOTE)
            return
        await interaction.response.send_modal(self._approve_form(draft.id, values_for(draft, knowledge)))

    @facts.command()
    @app_commands.describe(fact_id="The draft to reject (start typing to search)")
    @app_commands.rename(fact_id="id")
    async def reject(self, interaction: Interaction, fact_id: app_commands.Range[str, 1, 100]) -> None:
        """Reject a draft: it is deleted (/facts undo brings it back)."""
        await self._change_fact(interaction, fact_id, self.bot.curator.reject, "Rejected",
                                "Use /facts undo to bring it back.")

    @approve.autocomplete("fact_id")
    @reject.autocomplete("fact_id")
    async def draft_autocomplete(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Draft ids matching what has been typed (only moderators get suggestions)."""
        return [app_commands.Choice(name=label, value=value)
                for label, value in draft_choices(self.bot.engine.knowledge, current)]

    @show.autocomplete("fact_id")
    @edit.autocomplete("fact_id")
    @remove.autocomplete("fact_id")
    async def fact_autocomplete(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Fact ids matching what has been typed (only moderators get suggestions)."""
        return [app_commands.Choice(name=label, value=value)
                for label, value in fact_choices(self.bot.engine.knowledge, current)]

    # --- helpers -------------------------------------------------------------------------
    async def _no_such_fact(self, interaction: Interaction, fact_id: str) -> None:
        await interaction.response.send_message(
            f"There is no fact `{discord.utils.escape_markdown(fact_id)}`. Start typing and pick one "
            "from the suggestions.", ephemeral=True, allowed_mentions=NO_MENTIONS)

    async def _change_fact(self, interaction: Interaction, typed: str, operation: Callable[[str, Actor], Change],
                           verb: str, note: str) -> None:
        """Resolve the fact id the moderator typed, then run one curator operation on it."""
        found = resolve_fact(self.bot.engine.knowledge, typed)
        if found is None:
            await self._no_such_fact(interaction, typed)
            return
        actor = actor_of(interaction)
        await self._change(interaction, lambda: operation(found, actor), f"{verb} `{found}`", note)

    async def _change(self, interaction: Interaction, operation: Any, title: str, note: str,
                      retry: Callable[[], discord.ui.Modal] | None = None) -> Change | None:
        """Run a curator operation and report it; a rejected change keeps the old facts and says why."""
        if not interaction.response.is_done():
            await interaction.response.defer(ephemeral=True, thinking=True)
        view = RetryView(retry, interaction.user.id) if retry else None
        try:
            change = await self.bot.apply_change(operation)
        except (CurationError, KnowledgeError, OSError) as exc:
            if not isinstance(exc, CurationError):  # the folder itself is broken, missing or unreadable
                log.warning("a /facts change failed on the knowledge folder: %s", exc)
            if isinstance(exc, EditConflict):  # shown the fact as the other curator left it
                embeds = [change_failed_embed(exc), *_as_it_is(self.bot.engine.knowledge, exc)]
                if view is None:
                    await interaction.followup.send(embeds=embeds, ephemeral=True, allowed_mentions=NO_MENTIONS)
                else:
                    await interaction.followup.send(embeds=embeds, view=view, ephemeral=True,
                                                    allowed_mentions=NO_MENTIONS)
                return None
            await self._send(interaction, change_failed_embed(exc), view)
            return None
        lines = [change.describe()]
        if note:
            lines.append(note)
        lines += self._review_notes(change)
        embeds = [change_embed(title, "\n".join(lines))]
        if change.after is not None and change.knowledge.fact_or_draft(change.fact_id) is not None:
            embeds.append(with_translations(fact_embed(change.knowledge, change.fact_id), change.knowledge,
                                            change.fact_id))
        await interaction.followup.send(embeds=embeds, ephemeral=True, allowed_mentions=NO_MENTIONS)
        return change

    @staticmethod
    async def _send(interaction: Interaction, embed: discord.Embed, view: discord.ui.View | None) -> None:
        if view is None:
            await interaction.followup.send(embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)
        else:
            await interaction.followup.send(embed=embed, view=view, ephemeral=True, allowed_mentions=NO_MENTIONS)

    @staticmethod
    def _review_notes(change: Change) -> list[str]:
        """What a change did to the answers in other languages: put one up for review, or confirmed one."""
        languages = change.knowledge.languages
        default = change.knowledge.language.name

        def name(code: str) -> str:
            return languages[code].name if code in languages else code

        unreviewed, confirmed = review_changes(change.before, change.after)
        notes = [f"The {name(c)} answer was kept but marked for review: it may no longer say what the {default} "
                 f"answer says, so fans asking in {name(c)} get the {default} one until a curator confirms it "
                 "(/facts edit: correct it, or submit it unchanged)." for c in unreviewed]
        notes += [f"The {name(c)} answer is reviewed: fans asking in {name(c)} get it." for c in confirmed]
        return notes

    def _fact_form(self, title: str, values: FormValues, submit: Any) -> FactForm:
        return FactForm(title, values, submit, form_languages(self.bot.engine.knowledge))

    def _approve_form(self, fact_id: str, values: FormValues) -> ApproveForm:
        knowledge = self.bot.engine.knowledge
        return ApproveForm(fact_id, values, functools.partial(self._submit_approve, fact_id),
                           form_languages(knowledge), knowledge.language.name)

    async def _rejected_form(self, interaction: Interaction, reopen: Callable[[], discord.ui.Modal],
                             problems: list[str]) -> None:
        view = RetryView(reopen, interaction.user.id)
        embed = issues_embed("Not saved: the form has problems", [], "\n".join(f"• {p}" for p in problems))
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True,
                                                allowed_mentions=NO_MENTIONS)

    async def _submit_add(self, interaction: Interaction, values: FormValues) -> None:
        def reopen() -> discord.ui.Modal:
            return self._fact_form(ADD_TITLE, values, self._submit_add)

        try:
            fact = new_fact(values, self.bot.engine.knowledge)
        except FormError as exc:
            await self._rejected_form(interaction, reopen, exc.problems)
            return
        actor = actor_of(interaction)
        await self._change(interaction, lambda: self.bot.curator.add(fact, actor), f"Added `{fact['id']}`",
                           "Use /facts undo to take it back.", retry=reopen)

    async def _submit_edit(self, fact_id: str, base: Fact, interaction: Interaction, values: FormValues) -> None:
        """Save what the curator changed in the form opened on `base`, unless someone changed the fact since."""
        rebased = [base]  # after a conflict, a retry edits the fact as it is now

        def reopen() -> discord.ui.Modal:
            return self._fact_form(f"Edit {fact_id}", values,
                                   functools.partial(self._submit_edit, fact_id, rebased[-1]))

        knowledge = self.bot.engine.knowledge
        fact = knowledge.fact_or_draft(fact_id)
        if fact is None:
            await interaction.response.send_message(f"`{fact_id}` no longer exists; nothing was changed.",
                                                    ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        names = {code: language.name for code, language in knowledge.languages.items()}
        try:
            fields = edited_fields(base, to_fact(values, knowledge), values.translations, names)
        except FormError as exc:
            await self._rejected_form(interaction, reopen, exc.problems)
            return
        if not fields:
            await interaction.response.send_message(f"Nothing changed in `{fact_id}`.", ephemeral=True,
                                                    allowed_mentions=NO_MENTIONS)
            return
        actor = actor_of(interaction)

        def edit() -> Change:
            try:
                return self.bot.curator.edit(fact_id, fields, actor, base=base)
            except EditConflict as exc:
                with contextlib.suppress(pydantic.ValidationError):
                    rebased.append(Fact.model_validate(exc.current))
                raise

        await self._change(interaction, edit,
                           f"Edited `{fact_id}`", f"Changed: {', '.join(fields)}. Use /facts undo to revert.",
                           retry=reopen)

    async def _submit_approve(self, fact_id: str, interaction: Interaction, values: FormValues) -> None:
        """Approve the draft with the answers as submitted; an empty language box leaves the draft's as it is."""
        draft = self.bot.engine.knowledge.drafts.get(fact_id)
        if draft is None:
            await interaction.response.send_message(f"`{fact_id}` is no longer a draft; nothing was changed.",
                                                    ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        answer = values.answer.strip()
        translations = {code: text.strip() for code, text in values.translations.items() if text.strip()}
        actor = actor_of(interaction)
        await self._change(
            interaction,
            lambda: self.bot.curator.approve(fact_id, actor, answer=answer if answer != draft.answer else None,
                                             translations=translations),
            f"Approved `{fact_id}`", APPROVED_NOTE, retry=lambda: self._approve_form(fact_id, values))


def _as_it_is(knowledge: Knowledge, conflict: EditConflict) -> list[discord.Embed]:
    """The fact as it stands in the store (which the served snapshot may not show yet), or nothing if it is odd."""
    try:
        fact = Fact.model_validate(conflict.current)
    except pydantic.ValidationError:
        return []
    others = {i: f for i, f in knowledge.facts.items() if i != fact.id}
    drafts = {i: f for i, f in knowledge.drafts.items() if i != fact.id}
    (drafts if fact.status == "draft" else others)[fact.id] = fact
    return [fact_embed(dataclasses.replace(knowledge, facts=others, drafts=drafts), fact.id)]


async def setup(bot: TiesBot) -> None:
    """Extension entry point: register /facts in the curator servers only, or nowhere when none is set."""
    guild_ids = bot.settings.curator_guild_ids
    if not guild_ids:
        log.info("moderator commands (/facts) are off: set CURATOR_GUILD_IDS to the id of the server "
                 "whose moderators curate the facts to turn them on there")
        return
    await bot.add_cog(Facts(bot), guilds=[discord.Object(id=guild_id) for guild_id in guild_ids])
