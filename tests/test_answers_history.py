"""The clubs' past runs, comebacks and earlier games the articles recall, asked directly or as a follow-up.

A fan asks about a club's past in the words of the time: "last season" from a tie's side, a run "to"
a final, one round of that run, the comebacks of a club in general. Each is answered by the history
the articles tell (facts of no tie), not by the tie news sharing a word or a round's name with it.
Every question here is written for this file, none comes from an evaluation set; the engine and the
knowledge files are the real ones.
"""

from __future__ import annotations

import itertools

from bot.core.answering.answer import Answer
from bot.core.answering.engine import Engine

_conversations = itertools.count()


def dialog(engine: Engine, *questions: str) -> Answer:
    """Ask the questions in one new conversation; the last answer."""
    conversation = f"history-{next(_conversations)}"
    answers = [engine.answer(q, conversation) for q in questions]
    return answers[-1]


# --- "last season" beside a year of history ---------------------------------------------------
def test_a_history_year_named_beside_last_season_is_the_year_asked(engine: Engine) -> None:
    # "Last season" dates the 2022 run from the articles' side: nothing to count a year back from 2022.
    answer = engine.answer("in the 2022 european cup last season which sides did los blancos come back against")
    assert answer.answered
    assert answer.facts[0] == "real-madrid-last-season-comebacks"


def test_a_club_the_facts_tell_of_in_the_year_counted_to_stays_named(engine: Engine) -> None:
    # Counted back from the 2023 tie, Madrid's own 2022 run is what is asked: Madrid is not dropped
    # as the club that named the tie counted from.
    answer = engine.answer("seen from the 2023 tie, real madrid rallies the season before, semi final opponent?")
    assert answer.answered
    assert "Manchester City" in answer.text


def test_pov_is_a_point_of_view(engine: Engine) -> None:
    answer = engine.answer("madrid fightbacks the year before, 2023 pov")
    assert answer.answered
    assert answer.facts[0] == "real-madrid-last-season-comebacks"


# --- a round of a past run, as a follow-up ------------------------------------------------------
def test_a_round_named_after_a_past_run_is_that_runs_round(engine: Engine) -> None:
    answer = dialog(engine, "madrid's 2022 fightbacks", "and in the semis who was it")
    assert answer.answered
    assert answer.facts[0] == "real-madrid-last-season-comebacks"
    assert "Manchester City" in answer.text


def test_a_round_the_past_event_does_not_tell_is_the_ties_round(engine: Engine) -> None:
    # Liverpool's 2016 Dortmund comeback tells no quarter-final: "the quarter-final" is then the 2021 tie's.
    conversation = f"history-{next(_conversations)}"
    engine.answer("the dortmund europa league fightback", conversation)
    explained = engine.explain("who was the quarter final against", conversation)
    assert explained.reading.ties == ["liverpool-real-madrid-2021"]


# --- a past game named with nothing asked of it -------------------------------------------------
def test_a_past_game_named_alone_is_told(engine: Engine) -> None:
    # A club of no tie and a year of history name a game the articles recall: its story is the answer.
    answer = engine.answer("the bayern 2016 match hayward brought up")
    assert answer.answered
    assert answer.facts[0] == "atletico-2016-bayern-away"


def test_the_aggregate_of_a_past_game_named_alone(engine: Engine) -> None:
    answer = dialog(engine, "the 2016 borussia game from the 2021 piece", "the aggregate?")
    assert answer.answered
    assert "5-4" in answer.text


# --- "ever" asks the club's past, not how a tie ended -----------------------------------------
def test_ever_coming_back_is_the_clubs_past(engine: Engine) -> None:
    answer = engine.answer("have the reds ever overturned a three goal deficit in europe?")
    assert answer.answered
    assert answer.reason != "after-the-articles"
    assert "Barcelona" in answer.text


def test_coming_back_in_a_tie_is_still_after_the_articles(engine: Engine) -> None:
    answer = engine.answer("did the reds overturn the deficit against madrid in 2023?")
    assert not answer.answered


