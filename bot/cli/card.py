"""`python -m bot card TIE --out FILE.png`: draw a tie's card, the picture /tie attaches in Discord."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from bot.core.cards import HEIGHT, WIDTH, card_content, render_card
from bot.core.knowledge.lookup import resolve_tie
from bot.core.knowledge.store import KnowledgeError, load_knowledge
from bot.settings import Settings

__all__ = ["add_card_command"]


def add_card_command(sub: Any) -> None:
    """Register the `card` command on the main parser's subparsers."""
    card = sub.add_parser(
        "card",
        help=f"draw a tie's card: a {WIDTH}×{HEIGHT} PNG of its clubs, legs, aggregate, a quote and the source",
        description="The picture /tie and an overview answer attach in Discord, drawn from the knowledge folder.",
    )
    card.add_argument("tie", metavar="TIE", help="the tie as /tie takes it: its id, a year, a club or its name")
    card.add_argument("--out", type=Path, required=True, metavar="FILE.png", help="where to write the PNG")
    card.set_defaults(handler=_card)


def _card(args: argparse.Namespace, settings: Settings) -> int:
    folder = Path(args.knowledge or settings.knowledge_dir).resolve()
    try:
        knowledge = load_knowledge(folder)
    except KnowledgeError as exc:
        print(f"The knowledge folder {folder} is invalid:\n{exc}", file=sys.stderr)
        return 2
    tie_id = resolve_tie(knowledge, args.tie)
    if tie_id is None:
        known = ", ".join(f"{t.id} ({t.name}, {t.year})" for t in knowledge.ties.values())
        print(f"\"{args.tie}\" does not name one tie. The ties: {known}.", file=sys.stderr)
        return 1
    card = render_card(card_content(knowledge, tie_id))
    out: Path = args.out
    try:
        _write_atomically(out, card.png)
    except OSError as exc:
        print(f"Cannot write {out}: {exc.strerror or exc}.", file=sys.stderr)
        return 1
    tie = knowledge.ties[tie_id]
    print(f"Wrote the card of {tie.name} ({tie.round}, {tie.year}) to {out} ({WIDTH}×{HEIGHT} PNG).")
    return 0


def _write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target, then rename: a reader never sees half a picture."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
