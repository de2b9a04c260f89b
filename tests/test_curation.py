"""Moderators' edits: validated before writing, atomic, audited, undoable after a restart.

Every test works on a private copy of the real knowledge folder and reloads it with the real
loader; the only fault injection is `os.replace` failing, to stand in for a crash mid-write.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from filelock import FileLock

from bot.core.answering.engine import Engine
from bot.core.curation.audit import Actor
from bot.core.curation.changes import friendly_issue
from bot.core.curation.curator import LOCK_NAME, ChangeRejected, CurationError, Curator, diff_knowledge
from bot.core.knowledge.store import KnowledgeError, KnowledgeIssue, load_knowledge

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"
FILE_2020 = "facts/2020-liverpool-atletico.yaml"
FILE_2021 = "facts/2021-liverpool-real-madrid.yaml"
ARTICLE_2020 = "2020-liverpool-atletico-preview"
NEW_ID = "atletico-2020-all-to-do"


def new_fact(**changes: object) -> dict[str, object]:
    fact: dict[str, object] = {
        "id": NEW_ID,
        "tie": "liverpool-atletico-2020",
        "intent": "context",
        "entities": ["liverpool", "atletico-madrid"],
        "answer": "After losing the 2020 first leg 1-0 in Madrid, Liverpool had it all to do on Merseyside.",
        "keywords": ["all to do", "uphill", "merseyside"],
        "source": {"article": ARTICLE_2020, "evidence": "leaving Liverpool with it all to do on Merseyside"},
    }
    fact.update(changes)
    return fact


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target, ignore=shutil.ignore_patterns(".cache"))  # as a fresh checkout
    return target


def snapshot(root: Path) -> dict[str, bytes]:
    """Every knowledge file's bytes (not the lock file, which a change attempt may create)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != LOCK_NAME}


def changed_lines(old: str, new: str) -> list[str]:
    """The removed and added lines; autojunk off, as the many identical `article:` lines would be junk."""
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            out += [f"-{line}" for line in matcher.a[i1:i2]] + [f"+{line}" for line in matcher.b[j1:j2]]
    return out


def audit_lines(root: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (root / "audit.jsonl").read_text(encoding="utf-8").splitlines()]


# --- add -------------------------------------------------------------------------------------
def test_add_persists_next_to_its_article_and_a_fresh_load_sees_it(root: Path) -> None:
    old_text = (root / FILE_2020).read_text(encoding="utf-8")
    change = Curator(root).add(new_fact(), actor="alice")

    assert (change.action, change.fact_id, change.file, change.actor) == ("add", NEW_ID, FILE_2020, "alice")
    assert change.before is None and change.after == new_fact()
    fresh = load_knowledge(root)
    assert fresh.facts[NEW_ID] == change.knowledge.facts[NEW_ID]
    assert fresh.fact_files[NEW_ID] == FILE_2020
    assert change.knowledge.root == root.resolve() and change.knowledge.stamp == fresh.stamp
    assert set(fresh.facts) == set(change.knowledge.facts)
    new_text = (root / FILE_2020).read_text(encoding="utf-8")
    assert new_text.startswith(old_text)  # comments and every other fact untouched; appended at the end
    assert f"  - id: {NEW_ID}\n" in new_text
    assert "    entities: [liverpool, atletico-madrid]\n" in new_text


def test_placement_rule_history_fact_joins_its_articles_file_and_explicit_file_wins(root: Path) -> None:
    curator = Curator(root)
    history = {
        "id": "liverpool-anfield-comebacks", "tie": None, "intent": "history",
        "entities": ["liverpool", "anfield"], "answer": "Liverpool have overturned deficits at Anfield before.",
        "source": {"article": "2021-liverpool-real-madrid-preview", "evidence": "Liverpool"},
    }
    assert curator.add(history, actor="alice").file == FILE_2021

    change = curator.add(new_fact(id="atletico-2020-own-file"), actor="alice", file="moderator")
    assert change.file == "facts/moderator.yaml"
    text = (root / "facts" / "moderator.yaml").read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert load_knowledge(root).fact_files["atletico-2020-own-file"] == "facts/moderator.yaml"

    before = snapshot(root)
    with pytest.raises(CurationError, match="not a facts file name"):
        curator.add(new_fact(id="atletico-2020-escape"), actor="alice", file="../ties.yaml")
    assert snapshot(root) == before


