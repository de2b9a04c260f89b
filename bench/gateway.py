"""`python -m bench.gateway`: /ask under load through the gateway, against one real bot process.

The bot is started as `python -m bot run`, configured only through its environment (token,
DISCORD_API_BASE, DISCORD_GATEWAY_URL, DEV_GUILD_IDS... pointing at the local Discord-compatible
server of fakediscord on 127.0.0.1) on a temporary copy of the knowledge folder. This
process runs that server and plays Discord: it sends COUNT /ask interactions over the gateway,
at most CONCURRENCY awaiting their answer at any time, from many users (each asks fewer
questions than the per-user cooldown allows, so the cooldown never refuses one; any refusal is
counted), with questions from the dev and dev-1 sets. For each interaction it measures the
time from dispatching INTERACTION_CREATE to the bot's callback request reaching the server
(before the server reads and checks it); Discord drops interactions not answered within 3 s, so
the server here accepts late callbacks (to measure them) and counts them as late.

Every request is validated against Discord's OpenAPI schema, as in the tests. That costs this
process about 5 ms of CPU per request, which makes the load generator, not the bot, the
bottleneck; `--no-validate` skips it to measure the bot more closely. The bot's own CPU time
(subprocess mode) is reported too: it is what the bot would spend on a real gateway.

`gateway_figures()` returns the figures as a dict, for `python -m bench` to include.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import random
import resource
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yarl

ROOT = Path(__file__).resolve().parents[1]
QUESTION_SETS = (ROOT.parent / "shared" / "eval" / "dev.jsonl", ROOT / "tests" / "eval" / "dev-1.jsonl")
DISCORD_DEADLINE = 3.0
QUESTIONS_PER_USER = 4
"""Within the production question budget (12 at once, then one every 10 s), which the bot keeps."""
TOKEN = "bench-token-not-a-real-one"
BOT_READY_TIMEOUT = 60.0
ANSWER_TIMEOUT = 30.0
"""How long an interaction may go unanswered before it counts as lost."""


@dataclass
class GatewayFigures:
    """What one run measured; latencies in milliseconds, in the order the callbacks arrived."""

    sent: int
    concurrency: int
    users: int
    bot: str
    answered: int = 0
    declined: int = 0
    refused: int = 0
    errors: int = 0
    lost: int = 0
    late: int = 0
    rejected_requests: list[str] = field(default_factory=list)
    wall_seconds: float = 0.0
    validated: bool = True
    bot_cpu_seconds: float | None = None
    """User + system CPU of the bot process over the whole run (start-up included); None in-process."""
    latencies_ms: list[float] = field(default_factory=list)

    @property
    def replied(self) -> int:
        """Interactions whose callback reached the server (answers, declines, refusals, apologies)."""
        return len(self.latencies_ms)

    @property
    def within_deadline(self) -> int:
        return sum(1 for ms in self.latencies_ms if ms <= DISCORD_DEADLINE * 1000)

    def percentile(self, pct: float) -> float:
        """Nearest-rank percentile of the latencies (NaN when none arrived)."""
        if not self.latencies_ms:
            return math.nan
        ordered = sorted(self.latencies_ms)
        return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]

    def summary(self) -> dict[str, Any]:
        """The figures without the raw samples, for JSON and `python -m bench`."""
        out = {k: v for k, v in asdict(self).items() if k != "latencies_ms"}
        out.update(replied=self.replied, within_3s=self.within_deadline,
                   latency_ms={"min": self.percentile(0), "median": self.percentile(50), "p90": self.percentile(90),
                               "p99": self.percentile(99), "max": self.percentile(100)})
        return out

    def table(self) -> str:
        """A plain-text table of the figures."""
        rate = self.sent / self.wall_seconds if self.wall_seconds else 0.0
        cpu = (f"{self.bot_cpu_seconds:>7.2f} s  (whole run, start-up included)"
               if self.bot_cpu_seconds is not None else "     n/a (in-process)")
        rows = [
            f"/ask through the gateway: {self.sent} interactions, concurrency {self.concurrency}, "
            f"{self.users} users, bot: {self.bot}, requests validated: {'yes' if self.validated else 'no'}",
            "",
            f"  {'sent':<26}{self.sent:>8}",
            f"  {'replied (callback arrived)':<26}{self.replied:>8}",
            f"  {'  answered':<26}{self.answered:>8}",
            f"  {'  declined (suggestions)':<26}{self.declined:>8}",
            f"  {'  refused by cooldown':<26}{self.refused:>8}",
            f"  {'  error replies':<26}{self.errors:>8}",
            f"  {'lost (no callback)':<26}{self.lost:>8}",
            f"  {'within 3 s':<26}{self.within_deadline:>8}",
            f"  {'later than 3 s':<26}{self.late:>8}",
            f"  {'requests refused':<26}{len(self.rejected_requests):>8}",
            f"  {'wall time':<26}{self.wall_seconds:>7.2f} s  ({rate:.0f} interactions/s)",
            f"  {'bot CPU':<26}{cpu}",
            "",
            "  latency, dispatch -> callback (ms)",
            f"  {'min':>8}{'median':>8}{'p90':>8}{'p99':>8}{'max':>8}",
            "  " + "".join(f"{self.percentile(p):>8.1f}" for p in (0, 50, 90, 99, 100)),
        ]
        return "\n".join(rows)


def load_questions(paths: Sequence[Path] = QUESTION_SETS) -> list[str]:
    """Every question (and every turn of every dialog) of the evaluation sets that exist."""
    out: list[str] = []
    for path in paths:
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                out.extend(item.get("dialog") or [item["q"]])
    return [q[:500] for q in out if q.strip()]


def bot_environment(server: Any, guild_id: int, chat_id: int, log_id: int, role_id: int,
                    knowledge: Path) -> dict[str, str]:
    """Every setting explicit and non-empty, so a developer's `.env` cannot change the run."""
    for url in (server.api_base, server.gateway_url):
        if yarl.URL(url).host != "127.0.0.1":
            raise RuntimeError(f"refusing to point the bot anywhere but 127.0.0.1: {url}")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SHARD_"))}
    env.update(
        DISCORD_TOKEN=TOKEN,
        DISCORD_APPLICATION_ID=str(server.application_id),
        DISCORD_API_BASE=server.api_base,
        DISCORD_GATEWAY_URL=server.gateway_url,
        DEV_GUILD_IDS=str(guild_id),
        MODERATOR_ROLE_IDS=str(role_id),
        CHAT_CHANNEL_IDS=str(chat_id),
        MODERATOR_LOG_CHANNEL_ID=str(log_id),
        KNOWLEDGE_DIR=str(knowledge),
        LOG_LEVEL="WARNING",
        SHARD_COUNT="1",
        SHARD_IDS="0",
        CONTEXT_TTL_SECONDS="600",
        COOLDOWN_BURST="12",
        COOLDOWN_REFILL_SECONDS="10",
        RELOAD_CHECK_SECONDS="30",
        PYTHONUNBUFFERED="1",
    )
    return env


