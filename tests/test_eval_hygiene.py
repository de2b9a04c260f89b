"""No evaluation question is copied into the unit tests, the code or the knowledge.

A question copied from a set makes that set's score lie: the bot is then tuned to the very words it
is judged on. So every question (or dialog turn) of five words or more from the development sets
(../shared/eval/dev.jsonl, tests/eval/dev-*.jsonl) and the blind sets (tests/eval/blind/*.jsonl) must
not appear in tests/*.py, bot/**/*.py or knowledge/**/*.yaml, compared after folding case and accents
and keeping only the [a-z0-9] words (so punctuation, quotes and line breaks between string pieces do
not hide a copy). A failure names only the file holding the copy and the set's item id, never the
question: the blind sets' questions must not be printed, even by a test.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import ROOT, SHARED

MIN_WORDS = 5
"""Shorter questions ("first leg?", "atletico 2020") are also ordinary fragments of tie names and ids."""

EVAL = ROOT / "tests" / "eval"
SHARED_DEV = SHARED / "eval" / "dev.jsonl"


@dataclass(frozen=True)
class Leak:
    """Where a set's question was found: the scanned file and the item, never the question itself."""

    where: str
    set_name: str
    item_id: str

    def __str__(self) -> str:
        return f"{self.where} holds the question of {self.set_name} item {self.item_id}"


def fold(text: str) -> str:
    """Lower case, accents stripped, only [a-z0-9] words, one space apart."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def _questions(question_set: Path, set_name: str) -> list[tuple[str, str]]:
    """(item id, folded question) for each question and dialog turn of MIN_WORDS words or more."""
    found = []
    for n, line in enumerate(question_set.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            pytest.fail(f"{set_name} line {n} is not JSON", pytrace=False)
        turns = item.get("dialog") or [item.get("q") or ""]
        for turn in turns:
            folded = fold(str(turn))
            if len(folded.split()) >= MIN_WORDS:
                found.append((str(item.get("id", f"line-{n}")), folded))
    return found


def leaks(sets: list[tuple[Path, str]], scanned: list[Path], root: Path = ROOT) -> list[Leak]:
    """Every (file, item) where a long enough question of `sets` appears in one of the `scanned` files."""
    texts = {path: f" {fold(path.read_text(encoding='utf-8'))} " for path in scanned}
    found = []
    for question_set, set_name in sets:
        for item_id, question in _questions(question_set, set_name):
            for path, text in texts.items():
                if f" {question} " in text:
                    found.append(Leak(str(path.relative_to(root)), set_name, item_id))
    return found


def scanned_files() -> list[Path]:
    """The unit tests, the code and the knowledge: where no evaluation question may be copied."""
    return sorted([*(ROOT / "tests").glob("*.py"), *(ROOT / "bot").rglob("*.py"),
                   *(ROOT / "knowledge").rglob("*.yaml")])


@pytest.mark.skipif(not SHARED_DEV.is_file(), reason="../shared/eval/dev.jsonl is not beside this checkout")
def test_no_shared_dev_question_is_copied() -> None:
    found = leaks([(SHARED_DEV, "../shared/eval/dev.jsonl")], scanned_files())
    assert not found, "\n".join(map(str, found))


def test_no_development_set_question_is_copied() -> None:
    sets = sorted(EVAL.glob("dev-*.jsonl"))
    assert sets, "tests/eval/dev-*.jsonl are missing"
    found = leaks([(path, f"tests/eval/{path.name}") for path in sets], scanned_files())
    assert not found, "\n".join(map(str, found))


def test_no_blind_set_question_is_copied() -> None:
    sets = sorted((EVAL / "blind").glob("*.jsonl"))
    if not sets:
        pytest.skip("no blind sets in tests/eval/blind/")
    found = leaks([(path, "a blind set") for path in sets], scanned_files())
    assert not found, "\n".join(map(str, found))


def test_a_copy_is_found_across_string_pieces_and_named_without_its_text(tmp_path: Path) -> None:
    """The check itself: a planted copy split over two string literals is found and reported by id only."""
    question_set = tmp_path / "made-up.jsonl"
    question_set.write_text(
        json.dumps({"id": "m1", "q": "How tall is the main stand at Goodison?"}) + "\n"
        + json.dumps({"id": "m2", "dialog": ["goodison", "and who built the Gwladys Street end"]}) + "\n"
        + json.dumps({"id": "m3", "q": "too short to count"}) + "\n\n",
        encoding="utf-8",
    )
    planted = tmp_path / "test_planted.py"
    planted.write_text('Q = ("how TALL is the main-stand "\n     "at Góodison")\nD = "who built the Gwladys"\n'
                       'E = "too short to count"\n', encoding="utf-8")
    clean = tmp_path / "clean.yaml"
    clean.write_text("answer: The main stand at Goodison is tall.\n", encoding="utf-8")

    found = leaks([(question_set, "made-up set")], [planted, clean], root=tmp_path)

    assert found == [Leak("test_planted.py", "made-up set", "m1")]
    assert str(found[0]) == "test_planted.py holds the question of made-up set item m1"
    assert "tall" not in str(found[0]).lower()
