"""The log of questions the bot could not answer well: threshold, grouping, persistence."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.answering.answer import Answer
from bot.core.answering.engine import Engine
from bot.core.curation.unanswered import UnansweredLog, question_key
from bot.core.knowledge.store import load_knowledge

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"
DECLINED = Answer(answered=False, text="I don't have a fact that answers that.", confidence=0.0)


def answered(confidence: float) -> Answer:
    return Answer(answered=True, text="Something.", confidence=confidence, intent="score")


def test_keeps_declined_and_low_confidence_answers_only() -> None:
    log = UnansweredLog()
    assert log.record("Who won the 1999 FA Cup?", DECLINED) is True
    assert log.record("What was the score?", answered(0.3)) is True
    assert log.record("What was the score in 2021?", answered(0.5)) is False  # at the threshold: fine
    assert log.record("Who scored first?", answered(0.9)) is False
    assert len(log) == 2

    strict = UnansweredLog(low_confidence=0.95)
    assert strict.record("Who scored first?", answered(0.9)) is True


def test_a_real_declined_answer_is_recorded() -> None:
    engine = Engine(load_knowledge(KNOWLEDGE))
    question = "What did Mikel Arteta say about Liverpool in 2005?"
    answer = engine.answer(question)
    assert not answer.answered
    log = UnansweredLog()
    assert log.record(question, answer) is True
    assert log.top()[0].example == question and log.top()[0].reason == "declined"


def test_groups_by_normalised_text_with_counts_last_asked_and_example() -> None:
    log = UnansweredLog()
    for text in ["Who scored??", "who SCORED", "  Who   scored ", "Wer hat getroffen?"]:
        log.record(text, DECLINED)
    log.record("Qui a marqué ?", answered(0.2))
    log.record("qui a marque", answered(0.1))
    log.record("Who scored", answered(0.4))

    top = log.top()
    assert [(i.key, i.count) for i in top] == [("who scored", 4), ("qui a marque", 2), ("wer hat getroffen", 1)]
    who = top[0]
    assert who.example == "Who scored"  # the latest original text, spaces tidied
    assert (who.declined, who.low_confidence, who.reason) == (3, 1, "declined")
    assert (top[1].declined, top[1].reason, top[1].example) == (0, "low-confidence", "qui a marque")
    assert who.last_asked >= top[2].last_asked and who.last_asked.tzinfo is not None
    assert log.top(limit=1) == top[:1]
    assert question_key("Klopp’s “perfect” performance?") == question_key("klopp's PERFECT performance")


def test_since_limits_to_recent_questions() -> None:
    log = UnansweredLog()
    log.record("old question", DECLINED)
    cut = datetime.now(UTC)
    log.record("new question", DECLINED)
    assert [i.key for i in log.top(since=cut)] == ["new question"]
    assert log.top(since=datetime.now(UTC) + timedelta(seconds=1)) == []
    naive = datetime.now(UTC).replace(tzinfo=None) - timedelta(hours=1)
    assert len(log.top(since=naive)) == 2  # naive times are read as UTC


def test_punctuation_only_questions_are_not_kept() -> None:
    log = UnansweredLog()
    assert log.record("???", DECLINED) is False
    assert log.top() == []


def test_persists_across_instances_and_keeps_the_newest(tmp_path: Path) -> None:
    path = tmp_path / "unanswered.jsonl"
    first = UnansweredLog(path)
    for n in range(6):
        first.record(f"question number {n}", DECLINED)
    first.record("question number 5", answered(0.2))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 7 and json.loads(lines[-1])["declined"] is False

    again = UnansweredLog(path)
    assert [(i.key, i.count, i.declined) for i in again.top(limit=1)] == [("question number 5", 2, 1)]
    assert again.top() == first.top()

    bounded = UnansweredLog(path, max_entries=3)
    assert sorted(i.key for i in bounded.top()) == ["question number 4", "question number 5"]
    assert len(bounded) == 3


def test_file_is_compacted_and_survives_a_torn_line(tmp_path: Path) -> None:
    path = tmp_path / "unanswered.jsonl"
    log = UnansweredLog(path, max_entries=2)
    for n in range(5):
        log.record(f"question {n}", DECLINED)
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 4  # rewritten at twice the bound

    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"at": "2024-01-01T00:00:00+00:00", "quest')  # a crash mid-line
    reopened = UnansweredLog(path, max_entries=10)
    reopened.record("question after the crash", DECLINED)
    assert "question after the crash" in [i.key for i in UnansweredLog(path, max_entries=10).top()]


def test_an_unwritable_file_never_reaches_the_caller(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    log = UnansweredLog(blocker / "unanswered.jsonl")
    with caplog.at_level(logging.WARNING, logger="bot.core.curation.unanswered"):
        assert log.record("Who scored?", DECLINED) is True
    assert log.top()[0].count == 1  # still kept in memory
    assert any("not recording" in r.getMessage() for r in caplog.records)


def test_a_missing_knowledge_folder_is_not_recreated(tmp_path: Path) -> None:
    """A moderator who moved the folder away must be able to move it back without a stray one in the way."""
    folder = tmp_path / "knowledge"
    folder.mkdir()
    log = UnansweredLog(folder / "unanswered.jsonl")
    folder.rmdir()
    assert log.record("Who scored?", DECLINED) is True
    assert not folder.exists()
    folder.mkdir()
    log.record("Who scored?", DECLINED)
    assert (folder / "unanswered.jsonl").is_file()


# --- closing a question -------------------------------------------------------------------------
def test_a_handled_question_leaves_the_queue_until_it_is_asked_again() -> None:
    log = UnansweredLog()
    for text in ("Which hotel did the squad use?", "which HOTEL did the squad use", "Who drove the team bus?"):
        log.record(text, DECLINED)

    assert log.mark_handled("Which hotel did the squad use?", taught="some-fact") == 2  # the whole group
    assert [i.key for i in log.top()] == ["who drove the team bus"]
    assert log.mark_handled("which hotel did the squad use??") == 0  # already off: nothing to drop
    assert log.mark_handled("???") == 0

    log.record("Which hotel did the squad use?", DECLINED)  # asked again: back, counted afresh
    assert {i.key: i.count for i in log.top()} == {"which hotel did the squad use": 1, "who drove the team bus": 1}


def test_handled_questions_stay_off_after_a_restart_and_a_compaction(tmp_path: Path) -> None:
    path = tmp_path / "unanswered.jsonl"
    log = UnansweredLog(path)
    log.record("Which hotel did the squad use?", DECLINED)
    log.record("Who drove the team bus?", DECLINED)
    log.mark_handled("Which hotel did the squad use?")
    handled = json.loads(path.read_text(encoding="utf-8").splitlines()[-1])
    assert set(handled) == {"at", "handled", "taught"} and handled["taught"] is None
    log.record("Which hotel did the squad use?", DECLINED)

    again = UnansweredLog(path)  # the file is read in order: only the ask before the mark is dropped
    assert {i.key: i.count for i in again.top()} == {"which hotel did the squad use": 1, "who drove the team bus": 1}
    again.mark_handled("Who drove the team bus?", taught="some-fact")
    assert [i.key for i in UnansweredLog(path).top()] == ["which hotel did the squad use"]

    small = UnansweredLog(path, max_entries=1)
    for n in range(3):
        small.record(f"question {n}", DECLINED)  # rewritten at twice the bound: the marks go with what they dropped
    assert [i.key for i in UnansweredLog(path, max_entries=1).top()] == ["question 2"]
