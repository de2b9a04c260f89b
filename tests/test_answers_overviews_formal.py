"""Overviews asked in careful, formal words: the build-up, the talking points, an account, a side's point of view.

"The build-up to", "the main storylines", "an account of", "from Madrid's perspective", "the task facing"
only frame a request for a tie's story (overview cues in intents.yaml), so the tie's overview answers,
holding the first-leg score and what was at stake. A result framed the same way ("summarise the result
of the return leg") is still the result the articles were written before; a person's point of view is
still what they said; a detail asked plainly beside the framing is still the detail. Every question here
is written for this file (none comes from an evaluation set).
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize(("question", "score"), [
    ("Kindly outline the build-up to the Atletico game at Anfield in 2020.", "1-0"),
    ("What storylines surrounded the 2021 quarter-final?", "3-1"),
    ("I would like an account of the 2023 tie with Real Madrid.", "5-2"),
    ("Please recount the 2021 quarter-final from Liverpool's perspective.", "3-1"),
    ("How did the 2020 tie look from Atletico Madrid's point of view?", "1-0"),
    ("Which talking points dominated before the 2023 meeting of Madrid and Liverpool?", "5-2"),
    ("Set out the task ahead for Liverpool in the 2021 quarter-final.", "3-1"),
])
def test_a_formal_request_for_a_tie_gets_its_overview(engine: Engine, question: str, score: str) -> None:
    answer = engine.answer(question)
    assert answer.reason == "overview", (answer.reason, answer.text)
    assert score in answer.text


@pytest.mark.parametrize(("question", "reason"), [
    ("Summarise the result of the 2021 return leg for me.", "after-the-articles"),   # a result, framed
    ("Could you give an account of how the 2020 second leg finished?", "after-the-articles"),
])
def test_a_result_framed_as_an_overview_is_still_after_the_articles(engine: Engine, question: str,
                                                                    reason: str) -> None:
    answer = engine.answer(question)
    assert answer.reason == reason, (answer.reason, answer.text)


@pytest.mark.parametrize(("question", "wanted"), [
    ("What was Klopp's perspective ahead of the 2021 return at Anfield?", "Klopp"),   # a person's view
    ("Give an account of which Madrid players got the goals in the 5-2 win.", "Benzema"),  # a detail
])
def test_a_view_or_a_detail_beside_the_framing_is_still_answered_as_such(engine: Engine, question: str,
                                                                         wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.answered and answer.reason != "overview", (answer.reason, answer.text)
    assert wanted in answer.text


@pytest.mark.parametrize("question", [
    "¿Cuál era la perspectiva de Klopp antes de la vuelta de 2021?",
])
def test_a_persons_view_in_spanish_is_what_they_said(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.answered and answer.reason != "overview", (answer.reason, answer.text)
    assert "Klopp" in answer.text


@pytest.mark.parametrize(("question", "score"), [
    ("Describe la eliminatoria de 2021 desde el punto de vista del Real Madrid", "3-1"),
    ("Relata los prolegómenos de la vuelta de 2020 en Anfield", "1-0"),
])
def test_a_formal_request_in_spanish_gets_the_overview(engine: Engine, question: str, score: str) -> None:
    answer = engine.answer(question)
    assert answer.reason == "overview", (answer.reason, answer.text)
    assert score in answer.text