def test_add_rejects_an_existing_id_naming_its_file(root: Path) -> None:
    before = snapshot(root)
    with pytest.raises(CurationError, match=f"already exists in {FILE_2020}"):
        Curator(root).add(new_fact(id="atletico-2020-round"), actor="alice", file="facts/other.yaml")
    assert snapshot(root) == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"source": {"article": ARTICLE_2020, "evidence": "Liverpool won 7-0 at the Metropolitano"}},
         "source.evidence"),
        ({"entities": ["liverpool", "no-such-player"]}, "entities.1"),
        ({"year": "2020"}, "year"),
        ({"colour": "red"}, "colour"),
    ],
    ids=["bad-evidence", "unknown-entity", "wrong-type", "unknown-field"],
)
def test_invalid_add_names_file_fact_and_field_and_writes_nothing(
    root: Path, changes: dict[str, object], field: str
) -> None:
    before = snapshot(root)
    with pytest.raises(KnowledgeError) as info:
        Curator(root).add(new_fact(**changes), actor="alice")

    assert isinstance(info.value, ChangeRejected)
    assert any((i.file, i.item, i.field) == (FILE_2020, NEW_ID, field) for i in info.value.issues), info.value.issues
    message = str(info.value)
    assert message.startswith("Not saved") and FILE_2020 in message and NEW_ID in message and field in message
    assert "Input should be" not in message  # pydantic's wording is translated for moderators
    assert snapshot(root) == before  # byte-identical, and no audit log either
    assert not list((root / "facts").glob("*.tmp")) and not list((root / "facts").glob(".*"))


MISSING = object()
"""In a parametrized change: leave this field out of the new fact."""


@pytest.mark.parametrize(
    ("changes", "field", "code", "wording"),
    [
        ({"answer": MISSING}, "answer", "missing", "is missing; this field is required"),
        ({"colour": "red"}, "colour", "extra_forbidden",
         "is not a field facts have (they have: id, tie, intent, entities, answer, quote, speaker, leg, year, "
         "keywords, asked_as, source, status, translations)"),
        ({"source": {"article": ARTICLE_2020, "evidence": "with it all to do on Merseyside", "url": "x"}},
         "source.url", "extra_forbidden", "is not a field facts have (they have: article, evidence)"),
        ({"intent": "Context Piece"}, "intent", "string_pattern_mismatch",
         "should be an id: lowercase letters, digits and dashes, like 'klopp-quote-2'"),
        ({"answer": 5}, "answer", "string_type", "should be text"),
        ({"year": "2020"}, "year", "int_type", "should be a whole number"),
        ({"entities": "liverpool"}, "entities", "list_type", "should be a list, like [a, b]"),
        ({"source": "liverpoolfc.com"}, "source", "model_type", "should be a mapping with its own fields"),
        ({"keywords": ["all to do", " "]}, "keywords.1", "string_too_short", "should not be empty"),
        ({"answer": "x" * 1501}, "answer", "string_too_long", "is too long (at most 1500 characters)"),
    ],
    ids=lambda value: value if isinstance(value, str) and "_" in value else None,
)
def test_each_schema_error_type_reads_in_moderators_words(
    root: Path, changes: dict[str, object], field: str, code: str, wording: str
) -> None:
    fact = {key: value for key, value in new_fact(**changes).items() if value is not MISSING}
    with pytest.raises(ChangeRejected) as info:
        Curator(root).add(fact, actor="alice")
    issue = next(i for i in info.value.issues if (i.file, i.item, i.field) == (FILE_2020, NEW_ID, field))
    assert (issue.code, issue.message) == (code, wording)
    assert f"{FILE_2020} · {NEW_ID} · {field}: {wording}" in str(info.value)


def test_a_list_too_short_elsewhere_in_the_folder_reads_in_moderators_words(root: Path) -> None:
    intents = root / "intents.yaml"
    data = yaml.safe_load(intents.read_text(encoding="utf-8"))
    data["intents"].append({"id": "unasked", "description": "nothing yet", "phrasings": []})
    intents.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(ChangeRejected) as info:
        Curator(root).add(new_fact(), actor="alice")
    issue = next(i for i in info.value.issues if i.item == "unasked")
    assert (issue.file, issue.field, issue.code, issue.message) == ("intents.yaml", "phrasings", "too_short",
                                                                   "needs more items")


