"""The command line: ask one question, answer a batch, chat in the console, or run the bot."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

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
    parser.add_argument("--knowledge", type=Path, help="knowledge folder (default: KNOWLEDGE_DIR or ./knowledge)")
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
    logging.basicConfig(
        level=settings.log_level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    knowledge_dir = (args.knowledge or settings.knowledge_dir).resolve()
    command = args.command or "run"
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
    try:
        engine = Engine(load_knowledge(knowledge_dir))
    except KnowledgeError as exc:
        print(f"The knowledge folder {knowledge_dir} is invalid:\n{exc}", file=sys.stderr)
        return 2
    if command == "ask":
        return _ask(engine, args)
    if command == "run" and settings.discord_token is not None:
        from bot.app.runner import run_bot

        return run_bot(settings, knowledge_dir)
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
    if args.batch:
        if args.batch == "-":
            answer_batch(engine, sys.stdin, sys.stdout)
        else:
            with open(args.batch, encoding="utf-8") as handle:
                answer_batch(engine, handle, sys.stdout)
        return 0
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


def answer_batch(engine: Engine, lines: Iterable[str], out: IO[str]) -> None:
    """Answer JSON lines in order; a malformed line yields an error line, never a crash."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        ident: Any = f"line-{number}"
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("expected a JSON object")
            ident = item.get("id", ident)
            question = item.get("q")
            if not isinstance(question, str):
                raise ValueError("'q' must be a string")
            conversation = item.get("conversation")
            key = None if conversation is None else f"batch:{conversation}"
            answer = engine.answer(question, key)
            reply = {"id": ident, **answer.model_dump()}
            reply["sources"] = [s["article"] for s in reply["sources"]]
        except (ValueError, TypeError) as exc:
            reply = {"id": ident, "answered": False, "text": "", "confidence": 0.0, "intent": None,
                     "facts": [], "sources": [], "error": str(exc)}
        out.write(json.dumps(reply, ensure_ascii=False) + "\n")
        out.flush()


def console_chat(engine: Engine, stdin: IO[str], stdout: IO[str]) -> int:
    """A terminal conversation: one question a line, follow-ups keep their context."""
    interactive = stdin.isatty()
    stdout.write("Ask about Liverpool v Atlético (2020), Liverpool v Real Madrid (2021) or "
                 "Real Madrid v Liverpool (2023). 'quit' to leave.\n")
    while True:
        if interactive:
            stdout.write("> ")
            stdout.flush()
        line = stdin.readline()
        if not line:
            break
        question = line.strip()
        if question.lower() in {"quit", "exit", ":q"}:
            break
        if not question:
            continue
        stdout.write(render_text(engine.answer(question, "console")) + "\n\n")
        stdout.flush()
    return 0
