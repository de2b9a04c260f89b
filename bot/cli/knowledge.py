"""`python -m bot knowledge …`: check, draft facts from an article, teach a fact a question, undo, import, export.

With DATABASE_URL set (and no folder named on the command line), check, draft, teach and undo
work on the database's knowledge, as the bot does; `import DIR` loads a folder into the database
and `export DIR` writes the database's knowledge out as a folder.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bot.core.curation.curator import CurationError, Curator, Unchanged
from bot.core.curation.lint import check_knowledge
from bot.core.database import (
    DatabaseCurator,
    DatabaseUnavailable,
    ImportRefused,
    KnowledgeDatabase,
    SchemaError,
)
from bot.core.knowledge.store import Knowledge, KnowledgeError, load_knowledge
from bot.settings import Settings

__all__ = ["READ_ERRORS", "add_knowledge_commands", "knowledge_problem", "read_knowledge", "uses_database"]

READ_ERRORS = (KnowledgeError, SchemaError)
"""What `read_knowledge` raises: invalid or unreachable knowledge, or a database newer than the code."""


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
    load = tools.add_parser(
        "import",
        help="load a knowledge folder into the database (DATABASE_URL), replacing what it holds",
        description="The folder must pass 'knowledge check'. Its knowledge files, audit log (audit.jsonl) and "
        "unanswered queue (unanswered.jsonl) replace the database's in one transaction; every running bot "
        "serving the database loads it at once.",
    )
    load.add_argument("folder", type=Path, help="the knowledge folder to load")
    load.set_defaults(handler=_import)
    export = tools.add_parser(
        "export",
        help="write the database's knowledge (DATABASE_URL) into a folder, in the folder's own format",
        description="Writes the knowledge files (byte for byte as imported, for every fact nobody changed), "
        "audit.jsonl and unanswered.jsonl; only files that differ are written, and knowledge files the "
        "database does not hold are removed. The folder passes 'knowledge check' and diffs well in git.",
    )
    export.add_argument("folder", type=Path, help="the folder to write (created if missing)")
    export.set_defaults(handler=_export)


def uses_database(args: argparse.Namespace, settings: Settings) -> bool:
    """Whether a command works on the database: DATABASE_URL is set and no folder was named for it."""
    return settings.database_url is not None and not args.knowledge and not getattr(args, "folder", None)


def _open(settings: Settings) -> KnowledgeDatabase:
    assert settings.database_url is not None
    return KnowledgeDatabase.open(settings.database_url.get_secret_value())


def read_knowledge(args: argparse.Namespace, settings: Settings, folder: Path) -> Knowledge:
    """The knowledge a command answers from: the database's, or the folder's.

    Raises:
        KnowledgeError: it is invalid, or the database holds none or cannot be reached (a `DatabaseUnavailable`).
        SchemaError: the database's schema is newer than this code.
    """
    if not uses_database(args, settings):
        return load_knowledge(folder)
    database = _open(settings)
    try:
        return database.load()
    finally:
        database.close()


def knowledge_problem(args: argparse.Namespace, settings: Settings, folder: Path,
                      error: KnowledgeError | SchemaError) -> str:
    """What to print when `read_knowledge` failed: one line for an unreachable database, else every problem."""
    if isinstance(error, DatabaseUnavailable):
        return f"Cannot reach the knowledge database {error.database} ({error.detail}); check DATABASE_URL."
    if isinstance(error, SchemaError):
        return str(error)
    if uses_database(args, settings):
        return f"The knowledge in the database cannot be served:\n{error}"
    return f"The knowledge folder {folder} is invalid:\n{error}"


@contextlib.contextmanager
def _curator(args: argparse.Namespace, settings: Settings, folder: Path) -> Iterator[Curator]:
    """The curator of the database (when it is used) or of the folder."""
    if not uses_database(args, settings):
        yield Curator(folder)
        return
    database = _open(settings)
    try:
        yield DatabaseCurator(database)
    finally:
        database.close()


def _draft(args: argparse.Namespace, settings: Settings) -> int:
    folder = Path(args.knowledge or settings.knowledge_dir).resolve()
    try:
        text = args.article.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"Cannot read {args.article}: {exc}", file=sys.stderr)
        return 2
    try:
        with _curator(args, settings, folder) as curator:
            result = curator.import_article(text, args.actor, args.article_id,
                                            source_file=args.article.name, dry_run=args.dry_run)
    except (CurationError, SchemaError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(result.message)
    for fact in result.drafts:
        print(f"  {fact.id}  [{fact.intent}{', ' + fact.leg + ' leg' if fact.leg else ''}]  {fact.answer}")
    return 0


def _teach(args: argparse.Namespace, settings: Settings) -> int:
    """One line on stdout when taught (or already there); one line on stderr and 1 when refused."""
    try:
        with _curator(args, settings, _folder(args, settings)) as curator:
            change = curator.teach(args.fact_id, args.question, args.actor)
    except Unchanged as exc:
        print(exc)
        return 0
    except (CurationError, OSError, SchemaError) as exc:
        print(_one_line(exc), file=sys.stderr)
        return 1
    taught = (change.after or {}).get("asked_as") or [args.question]
    print(f"Taught `{change.fact_id}` “{taught[-1]}” ({change.file}); undo with: python -m bot knowledge undo")
    return 0


def _translate(args: argparse.Namespace, settings: Settings) -> int:
    """One line on stdout when written (or already so); the curator's refusal on stderr and 1 otherwise."""
    try:
        with _curator(args, settings, _folder(args, settings)) as curator:
            change = curator.translate(args.fact_id, args.lang, args.answer, args.actor)
    except Unchanged as exc:
        print(exc)
        return 0
    except (CurationError, OSError, SchemaError) as exc:
        print(_one_line(exc), file=sys.stderr)
        return 1
    verb = "Wrote" if args.answer is not None else "Confirmed"
    print(f"{verb} the `{args.lang}` answer of `{change.fact_id}` ({change.file}), reviewed; "
          "undo with: python -m bot knowledge undo")
    return 0


