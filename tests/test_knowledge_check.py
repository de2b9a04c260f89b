"""`python -m bot knowledge check`: the shipped folder passes; each kind of problem is named and fails the run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from bot.core.curation.lint import check_knowledge
from tests.helpers import KNOWLEDGE, ROOT, copy_knowledge

FACTS_2021 = Path("facts") / "2021-liverpool-real-madrid.yaml"


def _run_check(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", "knowledge", "check", str(folder)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False)


def _facts(root: Path) -> tuple[Path, dict]:
    path = root / FACTS_2021
    return path, yaml.safe_load(path.read_text(encoding="utf-8"))


def _save(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_shipped_knowledge_passes_every_check() -> None:
    result = _run_check(KNOWLEDGE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK: " in result.stdout and "problem" not in result.stdout


def test_load_errors_are_listed_with_file_id_and_field_and_fail_the_run(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path)
    path, data = _facts(root)
    first, second = data["facts"][0], data["facts"][1]
    first["source"]["evidence"] = "words that the article never printed"
    second["entities"] = [*second["entities"], "no-such-player"]
    data["facts"][2]["id"] = first["id"]
    _save(path, data)
    result = _run_check(root)
    assert result.returncode == 1
    out = result.stdout
    assert f"facts/2021-liverpool-real-madrid.yaml · {first['id']} · source.evidence" in out
    assert f"{second['id']} · entities" in out and "no-such-player" in out
    assert "duplicate" in out.lower()
    assert "3 problem(s)" in out


def test_an_intent_with_no_facts_is_reported_unless_it_always_declines(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path)
    intents_path = root / "intents.yaml"
    intents = yaml.safe_load(intents_path.read_text(encoding="utf-8"))
    intents["intents"].append({"id": "transfers", "description": "Transfer fees and signings.",
                               "phrasings": ["how much did they pay for him"]})
    intents["intents"].append({"id": "tickets", "description": "Ticket prices.",
                               "phrasings": ["how much are tickets"],
                               "decline": "The articles say nothing about tickets."})
    _save(intents_path, intents)
    report = check_knowledge(root)
    assert [str(i) for i in report.issues] == [
        "intents.yaml · transfers · facts: no approved fact has this intent, so questions of this kind can never be "
        "answered"]


def test_two_facts_with_the_same_answer_are_reported(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path)
    path, data = _facts(root)
    first, second = data["facts"][0], data["facts"][1]
    second["answer"] = "  " + first["answer"].upper() + " "
    _save(path, data)
    issues = [str(i) for i in check_knowledge(root).issues]
    assert any(i.startswith(f"facts/2021-liverpool-real-madrid.yaml · {second['id']} · answer: same answer as fact "
                            f"'{first['id']}'") for i in issues), issues


def test_a_fact_no_question_can_reach_is_reported(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path)
    path, data = _facts(root)
    victim = data["facts"][0]
    # A fact under the 'outcome' intent is never served: that intent always declines.
    victim["intent"] = "outcome"
    _save(path, data)
    result = _run_check(root)
    assert result.returncode == 1
    assert f"{victim['id']} · intent: intent 'outcome' always declines" in result.stdout


def test_drafts_are_checked_for_duplicates_but_not_required_to_be_reachable(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path)
    path, data = _facts(root)
    data["facts"][0]["status"] = "draft"
    _save(path, data)
    report = check_knowledge(root)
    assert report.ok, [str(i) for i in report.issues]
    assert report.knowledge is not None and data["facts"][0]["id"] in report.knowledge.drafts
