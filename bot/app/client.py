"""The Discord client: one AutoShardedBot that loads the cogs, syncs the commands and owns the engine.

Everything the cogs share lives here and nowhere else: the settings, the engine serving the
current knowledge snapshot, the curator that changes the files, the log of questions the bot
could not answer, and the per-user cooldown. Knowledge changes (a moderator's edit, /facts
reload, another process editing the files) all go through one lock, so they never interleave.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import discord
from discord.ext import commands, tasks

from bot.app.cooldown import UserCooldown
from bot.app.errors import report_error
from bot.core.answer import Answer
from bot.core.curation import Change, Curator, KnowledgeDiff, diff_knowledge
from bot.core.engine import Engine
from bot.core.store import KnowledgeError, folder_stamp, load_knowledge
from bot.core.unanswered import UnansweredLog
from bot.settings import Settings

__all__ = ["EXTENSIONS", "TiesBot", "conversation_key", "intents_for"]

log = logging.getLogger(__name__)

EXTENSIONS = ("bot.app.cogs.ask", "bot.app.cogs.chat", "bot.app.cogs.facts")
"""The cogs, one per file, each ending in `async def setup(bot)`."""

NO_MENTIONS = discord.AllowedMentions.none()


def intents_for(settings: Settings) -> discord.Intents:
    """Only what the bot uses; message content (privileged) only when it reads whole chat channels.

    Mentions of the bot and direct messages carry their content without the privileged intent.
    """
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    intents.message_content = bool(settings.chat_channel_ids)
    return intents


def conversation_key(channel_id: int | None, user_id: int) -> str:
    """One conversation per channel and user, shared by /ask and chat so follow-ups carry over."""
    return f"discord:{channel_id}:{user_id}"


class TiesBot(commands.AutoShardedBot):
    """The ties bot: slash commands and chat on one engine, answering from the curated facts."""

    def __init__(
        self,
        settings: Settings,
        knowledge_dir: Path,
        engine: Engine,
        curator: Curator,
        unanswered: UnansweredLog,
        **options: Any,
    ) -> None:
        if settings.discord_application_id is not None:
            options.setdefault("application_id", settings.discord_application_id)
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents_for(settings),
            allowed_mentions=NO_MENTIONS,
            **options,
        )
        self.settings = settings
        self.knowledge_dir = knowledge_dir
        self.engine = engine
        self.curator = curator
        self.unanswered = unanswered
        self.cooldown = UserCooldown(settings.cooldown_rate, settings.cooldown_per_seconds)
        self.knowledge_lock = asyncio.Lock()
        self.connection: asyncio.Task[None] | None = None
        """The gateway connection when started by `runner.start_bot` (tests); None under `run_bot`."""
        self._rejected_stamp: str | None = None

    async def setup_hook(self) -> None:
        """Load the cogs, sync the slash commands and start watching the knowledge folder."""
        self.tree.error(report_error)
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        await self.sync_commands()
        self.watch_knowledge.change_interval(seconds=self.settings.reload_check_seconds)
        self.watch_knowledge.start()

    async def sync_commands(self) -> None:
        """Sync to DEV_GUILD_IDS (instant, for testing) or globally (may take a while to show)."""
        if self.settings.dev_guild_ids:
            for guild_id in self.settings.dev_guild_ids:
                guild = discord.Object(id=guild_id)
                self.tree.copy_global_to(guild=guild)
                synced = await self.tree.sync(guild=guild)
                log.info("synced %d commands to guild %s", len(synced), guild_id)
        else:
            synced = await self.tree.sync()
            log.info("synced %d global commands", len(synced))

    async def on_ready(self) -> None:
        """Log who we are once every shard is connected."""
        assert self.user is not None
        log.info("ready as %s (%s) in %d guilds on %d shards",
                 self.user, self.user.id, len(self.guilds), self.shard_count or 1)

    async def on_message(self, message: discord.Message, /) -> None:
        """Slash commands only: no prefix commands; the chat cog's listener answers messages."""

    async def close(self) -> None:
        """Stop the folder watcher, then disconnect."""
        self.watch_knowledge.cancel()
        await super().close()

    def answer(self, question: str, conversation: str) -> Answer:
        """Answer from the current snapshot and note the question if it was declined or unsure."""
        answer = self.engine.answer(question, conversation)
        try:
            if self.unanswered.record(question, answer):
                log.debug("noted unanswered question %r (confidence %.2f)", question, answer.confidence)
        except OSError:
            log.warning("could not record an unanswered question", exc_info=True)
        return answer

    # --- knowledge -----------------------------------------------------------------------
    async def reload_knowledge(self) -> KnowledgeDiff:
        """Re-read and validate the folder; swap it in only when valid.

        Raises:
            KnowledgeError: the folder is invalid; the old facts keep serving.
        """
        async with self.knowledge_lock:
            old = self.engine.knowledge
            new = await asyncio.to_thread(load_knowledge, self.knowledge_dir)
            self.engine.replace(new)
            self._rejected_stamp = None
        diff = diff_knowledge(old, new)
        log.info("knowledge reloaded: %s", diff.summary())
        return diff

    async def apply_change(self, operation: Callable[[], Change]) -> Change:
        """Run one curator operation off the event loop and serve the knowledge it produced.

        Raises:
            KnowledgeError: the change would make the folder invalid; nothing was written.
        """
        async with self.knowledge_lock:
            change = await asyncio.to_thread(operation)
            self.engine.replace(change.knowledge)
        return change

    @tasks.loop(seconds=30)
    async def watch_knowledge(self) -> None:
        """Pick up edits other processes made to the knowledge files; keep the old facts if invalid."""
        stamp = await asyncio.to_thread(folder_stamp, self.knowledge_dir)
        if stamp in (self.engine.knowledge.stamp, self._rejected_stamp) or self.knowledge_lock.locked():
            return
        try:
            await self.reload_knowledge()
        except KnowledgeError as exc:
            self._rejected_stamp = stamp
            log.warning("knowledge folder changed but is invalid; still serving the old facts:\n%s", exc)
        except OSError:
            log.warning("could not read the knowledge folder; will try again", exc_info=True)

    @watch_knowledge.error
    async def _watch_failed(self, error: BaseException) -> None:
        log.error("knowledge watcher stopped", exc_info=error)
