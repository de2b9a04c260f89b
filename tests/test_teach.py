"""Teaching a fact a question fans asked: `Curator.teach` and `python -m bot knowledge teach|undo`.

A taught question joins the fact's `asked_as`; like every change it is validated with the whole
folder, written atomically touching only that fact's lines, audited, and undone exactly (the file
byte for byte). The questions here are written for these tests, not taken from any evaluation set.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app.fact_form import edited_fields, to_fact, values_for
from bot.core.curation.audit import Actor
from bot.core.curation.curator import LOCK_NAME, CurationError, Curator, Unchanged
from bot.core.knowledge.store import load_knowledge
from tests.helpers import ROOT, copy_knowledge

FILE_2021 = "facts/2021-liverpool-real-madrid.yaml"
FILE_2020 = "facts/2020-liverpool-atletico.yaml"
FACT = "real-madrid-2021-second-leg-venue"
QUESTION = "Was the gaffer dreaming of something special under the lights at Anfield in 2021?"
OTHER = "Did the boss expect a big European night at home that spring?"
DRAFT = "atletico-2020-barcelona-can-attest"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_knowledge(tmp_path)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file's bytes but the lock file, which a refused change may create."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != LOCK_NAME}


def audit_lines(root: Path) -> list[dict[str, object]]:
    path = root / "audit.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def edit_file(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- the curator --------------------------------------------------------------------------------
NEW_ID = "atletico-2020-all-to-do"
NEW_FACT = f"""
  - id: {NEW_ID}
    tie: liverpool-atletico-2020
    intent: context
    entities: [liverpool, atletico-madrid]
    answer: After losing the 2020 first leg 1-0 in Madrid, Liverpool had it all to do on Merseyside.
    keywords: [all to do, uphill, merseyside]
    source:
      article: 2020-liverpool-atletico-preview
      evidence: leaving Liverpool with it all to do on Merseyside
