"""`python -m bot knowledge …`: check a folder, draft facts from an article, teach a fact a question, undo."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.core.curation.curator import CurationError, Curator, Unchanged
from bot.core.curation.lint import check_knowledge
from bot.settings import Settings

__all__ = ["add_knowledge_commands"]


def add_knowledge_commands(sub: Any) -> None:
    """Register the `knowledge` command group on the main parser's subparsers."""
    knowledge = sub.add_parser("knowledge", help="check a knowledge folder, draft facts from an article, "
                               "write a fact's answer in another language, teach a fact a question, "
                               "undo the last change")
    tools = knowledge.add_subparsers(dest="knowledge_command", required=True)
    check = tools.add_parser(
        "check",
        help="validate a whole knowledge folder; exits 1 and lists every problem if there is any",
        description="Schema, unique ids, evidence verbatim in its article, known entities and ties, "
        "every intent has facts, no unreachable fact, no two facts with the same answer, answers grounded in "
        "their sources in every language (a quote verbatim, then its marked translation), and every approved "
        "fact with a reviewed answer in each language besides the default.",
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
    translate = tools.add_parser(
        "translate",
        help="write a fact's answer in another language (or confirm the one it has): it is then reviewed",
        description="Sets translations.<lang>.answer of a fact or draft and marks it reviewed, so fans asking in "
        "that language are served it (a draft once approved). A quote stays verbatim, then its translation "
        "marked as the language file's `translating` says. Without ANSWER, confirms the answer the fact has "
        "(after an edit of the English answer put it up for review). Validated and grounded with the whole "
        "folder, written atomically, recorded in the audit log; 'knowledge undo' takes it back.",
    )
    translate.add_argument("fact_id", metavar="FACT_ID", help="the fact or draft")
    translate.add_argument("answer", nargs="?", metavar="ANSWER", help="the answer in that language (quote it)")
    translate.add_argument("--lang", default="es", help="the language file's code (default: es)")
    translate.add_argument("--actor", default="cli", help="name recorded in the audit log (default: cli)")
    translate.set_defaults(handler=_translate)
    teach = tools.add_parser(
        "teach",
        help="record that a fact answers a question fans asked (added to its asked_as)",
        description="Adds the question to the fact's asked_as, which the engine matches later questions "
        "against. Validated with the whole folder, written atomically, recorded in the audit log; "
        "'knowledge undo' (or /facts undo) takes it back.",
    )
    teach.add_argument("fact_id", metavar="FACT_ID", help="the approved fact that answers the question")
    teach.add_argument("question", help="the question as a fan asked it (quote it)")
    teach.add_argument("--actor", default="cli", help="name recorded in the audit log (default: cli)")
    teach.set_defaults(handler=_teach)
    undo = tools.add_parser(
        "undo",
        help="undo the most recent change not yet undone (made here or with /facts), as /facts undo does",
    )
    undo.add_argument("--actor", default="cli", help="name recorded in the audit log (default: cli)")
    undo.set_defaults(handler=_undo)


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


def _teach(args: argparse.Namespace, settings: Settings) -> int:
    """One line on stdout when taught (or already there); one line on stderr and 1 when refused."""
    try:
        change = Curator(_folder(args, settings)).teach(args.fact_id, args.question, args.actor)
    except Unchanged as exc:
        print(exc)
        return 0
    except (CurationError, OSError) as exc:
        print(_one_line(exc), file=sys.stderr)
        return 1
    taught = (change.after or {}).get("asked_as") or [args.question]
    print(f"Taught `{change.fact_id}` “{taught[-1]}” ({change.file}); undo with: python -m bot knowledge undo")
    return 0


def _translate(args: argparse.Namespace, settings: Settings) -> int:
    """One line on stdout when written (or already so); the curator's refusal on stderr and 1 otherwise."""
    try:
        change = Curator(_folder(args, settings)).translate(args.fact_id, args.lang, args.answer, args.actor)
    except Unchanged as exc:
        print(exc)
        return 0
    except (CurationError, OSError) as exc:
        print(_one_line(exc), file=sys.stderr)
        return 1
    verb = "Wrote" if args.answer is not None else "Confirmed"
    print(f"{verb} the `{args.lang}` answer of `{change.fact_id}` ({change.file}), reviewed; "
          "undo with: python -m bot knowledge undo")
    return 0


def _undo(args: argparse.Namespace, settings: Settings) -> int:
    try:
        change = Curator(_folder(args, settings)).undo(args.actor)
    except (CurationError, OSError) as exc:
        print(_one_line(exc), file=sys.stderr)
        return 1
    print(change.describe())
    return 0


def _one_line(error: Exception) -> str:
    """A refusal as the curator wrote it; a rejected change keeps its one line per problem."""
    return str(error) if isinstance(error, CurationError) else f"Cannot change the knowledge folder: {error}"


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
