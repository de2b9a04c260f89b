"""`python -m bot ask --batch`: bad bytes cost one line, not the batch; a file that cannot be read is one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

GOOD_BEFORE = b'{"id": "before", "q": "atletico first leg result"}\n'
BAD = b'{"id": "bad", "q": "who scored \xff\xfe in 2023"}\n'
BAD_ID = b'{"id": "b\xe9d", "q": "who scored"}\n'  # Latin-1, not UTF-8, inside the id itself
GOOD_AFTER = b'{"id": "after", "q": "Which Real Madrid players scored in the 5-2?"}\n'
BATCH = GOOD_BEFORE + BAD + BAD_ID + GOOD_AFTER


def _bot(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, cwd=ROOT, capture_output=True,
                          timeout=120, check=False)


def _replies(out: bytes) -> list[dict]:
    return [json.loads(line) for line in out.decode("utf-8").splitlines()]


def _assert_bad_lines_cost_only_themselves(proc: subprocess.CompletedProcess[bytes]) -> None:
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"Traceback" not in proc.stderr
    replies = _replies(proc.stdout)
    assert [r["id"] for r in replies] == ["before", "bad", "line-3", "after"]
    assert replies[0]["answered"] and replies[3]["answered"]
    assert replies[1]["error"].startswith("line 2 is not UTF-8 text (byte 0xff at column 32)")
    assert replies[2]["error"].startswith("line 3 is not UTF-8 text (byte 0xe9")
    assert not replies[1]["answered"] and not replies[2]["answered"]
    assert [r["reason"] for r in replies] == ["answered", "bad-input", "bad-input", "answered"]


def test_a_batch_file_with_bad_bytes_answers_every_other_line(tmp_path: Path) -> None:
    batch = tmp_path / "questions.jsonl"
    batch.write_bytes(BATCH)
    _assert_bad_lines_cost_only_themselves(_bot("ask", "--batch", str(batch)))


def test_stdin_with_bad_bytes_answers_every_other_line() -> None:
    _assert_bad_lines_cost_only_themselves(_bot("ask", "--batch", "-", stdin=BATCH))


def test_every_error_line_names_its_input_line() -> None:
    lines = b'\xef\xbb\xbf{"id": "bom", "q": "Klopp quotes please"}\n[1, 2]\n{"id": "x", "q": 5}\n{"q": \n'
    replies = _replies(_bot("ask", "--batch", "-", stdin=lines).stdout)
    assert replies[0]["id"] == "bom" and replies[0]["answered"]  # a byte-order mark is not an error
    assert [(r["id"], r["error"].split(" ", 2)[:2]) for r in replies[1:]] == [
        ("line-2", ["line", "2"]), ("x", ["line", "3:"]), ("line-4", ["line", "4"])]


@pytest.mark.parametrize("kind", ["missing", "folder"])
def test_a_batch_file_that_cannot_be_read_is_one_line_and_exit_2(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "questions.jsonl"
    if kind == "folder":
        target.mkdir()
    proc = _bot("ask", "--batch", str(target))
    assert proc.returncode == 2
    assert proc.stdout == b""
    reason = "No such file or directory" if kind == "missing" else "Is a directory"
    assert proc.stderr.decode().splitlines() == [f"Cannot read the batch file {target}: {reason}."]


def test_a_reader_that_stops_reading_gets_no_traceback() -> None:
    """`python -m bot ask "..." | head`: a reader gone before the answer is written ends it quietly.

    `true` reads nothing and exits at once, long before the engine has loaded, so the answer always
    meets a closed pipe.
    """
    proc = subprocess.run(
        ["bash", "-c", f'"{sys.executable}" -m bot ask "klopp dressing room" | true; exit "${{PIPESTATUS[0]}}"'],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 1