async def wait_until_answering(server: Any, guild_id: int, channel_id: int, user: Any,
                               bot: asyncio.subprocess.Process | None, timeout: float) -> None:
    """Wait for the bot to sync /ask and answer one interaction (a warm-up, not measured)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if bot is not None and bot.returncode is not None:
            raise RuntimeError(f"the bot exited with status {bot.returncode} before it was ready")
        if server.gateway.live_sessions() and any(c["name"] == "ask" for c in server.commands(guild_id)):
            handle = await server.invoke_command("ask", {"question": "who coaches atletico?"}, user=user,
                                                 channel_id=channel_id)
            with contextlib.suppress(TimeoutError):
                await handle.wait_response(timeout=5)
                return
        await asyncio.sleep(0.1)
    raise TimeoutError(f"the bot did not answer /ask within {timeout:.0f} s")


def _classify(figures: GatewayFigures, message: dict[str, Any] | None) -> None:
    text = (message or {}).get("content") or ""
    embeds = (message or {}).get("embeds") or []
    title = embeds[0].get("title", "") if embeds else ""
    if "Try again in" in text:
        figures.refused += 1
    elif "something went wrong" in text or not (text or embeds):
        figures.errors += 1
    elif title.startswith("I can't answer"):
        figures.declined += 1
    else:
        figures.answered += 1


async def run_gateway_bench(count: int = 1000, concurrency: int = 50, *, in_process: bool = False,
                            questions: Sequence[str] | None = None, seed: int = 5,
                            bot_log: Path | None = None, validate: bool = True) -> GatewayFigures:
    """Start the server and the bot, send `count` /ask interactions `concurrency` at a time, measure.

    `in_process` runs the bot in this process (`start_bot`) instead of `python -m bot run`; the
    figures then include the load generator competing with the bot for one event loop.
    `validate=False` skips the server's OpenAPI check of each request (see the module docstring).
    """
    # Imported here: the fake server lives with the tests and is only needed when this runs.
    from fakediscord import FakeDiscord, running_fake_discord

    pool = list(questions) if questions is not None else load_questions()
    if not pool:
        raise RuntimeError("no questions found in " + ", ".join(map(str, QUESTION_SETS)))
    rng = random.Random(seed)
    users_needed = math.ceil(count / QUESTIONS_PER_USER)
    async with running_fake_discord(token=TOKEN, interaction_deadline=ANSWER_TIMEOUT * 10) as server:
        assert isinstance(server, FakeDiscord)
        server.validator.enabled = server.validator.enabled and validate
        guild = server.add_guild(name="Bench Guild")
        general = server.add_text_channel(guild.id, name="general")
        chat = server.add_text_channel(guild.id, name="ask-the-bot")
        mod_log = server.add_text_channel(guild.id, name="mod-log")
        role = server.add_role(guild.id, "Fact checkers")
        users = [server.add_user(name=f"fan{i}") for i in range(users_needed)]
        for user in users:
            server.add_member(guild.id, user)
        with tempfile.TemporaryDirectory(prefix="ties-bench-") as tmp:
            knowledge = Path(tmp) / "knowledge"
            _copy_knowledge(knowledge)
            env = bot_environment(server, guild.id, chat.id, mod_log.id, role.id, knowledge)
            mode = "in-process (start_bot)" if in_process else "subprocess (python -m bot run)"
            figures = GatewayFigures(sent=count, concurrency=concurrency, users=users_needed, bot=mode,
                                     validated=server.validator.enabled)
            children_before = _children_cpu()
            async with bot_process(env, in_process, bot_log or Path(tmp) / "bot.log") as process:
                await wait_until_answering(server, guild.id, general.id, users[0], process, BOT_READY_TIMEOUT)
                server.validation_errors.clear()
                jobs = [(users[i // QUESTIONS_PER_USER], rng.choice(pool)) for i in range(count)]
                queue: asyncio.Queue[tuple[Any, str]] = asyncio.Queue()
                for job in jobs:
                    queue.put_nowait(job)

                async def worker() -> None:
                    while not queue.empty():
                        user, question = queue.get_nowait()
                        handle = await server.invoke_command("ask", {"question": question}, user=user,
                                                             channel_id=general.id)
                        try:
                            response = await handle.wait_response(timeout=ANSWER_TIMEOUT)
                        except TimeoutError:
                            figures.lost += 1
                            continue
                        arrived = _arrival(server, handle.id, handle.token)
                        elapsed = arrived - handle.dispatched_at if arrived is not None else response.elapsed
                        figures.latencies_ms.append(elapsed * 1000)
                        if elapsed > DISCORD_DEADLINE:
                            figures.late += 1
                        _classify(figures, response.message)

                started = time.perf_counter()
                await asyncio.gather(*(worker() for _ in range(concurrency)))
                figures.wall_seconds = time.perf_counter() - started
                figures.rejected_requests = list(server.validation_errors)
            if not in_process:
                figures.bot_cpu_seconds = _children_cpu() - children_before
    return figures


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _arrival(server: Any, interaction_id: int, token: str) -> float | None:
    """When the bot's callback request for an interaction reached the server (monotonic), if recorded."""
    path = f"/interactions/{interaction_id}/{token}/callback"
    for record in reversed(server.requests):
        if record.path == path:
            return float(record.time)
    return None


