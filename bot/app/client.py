"""The Discord client: one AutoShardedBot that loads the cogs, syncs the commands and owns the engine.

Everything the cogs share lives here and nowhere else: the settings, the engine serving the
current knowledge snapshot, the curator that changes the files, the log of questions the bot
could not answer, and the per-user cooldown. Knowledge changes (a moderator's edit, /facts
reload, another process editing the files) all go through one lock, so they never interleave.
When the folder cannot be loaded the old facts keep serving, and moderators are told in
MODERATOR_LOG_CHANNEL_ID (once per distinct problem, and once when it loads again).

With DATABASE_URL the knowledge is the database's (`source`), other processes' changes are
announced rather than polled for (`database`, a `DatabaseLink`), and a database that cannot be
reached is such a problem too: the last good snapshot serves until it is back.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

import discord
from discord.ext import commands, tasks

from bot.app.checks import CuratorTree
from bot.app.cooldown import UserCooldown
from bot.app.errors import report_error
from bot.app.health import KnowledgeHealth, KnowledgeProblem, problem_notice, recovery_notice, unreadable_error
from bot.app.translator import KnowledgeTranslator, untranslated
from bot.core.answering.answer import Answer
from bot.core.answering.engine import Engine
from bot.core.answering.heap import refreeze
from bot.core.cards import CardCache
from bot.core.curation.curator import Curator, KnowledgeDiff, diff_knowledge
from bot.core.curation.unanswered import UnansweredLog
from bot.core.database.listener import DatabaseLink
from bot.core.knowledge.source import FolderSource, KnowledgeSource
from bot.core.knowledge.store import Knowledge, KnowledgeError
from bot.settings import Settings

__all__ = ["EXTENSIONS", "TiesBot", "conversation_key", "intents_for"]

log = logging.getLogger(__name__)


class Produces(Protocol):
    """What a curator operation returns: at least the validated snapshot it wrote (a Change, a DraftImport)."""

    @property
    def knowledge(self) -> Knowledge: ...


Result = TypeVar("Result", bound=Produces)

SETTLE_SECONDS = 1.0
"""How long the folder must stay unchanged before the watcher reads what another process wrote."""


EXTENSIONS = ("bot.app.cogs.ask", "bot.app.cogs.chat", "bot.app.cogs.facts")
"""The cogs, one per file, each ending in `async def setup(bot)`."""

NO_MENTIONS = discord.AllowedMentions.none()
MENTION = re.compile(r"<(?:@[!&]?|#)\d+>")
"""Discord's markup for a user, role or channel mention: ids that must not reach the unanswered queue."""


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
        source: KnowledgeSource | None = None,
        database: DatabaseLink | None = None,
        **options: Any,
    ) -> None:
        if settings.discord_application_id is not None:
            options.setdefault("application_id", settings.discord_application_id)
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            tree_cls=CuratorTree,
            intents=intents_for(settings),
            allowed_mentions=NO_MENTIONS,
            **options,
        )
        self.settings = settings
        self.knowledge_dir = knowledge_dir
        self.engine = engine
        self.curator = curator
        self.unanswered = unanswered
        self.source: KnowledgeSource = source or FolderSource(knowledge_dir)
        """Where reloads read the knowledge: the folder, or the database (DATABASE_URL)."""
        self.database = database
        """With DATABASE_URL: the link that hears of other processes' changes and saves the unanswered queue."""
        self.cooldown = UserCooldown(settings.cooldown_burst, settings.cooldown_refill_seconds)
        self.cards = CardCache()
        """Tie cards drawn so far, per tie and knowledge stamp (`bot.app.cards` attaches them)."""
        self.knowledge_lock = asyncio.Lock()
        self.connection: asyncio.Task[None] | None = None
        """The gateway connection when started by `runner.start_bot` (tests); None under `run_bot`."""
        self.health = KnowledgeHealth()
        self._rejected_stamp: str | None = None
        """The folder stamp of the last failed load, so the watcher does not retry an unchanged folder."""

    async def setup_hook(self) -> None:
        """Load the cogs, sync the slash commands (named in each client's language) and watch the knowledge folder."""
        self.tree.error(report_error)
        await self.tree.set_translator(KnowledgeTranslator(lambda: self.engine.knowledge))
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        commands = [command for cog in self.cogs.values() for command in cog.walk_app_commands()]
        for line in untranslated(self.engine.knowledge, commands):
            log.warning("%s", line)
        await self.sync_commands()
        if self.database is not None:  # changes are announced (LISTEN/NOTIFY): nothing to poll
            self.database.start(changed=self._database_changed, lost=self._knowledge_failed)
            return
        self.watch_knowledge.change_interval(seconds=self.settings.reload_check_seconds)
        self.watch_knowledge.start()

    async def sync_commands(self) -> None:
        """Fans' commands to DEV_GUILD_IDS (instant, for testing) or globally; /facts only to CURATOR_GUILD_IDS.

        The moderator commands are guild commands of the curator servers (the facts cog registers
        them there, or nowhere when none is set), so they never reach Discord's global list. A
        curator server the bot cannot register commands in is logged, and fans are still served.
        """
        dev_guild_ids = self.settings.dev_guild_ids
        if dev_guild_ids:
            for guild_id in dev_guild_ids:  # a curator server among them gets /facts here as well
                guild = discord.Object(id=guild_id)
                self.tree.copy_global_to(guild=guild)
                synced = await self.tree.sync(guild=guild)
                log.info("synced %d commands to guild %s", len(synced), guild_id)
        else:
            synced = await self.tree.sync()
            log.info("synced %d global commands", len(synced))
        for guild_id in self.settings.curator_guild_ids:
            if guild_id in dev_guild_ids:
                continue
            try:
                synced = await self.tree.sync(guild=discord.Object(id=guild_id))
            except discord.Forbidden:
                log.error("CURATOR_GUILD_IDS: cannot register /facts in server %s: the bot is not in it, or was "
                          "invited without the applications.commands scope (python -m bot invite)", guild_id)
                continue
            log.info("synced %d moderator commands to curator guild %s", len(synced), guild_id)

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
        if self.database is not None:
            await self.database.stop()
        await super().close()

    def answer(self, question: str, conversation: str, *, language: str | None = None,
               note_unanswered: bool = True) -> Answer:
        """Answer from the current snapshot; a fan's question declined or answered unsure is noted for curators.

        `language` is the asker's language file when Discord says it (a slash command's client
        locale, `texts.language_for_locale`); None lets the engine tell it from the words, and a
        question too short to tell keeps the conversation's. Only the words are noted, never who
        asked or where (mentions of users, roles and channels are dropped from them too). Callers
        pass `note_unanswered=False` for what is not a fan's own question: a curator probing the
        facts they curate, or a suggestion the bot offered.
        """
        answer = self.engine.answer(question, conversation, language=language)
        if not note_unanswered:
            return answer
        try:
            if self.unanswered.record(MENTION.sub(" ", question), answer):
                log.debug("noted unanswered question %r (confidence %.2f)", question, answer.confidence)
        except OSError:
            log.warning("could not record an unanswered question", exc_info=True)
        return answer

    # --- knowledge -----------------------------------------------------------------------
    async def reload_knowledge(self) -> KnowledgeDiff:
        """Re-read and validate the folder; swap it in only when valid.

        A failure is remembered for /facts status and, when it is a new problem, posted to the
        moderator log channel; the first success after one posts a recovery notice.

        Raises:
            KnowledgeError: the folder is invalid or unreadable; the old facts keep serving.
        """
        async with self.knowledge_lock:
            old = self.engine.knowledge
            failure: KnowledgeError | None
            stamp: str | None = None
            try:
                stamp = await asyncio.to_thread(self.source.stamp)
                new = await asyncio.to_thread(self.source.load)
            except KnowledgeError as exc:
                failure = exc
            except OSError as exc:  # load_knowledge reports these itself; this is the safety net
                log.warning("loading the knowledge folder raised %r, not KnowledgeError", exc)
                failure = unreadable_error(self.knowledge_dir, exc)
            else:
                failure = None
                await self._serve(new)
                self._rejected_stamp = None
            if failure is not None:
                self._rejected_stamp = stamp
        if failure is not None:
            await self._knowledge_failed(failure)
            raise failure
        await self._knowledge_loaded()
        diff = await asyncio.to_thread(diff_knowledge, old, new)  # compares every fact: 10,000 at scale
        log.info("knowledge reloaded: %s", diff.summary())
        return diff

    async def apply_change(self, operation: Callable[[], Result]) -> Result:
        """Run one curator operation off the event loop and serve the knowledge it produced.

        Raises:
            KnowledgeError: the change would make the folder invalid; nothing was written.
        """
        async with self.knowledge_lock:
            change = await asyncio.to_thread(operation)
            await self._serve(change.knowledge)
            self._rejected_stamp = None
        await self._knowledge_loaded()  # the change validated the whole folder, so it is healthy
        return change

    async def _serve(self, knowledge: Knowledge) -> None:
        """Index `knowledge` in a worker thread, swap it in on the loop, then refreeze the heap.

        Indexing takes seconds of CPU at scale; on the event loop it stalled every interaction
        for that long (past Discord's 3-second deadline from about 20,000 facts on 2 cores). In a
        thread the loop keeps answering from the old snapshot meanwhile, and the swap itself is
        one assignment between two awaits.
        `refreeze` collects once and takes the new snapshot out of the collector's walks.
        """
        snapshot = await asyncio.to_thread(self.engine.build_next, knowledge)  # from the served one where it can
        self.engine.serve(snapshot)
        await asyncio.to_thread(refreeze)

    @tasks.loop(seconds=30)
    async def watch_knowledge(self) -> None:
        """Pick up edits other processes made to the knowledge files; keep the old facts if invalid.

        A folder that is unchanged since the last failed load is not retried. While a problem is
        pending, a folder back to exactly the served state is loaded once more, to confirm recovery.
        """
        if self.knowledge_lock.locked():
            return
        stamp = await asyncio.to_thread(self.source.stamp)
        if stamp == self._rejected_stamp:
            return
        if stamp == self.engine.knowledge.stamp and self.health.problem is None:
            return
        # Let a copy or a multi-file edit finish before reading (at most half the check interval).
        await asyncio.sleep(min(SETTLE_SECONDS, self.settings.reload_check_seconds / 2))
        if await asyncio.to_thread(self.source.stamp) != stamp:
            return  # still changing: the next check picks it up
        try:
            await self.reload_knowledge()
        except KnowledgeError as exc:
            log.warning("the knowledge folder changed but cannot be loaded; still serving the old facts:\n%s", exc)

    async def _database_changed(self) -> None:
        """Serve what the database holds, if it is not what is served (another process's change, or a reconnection).

        The process's own changes are served already (`apply_change`), so their notification costs one look.
        """
        stamp = await asyncio.to_thread(self.source.stamp)
        if stamp == self.engine.knowledge.stamp and self.health.problem is None:
            return
        try:
            await self.reload_knowledge()
        except KnowledgeError as exc:
            log.warning("the database's knowledge changed but cannot be served; still serving the old facts:\n%s", exc)

    @watch_knowledge.error
    async def _watch_failed(self, error: BaseException) -> None:
        log.error("knowledge watcher stopped", exc_info=error)

    async def _knowledge_failed(self, error: KnowledgeError) -> None:
        problem = self.health.failed(error)
        if problem is not None:
            await self.notify_moderators(problem_notice(problem, self.engine.knowledge, self.health.loaded_at,
                                                        self.source.name))

    async def _knowledge_loaded(self) -> None:
        ended: KnowledgeProblem | None = self.health.loaded()
        if ended is not None:
            log.info("the knowledge folder loads again")
            await self.notify_moderators(recovery_notice(ended, self.engine.knowledge, self.health.loaded_at,
                                                         self.source.name))

    async def notify_moderators(self, text: str) -> bool:
        """Post `text` to MODERATOR_LOG_CHANNEL_ID, pinging nobody; False when unset or it failed.

        Failing to post is logged, never raised: the notice is secondary to serving fans.
        """
        channel_id = self.settings.moderator_log_channel_id
        if channel_id is None:
            return False
        try:
            channel = self.get_channel(channel_id) or await self.fetch_channel(channel_id)
            if not isinstance(channel, discord.abc.Messageable):
                log.warning("MODERATOR_LOG_CHANNEL_ID %s is not a channel the bot can post in", channel_id)
                return False
            await channel.send(text, allowed_mentions=NO_MENTIONS)
        except discord.DiscordException:
            log.warning("could not post to the moderator log channel %s", channel_id, exc_info=True)
            return False
        return True
