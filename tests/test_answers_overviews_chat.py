"""Where a tie stands, asked in chat: its story, or the first leg's score the second leg starts from.

"Where's the tie at", "how's the tie looking", "¿cómo pinta la eliminatoria?" ask how the tie stands: its
overview (intents.yaml cues), not a ground ("where") nor a decline. The aggregate asked at the tie's
halfway point ("the agg going in", "the aggregate going into the return", "el global a mitad de camino")
is the first leg's score, not a result the articles were written before; the final aggregate still is.
The deficit a side faced, asked in a follow-up after someone's words, is the first leg's score; "who did
what" in a game's goals asks its scorers. Every question is written for this file; the engine and the
knowledge files are the real ones.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize(("question", "wanted"), [
    ("ok where's the 2020 tie at rn", "1-0"),
    ("the 2021 tie, where is it at now?", "3-1"),
    ("how's the simeone tie looking for liverpool ahead of the 2nd leg", "1-0"),
    ("how are things shaping up in the 2023 tie", "5-2"),
    ("¿cómo pinta el cruce con el Atlético?", "1-0"),
    ("oye, ¿en qué punto está la eliminatoria del 2021?", "3-1"),
])
def test_where_a_tie_stands_asked_in_chat_gets_its_overview(engine: Engine, question: str, wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.reason.startswith("overview"), (answer.reason, answer.text)
    assert wanted in answer.text


@pytest.mark.parametrize(("question", "wanted"), [
    ("yo where's the atletico tie at right now", "1-0"),
    ("so where is the quarter-final tie at", "3-1"),
])
def test_where_a_named_tie_is_at_gets_its_overview(engine: Engine, question: str, wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.reason.startswith("overview"), (answer.reason, answer.text)
    assert wanted in answer.text


def test_where_one_leg_is_at_is_its_ground(engine: Engine) -> None:
    answer = engine.answer("where's the 2023 opening leg at")
    assert not answer.reason.startswith("overview"), (answer.reason, answer.text)
    assert "Anfield" in answer.text


def test_where_a_leg_is_played_is_still_its_ground(engine: Engine) -> None:
    answer = engine.answer("so where does the return of the 2023 tie take place")
    assert not answer.reason.startswith("overview"), (answer.reason, answer.text)
    assert "Bernabéu" in answer.text


@pytest.mark.parametrize(("question", "wanted"), [
    ("atleti tie, the agg heading in?", "1-0"),
    ("what was the aggregate going into the 2nd leg of the 2021 quarter", "3-1"),
    ("2023 agg at the halfway point", "5-2"),
])
def test_the_aggregate_at_halfway_is_the_first_legs_score(engine: Engine, question: str, wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert wanted in answer.text


def test_the_final_aggregate_is_still_after_the_articles(engine: Engine) -> None:
    answer = engine.answer("what did the 2021 tie finish on aggregate")
    assert not answer.answered, (answer.reason, answer.text)


def test_a_deficit_asked_after_someones_words_is_the_first_legs_score(engine: Engine) -> None:
    engine.answer("any ancelotti quotes from the eve of the 2023 return", conversation="d1")
    answer = engine.answer("what deficit were liverpool up against", conversation="d1")
    assert answer.answered, (answer.reason, answer.text)
    assert "5-2" in answer.text
    engine.answer("klopp's message to the fans before the 2021 return?", conversation="d2")
    answer = engine.answer("and what deficit did they have to overturn", conversation="d2")
    assert "3-1" in answer.text, (answer.reason, answer.text)


def test_who_did_what_in_a_games_goals_asks_its_scorers(engine: Engine) -> None:
    answer = engine.answer("those goals at anfield in 2023 when we got battered, who did what")
    assert "Benzema" in answer.text, (answer.reason, answer.text)


@pytest.mark.parametrize("question", [
    "what teams did the reds play in the three ties",
    "which sides did lfc face in these euro ties",
    "¿contra qué equipos jugó el Liverpool en estas eliminatorias?",
])
def test_the_clubs_a_side_met_across_the_ties_are_each_tie(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert "Atlético" in answer.text and "Real Madrid" in answer.text


def test_opponents_of_a_past_run_are_not_the_ties(engine: Engine) -> None:
    answer = engine.answer("which opponents did madrid beat in 2022")
    assert "per-tie" not in answer.reason, (answer.reason, answer.text)
