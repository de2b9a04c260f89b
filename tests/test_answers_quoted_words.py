"""What a named person said or wrote: the statement holding the point asked, found however it is asked.

A phrase the question quotes is someone's words: its own "today" asks of no time, its "mundial" names
no competition, and it finds the statement holding it. A fact telling when someone spoke is no answer
to what he said. A person of one tie keeps the question on that tie when it names the round his tie
leads to. Every question is written for this file; the engine and the knowledge files are the real ones.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize(("question", "wanted"), [
    # a time word inside the quoted words is not "today" asked about
    ('who was it that mentioned "playing football" and "the world today"?', "Klopp"),
    ("which manager spoke of 'the world today'?", "Klopp"),
    # a name inside the quoted words is a word of the phrase ("mundial" is no World Cup)
    ("¿de quién es la frase «los mayores talentos del fútbol mundial de hoy»?", "Klopp"),
])
def test_a_quoted_phrase_finds_the_statement_holding_it(engine: Engine, question: str, wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert wanted in answer.text
    assert "greatest talent" in answer.text


def test_where_a_quoted_remark_was_published(engine: Engine) -> None:
    answer = engine.answer("where did klopp's 'strive for the perfect performance' remark get published?")
    assert answer.answered, (answer.reason, answer.text)
    assert "website" in answer.text


def test_an_unquoted_time_word_is_still_a_time(engine: Engine) -> None:
    answer = engine.answer("what did klopp say today")
    assert not answer.answered
    assert answer.reason == "time-not-covered"


@pytest.mark.parametrize("question", [
    "what message did ancelotti give his lads before the return game",
    "what was the message carlo ancelotti gave the madrid squad?",
])
def test_a_message_asked_is_the_words_not_the_day(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert "ancelotti-2023-spoke-tuesday" not in answer.facts
    assert any(f.startswith("ancelotti-2023-quote") for f in answer.facts), answer.facts


def test_when_he_spoke_is_still_the_day(engine: Engine) -> None:
    answer = engine.answer("on which day did ancelotti hold his press conference before the return leg")
    assert answer.answered, (answer.reason, answer.text)
    assert "Tuesday" in answer.text


@pytest.mark.parametrize(("question", "tie"), [
    ("which club does lynch reckon will make the quarter-finals", "liverpool-atletico-2020"),
    ("does david lynch think liverpool reach the quarter finals?", "liverpool-atletico-2020"),
])
def test_a_person_of_one_tie_keeps_his_tie_over_the_round_it_leads_to(engine: Engine, question: str,
                                                                     tie: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert answer.tie == tie, answer.text
    assert "Lynch" in answer.text


@pytest.mark.parametrize("question", [
    "what's klopp's line about his job, with the distance from the supporters forced on them?",
    "klopp on the boys channelling energy across the distance from the fans, what was it",
])
def test_a_detail_asked_in_the_speakers_own_words_is_his_words(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert "channel your energy" in answer.text


def test_a_journey_asked_of_no_one_quoted_is_still_travel(engine: Engine) -> None:
    answer = engine.answer("how long is the distance from anfield to the bernabeu?")
    assert not answer.answered
    assert answer.reason == "asked-detail:travel", answer.reason


@pytest.mark.parametrize(("question", "wanted"), [
    ("which coaches get a mention across the three previews?", ("Klopp", "Simeone", "Ancelotti")),
    ("which bosses are named in all three articles", ("Klopp", "Simeone", "Ancelotti")),
    ("¿qué entrenadores aparecen en las tres eliminatorias?", ("Klopp", "Simeone", "Ancelotti")),
    ("which pundits are quoted across the three pieces", ("Lynch", "Hayward")),
])
def test_the_people_of_a_role_across_the_articles_are_one_list(engine: Engine, question: str,
                                                               wanted: tuple[str, ...]) -> None:
    answer = engine.answer(question)
    assert answer.reason == "listed-people", (answer.reason, answer.text)
    for name in wanted:
        assert name in answer.text


def test_his_words_naming_the_other_club_answer_what_he_said_of_it(engine: Engine) -> None:
    # "squad" is a word of his quotes on his own dressing room, not of his quote on Real Madrid's talent;
    # his words naming Real Madrid come first all the same.
    answer = engine.answer("what did klopp say about the real madrid squad in the 2021 tie")
    assert answer.answered, (answer.reason, answer.text)
    assert answer.facts[0] == "klopp-2021-quote-greatest-talent", answer.facts


def test_his_words_on_his_own_squad_stay_his_own(engine: Engine) -> None:
    answer = engine.answer("what did klopp say about his own squad in 2021")
    assert answer.answered, (answer.reason, answer.text)
    assert "klopp-2021-quote-greatest-talent" not in answer.facts[:1], answer.facts
