"""Overviews and situations: the state of a tie, the ties covered, the clubs' form around the games.

Asides about who is asking ("…, speaking as a Kopite", "soy del Liverpool y lo tengo bloqueado") are no part
of what is asked (the language's `asides`); "going into", "heading into" the second leg set the moment, they
are no topic (`second_leg_moment.verbs`); "when they faced them", "at the time" set the question in the tie
(`tie_moments`). Every question here is written for this file.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize(("question", "needle"), [
    ("where did things stand before the 2021 second leg, speaking as a worried kopite", "3-1"),
    ("as a lifelong atleti fan, recap the 2020 tie for me", "1-0"),
    ("sum up the 2023 tie (i'm a reds fan and i blocked it out)", "5-2"),
    ("hazme un resumen del cruce de 2021 con el madrid, pregunto como colchonero", "3-1"),
])
def test_an_aside_about_the_asker_leaves_the_overview(engine: Engine, question: str, needle: str) -> None:
    answer = engine.answer(question, None)
    assert answer.reason == "overview" and needle in answer.text, (answer.reason, answer.text)


def test_a_question_made_only_of_an_aside_is_read_as_typed(engine: Engine) -> None:
    language = engine.knowledge.language
    assert language.without_asides("as a madrid fan") == "as a madrid fan"
    assert language.without_asides("who scored in 2023, as a madrid fan") == "who scored in 2023,"
    assert language.without_asides("who scored in 2023") == "who scored in 2023"


@pytest.mark.parametrize(("question", "needle"), [
    ("how was madrid's form heading into the 2023 return leg", "espanyol"),
    ("how was liverpool's form going into the return leg with atletico, asking as a nervous fan", "form"),
])
def test_the_verb_of_the_moment_is_no_topic(engine: Engine, question: str, needle: str) -> None:
    answer = engine.answer(question, None)
    assert answer.answered and needle in answer.text.lower(), (answer.reason, answer.text)


def test_when_they_played_sets_the_question_in_the_tie(engine: Engine) -> None:
    answer = engine.answer("were the reds still the reigning holders when they played atleti", None)
    assert answer.answered and "holders" in answer.text, (answer.reason, answer.text)


@pytest.mark.parametrize("question", [
    "what european ties do u have info on",
    "list the games in your info, who they faced and which round",
    "¿sobre qué cruces tienes información?",
])
def test_asking_which_ties_the_bot_knows_lists_them(engine: Engine, question: str) -> None:
    answer = engine.answer(question, None)
    assert answer.reason == "overview-per-tie", (answer.reason, answer.text)
    assert all(score in answer.text for score in ("1-0", "3-1", "5-2")), answer.text


@pytest.mark.parametrize(("question", "needle"), [
    ("tell me about the state of things in the 2021 tie ahead of the anfield leg", "3-1"),
    ("how did things stand ahead of the 2020 return leg", "1-0"),
    ("cómo estaba la eliminatoria de 2023 antes de la vuelta", "5-2"),
])
def test_where_a_tie_stood_before_its_return_leg_is_its_overview(engine: Engine, question: str, needle: str) -> None:
    answer = engine.answer(question, None)
    assert answer.reason == "overview" and needle in answer.text, (answer.reason, answer.text)


def test_tell_me_about_asks_for_no_ones_words(engine: Engine) -> None:
    language = engine.knowledge.language
    assert ("tell", "me", "about") in language.requests
    answer = engine.answer("tell me about the 2023 tie", None)
    assert answer.reason == "overview" and "5-2" in answer.text, (answer.reason, answer.text)


def test_both_clubs_league_form_before_a_return_leg_gives_each_clubs_game(engine: Engine) -> None:
    answer = engine.answer("how were the two sides getting on in their leagues before the 2023 return leg", None)
    text = answer.text.lower()
    assert answer.answered and "espanyol" in text and "bournemouth" in text, (answer.reason, answer.text)


def test_a_clubs_previous_league_game_and_where_it_was_played(engine: Engine) -> None:
    first = engine.answer("what did madrid do in their previous league match before playing liverpool in march 2023",
                          "league-game-followup")
    assert first.answered and "Espanyol" in first.text, (first.reason, first.text)
    ground = engine.answer("and at which ground?", "league-game-followup")
    assert ground.answered and "Bernabéu" in ground.text, (ground.reason, ground.text)


def test_the_ties_month_places_the_question_and_is_no_topic(engine: Engine) -> None:
    answer = engine.answer("how did liverpool get on in the league before facing madrid in march 2023", None)
    assert answer.answered and "Bournemouth" in answer.text, (answer.reason, answer.text)


@pytest.mark.parametrize("question", [
    "in a couple of sentences, how did the 2020 article rate the reds' chances versus atleti",
    "brevemente, ¿cómo valoraba la previa de 2020 las opciones del liverpool ante el atleti?",
])
def test_how_a_preview_rated_a_sides_chances_is_its_experts_tips(engine: Engine, question: str) -> None:
    answer = engine.answer(question, None)
    assert answer.answered and any(tip in answer.text for tip in ("2-0", "2-1")), (answer.reason, answer.text)


def test_how_long_an_answer_may_be_asks_for_no_topic(engine: Engine) -> None:
    answer = engine.answer("in a few words, the 2021 tie please", None)  # "words" asks for no one's quote
    assert answer.reason == "overview" and "3-1" in answer.text, (answer.reason, answer.text)
