"""`python -m bot knowledge …`: check a knowledge folder, or draft facts from a new article."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.core.curation.curator import CurationError, Curator
from bot.core.curation.lint import check_knowledge
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
    draft = tools.add_parser(
        "draft",
        help="store a new article and draft facts from it (status: draft) for moderators to review",
        description="Writes articles/<id>.yaml (the text verbatim) and facts/<id>.yaml (draft quotes, scores, "
        "records, dates, venues), validated first and recorded in the audit log. Drafts are not served "
        "until approved. An optional first line 'date YYYY-MM-DD' dates the article.",
    )
    draft.add_argument("article", type=Path, help="the article as a plain-text file")
    draft.add_argument("--id", dest="article_id", help="article id (default: year and title words)")
    draft.add_argument("--dry-run", action="store_true", help="show the drafts without writing anything")
    draft.add_argument("--actor", default="cli", help="name recorded in the audit log (default: cli)")
    draft.set_defaults(handler=_draft)


def _draft(args: argparse.Namespace, settings: Settings) -> int:
    folder = Path(args.knowledge or settings.knowledge_dir).resolve()
    try:
        text = args.article.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"Cannot read {args.article}: {exc}", file=sys.stderr)
        return 2
    try:
        result = Curator(folder).import_article(text, args.actor, args.article_id,
                                                source_file=args.article.name, dry_run=args.dry_run)
    except CurationError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(result.message)
    for fact in result.drafts:
        print(f"  {fact.id}  [{fact.intent}{', ' + fact.leg + ' leg' if fact.leg else ''}]  {fact.answer}")
    return 0


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