# --- the year before / after a tie named right after the phrase ----------------------------------
def test_the_tie_after_a_relative_phrase_is_the_one_counted_from(engine: Engine) -> None:
    # Madrid's quarter-final (2021) is counted from; the round of 16 against Simeone's side is the year before.
    answer = engine.answer("a year before the madrid quarter final, how did the reds' r16 opening leg with "
                           "simeone's side end")
    assert answer.answered
    assert answer.tie == "liverpool-atletico-2020"
    assert "1-0" in answer.text


def test_the_tie_counted_from_in_spanish(engine: Engine) -> None:
    answer = engine.answer("el año antes de los cuartos del madrid, cuanto quedo la ida de octavos del liverpool "
                           "contra el atleti")
    assert answer.answered
    assert answer.tie == "liverpool-atletico-2020"


def test_ever_coming_back_in_spanish(engine: Engine) -> None:
    answer = engine.answer("el liverpool remontó alguna vez tres goles en la champions?")
    assert answer.answered
    assert "Barcelona" in answer.text


# --- "at that point": the time of the last answer ----------------------------------------------
_FIRST_2021 = "how did the opening leg of the madrid qf in 2021 go for liverpool"


def test_a_count_at_that_point_is_of_the_last_answers_tie(engine: Engine) -> None:
    # Madrid is in two ties; "at that stage" points at the 2021 one the last answer told: 13 titles, not 14.
    answer = dialog(engine, _FIRST_2021, "what total of european crowns did los blancos boast at that stage of "
                                         "their history")
    assert answer.answered
    assert answer.tie == "liverpool-real-madrid-2021"
    assert "13" in answer.text


def test_a_count_at_that_point_in_spanish(engine: Engine) -> None:
    answer = dialog(engine, "como quedo la ida de cuartos de 2021 entre el madrid y el liverpool",
                    "cuantas copas de europa acumulaba el real madrid en su palmares en aquel momento")
    assert answer.answered
    assert "13" in answer.text


# --- comebacks asked in general: every past game of the kind --------------------------------------
def test_a_kind_of_past_game_in_the_plural_lists_them(engine: Engine) -> None:
    answer = engine.answer("a rundown of the reds' fightbacks that the previews bring up")
    assert answer.reason == "listed"
    assert "Barcelona" in answer.text
    assert "Dortmund" in answer.text


def test_a_manager_named_alone_stands_for_his_side_in_a_list(engine: Engine) -> None:
    answer = engine.answer("tell me about kloppo and comebacks, all of them")
    assert answer.reason == "listed"
    assert "Barcelona" in answer.text


def test_a_manager_beside_his_club_is_who_acted_not_a_list(engine: Engine) -> None:
    answer = engine.answer("how come klopp downplayed talk of liverpool's earlier comebacks?")
    assert answer.reason != "listed"


def test_a_kind_of_past_game_in_the_plural_in_spanish(engine: Engine) -> None:
    answer = engine.answer("cuentame las remontadas del liverpool que recuerdan los articulos")
    assert answer.reason == "listed"
    assert "Barcelona" in answer.text


def test_a_side_that_can_vouch_for_a_comeback_is_one_that_can_attest(engine: Engine) -> None:
    answer = engine.answer("which side could testify to liverpool's talent for a grand european fightback")
    assert answer.answered
    assert answer.facts[0] == "atletico-2020-barcelona-can-attest"


# --- where a past game was lost --------------------------------------------------------------------
def test_where_a_side_lost_by_a_score_asks_the_ground(engine: Engine) -> None:
    answer = engine.answer("where did the reds go down 3-0 to barca in 2019")
    assert answer.answered
    assert "Camp Nou" in answer.text


def test_the_ground_of_one_leg_of_a_past_game(engine: Engine) -> None:
    # The fact tells both legs of the 2019 semi-final, each with its own ground: the first leg's is stated.
    answer = engine.answer("at which stadium was the opening leg of liverpool's 2019 semi final with barcelona")
    assert answer.answered
    assert "Camp Nou" in answer.text


def test_where_a_side_lost_by_a_score_in_spanish(engine: Engine) -> None:
    answer = engine.answer("y donde cayeron los reds 3-0 frente al barcelona, alla por 2019?")
    assert answer.answered
    assert "Camp Nou" in answer.text