def _undo(args: argparse.Namespace, settings: Settings) -> int:
    try:
        with _curator(args, settings, _folder(args, settings)) as curator:
            change = curator.undo(args.actor)
    except (CurationError, OSError, SchemaError) as exc:
        print(_one_line(exc), file=sys.stderr)
        return 1
    print(change.describe())
    return 0


def _one_line(error: Exception) -> str:
    """A refusal as the curator wrote it; a rejected change keeps its one line per problem."""
    if isinstance(error, CurationError | SchemaError):
        return str(error)
    return f"Cannot change the knowledge folder: {error}"


def _folder(args: argparse.Namespace, settings: Settings) -> Path:
    chosen = getattr(args, "folder", None) or args.knowledge or settings.knowledge_dir
    return Path(chosen).resolve()


def _check(args: argparse.Namespace, settings: Settings) -> int:
    folder = _folder(args, settings)
    if uses_database(args, settings):
        try:
            database = _open(settings)
            try:
                report = database.check()
            finally:
                database.close()
        except (CurationError, SchemaError, KnowledgeError) as exc:  # unreachable, newer schema, nothing imported
            print(str(exc), file=sys.stderr)
            return 2
        print(f"Checking {database.name}")
    else:
        report = check_knowledge(folder)
        print(f"Checking {folder}")
    for issue in report.issues:
        print(f"  {issue}")
    print(report.summary())
    return 0 if report.ok else 1


def _need_database(settings: Settings, command: str) -> bool:
    if settings.database_url is None:
        print(f"knowledge {command} works on the database: set DATABASE_URL (see .env.example).", file=sys.stderr)
        return False
    return True


def _import(args: argparse.Namespace, settings: Settings) -> int:
    """Load a folder into the database; its problems, one a line, and 1 when it does not pass the check."""
    if not _need_database(settings, "import"):
        return 2
    if not args.folder.is_dir():
        print(f"{args.folder} is not a folder.", file=sys.stderr)
        return 2
    try:
        database = _open(settings)
        try:
            report = database.import_folder(args.folder)
        finally:
            database.close()
    except ImportRefused as exc:
        print(exc, file=sys.stderr)
        for issue in exc.issues:
            print(f"  {issue}", file=sys.stderr)
        return 1
    except (CurationError, SchemaError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"Imported {args.folder} into {database.name} as revision {report.revision}: {report.files} files, "
          f"{report.facts} facts, {report.audit_entries} audit entries, {report.questions} unanswered questions. "
          "Every bot serving the database loads it now.")
    for rel in report.rewritten:
        print(f"  {rel}: its layout was not the block list curators write, so it is stored re-written "
              "(the same facts); an export writes it that way")
    return 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    """Write the database's knowledge into a folder; one line saying what changed there."""
    if not _need_database(settings, "export"):
        return 2
    try:
        database = _open(settings)
        try:
            report = database.export(args.folder)
        finally:
            database.close()
    except (CurationError, SchemaError, KnowledgeError, OSError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"Exported revision {report.revision} of {database.name} into {args.folder}: {report.files} knowledge "
          f"files, {len(report.written)} written, {len(report.removed)} removed.")
    return 0
