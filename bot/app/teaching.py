"""Closing the unanswered queue from Discord: each queued question with a select of the facts likely to answer it.

`/facts unanswered` sends a `TeachView`: a page of queued questions, one select each, offering
the engine's best candidates for that question (its `explain`) and "None of these". Picking a
fact teaches the question to it through the curator (validated, audited, undoable, and served
at once through the bot's `apply_change`); either choice takes the question off the queue. The
view is a `CuratorView`, so the curator gate runs on every pick and page turn before anything
happens, a forged one from another server included.

Discord's limits shape the page: at most five rows, so four questions (a select each) and a row
of page buttons; at most 25 options a select (here five candidates and "None of these"); labels
of at most 100 characters, placeholders of at most 150.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord

from bot.app.checks import CuratorView, actor_of
from bot.app.embeds import change_embed, change_failed_embed, clip, unanswered_embed
from bot.app.views import NO_MENTIONS
from bot.core.curation.changes import CurationError, Unchanged
from bot.core.curation.unanswered import UnansweredItem
from bot.core.knowledge.store import KnowledgeError

if TYPE_CHECKING:
    from bot.app.client import TiesBot

__all__ = ["CANDIDATES", "NONE_OF_THESE", "PAGE_SIZE", "TeachView", "queue_page"]

log = logging.getLogger(__name__)

PAGE_SIZE = 4
"""Questions a page: one select (one row) each, and the fifth row for the page buttons."""
CANDIDATES = 5
"""Facts offered for a question: the engine's best candidates, best first."""
NONE_OF_THESE = "-none"
"""The value of "None of these": never a fact id, which starts with a letter or digit."""
LABEL_LIMIT = 100
DESCRIPTION_LIMIT = 100
PLACEHOLDER_LIMIT = 150
QUEUE_TIMEOUT = 900.0
"""Discord lets the bot edit the list for 15 minutes; after that, run /facts unanswered again."""


@dataclass(frozen=True)
class Choice:
    """One fact offered for a question: its id, the option's label and a short note."""

    fact_id: str
    label: str
    description: str


@dataclass(frozen=True)
class QueuedQuestion:
    """A queued question on the page, with the facts the engine would consider for it."""

    item: UnansweredItem
    choices: list[Choice]


@dataclass(frozen=True)
class QueuePage:
    """One page of the queue: its questions, which page it is, and how many there are in all."""

    questions: list[QueuedQuestion]
    page: int
    pages: int
    total: int