def test_the_wording_follows_the_error_type_whatever_pydantic_says() -> None:
    reworded = KnowledgeIssue(FILE_2020, NEW_ID, "answer", "This field has to be given", code="missing")
    assert friendly_issue(reworded).message == "is missing; this field is required"
    too_long = KnowledgeIssue(FILE_2020, NEW_ID, "answer", "Too long", code="string_too_long",
                              context={"max_length": 40})
    assert friendly_issue(too_long).message == "is too long (at most 40 characters)"
    unhandled = KnowledgeIssue(FILE_2020, NEW_ID, "leg", "Input should be 'first' or 'second'", code="literal_error")
    assert friendly_issue(unhandled) == unhandled  # no wording of ours: pydantic's stays
    own = KnowledgeIssue(FILE_2020, NEW_ID, "source.evidence", "Extra inputs are not permitted")
    assert friendly_issue(own) == own  # the loader's own checks carry no type and are already plain


# --- edit, remove ----------------------------------------------------------------------------
def test_edit_rewrites_only_that_facts_changed_lines(root: Path) -> None:
    old_text = (root / FILE_2020).read_text(encoding="utf-8")
    fact_id = "atletico-2020-first-leg-score"
    change = Curator(root).edit(fact_id, {"keywords": ["score", "result"],
                                          "source.evidence": "Diego Simeone oversaw a 1-0 victory"}, actor="bob")

    assert change.action == "edit" and change.file == FILE_2020
    assert change.before is not None and change.after is not None
    assert change.after["source"] == {"article": ARTICLE_2020, "evidence": "Diego Simeone oversaw a 1-0 victory"}
    new_text = (root / FILE_2020).read_text(encoding="utf-8")
    assert sorted(changed_lines(old_text, new_text)) == sorted([
        "-    keywords: [score, result, lost, defeat, scoreline, trailed]",
        "+    keywords: [score, result]",
        "-      evidence: Diego Simeone oversaw a 1-0 victory for Atletico in the first leg of their last-16 tie"
        " in Madrid, leaving Liverpool with it all to do on Merseyside.",
        "+      evidence: Diego Simeone oversaw a 1-0 victory",
    ])
    fresh = load_knowledge(root)
    assert fresh.facts[fact_id].keywords == ["score", "result"]
    assert diff_knowledge(load_knowledge(KNOWLEDGE), fresh).changed == [fact_id]


def test_edit_refuses_bad_values_id_changes_and_unknown_facts(root: Path) -> None:
    curator = Curator(root)
    before = snapshot(root)
    with pytest.raises(KnowledgeError) as info:
        curator.edit("atletico-2020-round", {"intent": "gossip"}, actor="bob")
    assert any((i.file, i.item, i.field) == (FILE_2020, "atletico-2020-round", "intent")
               for i in info.value.issues)
    with pytest.raises(CurationError, match="id cannot be changed"):
        curator.edit("atletico-2020-round", {"id": "something-else"}, actor="bob")
    with pytest.raises(CurationError, match="no fact `no-such-fact`"):
        curator.edit("no-such-fact", {"answer": "x"}, actor="bob")
    with pytest.raises(CurationError, match="Nothing to change"):
        curator.edit("atletico-2020-round", {"intent": "context"}, actor="bob")
    assert snapshot(root) == before


def test_remove_drops_the_fact_and_keeps_the_rest(root: Path) -> None:
    old = load_knowledge(root)
    change = Curator(root).remove("atletico-2020-round", actor="carol")

    assert change.action == "remove" and change.after is None
    assert change.before is not None and change.before["id"] == "atletico-2020-round"
    fresh = load_knowledge(root)
    assert "atletico-2020-round" not in fresh.facts
    assert diff_knowledge(old, fresh).summary() == "1 removed (atletico-2020-round)"
    assert diff_knowledge(old, change.knowledge) == diff_knowledge(old, fresh)


