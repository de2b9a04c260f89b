"""The command line: ask one question, answer a batch, chat in the console, or run the bot."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from bot.console import console_chat
from bot.core.engine import Engine
from bot.core.render import render_text
from bot.core.store import KnowledgeError, load_knowledge
from bot.settings import Settings
from bot.tools.knowledge_cli import add_knowledge_commands

__all__ = ["answer_batch", "main"]

log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="ties-bot: answers fans' questions about three Liverpool Champions League ties. "
        "With no command it runs the Discord bot when DISCORD_TOKEN is set, else a console chat.",
    )
    parser.add_argument("--knowledge", type=Path,
                        help="knowledge folder (default: KNOWLEDGE_DIR, else this checkout's knowledge/)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="show log lines at LOG_LEVEL (the bot always logs; other commands show only warnings)")
    sub = parser.add_subparsers(dest="command")
    ask = sub.add_parser("ask", help="answer one question, or a batch of JSON lines")
    ask.add_argument("question", nargs="*", help="the question (omit with --batch)")
    ask.add_argument("--json", action="store_true", help="print the structured answer as JSON")
    ask.add_argument("--batch", metavar="FILE", help="JSON lines {id, q, conversation}; '-' for stdin")
    sub.add_parser("chat", help="interactive console chat on the same engine")
    sub.add_parser("run", help="run the Discord bot (console chat when no token is set)")
    sub.add_parser("invite", help="print the OAuth2 URL that invites the bot to a server")
    add_knowledge_commands(sub)
    return parser


def main(argv: Sequence[str]) -> int:
    """Parse arguments and run the chosen command; returns the process exit status."""
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        print(_settings_error(exc), file=sys.stderr)
        return 2
    command = args.command or "run"
    serving = command == "run" and settings.discord_token is not None
    # The bot is a service and logs at LOG_LEVEL; a command a person types shows only warnings
    # unless asked (--verbose), so log lines never land in the middle of a chat or a batch's stderr.
    logging.basicConfig(level=settings.log_level if serving or args.verbose else logging.WARNING,
                        stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    knowledge_dir = (args.knowledge or settings.knowledge_dir).resolve()
    handler = getattr(args, "handler", None)
    if handler is not None:
        return int(handler(args, settings))
    if command == "invite":
        from bot.app.invite import invite_url

        if settings.discord_application_id is None:
            print("Set DISCORD_APPLICATION_ID (the application id from the Developer Portal).", file=sys.stderr)
            return 2
        print(invite_url(settings.discord_application_id))
        return 0
    if serving:
        from bot.app.runner import run_bot

        return run_bot(settings, knowledge_dir)  # loads and checks the knowledge itself
    with contextlib.ExitStack() as stack:
        batch: IO[bytes] | None = None
        if command == "ask" and args.batch == "-":
            batch = sys.stdin.buffer
        elif command == "ask" and args.batch:
            try:  # opened before the knowledge is loaded: a wrong name is told at once
                batch = stack.enter_context(open(args.batch, "rb"))  # bytes: one bad line cannot stop the rest
            except OSError as exc:
                print(f"Cannot read the batch file {args.batch}: {exc.strerror or exc}.", file=sys.stderr)
                return 2
        try:
            engine = Engine(load_knowledge(knowledge_dir))
        except KnowledgeError as exc:
            print(f"The knowledge folder {knowledge_dir} is invalid:\n{exc}", file=sys.stderr)
            return 2
        if batch is not None:
            return _batch(engine, batch, args.batch)
        if command == "ask":
            return _ask(engine, args)
    if command == "run":
        print("No DISCORD_TOKEN is set, so this is the local console chat on the same engine.\n"
              "To connect to Discord, put DISCORD_TOKEN in .env (see README.md).\n")
    return console_chat(engine, sys.stdin, sys.stdout)


def _settings_error(exc: ValidationError) -> str:
    lines = ["Invalid settings:"]
    for err in exc.errors():
        name = ".".join(str(p) for p in err["loc"]).upper()
        lines.append(f"  {name}: {err['msg']}")
    return "\n".join(lines)


def _ask(engine: Engine, args: argparse.Namespace) -> int:
    question = " ".join(args.question).strip()
    if not question:
        print("Give a question, e.g. python -m bot ask \"What did Klopp say?\"", file=sys.stderr)
        return 2
    answer = engine.answer(question)
    if args.json:
        print(answer.model_dump_json(indent=2))
    else:
        print(render_text(answer))
    return 0 if answer.answered else 1


def _batch(engine: Engine, lines: IO[bytes], name: str) -> int:
    try:
        answer_batch(engine, lines, sys.stdout)
    except OSError as exc:  # the file became unreadable part way (a disk error, a network share gone)
        print(f"Stopped reading the batch file {name}: {exc.strerror or exc}.", file=sys.stderr)
        return 2
    return 0


def answer_batch(engine: Engine, lines: Iterable[bytes | str], out: IO[str]) -> None:
    """Answer JSON lines in order; a malformed line yields an error line naming it, never a crash.

    Lines are taken as bytes where possible and decoded one by one, so a stray non-UTF-8 byte
    costs only its own line, not every answer after it.
    """
    for number, line in enumerate(lines, start=1):
        ident: Any = f"line-{number}"
        try:
            text = _decoded(line, number)
            if not text.strip():
                continue
            try:
                item = json.loads(text)
            except json.JSONDecodeError as exc:
                raise ValueError(f"line {number} is not JSON ({exc.msg} at column {exc.colno})") from None
            if not isinstance(item, dict):
                raise ValueError(f"line {number} is not a JSON object")
            ident = item.get("id", ident)
            question = item.get("q")
            if not isinstance(question, str):
                raise ValueError(f"line {number}: 'q' must be a string")
            conversation = item.get("conversation")
            key = None if conversation is None else f"batch:{conversation}"
            answer = engine.answer(question, key)
            reply = {"id": ident, **answer.model_dump()}
            reply["sources"] = [s["article"] for s in reply["sources"]]
        except _NotText as exc:
            reply = _error_reply(exc.ident if exc.ident is not None else ident, str(exc))
        except (ValueError, TypeError) as exc:
            reply = _error_reply(ident, str(exc))
        out.write(json.dumps(reply, ensure_ascii=False) + "\n")
        out.flush()


class _NotText(ValueError):
    """A batch line that is not UTF-8; `ident` is its id when that much is still readable."""

    def __init__(self, message: str, ident: Any) -> None:
        super().__init__(message)
        self.ident = ident


def _decoded(line: bytes | str, number: int) -> str:
    if isinstance(line, str):
        return line.removeprefix("\ufeff") if number == 1 else line
    try:
        return line.decode("utf-8-sig" if number == 1 else "utf-8")  # a BOM some editors put first
    except UnicodeDecodeError as exc:
        message = (f"line {number} is not UTF-8 text (byte 0x{line[exc.start]:02x} at column {exc.start + 1}); "
                   "save the file as UTF-8")
        raise _NotText(message, _readable_id(line)) from None


def _readable_id(line: bytes) -> Any:
    """The line's id if the bad bytes spare it, so the error line can still be matched to its question."""
    try:
        item = json.loads(line.decode("utf-8", errors="replace"))
    except ValueError:
        return None
    ident = item.get("id") if isinstance(item, dict) else None
    if isinstance(ident, bool) or not isinstance(ident, str | int) or "\ufffd" in str(ident):
        return None
    return ident


def _error_reply(ident: Any, error: str) -> dict[str, Any]:
    return {"id": ident, "answered": False, "text": "", "confidence": 0.0, "intent": None,
            "facts": [], "sources": [], "error": error}
