"""`python -m bot knowledge …`: check a knowledge folder, or draft facts from a new article."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.core.check import check_knowledge
from bot.settings import Settings

__all__ = ["add_knowledge_commands"]


def add_knowledge_commands(sub: Any) -> None:
    """Register the `knowledge` command group on the main parser's subparsers."""
    knowledge = sub.add_parser("knowledge", help="check a knowledge folder, or draft facts from an article")
    tools = knowledge.add_subparsers(dest="knowledge_command", required=True)
    check = tools.add_parser(
        "check",
        help="validate a whole knowledge folder; exits 1 and lists every problem if there is any",
        description="Schema, unique ids, evidence verbatim in its article, known entities and ties, "
        "every intent has facts, no unreachable fact, no two facts with the same answer.",
    )
    check.add_argument("folder", nargs="?", type=Path, help="knowledge folder (default: --knowledge or KNOWLEDGE_DIR)")
    check.set_defaults(handler=_check)


def _folder(args: argparse.Namespace, settings: Settings) -> Path:
    chosen = getattr(args, "folder", None) or args.knowledge or settings.knowledge_dir
    return Path(chosen).resolve()


def _check(args: argparse.Namespace, settings: Settings) -> int:
    folder = _folder(args, settings)
    report = check_knowledge(folder)
    print(f"Checking {folder}")
    for issue in report.issues:
        print(f"  {issue}")
    print(report.summary())
    return 0 if report.ok else 1
