"""Moderators' edits to the fact files: validated in full, written atomically, audited, undoable.

A change is turned into the new text of one facts file, and the whole knowledge folder is
validated with that text in place (in a temporary copy) before anything real is touched, so
a bad edit is reported (file, fact id, field) and the files stay byte-identical. A good edit
replaces the file atomically and is then appended to a JSONL audit log, which is also what
`undo` reads, so undo keeps working after a restart.

Importing an article writes two files (the article, then its draft facts), validated together
the same way; drafts are approved or rejected one at a time, and undo reverts those too.
Teaching adds a question fans asked to the `asked_as` of the fact that answers it (the closing
step of the unanswered queue); undo puts that fact's lines back exactly as they were. How
one fact's lines are rewritten lives in `fact_files`, the log in `audit`, the drafting of facts
from an article in `drafting`.

Files are not watched or merged: edits by hand while the bot runs are fine, but a hand edit
made between this module's validation and its write (milliseconds) is not seen by the
snapshot it returns; the next reload picks it up.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import logging
import re
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any, cast

import filelock
import pydantic
import yaml

from bot.core.curation.audit import AUDIT_LOG_NAME, Actor, AuditLog, actor_fields, undo_target, undone
from bot.core.curation.changes import (
    Action,
    Change,
    ChangeRejected,
    CurationError,
    EditConflict,
    KnowledgeDiff,
    Unchanged,
    diff_knowledge,
    friendly_issue,
)
from bot.core.curation.fact_files import FactLayout, FactsFile, atomic_write, fsync_dir, load_yaml, ordered_fact
from bot.core.curation.grounding import ungrounded_answers
from bot.core.curation.importing import ARTICLES_DIR, DraftImport, ImportPlan, plan_import
from bot.core.curation.translations import confirmed, marked_for_review, placeholders, translation_gaps
from bot.core.knowledge.cache import KnowledgeCache
from bot.core.knowledge.language import DEFAULT_LANGUAGE
from bot.core.knowledge.models import Fact, Provenance
from bot.core.knowledge.store import (
    FACTS_DIR,
    Knowledge,
    KnowledgeError,
    KnowledgeIssue,
    apply_files,
    folder_stamp,
    load_knowledge,
)
from bot.core.knowledge.store import written as files_written
from bot.core.knowledge.tables import FactTable
from bot.core.text import fold

__all__ = [
    "AUDIT_LOG_NAME",
    "LOCK_NAME",
    "Action",
    "Change",
    "ChangeRejected",
    "CurationError",
    "Curator",
    "DraftImport",
    "EditConflict",
    "KnowledgeDiff",
    "Unchanged",
    "atomic_write",
    "diff_knowledge",
]

log = logging.getLogger(__name__)

LOCK_NAME = ".curation.lock"
LOCK_TIMEOUT = 10.0
"""Seconds to wait for another change (another thread or process) before telling the moderator to retry."""
VALIDATION_PREFIX = "ties-curation-"
"""Temporary copies of the folder that each change is validated in, in the system temp folder."""
STALE_COPY_SECONDS = 3600.0
"""Validation copies older than this are a killed change's leftovers and are removed."""
HISTORY_FILE = "history.yaml"

_FACT_FIELDS = tuple(Fact.model_fields)
_SOURCE_FIELDS = tuple(Provenance.model_fields)
_FILE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}\.yaml$")
Check = Callable[[Knowledge], list[KnowledgeIssue]]
"""A change's own check of the validated snapshot, beyond loading and grounding (approval's translations)."""
_ASKED_AS: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(cast(Any, Fact.model_fields["asked_as"].annotation))
"""The model's own rule for `asked_as`, so a question is measured by the limits the loader applies."""