# --- undo, history, audit --------------------------------------------------------------------
def test_undo_after_a_restart_restores_the_files_byte_for_byte(root: Path) -> None:
    original = {k: v for k, v in snapshot(root).items() if k.endswith(".yaml")}
    first = Curator(root)
    first.add(new_fact(), actor="alice")
    first.edit("atletico-2020-lynch-prediction", {"leg": "aggregate"}, actor="bob")
    first.remove("atletico-2020-round", actor="carol")  # the last fact of its section

    restarted = Curator(root)  # a new process: only the audit log remembers
    undone = [restarted.undo(actor="dan") for _ in range(3)]

    assert [(c.action, c.fact_id) for c in undone] == [
        ("undo", "atletico-2020-round"), ("undo", "atletico-2020-lynch-prediction"), ("undo", NEW_ID)]
    assert undone[0].before is None and undone[0].after is not None
    assert undone[2].before is not None and undone[2].after is None
    assert {k: v for k, v in snapshot(root).items() if k.endswith(".yaml")} == original
    assert diff_knowledge(load_knowledge(KNOWLEDGE), undone[-1].knowledge).empty
    with pytest.raises(CurationError, match="Nothing to undo"):
        restarted.undo(actor="dan")

    history = restarted.history(limit=10)
    assert [(h["action"], h["undone"]) for h in history] == [
        ("undo", False), ("undo", False), ("undo", False), ("remove", True), ("edit", True), ("add", True)]
    assert [h["undoes"] for h in history[:3]] == [0, 1, 2]  # newest first: the last undo reverted line 0
    assert len(restarted.history(limit=2)) == 2


def test_undo_skips_undone_entries_and_continues_with_older_ones(root: Path) -> None:
    curator = Curator(root)
    curator.add(new_fact(), actor="alice")
    curator.remove("atletico-2020-round", actor="bob")
    curator.undo(actor="dan")  # brings atletico-2020-round back
    curator.edit("atletico-2020-round", {"keywords": ["stage"]}, actor="erin")

    assert curator.undo(actor="dan").fact_id == "atletico-2020-round"  # the edit
    assert Curator(root).undo(actor="dan").fact_id == NEW_ID  # the remove was undone already: skipped
    assert NEW_ID not in load_knowledge(root).facts
    assert "atletico-2020-round" in load_knowledge(root).facts


def test_undo_refuses_to_overwrite_a_later_hand_edit(root: Path) -> None:
    curator = Curator(root)
    curator.edit("atletico-2020-round", {"keywords": ["stage"]}, actor="bob")
    path = root / FILE_2020
    path.write_text(path.read_text(encoding="utf-8").replace("keywords: [stage]", "keywords: [round]"),
                    encoding="utf-8")
    before = snapshot(root)
    with pytest.raises(CurationError, match="changed since"):
        curator.undo(actor="dan")
    assert snapshot(root) == before


def test_audit_log_has_one_json_line_per_change(root: Path) -> None:
    curator = Curator(root)
    curator.add(new_fact(), actor="alice")
    curator.edit(NEW_ID, {"keywords": ["uphill"]}, actor="bob")
    curator.undo(actor="carol")

    lines = audit_lines(root)
    assert [(e["action"], e["actor"], e["fact_id"], e["file"]) for e in lines] == [
        ("add", "alice", NEW_ID, FILE_2020), ("edit", "bob", NEW_ID, FILE_2020), ("undo", "carol", NEW_ID, FILE_2020)]
    for entry in lines:
        assert {"at", "actor", "action", "fact_id", "file", "before", "after"} <= set(entry)
        at = datetime.fromisoformat(str(entry["at"]))
        assert at.utcoffset() is not None and at.utcoffset().total_seconds() == 0
        assert abs((datetime.now(UTC) - at).total_seconds()) < 60
    assert lines[0]["before"] is None and lines[0]["after"] == new_fact()
    assert lines[1]["after"] == new_fact(keywords=["uphill"])
    assert lines[2]["undoes"] == 1 and lines[2]["after"] == new_fact()


def test_a_change_from_a_chat_server_records_the_user_and_the_server(root: Path) -> None:
    curator = Curator(root)
    moderator = Actor(name="alice (11)", user_id=11, guild_id=22, guild="Curators")
    change = curator.add(new_fact(), actor=moderator)
    assert change.actor == "alice (11)"
    curator.undo(actor=Actor(name="bob (12)", user_id=12, guild_id=22, guild="Curators"))
    curator.add(new_fact(), actor="cli")  # the command line names itself only

    added, undone, by_cli = audit_lines(root)
    assert (added["actor"], added["user_id"], added["guild_id"], added["guild"]) == ("alice (11)", 11, 22, "Curators")
    assert (undone["actor"], undone["user_id"], undone["guild_id"]) == ("bob (12)", 12, 22)
    assert by_cli["actor"] == "cli" and not {"user_id", "guild_id", "guild"} & set(by_cli)


