"""Questions the articles cannot answer, declined instead of answered with a confident, unrelated fact.

Every question here is written for this file (none comes from an evaluation set); the engine and the
knowledge files are the real ones. Two kinds: everyday life outside the games (travel between cities,
the weather, a phrase in another language), which shares a city, a club or a word ("train" and the
players' "training") with the facts; and football the articles do not tell (where a club finished,
who won a league, a count no fact states). Each has answerable look-alikes that must stay answered.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


# --- everyday life: travel, weather, a phrase in another language ----------------------------------
@pytest.mark.parametrize(("question", "reason"), [
    ("bus manchester to anfield, how long does it take", "asked-detail:travel"),
    ("best way to get from the airport to the Bernabeu by metro?", "asked-detail:travel"),
    ("how far is Madrid from Liverpool", "asked-detail:travel"),
    ("flights from liverpool to madrid for the second leg", "asked-detail:travel"),
    ("how would you say 'never give up' in german", "asked-detail:translate-phrase"),
    ("what is 'you'll never walk alone' in Spanish?", None),
    ("¿cuánto se tarda en autobús del aeropuerto al Metropolitano?", "asked-detail:travel"),
    ("¿cómo se dice 'vamos equipo' en inglés?", "asked-detail:translate-phrase"),
])
def test_travel_and_translation_are_declined(engine: Engine, question: str, reason: str | None) -> None:
    answer = engine.answer(question)
    assert not answer.answered, answer.text
    if reason is not None:
        assert answer.reason == reason, (answer.reason, answer.text)


def test_a_language_asked_for_is_no_name_nobody_quotes(engine: Engine) -> None:
    # "How do you say X in Italian" reads like a quote question with an unknown word: the word is the
    # language the details gate asks for, not someone the articles do not quote.
    answer = engine.answer("how do you say comeback in italian")
    assert not answer.answered
    assert answer.reason == "asked-detail:translate-phrase", answer.reason


@pytest.mark.parametrize("question", [
    "is it colder in liverpool than madrid in april",
    "which city is warmer in spring, madrid or liverpool",
])
def test_a_weather_comparison_between_cities_is_declined(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, answer.text


@pytest.mark.parametrize(("question", "wanted"), [
    # Players train: "train" as a verb of the game, with no route or trip, is the training session.
    ("did thiago train with the squad before the real madrid return leg", "training"),
    ("what did Klopp say before the second leg against Real Madrid in 2021", "Klopp"),
])
def test_answerable_look_alikes_stay_answered(engine: Engine, question: str, wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert wanted in answer.text


# --- a season's end, after the articles ---------------------------------------------------------
@pytest.mark.parametrize("question", [
    "did atletico finish in the top four that season",
    "were bournemouth relegated in the end",
    "which team won la liga in 2021",
    "¿el Atlético terminó entre los cuatro primeros esa temporada?",
])
def test_where_a_season_ended_is_after_the_articles(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, answer.text
    assert answer.reason == "after-the-articles", (answer.reason, answer.text)


def test_the_top_four_chase_before_the_game_is_still_told(engine: Engine) -> None:
    answer = engine.answer("how did the Bournemouth defeat hurt Liverpool's top four hopes in 2023")
    assert answer.answered, (answer.reason, answer.text)
    assert "top four" in answer.text


# --- a count of titles no fact states ---------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "how many champions league trophies do atletico madrid have",
    "how many premier league titles have liverpool won",
    "¿cuántos títulos tiene el Atlético?",
])
def test_a_title_count_no_fact_states_is_declined(engine: Engine, question: str) -> None:
    # Liverpool's sixth European Cup is no count of Atlético's; a three-match run is no count of titles.
    answer = engine.answer(question)
    assert not answer.answered, answer.text


@pytest.mark.parametrize(("question", "wanted"), [
    ("how many times had real madrid won the european cup before facing liverpool in 2021", "13"),
    ("what number of european titles did madrid reach by beating liverpool in the 2022 final", "14th"),
    ("how many european trophies did liverpool have after 2019", "sixth"),
])
def test_a_title_count_a_fact_states_is_answered(engine: Engine, question: str, wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert wanted in answer.text


# --- a club the facts name only in a list ---------------------------------------------------------
@pytest.mark.parametrize("question", [
    "which side did Deportivo beat in their famous fightback",
    "Roma's three-goal turnaround: who were the opponents?",
    "in what year did deportivo pull off their comeback",
    "¿contra qué equipo fue la remontada de la Roma?",
])
def test_the_game_of_a_club_named_only_in_a_list_is_declined(engine: Engine, question: str) -> None:
    # A record lists the clubs that came back from three down: who each played, or when, it never says.
    answer = engine.answer(question)
    assert not answer.answered, answer.text


@pytest.mark.parametrize("question", [
    "was Deportivo one of the clubs to recover from three goals down",
    "name the clubs that recovered from three down, Liverpool aside",
    "¿qué otros clubes remontaron tres goles además del Liverpool?",
])
def test_the_list_itself_is_still_answered(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert "Roma" in answer.text


def test_a_club_named_on_its_own_keeps_its_game(engine: Engine) -> None:
    # The same record names Barcelona in the list and on its own ("against Barcelona in 2019").
    answer = engine.answer("what year did Liverpool overturn the deficit against Barcelona")
    assert answer.answered, (answer.reason, answer.text)
    assert "2019" in answer.text


# --- what came after a tie: its end, the next opponent --------------------------------------------
@pytest.mark.parametrize("question", [
    "overall aggregate of the 2020 tie?",
    "2021 qf final agg",
    "¿global final de la eliminatoria de 2020?",
])
def test_a_ties_final_aggregate_is_after_the_articles(engine: Engine, question: str) -> None:
    # "Final" here is the tie's end, not a final: the second legs were played after the articles.
    answer = engine.answer(question)
    assert not answer.answered, answer.text
    assert answer.reason == "after-the-articles", (answer.reason, answer.text)


@pytest.mark.parametrize("question", [
    "what club would Atletico meet next once the 2020 tie was over",
    "¿contra quién juega el Madrid después de la eliminatoria de 2023?",
])
def test_the_next_opponent_after_a_tie_is_declined(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, answer.text


def test_a_past_aggregate_the_facts_tell_is_still_answered(engine: Engine) -> None:
    answer = engine.answer("final aggregate when Liverpool knocked out Dortmund in 2016")
    assert answer.answered, (answer.reason, answer.text)
    assert "5-4" in answer.text


@pytest.mark.parametrize("question", [
    "is there a time difference between liverpool and madrid",
    "¿qué diferencia horaria hay entre Madrid y Liverpool?",
])
def test_the_clock_between_cities_is_declined(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, answer.text


def test_a_players_goals_over_a_season_are_no_scoreline(engine: Engine) -> None:
    # A 1-0 at Bournemouth names Salah (a missed penalty): it counts the club's goals that day, not his.
    answer = engine.answer("how many goals had salah got in total that season")
    assert not answer.answered, answer.text


def test_a_players_goals_a_fact_counts_are_still_answered(engine: Engine) -> None:
    answer = engine.answer("how many did vinicius score in the 5-2 at anfield")
    assert answer.answered, (answer.reason, answer.text)
    assert "two" in answer.text


@pytest.mark.parametrize("question", [
    "so did madrid end up winning the league title in 2023",
    "who won the treble in 2021",
])
def test_a_league_or_set_of_titles_of_a_ties_season_is_after_the_articles(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, answer.text
    assert answer.reason == "after-the-articles", (answer.reason, answer.text)


def test_a_european_title_of_history_is_still_answered(engine: Engine) -> None:
    answer = engine.answer("did the reds win the european cup in 2019")
    assert answer.answered, (answer.reason, answer.text)
    assert "Liverpool" in answer.text and "2019" in answer.text
