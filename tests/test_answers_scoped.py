"""Scoped requests: a request for a story ("recap", "tl;dr", "summary") put on one subject asks for that subject.

"Recap Madrid's form before the return" asks for Madrid's form, not the tie's overview; "a summary of what
two people said" asks for each one's words; a plain "recap the tie" still gets the overview.

Every question here is written for this file (none comes from an evaluation set).
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize(("question", "intent"), [
    ("sum up liverpool's league form before the atletico return in 2020", "form"),
    ("in a nutshell, what did the experts expect from the 2020 second leg", "prediction"),
    ("madrid's form heading into the 2023 second leg, tl;dr", "form"),
    ("give me the bad news: how was liverpool's form before the trip to madrid in 2023", "form"),
])
def test_a_request_for_a_story_put_on_a_subject_asks_for_that_subject(engine: Engine, question: str,
                                                                       intent: str) -> None:
    answer = engine.answer(question)
    assert answer.answered and answer.intent == intent, (answer.reason, answer.intent, answer.text)


@pytest.mark.parametrize(("question", "reason"), [
    ("recap the 2021 tie", "overview"),
    ("sum up every tie", "overview-per-tie"),
    ("give me a recap of the situation before the 2023 return", "overview"),
    ("quick summary of the atletico game in 2020", "overview"),
])
def test_a_request_for_a_story_with_no_subject_still_gets_the_overview(engine: Engine, question: str,
                                                                        reason: str) -> None:
    answer = engine.answer(question)
    assert answer.reason == reason, (answer.reason, answer.text)


def test_a_summary_of_someones_words_opens_with_their_main_statement(engine: Engine) -> None:
    answer = engine.answer("a quick recap of klopp's words before the 2021 second leg")
    assert answer.intent == "quote" and answer.facts, (answer.reason, answer.text)
    assert answer.facts[0] == "real-madrid-2021-perfect-performance", answer.facts


def test_a_summary_of_two_peoples_words_tells_each_ones(engine: Engine) -> None:
    answer = engine.answer("summarise what trent and ancelotti said ahead of the 2023 second leg")
    speakers = {engine.knowledge.facts[f].speaker for f in answer.facts}
    assert speakers == {"trent-alexander-arnold", "carlo-ancelotti"}, (answer.facts, answer.text)


@pytest.mark.parametrize(("question", "told"), [
    ("quick recap of the 2021 first leg", ["3-1"]),
    ("fill me in on how the 2023 first leg played out", ["5-2", "Benzema"]),
])
def test_a_request_for_a_played_legs_story_tells_that_leg(engine: Engine, question: str, told: list[str]) -> None:
    answer = engine.answer(question)
    assert answer.reason == "overview", (answer.reason, answer.text)
    assert all(t in answer.text for t in told) and "Second leg" not in answer.text, answer.text


def test_the_scorers_asked_with_the_games_story_are_told_with_it(engine: Engine) -> None:
    answer = engine.answer("madrid at anfield in 2023: how did it unfold and who were their scorers?")
    assert answer.reason == "overview" and all(n in answer.text for n in ("5-2", "Vinícius", "Militão")), answer.text


def test_a_leg_named_as_where_the_whole_ties_story_starts_gets_the_overview(engine: Engine) -> None:
    answer = engine.answer("walk me through the 2021 tie starting with the first leg")
    assert answer.reason == "overview" and "Second leg" in answer.text, answer.text


def test_a_recap_of_both_sides_form_tells_each_sides(engine: Engine) -> None:
    answer = engine.answer("a summary of real madrid's and liverpool's form ahead of the 2023 second leg")
    assert answer.intent == "form", (answer.reason, answer.text)
    assert set(answer.facts) == {"real-madrid-2023-winless-run-ended", "liverpool-2023-bournemouth-form"}, answer.facts


@pytest.mark.parametrize(("question", "intent", "facts"), [
    ("un resumen de la forma del madrid y del liverpool de cara a la vuelta de 2023", "form",
     {"real-madrid-2023-winless-run-ended", "liverpool-2023-bournemouth-form"}),
    ("en pocas palabras, qué dijo klopp antes de la vuelta de 2021", "quote", {"real-madrid-2021-perfect-performance"}),
    ("dame las malas noticias: la forma del liverpool antes de la vuelta de 2023", "form",
     {"liverpool-2023-bournemouth-form"}),
])
def test_a_scoped_request_in_spanish_asks_for_its_subject(engine: Engine, question: str, intent: str,
                                                          facts: set[str]) -> None:
    answer = engine.answer(question)
    assert answer.intent == intent and facts <= set(answer.facts), (answer.reason, answer.facts, answer.text)


def test_a_played_legs_story_in_spanish(engine: Engine) -> None:
    answer = engine.answer("cuéntame qué pasó en el primer enfrentamiento de 2021")
    assert answer.reason == "overview" and "3-1" in answer.text and "Vuelta" not in answer.text, answer.text


@pytest.mark.parametrize(("question", "leg", "fact"), [
    ("a short recap of the 2023 preview, as well as madrid's form before the return leg", "5-2",
     "real-madrid-2023-winless-run-ended"),
    ("resume la previa de 2021, incluido lo que dijo klopp", "3-1", "real-madrid-2021-perfect-performance"),
])
def test_a_subject_added_to_a_request_for_the_story_follows_the_ties_legs(engine: Engine, question: str, leg: str,
                                                                         fact: str) -> None:
    answer = engine.answer(question)
    assert fact in answer.facts, (answer.reason, answer.facts, answer.text)
    assert answer.text.index(leg) < answer.text.index("\n\n"), answer.text


def test_a_subject_asked_alone_is_answered_without_the_legs(engine: Engine) -> None:
    answer = engine.answer("a short recap of madrid's form before the 2023 return leg")
    assert answer.intent == "form" and "First leg" not in answer.text, answer.text


@pytest.mark.parametrize("question", [
    "sum up how liverpool blew their lead against madrid at anfield in 2023",
    "a brief account of the reds letting a 2-0 lead slip versus real in 2023",
])
def test_a_lead_let_slip_is_the_other_sides_comeback(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert "real-madrid-2023-first-leg-comeback" in answer.facts or "2-0" in answer.text, (answer.reason, answer.text)
    assert "5-2" in answer.text, answer.text