def _copy_knowledge(target: Path) -> None:
    import shutil

    shutil.copytree(ROOT / "knowledge", target, ignore=shutil.ignore_patterns("*.jsonl", ".*"))


@contextlib.asynccontextmanager
async def bot_process(env: dict[str, str], in_process: bool, log_path: Path):  # type: ignore[no-untyped-def]
    """Run the bot for the duration of the block: a `python -m bot run` child, or in this process."""
    if in_process:
        from bot.app.runner import start_bot
        from bot.settings import Settings

        saved = dict(os.environ)
        os.environ.update(env)
        try:
            settings = Settings()
        finally:
            os.environ.clear()
            os.environ.update(saved)
        bot = await start_bot(settings, settings.knowledge_dir, guild_ready_timeout=0.05)
        try:
            yield None
        finally:
            await bot.close()
        return
    with open(log_path, "wb") as log:
        process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", cwd=ROOT, env=env,
                                                       stdout=log, stderr=log)
        try:
            yield process
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGINT)
                try:
                    await asyncio.wait_for(process.wait(), timeout=10)
                except TimeoutError:
                    process.kill()
                    await process.wait()
    if process.returncode not in (0, -signal.SIGINT):
        tail = log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
        print(f"the bot exited with status {process.returncode}; its log ends:\n{tail}", file=sys.stderr)


def gateway_figures(count: int = 1000, concurrency: int = 50, *, in_process: bool = False,
                    validate: bool = True) -> dict[str, Any]:
    """Run the benchmark in a fresh event loop and return its summary (for `python -m bench`)."""
    return asyncio.run(run_gateway_bench(count, concurrency, in_process=in_process, validate=validate)).summary()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, print the table; exit 1 if any interaction was lost, late or refused."""
    parser = argparse.ArgumentParser(prog="python -m bench.gateway", description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="interactions to send (default 1000)")
    parser.add_argument("--concurrency", type=int, default=50, help="interactions in flight at once (default 50)")
    parser.add_argument("--in-process", action="store_true", help="run the bot in this process, not as a child")
    parser.add_argument("--no-validate", action="store_true",
                        help="skip the server's OpenAPI check of each request (it loads this process, not the bot)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON instead of a table")
    parser.add_argument("--bot-log", type=Path, help="keep the bot's log in this file")
    args = parser.parse_args(argv)
    figures = asyncio.run(run_gateway_bench(args.count, args.concurrency, in_process=args.in_process,
                                            bot_log=args.bot_log, validate=not args.no_validate))
    print(json.dumps(figures.summary(), indent=2) if args.json else figures.table())
    healthy = figures.lost == 0 and figures.late == 0 and not figures.rejected_requests and figures.errors == 0
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
