"""Follow-ups in a conversation: what a question leaning on the last one is read as.

Each test names one mechanism: a follow-up asking nothing of its own asks the last question again
of what it names; it is about what the last answer was about (its event, its person, its year).
Every question here is written for this file, none comes from an evaluation set; the engine and
the knowledge files are the real ones.
"""

from __future__ import annotations

import itertools

from bot.core.answering.answer import Answer
from bot.core.answering.engine import Engine

_conversations = itertools.count()


def dialog(engine: Engine, *questions: str) -> Answer:
    """Ask the questions in one new conversation; the last answer."""
    conversation = f"followups-{next(_conversations)}"
    answers = [engine.answer(q, conversation) for q in questions]
    return answers[-1]


# --- a follow-up asking nothing of its own asks the last question again ----------------------
def test_the_same_detail_is_asked_of_the_tie_a_bare_follow_up_names(engine: Engine) -> None:
    # "the 2023 one" names a tie and stands for the first leg's ground the last question asked.
    answer = dialog(engine, "which stadium hosted the 2020 first leg", "what of the 2023 one then?")
    assert answer.answered
    assert answer.facts == ["real-madrid-2023-first-leg-venue"]
    assert "Anfield" in answer.text


def test_the_same_count_is_asked_of_the_year_a_relative_follow_up_names(engine: Engine) -> None:
    # The topic (European titles) and the club come again; only the year changes.
    answer = dialog(engine, "how many times had Real Madrid been champions of Europe in 2023",
                    "and two years earlier?")
    assert answer.answered
    assert "13" in answer.text


def test_the_words_that_asked_the_kind_of_question_are_not_asked_again_as_a_topic(engine: Engine) -> None:
    # "Result" asked for a score, which the follow-up inherits: as a topic word it would also bring
    # in the league results the 2023 preview reports beside the first leg's.
    answer = dialog(engine, "the result of the 2020 first leg?", "and in 2023?")
    assert answer.answered
    assert all(f.startswith("real-madrid-2023-first-leg") for f in answer.facts)
    assert "5-2" in answer.text


def test_a_round_named_after_history_narrows_that_history_not_the_ties(engine: Engine) -> None:
    # Last season's run is history a 2023 article told: "the last 16" is its round, not the
    # round-of-16 ties the articles preview.
    answer = dialog(engine, "real madrid comebacks in 2022, who were they against", "and in the last 16?")
    assert answer.answered
    assert answer.reason == "answered"
    assert "PSG" in answer.text


def test_a_club_only_another_tie_has_is_not_carried_to_a_year_it_was_not_in(engine: Engine) -> None:
    reader = engine._snapshot.view("en").reader
    first = engine.answer("which stadium did Atlético play the 2020 first leg at", "followups-fits")
    assert first.answered
    q = reader.read("and in 2023?", engine.context.get("followups-fits"))
    assert "atletico-madrid" not in q.entities


# --- a follow-up is about what the last answer was about ---------------------------------------
def test_that_points_to_the_history_a_named_year_recalled_not_to_the_words_recalling_it(engine: Engine) -> None:
    # Klopp's 2021 words are the answer, but the question named 2016 and Dortmund: the aggregate
    # asked next is that tie's, told by its own fact.
    answer = dialog(engine, "did Klopp talk about Dortmund in 2016", "so what was the aggregate")
    assert answer.answered
    assert answer.facts == ["liverpool-2016-dortmund-comeback"]
    assert "5-4" in answer.text


def test_the_game_in_a_pointing_follow_up_is_the_leg_the_last_answer_told(engine: Engine) -> None:
    # "In the match" names the game "that" happened in, the first leg the answer told, not a topic
    # that the second leg's date shares.
    answer = dialog(engine, "were liverpool 2-0 up against real madrid at anfield", "when was that in the match")
    assert answer.answered
    assert answer.facts[0] == "real-madrid-2023-first-leg-comeback"
    assert "first half" in answer.text


def test_remind_me_asks_to_hear_about_the_tie_it_names(engine: Engine) -> None:
    answer = engine.answer("remind me who liverpool played in the 2023 last 16", "followups-remind")
    assert answer.reason == "overview"
    assert "Real Madrid" in answer.text
    turn = engine.context.get("followups-remind")
    assert turn is not None and turn.tie == "real-madrid-liverpool-2023"


# --- the person a conversation is about ------------------------------------------------------
def test_a_bare_name_after_a_quote_question_asks_what_that_person_said(engine: Engine) -> None:
    # Benzema is talked about in 2023 but never quoted: "and Benzema?" asks for his words, which
    # the articles do not hold, not for anything about him.
    answer = dialog(engine, "what did Ancelotti say in 2023", "and Benzema?")
    assert not answer.answered
    assert answer.reason == "not-quoted:karim-benzema"


def test_a_club_and_a_role_describe_the_people_holding_it(engine: Engine) -> None:
    answer = engine.answer("what did the Liverpool defender tell reporters before the 2023 second leg")
    assert answer.answered
    # His words, both of his statements (see tests/test_answers_said.py), and no one else's.
    assert "alexander-arnold-2023-quote-kitchen-sink" in answer.facts
    assert all(f.startswith("alexander-arnold-2023-quote") for f in answer.facts), answer.facts


def test_a_role_whose_holders_are_never_quoted_is_declined(engine: Engine) -> None:
    answer = engine.answer("was any Real Madrid defender quoted before the 2023 second leg")
    assert not answer.answered
    assert answer.reason.startswith("not-quoted:")


def test_he_is_the_one_of_the_people_an_answer_names_whom_the_question_described(engine: Engine) -> None:
    # The answer names both correspondents; the question described the Spanish football one.
    first = engine.answer("which Spanish football correspondent previewed the Atlético second leg",
                          "followups-described")
    assert first.facts == ["atletico-2020-experts"]
    turn = engine.context.get("followups-described")
    assert turn is not None and turn.people == ("ben-hayward",)


def test_the_aggregate_asked_after_an_experts_tip_is_the_one_the_tip_makes(engine: Engine) -> None:
    # The second leg had not been played, but the answer was Hayward's prediction: the aggregate
    # asked next is his predicted one, not a result the articles could not know.
    answer = dialog(engine, "what was Hayward's score prediction for anfield in 2020",
                    "so how would the aggregate have ended")
    assert answer.answered
    assert answer.facts[0] == "atletico-2020-hayward-prediction"
    assert "2-2" in answer.text


def test_a_bare_name_in_spanish_asks_what_that_person_said(engine: Engine) -> None:
    answer = dialog(engine, "qué declaró Ancelotti antes de la vuelta de 2023", "¿y Benzema?")
    assert not answer.answered
    assert answer.reason == "not-quoted:karim-benzema"
    assert answer.lang == "es"
