"""Faults: a moderator's write killed mid-way, a reload during a stream of questions, a folder that goes.

No mocks: a real subprocess is SIGKILLed while it saves changes, real threads race a real
`Engine.replace`, and the folder is really deleted or swapped for a file. (The tests run as
root, so chmod cannot make a file unreadable; a folder where a file belongs stands in for it.)
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import yaml

from bot.core.answering.answer import Answer
from bot.core.answering.engine import Engine
from bot.core.curation.curator import CurationError, Curator
from bot.core.knowledge.store import Knowledge, KnowledgeError, load_knowledge
from tests.helpers import ROOT, copy_knowledge

FACTS_2020 = "facts/2020-liverpool-atletico.yaml"
EDITED = "atletico-2020-lynch-prediction"
KILLS = 10
SWAPS = 12
SEED = 7

NEW_FACT = {
    "tie": "liverpool-atletico-2020",
    "intent": "context",
    "entities": ["liverpool", "atletico-madrid"],
    "keywords": ["finely poised"],
    "source": {"article": "2020-liverpool-atletico-preview", "evidence": "With the tie so finely poised"},
}

WRITER = r"""
import json, sys
from pathlib import Path
from bot.core.curation.curator import Curator

root, prefix, edited, template = Path(sys.argv[1]), sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
curator = Curator(root)
print("ready", flush=True)
n = 0
while True:
    fact_id = f"fault-{prefix}-{n}"
    answer = f"Fault test k{prefix} added fact n{n}."  # "n3", not "3": an answer states no number its evidence lacks
    curator.add({"id": fact_id, **template, "answer": answer}, actor="fault-test")
    print(json.dumps(["add", fact_id, answer]), flush=True)
    answer = f"Fault test k{prefix} edit n{n}."
    curator.edit(edited, {"answer": answer}, actor="fault-test")
    print(json.dumps(["edit", edited, answer]), flush=True)
    n += 1
