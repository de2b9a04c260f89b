"""The console chat: a terminal conversation on the same engine as Discord, for trying the bot without a token.

At a terminal the line is read with `input()`, so where Python has `readline` the user gets line
editing and the session's history (up arrow); piped input is read line by line. Ctrl-C and
Ctrl-D leave without a traceback.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from pathlib import Path
from typing import IO

from bot.core.answering.answer import Answer
from bot.core.answering.engine import Engine
from bot.core.answering.render import render_help, render_text, tie_names
from bot.core.cards import CardCache, card_filename, card_ties

__all__ = ["console_chat"]

PROMPT = "> "
QUIT = frozenset({"quit", "exit", ":q"})
HELP = frozenset({"help", "?", "/help"})
CONVERSATION = "console"


def _enable_line_editing() -> None:
    """Give `input()` line editing and history where the platform has readline (not on plain Windows)."""
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401 - importing it is what hooks it into input()


class _Chat:
    """One console conversation; remembers the last "did you mean" list so a number can pick from it."""

    def __init__(self, engine: Engine, stdin: IO[str], stdout: IO[str], cards_dir: Path | None = None) -> None:
        self.engine = engine
        self.stdin = stdin
        self.stdout = stdout
        self.cards = CardCache()
        self.cards_dir = cards_dir
        """Where an overview's tie cards are written: made in the system's temporary folder at the first one."""
        # input() reads sys.stdin and writes its prompt to sys.stdout, so it serves only those.
        self.interactive = stdin is sys.stdin and stdout is sys.stdout and stdin.isatty()
        self.suggestions: list[str] = []

    def say(self, text: str) -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def read(self) -> str | None:
        """The next line, or None at the end of input (Ctrl-D)."""
        if self.interactive:
            try:
                return input(PROMPT)
            except EOFError:
                self.say("")  # end the prompt's line before leaving
                return None
        line = self.stdin.readline()
        return line if line else None

    def run(self) -> int:
        knowledge = self.engine.knowledge
        self.say(f"Ask about {tie_names(knowledge)}.\n"
                 "Type 'help' for what you can ask, 'quit' (or Ctrl-D) to leave.\n")
        while (line := self.read()) is not None:
            question = line.strip()
            if question.lower() in QUIT:
                break
            if not question:
                continue
            if question.lower() in HELP:
                self.say(render_help(self.engine.knowledge) + "\n\nFollow-ups keep their context "
                         "(\"and in 2021?\"); a \"did you mean\" suggestion is asked by typing its number.\n")
                continue
            if question.isdigit() and 1 <= int(question) <= len(self.suggestions):
                question = self.suggestions[int(question) - 1]
                self.say(f"({question})")
            answer = self.engine.answer(question, CONVERSATION)
            self.suggestions = answer.suggestions
            hint = "\nType a number to ask one of these." if answer.suggestions else ""
            self.say(render_text(answer, self.engine.language(answer.lang)) + hint + self.write_cards(answer) + "\n")
        return 0

    def write_cards(self, answer: Answer) -> str:
        """Write the tie cards that go with an overview (as Discord attaches them); the lines saying where."""
        ties = card_ties(self.engine.knowledge, answer)
        if not ties:
            return ""
        lines = []
        try:
            if self.cards_dir is None:  # kept after the chat ends, so a card can still be opened
                self.cards_dir = Path(tempfile.mkdtemp(prefix="ties-bot-cards-"))
            for tie_id in ties:
                path = self.cards_dir / card_filename(tie_id)
                path.write_bytes(self.cards.card(self.engine.knowledge, tie_id).png)
                lines.append(f"Card: {path}")
        except OSError as exc:
            lines.append(f"(The card could not be written: {exc.strerror or exc}.)")
        return "\n" + "\n".join(lines)


def console_chat(engine: Engine, stdin: IO[str], stdout: IO[str], cards_dir: Path | None = None) -> int:
    """A terminal conversation: one question a line, follow-ups keep their context; returns the exit status.

    An overview's tie cards are written as PNGs into `cards_dir` (by default a new temporary folder)
    and the chat says where.
    """
    chat = _Chat(engine, stdin, stdout, cards_dir)
    if chat.interactive:
        _enable_line_editing()
    try:
        return chat.run()
    except KeyboardInterrupt:  # Ctrl-C, at the prompt or while answering, is a way to leave
        chat.say("")
        return 0
