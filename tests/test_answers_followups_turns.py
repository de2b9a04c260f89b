"""Follow-ups of two or three turns: the short second question that only makes sense after the first answer.

A fan asks something, then types a few words ("and wen?", "y tho", "¿y cuándo?"): the language, the game,
the kind of question come from the conversation unless the words themselves say otherwise. Every question
here is written for this file, none comes from an evaluation set; the engine and the knowledge files are
the real ones.
"""

from __future__ import annotations

import itertools

from bot.core.answering.answer import Answer
from bot.core.answering.engine import Engine

_conversations = itertools.count()


def dialog(engine: Engine, *questions: str) -> Answer:
    """Ask the questions in one new conversation; the last answer."""
    conversation = f"followup-turns-{next(_conversations)}"
    answers = [engine.answer(q, conversation) for q in questions]
    return answers[-1]


# --- a short follow-up keeps the conversation's language -------------------------------------
def test_a_chat_why_after_an_english_answer_stays_english(engine: Engine) -> None:
    # "y" is Spanish's "and" and English chat's "why": too few words to tell, the conversation's language.
    answer = dialog(engine, "who were favourites in 2020", "y tho")
    assert answer.lang == "en"
    assert answer.answered
    assert "holders" in answer.text


def test_a_follow_up_clearly_in_spanish_still_switches(engine: Engine) -> None:
    answer = dialog(engine, "who were favourites in 2020", "¿y por qué eran los favoritos?")
    assert answer.lang == "es"
    assert answer.answered


# --- "and when?" with an opener asks its own kind of question of the last answer's game ------
def test_and_when_after_a_ground_asks_that_legs_day(engine: Engine) -> None:
    answer = dialog(engine, "where was the 2020 return leg played", "and wen?")
    assert answer.answered
    assert "11 March" in answer.text


def test_and_when_in_spanish_after_a_ground(engine: Engine) -> None:
    answer = dialog(engine, "¿dónde es la vuelta de 2020?", "¿y cuándo?")
    assert answer.answered
    assert "11 de marzo" in answer.text


# --- "who was it against?" asks the other side of the game told, not a person ---------------
def test_who_was_it_against_after_a_league_game_names_the_opponent(engine: Engine) -> None:
    answer = dialog(engine, "what did madrid do in la liga on the saturday before the 2023 return leg",
                    "who was it against?")
    assert answer.answered
    assert "Espanyol" in answer.text
    assert "Benzema" not in answer.text


def test_against_which_side_is_no_topic_of_a_side(engine: Engine) -> None:
    # "side" asks which side of the game told, it is not a topic a fact about "his side" shares.
    answer = dialog(engine, "what did madrid do in la liga on the saturday before the 2023 return leg",
                    "against which side?")
    assert answer.answered
    assert "Espanyol" in answer.text


def test_who_did_they_play_in_spanish_after_a_league_game(engine: Engine) -> None:
    # With a game told, "contra quién jugó" is not the tie's overview.
    answer = dialog(engine, "¿qué hizo el madrid en liga el sábado antes de la vuelta de 2023?", "¿contra quién jugó?")
    assert answer.answered
    assert "Espanyol" in answer.text
    assert answer.reason == "answered"


# --- "final score?": the score a game ended with, no competition's final ---------------------
def test_final_result_after_a_missed_penalty_is_that_games_score(engine: Engine) -> None:
    answer = dialog(engine, "did salah miss a penalty before the 2023 second leg", "final result?")
    assert answer.answered
    assert "1-0" in answer.text
    assert "Barcelona" not in answer.text


def test_final_score_in_spanish(engine: Engine) -> None:
    answer = dialog(engine, "¿salah falló un penalti antes de la vuelta de 2023?", "¿resultado final?")
    assert answer.answered
    assert "1-0" in answer.text


def test_the_ground_named_before_still_names_the_leg(engine: Engine) -> None:
    # The Bernabéu named the 2023 return leg: "the score on the night" is of a game not yet played.
    answer = dialog(engine, "the bernabeu in 2023", "what was the score on the night")
    assert not answer.answered
    assert answer.reason == "after-the-articles"


# --- three turns, the second changing tie: "they" are the clubs that can be in the new one ------
def test_a_third_turn_points_to_the_tie_the_second_changed_to(engine: Engine) -> None:
    answer = dialog(engine, "atletico v liverpool 2020 first game score", "and in 2023 who did they face",
                    "what was that first game's score")
    assert answer.answered
    assert "5-2" in answer.text


def test_a_third_turn_in_spanish_after_the_tie_changed(engine: Engine) -> None:
    answer = dialog(engine, "resultado de la ida atleti liverpool 2020", "¿y en 2021 contra quién jugaron ellos?",
                    "¿y cómo quedó esa ida?")
    assert answer.answered
    assert "3-1" in answer.text
    assert "Atlético" not in answer.text


# --- the words of a short follow-up that ask nothing of their own --------------------------
def test_how_far_behind_asks_the_margin_of_the_deficit(engine: Engine) -> None:
    answer = dialog(engine, "did madrid trail in the 2023 first leg", "how far behind?")
    assert answer.answered
    assert "2-0" in answer.text


def test_either_and_by_name_are_no_topic(engine: Engine) -> None:
    # Whether one of the 2020 experts named Simeone: "either" and "by name" are not what the facts say.
    answer = dialog(engine, "who was in charge of atletico for the 2020 tie", "did either expert mention him by name")
    assert answer.answered
    assert "Hayward" in answer.text


# --- "he" names the person the last answer told, also when "that" points back to it ----------
def test_he_in_a_pointing_follow_up_is_the_player_told(engine: Engine) -> None:
    # Alexander-Arnold's quotes before the 2023 return: whether he scored in it is no fact (not Benzema's goals).
    answer = dialog(engine, "which liverpool full-back gave quotes before the 2023 return",
                    "how many did he score in that game")
    assert not answer.answered
    assert "Benzema" not in answer.text


def test_euro_cups_are_european_cups_in_an_elliptic_follow_up(engine: Engine) -> None:
    answer = dialog(engine, "real madrid euro cups before the 2021 quarter-final?", "and by the 2023 tie?")
    assert answer.answered
    assert "14th" in answer.text


# --- a detail of the person told, and the others the last answer named ------------------------
def test_what_position_after_a_players_words_is_his(engine: Engine) -> None:
    answer = dialog(engine, "who talked about throwing everything at madrid in 2023", "what position?")
    assert answer.answered
    assert "defender" in answer.text
    assert "Bournemouth" not in answer.text


def test_what_position_in_spanish_is_no_english_word(engine: Engine) -> None:
    # "posición" is no typo for a word the facts use: it asks the last answer's player's place.
    answer = dialog(engine, "las palabras de alexander-arnold en la previa de la vuelta de 2023",
                    "vale, ¿y qué posición ocupa en el campo?")
    assert answer.answered
    assert "defensa" in answer.text


def test_who_else_names_the_others_the_last_answer_told(engine: Engine) -> None:
    answer = dialog(engine, "did thiago train before the 2021 return leg", "who else was there?")
    assert answer.answered
    assert "Salah" in answer.text