def test_custom_audit_log_path(root: Path, tmp_path: Path) -> None:
    log_path = tmp_path / "logs" / "curation.jsonl"
    Curator(root, audit_log=log_path).add(new_fact(), actor="alice")
    assert not (root / "audit.jsonl").exists()
    assert len(log_path.read_text(encoding="utf-8").splitlines()) == 1
    assert Curator(root, audit_log=log_path).undo(actor="bob").fact_id == NEW_ID


# --- durability and concurrency --------------------------------------------------------------
def test_a_crash_before_the_rename_leaves_the_original_file_and_no_temp_file(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(root)

    def crash(src: object, dst: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(CurationError, match="nothing was changed"):
        Curator(root).add(new_fact(), actor="alice")
    monkeypatch.undo()

    assert snapshot(root) == before  # the data file is intact and nothing reached the audit log
    assert sorted(p.name for p in (root / "facts").iterdir()) == sorted(
        p.name for p in (KNOWLEDGE / "facts").iterdir())
    assert Curator(root).add(new_fact(), actor="alice").fact_id == NEW_ID  # and the next try works


def test_a_failing_audit_log_rolls_the_change_back(root: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "audit-is-a-folder"
    blocked.mkdir()
    before = snapshot(root)
    with pytest.raises(CurationError, match="rolled back"):
        Curator(root, audit_log=blocked).add(new_fact(), actor="alice")
    assert snapshot(root) == before


def test_changes_from_many_threads_are_all_kept(root: Path) -> None:
    curator = Curator(root)
    ids = [f"atletico-2020-thread-{n}" for n in range(5)]
    errors: list[BaseException] = []

    def add(fact_id: str) -> None:
        try:
            curator.add(new_fact(id=fact_id), actor="bot")
        except BaseException as exc:  # reported below rather than lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert set(ids) <= set(load_knowledge(root).facts)
    assert len(audit_lines(root)) == 5


def test_a_change_waits_for_another_holder_of_the_lock_file(root: Path) -> None:
    worker = threading.Thread(target=Curator(root).add, args=(new_fact(),), kwargs={"actor": "alice"})
    with FileLock(root / LOCK_NAME):  # its own descriptor, so the curator sees it as another process's lock
        worker.start()
        worker.join(0.5)
        assert worker.is_alive(), "the change went ahead while another holder had the lock"
        assert NEW_ID not in load_knowledge(root).facts
    worker.join()
    assert NEW_ID in load_knowledge(root).facts
    assert len(audit_lines(root)) == 1


def test_a_change_that_cannot_get_the_lock_in_time_is_refused_plainly(root: Path) -> None:
    before = snapshot(root)
    with FileLock(root / LOCK_NAME), pytest.raises(CurationError) as info:
        Curator(root, lock_timeout=0.1).add(new_fact(), actor="alice")
    assert str(info.value) == "Another change to the knowledge files is still being saved; try again in a moment."
    assert snapshot(root) == before
    assert Curator(root).add(new_fact(), actor="alice").fact_id == NEW_ID  # nothing left locked


# --- what the bot then answers ---------------------------------------------------------------
def test_the_engine_answers_from_the_new_snapshot(root: Path) -> None:
    question = "Was it uphill for Liverpool in the 2020 tie?"
    curator = Curator(root)
    curator.remove("atletico-2020-comeback-needed", actor="alice")  # the shipped fact saying the same
    assert NEW_ID not in Engine(load_knowledge(root)).answer(question).facts

    change = curator.add(new_fact(), actor="alice")
    engine = Engine(load_knowledge(KNOWLEDGE))
    engine.replace(change.knowledge)
    answer = engine.answer(question)
    assert answer.answered and answer.facts[0] == NEW_ID
    assert "it all to do" in answer.text


def test_diff_knowledge_summary(root: Path) -> None:
    old = load_knowledge(root)
    curator = Curator(root)
    curator.add(new_fact(), actor="alice")
    curator.edit("atletico-2020-round", {"status": "draft"}, actor="bob")  # still a fact id: a draft now
    last = curator.remove("atletico-2020-hayward-person", actor="carol")

    diff = diff_knowledge(old, last.knowledge)
    assert (diff.added, diff.changed, diff.removed) == (
        [NEW_ID], ["atletico-2020-round"], ["atletico-2020-hayward-person"])
    assert not diff.empty
    assert diff.summary() == (f"1 added ({NEW_ID}); 1 changed (atletico-2020-round); "
                              "1 removed (atletico-2020-hayward-person)")
    assert diff_knowledge(old, old).empty and diff_knowledge(old, old).summary() == "no fact changes"
