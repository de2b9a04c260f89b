"""Overviews asked in fans' words, and questions that only look like one.

A question naming a tie whose other words only ask to hear about it ("tl;dr", "quick preview",
"I missed it, fill me in", "so far") gets the tie's overview; one naming a person, a club beyond
the ties' own or another round is about them, not the tie's story. Every question here is written
for this file (none comes from an evaluation set).
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize(("question", "score"), [
    ("tl;dr of the 2021 quarter-final", "3-1"),                 # a cue split by punctuation
    ("what's happened so far in the 2023 tie", "5-2"),          # a phrase cue
    ("key facts on lfc v atleti 2020", "1-0"),
    ("the gist of the anfield return in 2021 please", "3-1"),   # a leg named as "the return"
    ("a quick preview of the 2023 second leg", "5-2"),          # frame words only, no cue
    ("brefly, the 2023 tie?", "5-2"),                           # a frame word's typo is read as it
    ("quick recap: Klopp v Ancelotti 2023", "5-2"),             # managers name their sides
    ("tl;dr del cruce de 2023", "5-2"),
    ("un resumen rápido de la eliminatoria de 2021", "3-1"),
])
def test_a_tie_named_with_only_words_asking_to_hear_about_it_gets_its_overview(engine: Engine, question: str,
                                                                               score: str) -> None:
    answer = engine.answer(question)
    assert answer.reason == "overview", (answer.reason, answer.text)
    assert score in answer.text


@pytest.mark.parametrize("question", [
    "how are Barcelona getting on in the league this year",     # a club beyond the ties' own
    "sum up the words Klopp chose for Anfield's European nights",  # what someone said
    "is Simeone leaving Atlético",                               # a person, not a summary
    "cómo le va al Barcelona en la liga este año",
    "resume lo que dijo Klopp antes de la vuelta de 2021",
])
def test_a_question_about_someone_or_something_else_is_not_given_the_ties_story(engine: Engine,
                                                                                question: str) -> None:
    answer = engine.answer(question)
    assert answer.reason not in {"overview", "overview-per-tie"}, (answer.reason, answer.text)


def test_a_quote_summed_up_keeps_the_speakers_words(engine: Engine) -> None:
    answer = engine.answer("sum up the words Klopp chose for Anfield's European nights")
    assert answer.intent == "quote" and "together" in answer.text, (answer.reason, answer.text)


def test_a_round_other_than_the_named_ties_is_not_its_story(engine: Engine) -> None:
    answer = engine.answer("who were Madrid drawn against in the quarter-finals after the 2023 tie")
    assert answer.reason != "overview", (answer.reason, answer.text)


def test_a_year_counted_from_a_round_keeps_the_round_as_where_it_counted_from(engine: Engine) -> None:
    answer = engine.answer("the year after the 2020 last 16: who did Liverpool meet")
    assert answer.reason == "overview" and "3-1" in answer.text, (answer.reason, answer.text)


def test_a_tie_named_with_a_topic_of_its_own_is_answered_by_a_fact(engine: Engine) -> None:
    answer = engine.answer("quick one: 2023 first leg scorers")
    assert answer.reason == "answered" and "Benzema" in answer.text, (answer.reason, answer.text)


def test_a_follow_up_naming_a_manager_asks_what_was_asked_of_the_last_one(engine: Engine) -> None:
    engine.answer("what did Trent Alexander-Arnold tell reporters in 2023", "ov-follow")
    answer = engine.answer("and Ancelotti?", "ov-follow")
    assert answer.intent == "quote" and answer.reason == "answered", (answer.reason, answer.text)


# --- the same asked of several ties --------------------------------------------------------------
@pytest.mark.parametrize(("question", "scores"), [
    ("the first legs vs madrid, both times: results?", ("3-1", "5-2")),          # plural legs, "both times"
    ("every first leg liverpool played in these ties", ("1-0", "3-1", "5-2")),
    ("cómo quedaron las idas contra el madrid", ("3-1", "5-2")),
])
def test_the_same_leg_of_several_ties_is_answered_tie_by_tie(engine: Engine, question: str,
                                                             scores: tuple[str, ...]) -> None:
    answer = engine.answer(question)
    assert answer.reason == "answered-per-tie", (answer.reason, answer.text)
    assert all(s in answer.text for s in scores), answer.text


def test_two_ties_named_by_their_years_are_answered_tie_by_tie(engine: Engine) -> None:
    answer = engine.answer("Real Madrid's European titles in 2021 and in 2023")
    assert answer.reason == "answered-per-tie", (answer.reason, answer.text)
    assert "13-time" in answer.text and "2023" in answer.text