def _plain(value: Any, where: str) -> Any:
    """Text, numbers, lists and mappings only, so the value survives YAML and the JSON audit log."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v, f"{where}.{i}" if where else str(i)) for i, v in enumerate(value)]
    if isinstance(value, dict):
        out = {}
        for key, inner in value.items():
            if not isinstance(key, str):
                raise CurationError(f"Field names must be text; got {key!r}{f' in `{where}`' if where else ''}.")
            out[key] = _plain(inner, f"{where}.{key}" if where else key)
        return out
    raise CurationError(f"`{where or 'value'}` cannot be stored: {type(value).__name__} is not text, "
                        "a number, a list or a mapping.")



def _facts_rel(file: str) -> str:
    """`facts/<name>.yaml` from what a moderator typed ("x", "x.yaml" or "facts/x.yaml"); no other folder."""
    parts = PurePosixPath(file.strip().replace("\\", "/")).parts
    if parts[:1] == (FACTS_DIR,):
        parts = parts[1:]
    name = parts[0] if len(parts) == 1 else ""
    if name and not name.endswith(".yaml"):
        name += ".yaml"
    if not _FILE_NAME.match(name):
        raise CurationError(f"`{file}` is not a facts file name: use lowercase letters, digits and dashes, "
                            f"like `{FACTS_DIR}/2021-liverpool-real-madrid.yaml`.")
    return f"{FACTS_DIR}/{name}"


# --- the curator -----------------------------------------------------------------------------
class Curator:
    """Adds, edits, removes, approves, rejects, teaches and undoes facts in one knowledge folder, one change at a time.

    New facts go to the facts file that already holds the most facts citing the same article;
    failing that, the one holding most facts of the same tie; failing that, a new
    `facts/<tie>.yaml`, or `facts/history.yaml` for a fact with no tie. An explicit `file`
    (`facts/<name>.yaml`) overrides the rule.
    """

    def __init__(self, root: Path, audit_log: Path | None = None, *, lock_timeout: float = LOCK_TIMEOUT,
                 cache: KnowledgeCache | None = None) -> None:
        self.root = Path(root).resolve()
        self.cache = cache
        """The knowledge cache the folder is loaded with (the bot's own), if any."""
        self._last: Knowledge | None = None
        """The folder as this curator last validated it: the next change checks only what differs from it."""
        self._looked_up: Knowledge | None = None
        """The folder as the change under way found its fact in (`_known`): what that change validates against."""
        self.audit_log = Path(audit_log).resolve() if audit_log is not None else self.root / AUDIT_LOG_NAME
        self.lock_timeout = lock_timeout
        self._audit = AuditLog(self.audit_log)
        # Per thread (filelock's default), so two threads of one process exclude each other like two processes.
        self._file_lock = filelock.FileLock(self.root / LOCK_NAME)

    # --- public API --------------------------------------------------------------------------
    def add(self, fact: dict[str, Any], actor: str | Actor, file: str | None = None) -> Change:
        """Add a new fact; rejects an id that any facts file already uses.

        Raises:
            CurationError: the id is taken or missing, or the file name is not allowed.
            ChangeRejected: (a `KnowledgeError`) the fact is invalid; nothing was written.
        """
        fact = _plain(fact, "")
        if not isinstance(fact, dict):
            raise CurationError("A new fact must be a mapping of fields.")
        fact_id = fact.get("id")
        if not isinstance(fact_id, str) or not fact_id.strip():
            raise CurationError("A new fact needs an `id`: lowercase letters, digits and dashes.")
        with self._changing():
            found = self._locate(fact_id)
            if found is not None:
                raise CurationError(f"A fact with id `{fact_id}` already exists in {found[0].rel}. "
                                    "Choose another id, or edit that fact instead.")
            facts_file = self._read(_facts_rel(file) if file is not None else self._file_for(fact))
            new = ordered_fact(fact)
            position = len(facts_file.facts)
            text = facts_file.new_text([*facts_file.facts, new], lambda layout: layout.insert(position, new))
            return self._commit("add", fact_id, facts_file, text, None, new, actor, {"position": position})

    def edit(self, fact_id: str, fields: dict[str, Any], actor: str | Actor, *, base: Fact | None = None) -> Change:
        """Replace the given fields of a fact, in the file it lives in.

        `base` is the fact as the curator saw it when they began (a form opened on it): if it has
        changed since, by another curator or process, nothing is saved (`EditConflict`), so two
        curators editing one fact never lose a change.

        `source.evidence`-style keys set one field of the source; a value of None writes null.
        The id cannot change: remove the fact and add a new one instead. A new `answer` marks each
        translation the edit leaves as it was `reviewed: false`: it may no longer say the same.
        """
        fields = _plain(fields, "")
        if not isinstance(fields, dict) or not fields:
            raise CurationError("Say which fields to change, e.g. `answer`.")
        if "id" in fields and fields["id"] != fact_id:
            raise CurationError("A fact's id cannot be changed; remove it and add a new fact instead.")
        with self._changing():
            facts_file, index = self._require(fact_id)
            before = facts_file.facts[index]
            if base is not None and not _is_fact(before, base):
                by, at = self._last_change(fact_id)
                raise EditConflict(fact_id, before, by, at)
            after = marked_for_review(before, _merge(before, fields))
            if after == before:
                raise CurationError(f"Nothing to change: `{fact_id}` already has those values.")
            return self._replace("edit", fact_id, facts_file, index, before, after, actor)

    def remove(self, fact_id: str, actor: str | Actor) -> Change:
        """Remove a fact from its file (the file itself stays, possibly with `facts: []`)."""
        with self._changing():
            facts_file, index = self._require(fact_id)
            facts = facts_file.facts
            before = facts.pop(index)
            written = FactLayout.parse(facts_file.text or "", len(facts_file.facts))
            ends_section = written is not None and written.ends_section(index)  # so undo puts it back there
            text = facts_file.new_text(facts, lambda layout: layout.delete(index))
            return self._commit("remove", fact_id, facts_file, text, before, None, actor,
                                {"position": index, "ends_section": ends_section})

    def approve(self, fact_id: str, actor: str | Actor, *, answer: str | None = None,
                translations: Mapping[str, str] | None = None) -> Change:
        """Make a draft servable by dropping its `status: draft` (approved is the default).

        `answer` and `translations` (language code to answer) are what the moderator approved it
        with, having read them: written as given, each translation marked reviewed. The draft must
        then have a reviewed answer in every language besides the default, none holding the
        drafter's placeholder, since fans asking in those languages are served only those.

        Raises:
            CurationError: there is no such fact, or it is not a draft.
            ChangeRejected: the draft does not validate as it stands, or lacks a reviewed translation
                (file · id · translations.<code>.answer); nothing was written.
        """
        with self._changing():
            facts_file, index = self._require(fact_id)
            before = facts_file.facts[index]
            if not isinstance(before, dict) or before.get("status") != "draft":
                raise CurationError(f"`{fact_id}` is not a draft; only drafts can be approved.")
            after = {k: v for k, v in before.items() if k != "status"}
            if answer is not None:
                after = _merge(after, {"answer": answer.strip()})
            if translations:
                after = _merge(after, {"translations": confirmed(after, translations)["translations"]})

            def translated(knowledge: Knowledge) -> list[KnowledgeIssue]:
                return list(translation_gaps(knowledge, {fact_id}))

            return self._replace("approve", fact_id, facts_file, index, before, after, actor, check=translated)

    def reject(self, fact_id: str, actor: str | Actor) -> Change:
        """Remove a draft; an approved fact is refused, so a slip cannot delete curated knowledge.

        Raises:
            CurationError: there is no such fact, or it is approved (use `remove` for that).
        """
        with self._changing():
            facts_file, index = self._require(fact_id)
            before = facts_file.facts[index]
            if not isinstance(before, dict) or before.get("status") != "draft":
                raise CurationError(f"`{fact_id}` is approved, not a draft; remove it instead if it must go.")
            facts = facts_file.facts
            facts.pop(index)
            written = FactLayout.parse(facts_file.text or "", len(facts_file.facts))
            ends_section = written is not None and written.ends_section(index)
            text = facts_file.new_text(facts, lambda layout: layout.delete(index))
            return self._commit("reject", fact_id, facts_file, text, before, None, actor,
                                {"position": index, "ends_section": ends_section})

    def translate(self, fact_id: str, code: str, answer: str | None, actor: str | Actor) -> Change:
        """Write a fact's (or draft's) answer in language `code`, or with no answer confirm the one it has: reviewed.

        Validated and grounded like every change, recorded as an edit (undo reverts it); refused
        while it holds the drafter's placeholder. A draft still needs approving to be served.

        Raises:
            Unchanged: that answer is there and reviewed already; nothing written.
            CurationError: no such fact, the default language, or nothing to confirm.
            ChangeRejected: the answer is not grounded, breaks the quote rule or holds the placeholder.
        """
        if code == DEFAULT_LANGUAGE:
            raise CurationError(f"`{code}` is the default language: its answer is the fact's own `answer`.")
        with self._changing():
            facts_file, index = self._require(fact_id)
            before = facts_file.facts[index]
            translations = before.get("translations")
            current = translations.get(code) if isinstance(translations, dict) else None
            if answer is None:
                if not isinstance(current, dict) or not isinstance(current.get("answer"), str):
                    raise CurationError(f"`{fact_id}` has no answer in `{code}` to confirm; give the answer.")
                answer = current["answer"]
            after = _merge(before, {"translations": confirmed(before, {code: answer})["translations"]})
            if after == before:
                raise Unchanged(f"`{fact_id}` has that answer in `{code}` already, reviewed; nothing was changed.")

            def written(knowledge: Knowledge) -> list[KnowledgeIssue]:
                return list(placeholders(knowledge, fact_id))

            return self._replace("edit", fact_id, facts_file, index, before, after, actor, check=written)

    def teach(self, fact_id: str, question: str, actor: str | Actor) -> Change:
        """Record that a fans' question is answered by an approved fact: it joins the fact's `asked_as`.

        The question is kept as asked, with its whitespace collapsed; the engine matches later
        questions against it. Undo puts the fact's lines back exactly as they were.

        Raises:
            Unchanged: the fact has that question already (case, accents and spacing aside); nothing written.
            CurationError: no such fact, a draft, or a question that is empty or longer than a fact allows.
            ChangeRejected: the folder would not validate with it; nothing was written.
        """
        text = _question(question)
        with self._changing():
            facts_file, index = self._require(fact_id)
            before = facts_file.facts[index]
            if before.get("status") == "draft":
                raise CurationError(f"`{fact_id}` is a draft, which fans are never given; approve it first, "
                                    "then teach it questions.")
            asked = before.get("asked_as") or []
            if not isinstance(asked, list):
                raise CurationError(f"{facts_file.rel} · {fact_id} · asked_as is not a list; fix it by hand first.")
            same = next((q for q in asked if isinstance(q, str) and _same_question(q, text)), None)
            if same is not None:
                raise Unchanged(f"`{fact_id}` already has the question “{same}”; nothing was changed.")
            after = _merge(before, {"asked_as": [*asked, text]})
            written = FactLayout.parse(facts_file.text or "", len(facts_file.facts))
            kept = {"text_before": written.text_of(index)} if written is not None else {}
            facts = facts_file.facts
            facts[index] = after
            new_text = facts_file.new_text(facts, lambda layout: layout.append_item(index, "asked_as", text),
                                           lambda layout: layout.edit(index, before, after),
                                           lambda layout: layout.replace(index, after))
            return self._commit("teach", fact_id, facts_file, new_text, before, after, actor,
                                {"position": index, **kept})

    def import_article(self, text: str, actor: str | Actor, article_id: str | None = None, *,
                       source_file: str | None = None, dry_run: bool = False) -> DraftImport:
        """Store a new article verbatim and draft facts from it for moderators to review.

        Writes `articles/<id>.yaml`, then `facts/<id>.yaml` holding only `status: draft` facts,
        each atomically, after validating both together in a temporary copy. A draft the loader
        rejects (which the extractor should never produce) is dropped and named in the message
        rather than blocking the import. `dry_run` validates and returns the drafts, writing nothing
        in the folder (not even the lock file), so it also works on a read-only folder.

        Raises:
            CurationError: the article id is taken or not a valid slug, or the text is empty.
            ChangeRejected: the article itself would not validate; nothing was written.
        """
        if dry_run:  # reads only: no lock file, no sweep of leftovers, so a read-only folder can be tried
            plan, validated = self._plan_import(text, article_id, source_file)
            return plan.result(validated, str(actor), "", written=False)
        with self._changing():
            plan, validated = self._plan_import(text, article_id, source_file)
            return self._commit_import(plan, validated, actor)

    def undo(self, actor: str | Actor) -> Change:
        """Revert the most recent change not yet undone, as recorded in the audit log.

        Refuses when the fact has been changed since by other means (by hand, say), rather
        than overwrite that work.

        Raises:
            CurationError: nothing to undo, or the fact no longer matches the logged change.
            ChangeRejected: reverting would make the knowledge invalid (e.g. its article was removed).
        """
        with self._changing():
            target = undo_target(self._audit.read())
            if target is None:
                raise CurationError("Nothing to undo: every change in the audit log has been undone already.")
            index, entry = target
            when = f"{entry.get('at', '?')} by {entry.get('actor', '?')}"
            what = f"the {entry['action']} of `{entry['fact_id']}` ({when})"
            extra = {"undoes": index, "undoes_at": entry.get("at"), "undoes_action": entry["action"]}
            if entry["action"] in ("remove", "reject"):
                return self._undo_remove(entry, what, actor, extra)
            if entry["action"] == "import":
                return self._undo_import(entry, what, actor, extra)
            return self._undo_add_or_edit(entry, what, actor, extra)

    def _undo_remove(self, entry: dict[str, Any], what: str, actor: str | Actor, extra: dict[str, Any]) -> Change:
        """Put a removed fact back where it was, unless its id has been taken since."""
        fact_id: str = entry["fact_id"]
        found = self._locate(fact_id)
        if found is not None:
            raise CurationError(f"Cannot undo {what}: a fact with that id exists again in {found[0].rel}.")
        restored = entry.get("before")
        if not isinstance(restored, dict):
            raise CurationError(f"Cannot undo {what}: the audit log does not hold the removed fact.")
        facts_file = self._read(_facts_rel(entry["file"]))
        facts = facts_file.facts
        logged = entry.get("position")
        position = min(logged if isinstance(logged, int) else len(facts), len(facts))
        facts.insert(position, restored)
        ends_section = entry.get("ends_section") is True
        text = facts_file.new_text(facts, lambda layout: layout.insert(position, restored, ends_section))
        return self._commit("undo", fact_id, facts_file, text, None, restored, actor, {**extra, "position": position})

    def _undo_add_or_edit(self, entry: dict[str, Any], what: str, actor: str | Actor, extra: dict[str, Any]) -> Change:
        """Remove an added fact or restore an edited one, if it is still as the change left it."""
        fact_id: str = entry["fact_id"]
        found = self._locate(fact_id)
        if found is None or found[0].facts[found[1]] != entry.get("after"):
            raise CurationError(f"Cannot undo {what}: the fact has been changed since, outside the bot. "
                                "Edit it directly instead.")
        facts_file, position = found
        facts = facts_file.facts
        current = facts[position]
        extra = {**extra, "position": position}
        if entry["action"] == "add":
            facts.pop(position)
            text = facts_file.new_text(facts, lambda layout: layout.delete(position))
            return self._commit("undo", fact_id, facts_file, text, current, None, actor, extra)
        restored = entry.get("before")
        if not isinstance(restored, dict):
            raise CurationError(f"Cannot undo {what}: the audit log does not hold the earlier version.")
        facts[position] = restored
        kept = entry.get("text_before")  # the fact's lines as they were, when the change kept them
        exact = [lambda layout: layout.put(position, kept)] if isinstance(kept, str) else []
        text = facts_file.new_text(facts, *exact, lambda layout: layout.edit(position, current, restored),
                                   lambda layout: layout.replace(position, restored))
        return self._commit("undo", fact_id, facts_file, text, current, restored, actor, extra)

    def _undo_import(self, entry: dict[str, Any], what: str, actor: str | Actor, extra: dict[str, Any]) -> Change:
        """Delete an imported article and its drafts file, if the drafts are still as imported."""
        facts_rel = _facts_rel(entry["file"])
        article_rel = entry.get("article_file")
        if not isinstance(article_rel, str) or PurePosixPath(article_rel).parent != PurePosixPath(ARTICLES_DIR):
            raise CurationError(f"Cannot undo {what}: the audit log does not name the article file.")
        facts_file = self._read(facts_rel)
        if facts_file.text is None or facts_file.facts != entry.get("after"):
            raise CurationError(f"Cannot undo {what}: its drafts have been changed since. "
                                "Reject or remove them one by one instead.")
        validated = self._validate({facts_rel: None, article_rel: None}, entry["fact_id"])
        for rel in (facts_rel, article_rel):  # facts first: never leave facts citing a missing article
            (self.root / rel).unlink(missing_ok=True)
        fsync_dir(self.root / FACTS_DIR)
        fsync_dir(self.root / ARTICLES_DIR)
        return self._record("undo", entry["fact_id"], facts_rel, entry.get("after"), None, actor,
                            {**extra, "article_file": article_rel}, validated)

    def _last_change(self, fact_id: str) -> tuple[str | None, str | None]:
        """Who last changed a fact, and when, from the audit log (None, None when it says nothing)."""
        for _, entry in reversed(self._audit.read()):
            if entry.get("fact_id") == fact_id:
                return str(entry.get("actor", "")) or None, str(entry.get("at", "")) or None
        return None, None

    def history(self, limit: int = 10) -> list[dict[str, Any]]:
        """The most recent audit entries, newest first, each with its `index` and whether it was `undone`."""
        if limit <= 0:
            return []
        entries = self._audit.read()
        reverted = undone(entries)
        return [{**entry, "index": i, "undone": i in reverted} for i, entry in reversed(entries)][:limit]

    # --- steps of a change -------------------------------------------------------------------
    @contextlib.contextmanager
    def _changing(self) -> Iterator[None]:
        """One change at a time, across threads and processes: a file lock in the folder.

        The operating system drops the lock when its holder dies, so a killed writer never
        leaves the folder locked; the lock file itself stays, empty, for the next writer.
        """
        if not self.root.is_dir():  # filelock would create the folder for its lock file: a moved folder stays moved
            raise CurationError(f"Cannot lock the knowledge folder for changes ({self.root} is not a folder).")
        try:
            self._file_lock.acquire(timeout=self.lock_timeout)
        except filelock.Timeout:  # before OSError: Timeout is a TimeoutError
            raise CurationError("Another change to the knowledge files is still being saved; "
                                "try again in a moment.") from None
        except OSError as exc:
            raise CurationError(f"Cannot lock the knowledge folder for changes ({exc.strerror or exc}).") from exc
        self._looked_up = None
        try:
            self._sweep_leftovers()
            yield
        finally:
            self._looked_up = None
            self._file_lock.release()

    def _sweep_leftovers(self) -> None:
        """Delete what a writer killed mid-change left behind; called holding the lock.

        Every writer holds the lock while its `.tmp` files exist, so under the lock any in the
        folder are orphans. Validation copies live in the system temp folder and may belong to a
        curator of another folder, so only ones older than an hour are removed.
        """
        for folder in (self.root, self.root / FACTS_DIR, self.root / ARTICLES_DIR):
            for orphan in folder.glob(".*.tmp"):
                with contextlib.suppress(OSError):
                    orphan.unlink()
                    log.info("removed %s, left by an interrupted write", orphan)
        cutoff = time.time() - STALE_COPY_SECONDS
        for copy_dir in Path(tempfile.gettempdir()).glob(f"{VALIDATION_PREFIX}*"):
            with contextlib.suppress(OSError):
                if copy_dir.is_dir() and copy_dir.stat().st_mtime < cutoff:
                    shutil.rmtree(copy_dir)
                    log.info("removed %s, a validation copy left by an interrupted change", copy_dir)

    def _replace(self, action: Action, fact_id: str, facts_file: FactsFile, index: int,
                 before: dict[str, Any], after: dict[str, Any], actor: str | Actor,
                 check: Check | None = None) -> Change:
        """Write one fact's new fields in place, touching only its changed lines where the layout allows."""
        facts = facts_file.facts
        facts[index] = after
        text = facts_file.new_text(facts, lambda layout: layout.edit(index, before, after),
                                   lambda layout: layout.replace(index, after))
        return self._commit(action, fact_id, facts_file, text, before, after, actor, {"position": index}, check)

    def _commit(self, action: Action, fact_id: str, facts_file: FactsFile, text: str,
                before: dict[str, Any] | None, after: dict[str, Any] | None, actor: str | Actor,
                extra: dict[str, Any], check: Check | None = None) -> Change:
        """Validate, write, then log: an acknowledged change is always both on disk and in the log."""
        validated = self._validate({facts_file.rel: text}, fact_id, check)
        try:
            atomic_write(facts_file.path, text)
        except OSError as exc:
            raise CurationError(f"Could not save {facts_file.rel} ({exc.strerror or exc}); "
                                "nothing was changed.") from exc
        return self._record(action, fact_id, facts_file.rel, before, after, actor, extra, validated,
                            roll_back=lambda: self._roll_back(facts_file))

    def _record(self, action: Action, fact_id: str, rel: str, before: Any, after: Any, actor: str | Actor,
                extra: dict[str, Any], validated: Knowledge,
                roll_back: Callable[[], None] | None = None) -> Change:
        """Append the audit entry for a change already on disk; if that fails, roll the files back."""
        at = datetime.now(UTC).isoformat(timespec="microseconds")
        entry = {"at": at, **actor_fields(actor), "action": action, "fact_id": fact_id, "file": rel,
                 "before": before, "after": after, **extra}
        try:
            self._audit.append(entry)
        except OSError as exc:
            if roll_back is not None:
                roll_back()
            raise CurationError(f"Could not record the change in the audit log ({exc.strerror or exc}), "
                                "so it was rolled back.") from exc
        knowledge = self._settled(validated)
        log.info("%s: %s %s in %s", actor, action, fact_id, rel)
        return Change(action, fact_id, rel, before, after, str(actor), at, knowledge)

    def _plan_import(self, text: str, article_id: str | None,
                     source_file: str | None) -> tuple[ImportPlan, Knowledge]:
        """Plan an import against the folder as it is now and validate it in a temporary copy; writes nothing."""
        try:
            knowledge = self._current()
        except KnowledgeError as exc:
            raise CurationError(f"The knowledge folder is invalid right now; fix it first.\n{exc}") from exc
        plan = plan_import(knowledge, text, article_id, source_file=source_file)
        for rel in (plan.article_rel, plan.facts_rel):
            if (self.root / rel).exists():
                raise CurationError(f"{rel} already exists; choose another id with --id.")
        return self._validate_plan(plan)

    def _validate_plan(self, plan: ImportPlan) -> tuple[ImportPlan, Knowledge]:
        """Validate an import; drafts the loader rejects are dropped (and named), the article never is."""
        try:
            return plan, self._validate(plan.files(), plan.article_id)
        except ChangeRejected as exc:
            bad = {issue.item for issue in exc.issues
                   if issue.file == plan.facts_rel and issue.item is not None} & plan.draft_ids()
            if not bad or any(issue.file != plan.facts_rel or issue.item not in bad for issue in exc.issues):
                raise
            log.warning("dropping %d draft(s) the loader rejected: %s", len(bad), ", ".join(sorted(bad)))
            plan = plan.without(bad, [str(issue) for issue in exc.issues])
            return plan, self._validate(plan.files(), plan.article_id)

    def _commit_import(self, plan: ImportPlan, validated: Knowledge, actor: str | Actor) -> DraftImport:
        """Write the article, then its drafts, then log; any failure removes what was written."""
        article_path, facts_path = self.root / plan.article_rel, self.root / plan.facts_rel

        def roll_back() -> None:
            for path in (facts_path, article_path):
                with contextlib.suppress(OSError):
                    path.unlink(missing_ok=True)

        try:
            atomic_write(article_path, plan.article_text)
            atomic_write(facts_path, plan.facts_text)
        except OSError as exc:
            roll_back()
            raise CurationError(f"Could not save the article ({exc.strerror or exc}); nothing was changed.") from exc
        change = self._record("import", plan.article_id, plan.facts_rel, None, plan.facts, actor,
                              {"article_file": plan.article_rel}, validated, roll_back=roll_back)
        return plan.result(change.knowledge, change.actor, change.at, written=True)

    def _validate(self, files: dict[str, str | None], fact_id: str, check: Check | None = None) -> Knowledge:
        """The folder as it would be with each file in `files` replaced (None: deleted), validated; writes nothing.

        Only the changed files are validated, against the rest of the folder as last loaded
        (`apply_files`; the rest is re-read only where it changed on disk since), so a change costs
        the same at 100,000 facts as at 79. Then the answers in the changed files must be grounded,
        and the change's own `check` pass.
        """
        looked_up, self._looked_up = self._looked_up, None
        try:
            knowledge = apply_files(looked_up or self._current(), files)
        except KnowledgeError as exc:
            issues = [friendly_issue(issue) for issue in exc.issues]
        else:  # an approved answer in a changed file states only what its sources give
            issues = list(ungrounded_answers(knowledge, files))
            if check is not None:
                issues += check(knowledge)
            if not issues:
                return knowledge
        log.info("rejected change to %s in %s: %d problem(s)", fact_id, ", ".join(files), len(issues))
        raise ChangeRejected(issues, fact_id)

    def _current(self) -> Knowledge:
        """The folder as it is now, validated: from the last snapshot this curator saw, re-reading what changed.

        Raises:
            KnowledgeError: the folder is invalid.
        """
        self._last = load_knowledge(self.root, cache=self.cache, previous=self._last)
        return self._last

    def _settled(self, validated: Knowledge) -> Knowledge:
        """A validated change once its files are written: their sizes and times, the folder's stamp."""
        scan = validated.scan
        if scan is None:
            return dataclasses.replace(validated, stamp=folder_stamp(self.root))
        # `apply_files` marks the files it changed with no time yet; those written are read back to hash.
        pending = [rel for rel, state in scan.files.items() if state.mtime_ns == 0 and state.ino == 0]
        texts: dict[str, str | bytes | None] = {}
        for rel in pending:
            try:
                texts[rel] = (self.root / rel).read_bytes()
            except FileNotFoundError:  # rolled back or deleted meanwhile
                texts[rel] = None
        knowledge = files_written(validated, texts)
        self._last = knowledge
        return knowledge

    def _roll_back(self, facts_file: FactsFile) -> None:
        try:
            if facts_file.text is None:
                facts_file.path.unlink(missing_ok=True)
                fsync_dir(facts_file.path.parent)
            else:
                atomic_write(facts_file.path, facts_file.text)
        except OSError:
            log.exception("could not roll back %s after the audit log failed", facts_file.rel)

    # --- reading the files -------------------------------------------------------------------
    def _read(self, rel: str) -> FactsFile:
        """A facts file's current text and data; a missing file reads as an empty one."""
        path = self.root / rel
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            if not path.parent.is_dir():
                raise CurationError(f"The knowledge folder has no `{FACTS_DIR}` folder.") from None
            return FactsFile(rel, path, None, {"facts": []})
        except (OSError, UnicodeDecodeError) as exc:
            raise CurationError(f"Cannot read {rel}: {exc}") from exc
        try:
            data = load_yaml(text)
        except yaml.YAMLError as exc:
            raise CurationError(f"{rel} is not valid YAML right now; fix it by hand first "
                                f"({getattr(exc, 'problem', None) or exc}).") from exc
        if data is None:
            data = {"facts": []}
        if not isinstance(data, dict) or not isinstance(data.get("facts") or [], list):
            raise CurationError(f"{rel} does not hold a `facts:` list; fix it by hand first.")
        return FactsFile(rel, path, text, data)

    def _facts_files(self) -> Iterator[FactsFile]:
        for path in sorted((self.root / FACTS_DIR).glob("*.yaml")):
            try:
                yield self._read(f"{FACTS_DIR}/{path.name}")
            except CurationError as exc:
                log.warning("skipping %s while looking up facts: %s", path.name, exc)

    def _known(self) -> Knowledge | None:
        """The folder as it is now, validated, to look facts up in by its records; None when it is invalid.

        Reading every facts file's YAML to find one fact cost seconds at 10,000 facts; the snapshot
        says which file holds each fact and each fact's tie and article, and `_current` re-reads
        only what changed on disk since the last change. An invalid folder is searched file by file.
        Within one change the folder is scanned once: the change is validated against what it was
        looked up in (`_validate`), as it was made from those files.
        """
        if self._looked_up is not None:
            return self._looked_up
        try:
            self._looked_up = self._current()
        except KnowledgeError:
            return None
        return self._looked_up

    def _locate(self, fact_id: str) -> tuple[FactsFile, int] | None:
        known = self._known()
        if known is not None:
            rel = known.fact_files.get(fact_id)
            if rel is None:
                return None
            facts_file = self._read(rel)
            for index, raw in enumerate(facts_file.facts):
                if isinstance(raw, dict) and raw.get("id") == fact_id:
                    return facts_file, index
            # the file changed since the scan (by hand, this very moment): search them all
        for facts_file in self._facts_files():
            for index, raw in enumerate(facts_file.facts):
                if isinstance(raw, dict) and raw.get("id") == fact_id:
                    return facts_file, index
        return None

    def _require(self, fact_id: str) -> tuple[FactsFile, int]:
        found = self._locate(fact_id)
        if found is None:
            raise CurationError(f"There is no fact `{fact_id}` (approved or draft).")
        return found

    def _file_for(self, fact: dict[str, Any]) -> str:
        """The file a new fact joins: with its article's facts, else its tie's, else its own."""
        source = fact.get("source")
        article = source.get("article") if isinstance(source, dict) else None
        tie = fact.get("tie")
        by_article: Counter[str] = Counter()
        by_tie: Counter[str] = Counter()
        known = self._known()
        tables = [known.facts, known.drafts] if known is not None else []
        if all(isinstance(table, FactTable) for table in tables) and tables:
            for table in tables:
                assert isinstance(table, FactTable)
                for _, record in table.records():
                    if article is not None and record.article == article:
                        by_article[record.file] += 1
                    if tie is not None and record.tie == tie:
                        by_tie[record.file] += 1
        else:
            self._count_raw(article, tie, by_article, by_tie)
        for counts in (by_article, by_tie):
            if counts:
                return min(counts, key=lambda rel: (-counts[rel], rel))
        if isinstance(tie, str) and _FILE_NAME.match(f"{tie}.yaml"):
            return f"{FACTS_DIR}/{tie}.yaml"
        return f"{FACTS_DIR}/{HISTORY_FILE}"

    def _count_raw(self, article: Any, tie: Any, by_article: Counter[str], by_tie: Counter[str]) -> None:
        """`_file_for`'s counts read from every facts file's YAML (a folder that does not load)."""
        for facts_file in self._facts_files():
            for raw in facts_file.facts:
                if not isinstance(raw, dict):
                    continue
                raw_source = raw.get("source")
                if article is not None and isinstance(raw_source, dict) and raw_source.get("article") == article:
                    by_article[facts_file.rel] += 1
                if tie is not None and raw.get("tie") == tie:
                    by_tie[facts_file.rel] += 1


def _question(question: str) -> str:
    """A question to teach, whitespace collapsed, within the limits the fact model sets for `asked_as`."""
    text = " ".join(str(question).split())
    try:
        _ASKED_AS.validate_python([text])
    except pydantic.ValidationError as exc:
        error = exc.errors()[0]
        limits = error.get("ctx", {})
        if error["type"] == "string_too_short":
            raise CurationError("The question is empty or too short: a question to teach needs at least "
                                f"{limits.get('min_length', 1)} characters.") from None
        if error["type"] == "string_too_long":
            raise CurationError(f"The question is too long ({len(text)} characters; a fact keeps questions of "
                                f"at most {limits.get('max_length')}).") from None
        raise CurationError(f"The question cannot be taught: {error['msg']}.") from None
    return text


def _is_fact(raw: Any, fact: Fact) -> bool:
    """Whether a fact as written in its file is `fact` (a fact that no longer validates is not)."""
    try:
        return Fact.model_validate(raw) == fact
    except pydantic.ValidationError:
        return False


def _same_question(a: str, b: str) -> bool:
    """Whether two questions are the same words, case, accents and spacing aside."""
    return " ".join(fold(a).split()) == " ".join(fold(b).split())


def _merge(before: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """`before` with `fields` set; `source.evidence` sets one field of the source.

    Existing fields stay where the curator put them; new ones go where the model orders them.
    """
    merged = copy.deepcopy(before)
    for key, value in fields.items():
        head, dot, rest = key.partition(".")
        if dot and rest:
            inner = merged.get(head)
            inner = inner if isinstance(inner, dict) else {}
            merged[head] = _placed({**inner, rest: value}, inner.keys(), _SOURCE_FIELDS)
        else:
            merged[key] = value
    return _placed(merged, before.keys(), _FACT_FIELDS)


def _placed(data: dict[str, Any], old_keys: Iterable[str], order: tuple[str, ...]) -> dict[str, Any]:
    """Keep the old keys' order; put each new key after the last key that the model orders before it."""
    def rank(key: str) -> int:
        return order.index(key) if key in order else len(order)

    old = set(old_keys)
    keys = [k for k in data if k in old]
    for key in (k for k in data if k not in old):
        position = max((i + 1 for i, k in enumerate(keys) if rank(k) <= rank(key)), default=0)
        keys.insert(position, key)
    return {k: data[k] for k in keys}