"""


def _facts_by_id(knowledge: Knowledge) -> dict[str, str]:
    return {fid: fact.answer for fid, fact in {**knowledge.facts, **knowledge.drafts}.items()}


# --- a. a moderator write killed at random points ----------------------------------------------------
def test_killed_writes_leave_valid_files_and_every_acknowledged_change(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path)
    rng = random.Random(SEED)
    scratch = tmp_path / "scratch"  # a killed writer leaves its validation copy behind: keep it here
    scratch.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(scratch)}
    acknowledged: dict[str, str] = {}
    edit_value: str | None = None
    total_acks = 0
    for kill in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(root), str(kill), EDITED, json.dumps(NEW_FACT)],
            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        assert proc.stdout is not None
        ready = proc.stdout.readline()
        assert ready.strip() == "ready", ready + (proc.stderr.read() if proc.stderr else "")
        # The kill's moment counts from the first saved change, not from the start: the first save
        # also loads the knowledge, and on a loaded machine that alone can outlast any fixed delay,
        # so the kills would all land before a single change and test nothing.
        first = proc.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.6))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL, err  # it was still writing, not crashed
        lines = [line for line in (first + out).splitlines() if line.strip()]
        pending_edit: str | None = None
        for line in lines:
            action, fact_id, value = json.loads(line)
            if action == "add":
                acknowledged[fact_id] = value
                # The edit after this add may have been saved without being acknowledged.
                pending_edit = value.replace("added fact", "edit")
            else:
                edit_value, pending_edit = value, None
            total_acks += 1
        if not lines:
            pending_edit = None

        knowledge = load_knowledge(root)  # valid files after every kill
        facts = _facts_by_id(knowledge)
        missing = {fid: v for fid, v in acknowledged.items() if facts.get(fid) != v}
        assert not missing, f"kill {kill}: acknowledged adds lost or changed: {missing}"
        if edit_value is not None:
            assert facts[EDITED] in {edit_value, pending_edit}, f"kill {kill}: {facts[EDITED]!r}"
            # An edit saved but not acknowledged is the state the next writer starts from.
            edit_value = facts[EDITED]
        leftovers = [p.name for p in (root / "facts").iterdir() if not p.name.endswith((".yaml", ".tmp"))]
        assert leftovers == [], leftovers

    assert total_acks >= 3, "the writer should have saved changes before some kills"
    # The lock a killed writer held and any torn audit line do not stop the next moderator.
    curator = Curator(root)
    change = curator.add({"id": "after-the-kills", **NEW_FACT, "answer": "Written after the kills."}, "mod")
    assert "after-the-kills" in change.knowledge.facts
    assert list((root / "facts").glob(".*.tmp")) == [], "the next change sweeps what killed writers left"
    undone = curator.undo("mod")
    assert undone.fact_id == "after-the-kills"
    assert "after-the-kills" not in load_knowledge(root).facts
    assert set(acknowledged) <= set(load_knowledge(root).facts)


# --- b. a reload during a stream of questions -------------------------------------------------------
QUESTIONS = [
    "Klopp's words ahead of the Real Madrid tie",
    "How did the opening leg finish in 2023?",
    "Who scored for Atletico at Anfield in 2020?",
    "Lynch's forecast?",
    "which side took the 2020 first leg",
    "Ancelotti quotes",
    "is benzema injured",
    "Tell me about 2021",
    "what is the weather in Paris",
    "asdkjh qwpoeiru",
]


def _second_snapshot(tmp_path: Path) -> Knowledge:
    """The shipped facts with every answer and article title changed and one fact gone.

    Answers come from the facts, sources from the articles: a reply that mixed two snapshots
    would carry one's answer text with the other's titles.
    """
    root = copy_knowledge(tmp_path)
    for path in sorted((root / "articles").glob("*.yaml")):
        article = yaml.safe_load(path.read_text(encoding="utf-8"))
        article["title"] = f"{article['title']} (second snapshot)"
        path.write_text(yaml.safe_dump(article, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for path in sorted((root / "facts").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for fact in data["facts"]:
            fact["answer"] = f"{fact['answer']} (second snapshot)"
        if path.name == Path(FACTS_2020).name:
            data["facts"] = [f for f in data["facts"] if f["id"] != EDITED]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_knowledge(root)


def _key(answer: Answer) -> str:
    return answer.model_dump_json()  # text, fact ids, sources with their titles, suggestions


def test_reload_during_questions_never_mixes_snapshots(tmp_path: Path) -> None:
    first = load_knowledge(copy_knowledge(tmp_path / "one"))
    second = _second_snapshot(tmp_path / "two")
    expected = {q: {_key(Engine(first).answer(q)), _key(Engine(second).answer(q))} for q in QUESTIONS}
    assert sum(len(both) == 2 for both in expected.values()) >= 6, "the snapshots must answer differently"

    engine = Engine(first)
    errors: list[BaseException] = []
    mixed: list[str] = []
    done = threading.Event()
    answered = [0] * 4

    def ask(worker: int) -> None:
        rng = random.Random(worker)
        try:
            while not done.is_set():
                question = rng.choice(QUESTIONS)
                got = _key(engine.answer(question))
                answered[worker] += 1
                if got not in expected[question]:
                    mixed.append(f"{question!r}: {got}")
        except BaseException as exc:
            errors.append(exc)
            done.set()

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often, so swaps land mid-answer
    askers = [threading.Thread(target=ask, args=(i,)) for i in range(len(answered))]
    try:
        for thread in askers:
            thread.start()
        for swap in range(SWAPS):
            engine.replace(second if swap % 2 == 0 else first)
            time.sleep(0.01)  # let the askers run on each snapshot too
    finally:
        done.set()
        for thread in askers:
            thread.join(timeout=60)
        sys.setswitchinterval(interval)
    assert errors == []
    assert mixed == []
    assert sum(answered) >= 4 * SWAPS, answered


def test_reload_during_follow_ups_raises_nothing(tmp_path: Path) -> None:
    first = load_knowledge(copy_knowledge(tmp_path / "one"))
    second = _second_snapshot(tmp_path / "two")
    engine = Engine(first)
    errors: list[BaseException] = []
    done = threading.Event()

    def converse(worker: int) -> None:
        rng = random.Random(worker)
        try:
            for _ in range(80):
                follow_ups = ("what about 2023?", "any quotes from him?", "what about the second leg?")
                for question in (rng.choice(QUESTIONS), *follow_ups):
                    answer = engine.answer(question, f"fan-{worker}")
                    assert answer.text
        except BaseException as exc:
            errors.append(exc)

    def reload() -> None:
        flip = False
        while not done.is_set():
            engine.replace(second if flip else first)
            flip = not flip

    threads = [threading.Thread(target=converse, args=(i,)) for i in range(3)]
    reloader = threading.Thread(target=reload)
    reloader.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    done.set()
    reloader.join(timeout=60)
    assert errors == []


# --- c. the folder made unreadable or deleted ---------------------------------------------------
ASKED = "What did Klopp say before the Real Madrid game?"


def _reload(engine: Engine, root: Path) -> KnowledgeError | None:
    """What the bot does on a reload: swap in a new snapshot only when the folder loads."""
    try:
        engine.replace(load_knowledge(root))
    except KnowledgeError as exc:
        return exc
    return None


@pytest.mark.parametrize("damage", ["deleted", "a-file", "facts-file-is-a-folder", "facts-folder-is-a-file",
                                    "facts-folder-deleted", "ties-not-utf8"])
def test_a_broken_folder_is_reported_and_the_last_good_facts_keep_serving(tmp_path: Path, damage: str) -> None:
    root = copy_knowledge(tmp_path)
    engine = Engine(load_knowledge(root))
    before = engine.answer(ASKED)
    assert before.answered

    if damage == "deleted":
        shutil.rmtree(root)
        where, text = str(root), "knowledge folder not found"
    elif damage == "a-file":
        shutil.rmtree(root)
        root.write_text("not a folder\n", encoding="utf-8")
        where, text = str(root), "knowledge folder not found"
    elif damage == "facts-file-is-a-folder":
        (root / FACTS_2020).unlink()
        (root / FACTS_2020).mkdir()
        where, text = FACTS_2020, "is a folder"
    elif damage == "facts-folder-is-a-file":
        shutil.rmtree(root / "facts")
        (root / "facts").write_text("facts: []\n", encoding="utf-8")
        where, text = "facts", "is a file"
    elif damage == "facts-folder-deleted":
        shutil.rmtree(root / "facts")
        where, text = "facts", "folder is missing"
    else:
        (root / "ties.yaml").write_bytes(b"ties:\n  - id: \xff\n")
        where, text = "ties.yaml", "not UTF-8"

    error = _reload(engine, root)
    assert error is not None, "a broken folder must not load"
    assert any(i.file == where and text in i.message for i in error.issues), [str(i) for i in error.issues]
    assert engine.answer(ASKED) == before  # still the last good snapshot


def test_a_folder_vanishing_during_loads_only_ever_raises_knowledge_error(tmp_path: Path) -> None:
    source = copy_knowledge(tmp_path / "source")
    root = tmp_path / "live"
    shutil.copytree(source, root)
    full = load_knowledge(root)
    engine = Engine(full)
    before = engine.answer(ASKED)
    stop = threading.Event()
    churn_errors: list[BaseException] = []

    def churn() -> None:
        try:
            while not stop.is_set():
                shutil.rmtree(root, ignore_errors=True)
                shutil.copytree(source, root, dirs_exist_ok=True)
        except BaseException as exc:
            churn_errors.append(exc)

    thread = threading.Thread(target=churn)
    thread.start()
    outcomes = {"loaded": 0, "rejected": 0}
    deadline = time.monotonic() + 1.0
    try:
        while time.monotonic() < deadline:
            error = _reload(engine, root)  # anything but a KnowledgeError propagates and fails the test
            outcomes["rejected" if error else "loaded"] += 1
            # A snapshot read while files come and go is refused, never served half there.
            assert engine.knowledge.facts == full.facts
            assert engine.answer(ASKED).answered
    finally:
        stop.set()
        thread.join(timeout=30)
    assert outcomes["rejected"] > 0, outcomes
    assert engine.answer(ASKED).facts == before.facts


def test_curator_refuses_cleanly_when_the_folder_is_gone(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path)
    curator = Curator(root)
    shutil.rmtree(root)
    with pytest.raises(CurationError):
        curator.edit(EDITED, {"answer": "Never saved."}, actor="mod")
    assert not root.exists(), "a refused change must not recreate the folder"


def test_the_next_change_sweeps_orphaned_temp_files_and_stale_validation_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_knowledge(tmp_path)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    orphan = root / "facts" / ".2023-real-madrid-liverpool.yaml.abc123.tmp"
    orphan.write_text("facts: [half a write", encoding="utf-8")
    stale, fresh = scratch / "ties-curation-old", scratch / "ties-curation-new"
    for folder in (stale, fresh):
        (folder / "knowledge").mkdir(parents=True)
    an_hour_ago = time.time() - 3700
    os.utime(stale, (an_hour_ago, an_hour_ago))
    Curator(root).add({"id": "swept", **NEW_FACT, "answer": "Written after a crash."}, "mod")
    assert not orphan.exists()
    assert not stale.exists(), "a validation copy older than an hour belongs to a dead writer"
    assert fresh.exists(), "a recent copy may belong to a curator of another folder that is still working"
