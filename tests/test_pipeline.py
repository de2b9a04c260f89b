"""The answering pipeline says why: a reason on every answer, one DEBUG line per decision, explanations.

Questions here are written for these tests (no evaluation set's questions): each is aimed at one
stage, and the reason code names the stage that decided.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import pytest

from bot.app.client import TiesBot
from bot.core.answering import engine as engine_module
from bot.core.answering.engine import CANDIDATE_GATES, PREMISE_GATES, Engine
from fakediscord import FakeDiscord
from tests.conftest import World, embed_text, is_ephemeral
from tests.helpers import ROOT

AIMED = [
    # (question, the reason it must get)
    ("did the reds hold on in the 2nd leg against atletico", "after-the-articles"),
    ("what did roy hodgson tell reporters", "not-quoted:roy-hodgson"),
    ("what happened in the 1987 european cup", "year-not-covered:1987"),
    ("which referee took charge of the anfield second leg in 2023", "asked-detail:referee"),
    ("how much do tickets at the bernabeu cost", "asked-detail:money"),
    ("name me Atlético's goalscorer in the first leg", "asked-detail:scorers"),
    ("what did thiago say after training", "not-quoted:thiago-alcantara"),
    ("@@@ !!!", "empty"),
    ("what were klopp's words about the perfect performance", "answered"),
]


def _batch(lines: list[dict]) -> list[dict]:
    payload = "".join(json.dumps(line) + "\n" for line in lines)
    proc = subprocess.run([sys.executable, "-m", "bot", "ask", "--batch", "-"], input=payload, cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=True)
    return [json.loads(line) for line in proc.stdout.splitlines()]


def test_every_batch_reply_carries_the_reason_of_the_stage_that_decided() -> None:
    replies = _batch([{"id": n, "q": q} for n, (q, _) in enumerate(AIMED)])
    assert [r["reason"] for r in replies] == [reason for _, reason in AIMED]
    declined = {r["reason"] for r in replies if not r["answered"]}
    assert len(declined) >= 6, declined


def test_a_follow_up_and_a_question_for_every_tie_say_so() -> None:
    replies = _batch([
        {"id": "a", "q": "which ground hosted the first leg?", "conversation": "x"},
        {"id": "b", "q": "the 2023 Real Madrid tie", "conversation": "y"},
    ])
    assert replies[0]["reason"] == "answered-per-tie"
    assert replies[1]["reason"] == "overview" and replies[1]["answered"]


def test_ask_json_carries_the_reason() -> None:
    proc = subprocess.run([sys.executable, "-m", "bot", "ask", "--json", "who was the linesman at anfield"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    answer = json.loads(proc.stdout)
    assert answer["answered"] is False and answer["reason"] == "asked-detail:referee"


def test_explain_shows_the_reading_the_stages_the_candidates_and_the_decider() -> None:
    proc = subprocess.run([sys.executable, "-m", "bot", "ask", "--explain", "what did klop say about the magic"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    text = proc.stdout
    assert proc.returncode == 0, proc.stderr
    assert "reason: answered (decided by compose)" in text
    assert "intent: quote" in text and "runner-up" in text and "names: Jürgen Klopp" in text
    for gate in (*PREMISE_GATES, *CANDIDATE_GATES):
        assert f"{gate.__name__}: passed" in text or f"{gate.__name__}: kept" in text
    assert text.count("intent ") >= 3 and "coverage" in text and "bonus" in text  # three candidates


def test_explain_json_names_the_deciding_gate() -> None:
    proc = subprocess.run([sys.executable, "-m", "bot", "ask", "--explain", "--json",
                           "who refereed the first leg in madrid"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    account = json.loads(proc.stdout)
    assert account["decided_by"] == "asked_detail"
    assert account["answer"]["reason"] == "asked-detail:referee"
    assert account["steps"][-1] == {"stage": "asked_detail", "outcome": "asked-detail:referee"}
    assert len(account["candidates"]) == 3


def test_explain_shows_what_a_follow_up_took_from_the_previous_turn(engine: Engine) -> None:
    engine.context.forget("c")
    engine.answer("first-leg result in the quarter-final", "c")
    explanation = engine.explain("and which ground was that at?", "c")
    assert explanation.reading.followup and "tie" in explanation.reading.from_context
    assert explanation.answer.tie == "liverpool-real-madrid-2021" or explanation.answer.reason != "answered"
    before = engine.context.get("c")
    engine.explain("what about 2023", "c")
    assert engine.context.get("c") == before  # explaining changes nobody's conversation


def test_one_debug_line_per_decision(engine: Engine, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger=engine_module.__name__):
        for question, _ in AIMED:
            engine.answer(question)
    decisions = [r for r in caplog.records if r.name == engine_module.__name__]
    assert len(decisions) == len(AIMED)
    assert [r.getMessage().split(" ")[0] for r in decisions] == [reason for _, reason in AIMED]


def test_the_stage_order_is_written_down_once_in_the_engine() -> None:
    doc = engine_module.__doc__ or ""
    for stage in ("read", "premise gates", "rank", "candidate gates", "compose"):
        assert f"**{stage}**" in doc
    assert doc.index("**read**") < doc.index("**premise gates**") < doc.index("**rank**") \
        < doc.index("**candidate gates**") < doc.index("**compose**")


async def test_facts_explain_is_private_and_says_why(server: FakeDiscord, world: World, bot: TiesBot) -> None:
    handle = await server.invoke_command("facts explain", {"question": "who was the ref for the 2021 first leg"},
                                         user=world.manager, channel_id=world.general.id)
    message = await handle.wait_final()
    assert is_ephemeral(message)
    text = embed_text(message)
    assert "Why: asked-detail:referee" in text
    assert "decided by asked_detail" in text and "best candidates" in text
    assert "The articles don't name the referee" in text
