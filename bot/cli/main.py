"""The command line: parse the arguments and run a command: ask, chat, run the bot, invite, card, knowledge."""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from pydantic import ValidationError

from bot.cli.ask import ask_batch, ask_one
from bot.cli.card import add_card_command
from bot.cli.console import console_chat
from bot.cli.knowledge import READ_ERRORS, add_knowledge_commands, knowledge_problem, read_knowledge
from bot.core.answering.engine import Engine
from bot.settings import Settings

__all__ = ["main"]

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
    ask.add_argument("--explain", action="store_true",
                     help="also say why: the reading, each stage, the best candidates and the deciding stage")
    ask.add_argument("--batch", metavar="FILE",
                     help="JSON lines {id, q, conversation, lang}; '-' for stdin")
    ask.add_argument("--lang", metavar="CODE",
                     help="answer in this language (a language file's code: en, es); told from the question if omitted")
    sub.add_parser("chat", help="interactive console chat on the same engine")
    sub.add_parser("run", help="run the Discord bot (console chat when no token is set)")
    sub.add_parser("invite", help="print the OAuth2 URL that invites the bot to a server")
    add_card_command(sub)
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
        try:  # the database's knowledge when DATABASE_URL is set (and no --knowledge), else the folder's
            engine = Engine(read_knowledge(args, settings, knowledge_dir))
        except READ_ERRORS as exc:
            print(knowledge_problem(args, settings, knowledge_dir, exc), file=sys.stderr)
            return 2
        if command == "ask" and args.lang is not None and args.lang not in engine.knowledge.languages:
            known = ", ".join(sorted(engine.knowledge.languages))
            print(f"--lang {args.lang}: no language file has that code (known: {known}).", file=sys.stderr)
            return 2
        if batch is not None:
            return ask_batch(engine, batch, args.batch, args.lang)
        if command == "ask":
            return ask_one(engine, args)
    if command == "run":
        print("No DISCORD_TOKEN is set, so this is the local console chat on the same engine.\n"
              "To connect to Discord, put DISCORD_TOKEN in .env (see README.md).\n")
    return console_chat(engine, sys.stdin, sys.stdout)


_SETTING_PROBLEMS: dict[str, str] = {
    "int_parsing": "should be a whole number",
    "float_parsing": "should be a number",
    "greater_than": "should be more than {gt:g}",
    "greater_than_equal": "should be at least {ge:g}",
    "value_error": "{error}",  # the settings' own validators, in their own words
}
"""What each pydantic error type a setting read from text can raise means, formatted with its `ctx`;
keyed on the type, so a pydantic release that rewords its messages does not change these."""


def _settings_error(exc: ValidationError) -> str:
    """One line per bad setting, named as it is set in the environment (an id list's item by its position)."""
    lines = ["Invalid settings:"]
    for err in exc.errors():
        name = ".".join(str(p) for p in err["loc"]).upper()
        wording = _SETTING_PROBLEMS.get(err["type"])
        problem = wording.format_map(err.get("ctx", {})) if wording is not None else err["msg"]
        lines.append(f"  {name}: {problem}")
    return "\n".join(lines)
