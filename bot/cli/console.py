"""The console chat: a terminal conversation on the same engine as Discord, for trying the bot without a token.

At a terminal the line is read with `input()`, so where Python has `readline` the user gets line
editing and the session's history (up arrow); piped input is read line by line. Ctrl-C and
Ctrl-D leave without a traceback.
"""

from __future__ import annotations

import contextlib
import sys
from typing import IO

from bot.core.answering.engine import Engine
from bot.core.answering.render import render_help, render_text, tie_names

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

    def __init__(self, engine: Engine, stdin: IO[str], stdout: IO[str]) -> None:
        self.engine = engine
        self.stdin = stdin
        self.stdout = stdout
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
            self.say(render_text(answer) + hint + "\n")
        return 0


def console_chat(engine: Engine, stdin: IO[str], stdout: IO[str]) -> int:
    """A terminal conversation: one question a line, follow-ups keep their context; returns the exit status."""
    chat = _Chat(engine, stdin, stdout)
    if chat.interactive:
        _enable_line_editing()
    try:
        return chat.run()
    except KeyboardInterrupt:  # Ctrl-C, at the prompt or while answering, is a way to leave
        chat.say("")
        return 0