"""
"""A fact written by hand for these tests, with no questions yet (every shipped fact may have some)."""


def with_new_fact(root: Path, asked_as: str = "") -> Path:
    """FILE_2020 with NEW_FACT at its end, `asked_as` lines (as a curator wrote them) after its keywords."""
    path = root / FILE_2020
    block = NEW_FACT.replace("    source:\n", f"{asked_as}    source:\n")
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + block, encoding="utf-8")
    assert NEW_ID in load_knowledge(root).facts
    return path


def added_lines(before: bytes, after: bytes) -> list[str]:
    """The lines `after` adds to `before`, which it must otherwise keep as they were."""
    matcher = difflib.SequenceMatcher(None, before.decode("utf-8").splitlines(), after.decode("utf-8").splitlines(),
                                      autojunk=False)
    added = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        assert tag in ("equal", "insert"), f"lines changed or removed: {matcher.a[i1:i2]}"
        added += matcher.b[j1:j2] if tag == "insert" else []
    return added


def test_teach_adds_the_field_in_two_lines_and_undo_after_a_restart_restores_the_file_byte_for_byte(
    root: Path
) -> None:
    path = with_new_fact(root)
    original = path.read_bytes()
    change = Curator(root).teach(NEW_ID, f"  {QUESTION.replace(' ', '   ', 3)}\n", actor="alice")

    assert (change.action, change.fact_id, change.file) == ("teach", NEW_ID, FILE_2020)
    assert change.before is not None and "asked_as" not in change.before
    assert change.after is not None and change.after["asked_as"] == [QUESTION]  # whitespace collapsed
    assert change.describe() == f"alice taught a question to `{NEW_ID}` ({FILE_2020})"
    assert added_lines(original, path.read_bytes()) == ["    asked_as:", f"      - {QUESTION}"]
    assert f"merseyside]\n    asked_as:\n      - {QUESTION}\n    source:\n" in path.read_text(encoding="utf-8")
    assert load_knowledge(root).facts[NEW_ID].asked_as == [QUESTION]
    assert change.knowledge.facts[NEW_ID].asked_as == [QUESTION]  # the snapshot the bot serves next

    undone = Curator(root).undo(actor="bob")  # a new process: only the audit log remembers
    assert (undone.action, undone.fact_id, undone.after) == ("undo", NEW_ID, change.before)
    assert path.read_bytes() == original
    assert undone.knowledge.facts[NEW_ID].asked_as == []


def test_a_question_joins_a_list_as_one_line_in_the_curators_own_style(root: Path) -> None:
    path = with_new_fact(root, "    asked_as:\n        - Home or away, that 2020 return?  # from the queue\n")
    original = path.read_bytes()
    Curator(root).teach(NEW_ID, QUESTION, actor="alice")
    assert added_lines(original, path.read_bytes()) == [f"        - {QUESTION}"]
    assert load_knowledge(root).facts[NEW_ID].asked_as == ["Home or away, that 2020 return?", QUESTION]
    Curator(root).undo(actor="bob")
    assert path.read_bytes() == original


def test_an_inline_list_is_rewritten_one_question_a_line_and_two_undos_restore_it_as_written(root: Path) -> None:
    path = with_new_fact(root, '    asked_as: ["Home or away, that 2020 return?"]\n')
    original = path.read_bytes()
    curator = Curator(root)
    curator.teach(NEW_ID, QUESTION, actor="alice")
    second = curator.teach(NEW_ID, OTHER, actor="alice")

    assert second.after is not None
    assert second.after["asked_as"] == ["Home or away, that 2020 return?", QUESTION, OTHER]
    assert f"    asked_as:\n      - Home or away, that 2020 return?\n      - {QUESTION}\n      - {OTHER}\n" in (
        path.read_text(encoding="utf-8"))
    curator.undo(actor="bob")
    assert load_knowledge(root).facts[NEW_ID].asked_as == ["Home or away, that 2020 return?", QUESTION]
    curator.undo(actor="bob")
    assert path.read_bytes() == original  # the inline list as the curator wrote it, quotes and all


def test_a_shipped_fact_keeps_its_questions_and_undo_restores_its_file(root: Path) -> None:
    path = root / FILE_2021
    original = path.read_bytes()
    had = load_knowledge(root).facts[FACT].asked_as
    Curator(root).teach(FACT, QUESTION, actor="alice")
    assert load_knowledge(root).facts[FACT].asked_as == [*had, QUESTION]
    assert len(added_lines(original, path.read_bytes())) == (1 if had else 2)
    Curator(root).undo(actor="bob")
    assert path.read_bytes() == original


def test_yaml_special_characters_in_a_question_survive_the_file(root: Path) -> None:
    tricky = "- 'Anfield': was it #1 for \"famous nights\", then?"
    Curator(root).teach(FACT, tricky, actor="alice")
    assert load_knowledge(root).facts[FACT].asked_as[-1] == tricky


def test_teach_refuses_unknown_facts_drafts_and_empty_or_overlong_questions_writing_nothing(root: Path) -> None:
    edit_file(root / FILE_2020, f"  - id: {DRAFT}\n", f"  - id: {DRAFT}\n    status: draft\n")
    assert DRAFT in load_knowledge(root).drafts
    before = snapshot(root)
    curator = Curator(root)
    refusals = [
        ("no-such-fact", QUESTION, "There is no fact `no-such-fact`"),
        (DRAFT, QUESTION, f"`{DRAFT}` is a draft"),
        (FACT, "", "empty or too short"),
        (FACT, " \t\n ", "empty or too short"),
        (FACT, "ok", "at least 3 characters"),
        (FACT, "Why " * 80, "too long (319 characters; a fact keeps questions of at most 300)"),
    ]
    for fact_id, question, message in refusals:
        with pytest.raises(CurationError, match=re.escape(message)) as info:
            curator.teach(fact_id, question, actor="alice")
        assert not isinstance(info.value, Unchanged)
        assert "\n" not in str(info.value)
    assert snapshot(root) == before
    assert audit_lines(root) == []


def test_a_question_already_there_is_a_no_op_whatever_its_case_accents_and_spacing(root: Path) -> None:
    curator = Curator(root)
    had = len(load_knowledge(root).facts[FACT].asked_as)
    curator.teach(FACT, "Was Jürgen hoping for a famous night at Anfield?", actor="alice")
    before = snapshot(root)
    with pytest.raises(Unchanged, match="already has the question “Was Jürgen hoping for a famous night"):
        curator.teach(FACT, "  was JURGEN hoping for a   famous night at anfield? ", actor="bob")
    assert snapshot(root) == before
    assert [e["action"] for e in audit_lines(root)] == ["teach"]
    curator.teach(FACT, "Was Jürgen hoping for a famous night at Anfield??", actor="bob")  # other words: taught
    assert len(load_knowledge(root).facts[FACT].asked_as) == had + 2


def test_the_audit_entry_records_the_teach_the_moderator_and_the_server(root: Path) -> None:
    curator = Curator(root)
    moderator = Actor(name="alice (11)", user_id=11, guild_id=22, guild="Curators")
    curator.teach(FACT, QUESTION, actor=moderator)
    curator.undo(actor="cli")

    taught, undone = audit_lines(root)
    assert (taught["action"], taught["fact_id"], taught["file"]) == ("teach", FACT, FILE_2021)
    assert (taught["actor"], taught["user_id"], taught["guild_id"], taught["guild"]) == ("alice (11)", 11, 22,
                                                                                        "Curators")
    assert isinstance(taught["before"], dict) and isinstance(taught["after"], dict)
    assert taught["after"] == {**taught["before"], "asked_as": [*taught["before"].get("asked_as", []), QUESTION]}
    assert isinstance(taught["text_before"], str) and taught["text_before"].startswith(f"  - id: {FACT}\n")
    assert (undone["action"], undone["undoes"], undone["undoes_action"]) == ("undo", 0, "teach")
    assert [(h["action"], h["undone"]) for h in curator.history()] == [("undo", False), ("teach", True)]


def test_undo_of_a_teach_refuses_to_overwrite_a_later_hand_edit(root: Path) -> None:
    curator = Curator(root)
    curator.teach(FACT, QUESTION, actor="alice")
    edit_file(root / FILE_2021, f"- {QUESTION}\n", f"- {OTHER}\n")
    before = snapshot(root)
    with pytest.raises(CurationError, match="changed since"):
        curator.undo(actor="bob")
    assert snapshot(root) == before


# --- the command line ---------------------------------------------------------------------------
def _bot(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k.upper() != "KNOWLEDGE_DIR"}
    environ["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "bot", "--knowledge", str(root), "knowledge", *args], cwd=ROOT,
                          env=environ, capture_output=True, text=True, timeout=120, check=False)


def test_the_shell_teaches_says_so_in_one_line_and_undo_takes_it_back(root: Path) -> None:
    original = (root / FILE_2021).read_bytes()
    taught = _bot(root, "teach", FACT, QUESTION)
    assert (taught.returncode, taught.stderr) == (0, "")
    assert taught.stdout == (f"Taught `{FACT}` “{QUESTION}” ({FILE_2021}); "
                             "undo with: python -m bot knowledge undo\n")
    assert load_knowledge(root).facts[FACT].asked_as[-1] == QUESTION
    [entry] = audit_lines(root)
    assert (entry["action"], entry["actor"], entry["fact_id"]) == ("teach", "cli", FACT)

    again = _bot(root, "teach", FACT, QUESTION.upper(), "--actor", "dana")
    assert (again.returncode, again.stderr) == (0, "")
    assert again.stdout.count("\n") == 1 and "already has the question" in again.stdout
    assert len(audit_lines(root)) == 1

    undone = _bot(root, "undo", "--actor", "dana")
    assert (undone.returncode, undone.stderr) == (0, "")
    assert undone.stdout == f"dana undid a change to `{FACT}` ({FILE_2021})\n"
    assert (root / FILE_2021).read_bytes() == original
    nothing = _bot(root, "undo")
    assert nothing.returncode == 1 and nothing.stdout == ""
    assert nothing.stderr == "Nothing to undo: every change in the audit log has been undone already.\n"


def test_the_shell_refuses_bad_input_in_one_line_without_a_traceback(root: Path) -> None:
    edit_file(root / FILE_2020, f"  - id: {DRAFT}\n", f"  - id: {DRAFT}\n    status: draft\n")
    before = snapshot(root)
    for args, status, words in (
        (("teach", "no-such-fact", QUESTION), 1, "There is no fact `no-such-fact`"),
        (("teach", DRAFT, QUESTION), 1, "is a draft"),
        (("teach", FACT, "   "), 1, "The question is empty or too short"),
        (("teach", FACT), 2, "the following arguments are required: question"),
    ):
        result = _bot(root, *args)
        assert result.returncode == status, (args, result.stderr)
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert words in lines[-1] and "Traceback" not in result.stderr
        assert len(lines) == (1 if status == 1 else 2), result.stderr  # argparse adds its usage line
    assert snapshot(root) == before


# --- the fact form ------------------------------------------------------------------------------
def test_editing_a_fact_through_the_form_keeps_its_taught_questions(root: Path) -> None:
    knowledge = load_knowledge(root)
    fact = knowledge.facts[FACT].model_copy(update={"asked_as": [QUESTION, OTHER]})
    values = values_for(fact)
    assert edited_fields(fact, to_fact(values, knowledge)) == {}
    values.answer += " It was a big night."
    assert edited_fields(fact, to_fact(values, knowledge)) == {"answer": values.answer}
