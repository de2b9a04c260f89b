"""`python -m bot ask`: one question, or a batch of JSON lines with one JSON reply line each."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import asdict
from typing import IO, Any

from pydantic import BaseModel

from bot.core.answering.engine import Engine
from bot.core.answering.explain import render_explanation
from bot.core.answering.render import render_text

__all__ = ["answer_batch", "ask_batch", "ask_one"]


def ask_one(engine: Engine, args: argparse.Namespace) -> int:
    """Answer the question on the command line; exit status 1 when it was declined, for scripts."""
    question = " ".join(args.question).strip()
    if not question:
        print("Give a question, e.g. python -m bot ask \"What did Klopp say?\"", file=sys.stderr)
        return 2
    if getattr(args, "explain", False):
        explanation = engine.explain(question, language=args.lang)
        answer = explanation.answer
        if args.json:
            print(json.dumps(asdict(explanation), indent=2, ensure_ascii=False, default=_jsonable))
        else:
            print(render_text(answer, engine.language(answer.lang)) + "\n\n" + render_explanation(explanation))
        return 0 if answer.answered else 1
    answer = engine.answer(question, language=args.lang)
    if args.json:
        print(answer.model_dump_json(indent=2))
    else:
        print(render_text(answer, engine.language(answer.lang)))
    return 0 if answer.answered else 1


def _jsonable(value: Any) -> Any:
    """The Answer inside an explanation is a pydantic model: dump it as JSON data."""
    if isinstance(value, BaseModel):
        return value.model_dump()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def ask_batch(engine: Engine, lines: IO[bytes], name: str, language: str | None = None) -> int:
    """Answer a batch to stdout; only a file that stops being readable ends it early (exit 2)."""
    try:
        answer_batch(engine, lines, sys.stdout, language)
    except OSError as exc:  # the file became unreadable part way (a disk error, a network share gone)
        print(f"Stopped reading the batch file {name}: {exc.strerror or exc}.", file=sys.stderr)
        return 2
    return 0


def answer_batch(engine: Engine, lines: Iterable[bytes | str], out: IO[str], language: str | None = None) -> None:
    """Answer JSON lines in order; a malformed line yields an error line naming it, never a crash.

    Lines are taken as bytes where possible and decoded one by one, so a stray non-UTF-8 byte
    costs only its own line, not every answer after it. A line's "lang" (else `language`) is the
    language to answer in; without either it is told from the question.
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
            lang = item.get("lang", language)
            if lang is not None and lang not in engine.knowledge.languages:
                known = ", ".join(sorted(engine.knowledge.languages))
                raise ValueError(f"line {number}: 'lang' must be a language file's code ({known}), not {lang!r}")
            answer = engine.answer(question, key, lang)
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
            "facts": [], "sources": [], "reason": "bad-input", "error": error}