def queue_page(bot: TiesBot, page: int) -> QueuePage:
    """The queue as it is now, page `page` (0-based, kept within the pages there are)."""
    items = bot.unanswered.top(max(len(bot.unanswered), 1))
    pages = max(1, math.ceil(len(items) / PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = items[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
    return QueuePage([QueuedQuestion(item, _choices(bot, item.example)) for item in shown], page, pages, len(items))


def _choices(bot: TiesBot, question: str) -> list[Choice]:
    """The engine's best approved candidates for `question`, labelled with the id and a clip of the answer."""
    knowledge = bot.engine.knowledge
    choices: list[Choice] = []
    for candidate in bot.engine.explain(question).candidates:  # no conversation: reads nobody's context
        fact = knowledge.facts.get(candidate.fact)
        if fact is None or any(c.fact_id == fact.id for c in choices):
            continue
        choices.append(Choice(fact.id, clip(f"{fact.id} · {fact.answer}", LABEL_LIMIT),
                              clip(f"{fact.intent}, score {candidate.total:.2f}", DESCRIPTION_LIMIT)))
        if len(choices) == CANDIDATES:
            break
    return choices


def page_embed(queue: QueuePage) -> discord.Embed:
    """The page's questions, numbered as their selects are, and where this page is in the queue."""
    first = queue.page * PAGE_SIZE + 1
    rows = [(q.item.example, q.item.count,
             f"{q.item.reason}, last {discord.utils.format_dt(q.item.last_asked, 'R')}") for q in queue.questions]
    where = f"Page {queue.page + 1} of {queue.pages} · {queue.total} questions. " if queue.pages > 1 else ""
    note = (f"{where}Pick the fact that answers each question to teach it (/facts undo takes it back), "
            "or \"None of these\" to drop it from the queue.")
    return unanswered_embed(rows, first=first, note=note if queue.questions else None)


class QuestionSelect(discord.ui.Select["TeachView"]):
    """The facts likely to answer one queued question, and "None of these"."""

    def __init__(self, number: int, queued: QueuedQuestion) -> None:
        options = [discord.SelectOption(label=c.label, value=c.fact_id, description=c.description or None)
                   for c in queued.choices]
        options.append(discord.SelectOption(
            label="None of these: no fact answers it (drop it from the queue)", value=NONE_OF_THESE))
        hint = "" if queued.choices else " (no likely fact)"
        super().__init__(placeholder=clip(f"{number}. {queued.item.example}", PLACEHOLDER_LIMIT - len(hint)) + hint,
                         options=options, min_values=1, max_values=1, row=(number - 1) % PAGE_SIZE)
        self.question = queued.item.example

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Teach the question to the picked fact (or drop it), then show the queue as it is now."""
        assert self.view is not None
        await self.view.picked(interaction, self.question, self.values[0])


class PageButton(discord.ui.Button["TeachView"]):
    """Turn to the previous or next page of the queue."""

    def __init__(self, label: str, step: int, enabled: bool) -> None:
        super().__init__(label=label, style=discord.ButtonStyle.secondary, disabled=not enabled, row=PAGE_SIZE)
        self.step = step

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Show the neighbouring page, read afresh (questions handled meanwhile are gone)."""
        assert self.view is not None
        view = self.view
        view.show(queue_page(view.bot, view.page + self.step))
        await interaction.response.edit_message(embed=page_embed(view.queue), view=view)


class TeachView(CuratorView):
    """A page of the unanswered queue that curators close by teaching questions to facts.

    Only the moderator who ran /facts unanswered may use it (the message is private to them);
    the gate runs first for anyone, so a forged pick from another server is refused before this.
    """

    def __init__(self, bot: TiesBot, queue: QueuePage, owner_id: int, origin: discord.Interaction[Any]) -> None:
        super().__init__(timeout=QUEUE_TIMEOUT)
        self.bot = bot
        self.owner_id = owner_id
        self.origin = origin
        """The /facts unanswered interaction whose private reply carries this view, to switch it off on timeout."""
        self.queue = queue
        self.show(queue)

    @property
    def page(self) -> int:
        """The page shown (0-based)."""
        return self.queue.page

    def show(self, queue: QueuePage) -> None:
        """Rebuild the selects and page buttons for `queue`."""
        self.queue = queue
        self.clear_items()
        first = queue.page * PAGE_SIZE + 1
        for number, queued in enumerate(queue.questions, start=first):
            self.add_item(QuestionSelect(number, queued))
        if queue.pages > 1:
            self.add_item(PageButton("Previous", -1, queue.page > 0))
            self.add_item(PageButton("Next", 1, queue.page < queue.pages - 1))

    async def allows(self, interaction: discord.Interaction[Any], /) -> bool:
        """Only the moderator the list was sent to; anyone else is told so, privately."""
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message("This list is another moderator's; run /facts unanswered for "
                                                "your own.", ephemeral=True, allowed_mentions=NO_MENTIONS)
        return False

    async def picked(self, interaction: discord.Interaction[Any], question: str, value: str) -> None:
        """Teach `question` to the fact `value` (or drop it for "None of these"), say so, and refresh the page."""
        await interaction.response.defer()  # the page is redrawn below; what happened follows, privately
        if value == NONE_OF_THESE:
            dropped = self.bot.unanswered.mark_handled(question)
            text = "Nothing was changed in the facts." if dropped else "It was already off the queue."
            embed = change_embed("Dropped from the queue", f"“{clip(question, 300)}”\n{text}")
        else:
            embed = await self._teach(interaction, question, value)
        self.show(queue_page(self.bot, self.page))
        await interaction.edit_original_response(embed=page_embed(self.queue), view=self)
        await interaction.followup.send(embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)

    async def _teach(self, interaction: discord.Interaction[Any], question: str, fact_id: str) -> discord.Embed:
        """Teach through the curator and serve the result; a refusal leaves the question queued."""
        actor = actor_of(interaction)
        try:
            change = await self.bot.apply_change(lambda: self.bot.curator.teach(fact_id, question, actor))
        except Unchanged as exc:
            self.bot.unanswered.mark_handled(question, taught=fact_id)
            return change_embed("Already taught", f"{exc}\nIt is off the queue.")
        except (CurationError, KnowledgeError, OSError) as exc:
            log.info("teaching %r to %s failed: %s", question, fact_id, exc)
            return change_failed_embed(exc)
        self.bot.unanswered.mark_handled(question, taught=fact_id)
        return change_embed(f"Taught `{fact_id}`",
                            f"{change.describe()}: “{clip(question, 300)}”\nIt is off the queue; "
                            "/facts undo takes the question back out of the fact.")

    async def on_timeout(self) -> None:
        """Grey the list out so a late pick does not end in "This interaction failed"."""
        for item in self.children:
            if isinstance(item, discord.ui.Select | discord.ui.Button):
                item.disabled = True
        try:
            await self.origin.edit_original_response(view=self)
        except discord.HTTPException:
            log.debug("could not switch off an expired unanswered list", exc_info=True)
