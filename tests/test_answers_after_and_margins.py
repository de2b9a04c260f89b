"""What the previews cannot know (how a tip turned out, words after a game, a league place) is declined,
and a follow-up pointing at "that game" stays on the game the last answer told.

The articles were written before each second leg: a fan asking whether an expert's call came off, what
a manager said once the game was over, or the second leg's result after a first-leg answer gets the
reason the articles cannot say, not the nearest fact of another game. Every question is written for
this file; the engine and the knowledge files are the real ones.
"""

from __future__ import annotations

import itertools

import pytest

from bot.core.answering.engine import Engine

_conversations = itertools.count()


def _dialog(engine: Engine, *turns: str):
    key = f"after-{next(_conversations)}"
    answer = None
    for turn in turns:
        answer = engine.answer(turn, key)
    assert answer is not None
    return answer


@pytest.mark.parametrize("turns", [
    ("which expert went for a 2-1 at anfield", "did that call come off?"),
    ("what was hayward's tip for the atleti game", "was he right in the end"),
    ("what score did lynch go for in 2020", "did his forecast prove correct"),
    ("¿qué resultado pronosticó hayward?", "¿se cumplió su pronóstico?"),
    ("what did the two experts go for in 2020", "so which of them was closer"),
])
def test_whether_a_tip_came_true_is_after_the_articles(engine: Engine, turns: tuple[str, ...]) -> None:
    answer = _dialog(engine, *turns)
    assert not answer.answered, answer.text
    assert answer.reason == "after-the-articles", (answer.reason, answer.text)


def test_a_condition_on_a_tip_still_asks_what_it_makes(engine: Engine) -> None:
    answer = engine.answer("if hayward's pick had been right, how would the aggregate have ended")
    assert answer.answered, (answer.reason, answer.text)
    assert "2-2" in answer.text


@pytest.mark.parametrize("turns", [
    ("how did klopp sum up the task before the madrid return leg", "and his reaction after the return leg?"),
    ("simeone's words before anfield 2020", "what did he say after the final whistle"),
    ("¿qué dijo klopp antes de la vuelta de 2021?", "¿y qué declaró tras el partido?"),
    ("ancelotti's words before the bernabeu leg", "and what did he tell reporters post match"),
])
def test_words_after_a_game_are_after_the_articles(engine: Engine, turns: tuple[str, ...]) -> None:
    answer = _dialog(engine, *turns)
    assert not answer.answered, answer.text
    assert answer.reason == "after-the-articles", (answer.reason, answer.text)


def test_a_result_asked_after_another_kind_of_answer_is_still_a_result(engine: Engine) -> None:
    answer = _dialog(engine, "who got madrid's goals at anfield in 2023", "ok and the return leg score")
    assert not answer.answered, answer.text
    assert answer.reason == "after-the-articles", (answer.reason, answer.text)


@pytest.mark.parametrize("turns", [
    ("how did the 2021 opening leg finish", "which madrid players scored in that game?"),
    ("¿cómo acabó la ida de 2021?", "¿quién marcó para el madrid en ese partido?"),
])
def test_that_game_stays_on_the_game_just_told(engine: Engine, turns: tuple[str, ...]) -> None:
    answer = _dialog(engine, *turns)
    assert not answer.answered, answer.text
    assert answer.reason == "asked-detail:scorers", (answer.reason, answer.text)
    assert "Benzema" not in answer.text


@pytest.mark.parametrize("question", [
    "where were the reds sitting in the premier league table in 2021",
    "atleti's place in the la liga standings in march 2020?",
    "¿en qué lugar de la liga iba el atlético en 2020?",
])
def test_a_league_place_no_fact_gives_is_declined(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, answer.text
    assert answer.reason == "asked-detail:league-table", (answer.reason, answer.text)


@pytest.mark.parametrize(("question", "wanted"), [
    # A lead in a game and its size, in fans' words: "how far in front", "two up", "how large a cushion".
    ("by how far in front were the reds early on at anfield in 2023 before it all went wrong", "2-0"),
    ("we were two up at some stage of the 2023 home leg, weren't we", "2-0"),
    ("how large a cushion did madrid carry to the bernabeu in 2023", "three-goal"),
])
def test_a_lead_and_its_size_are_told(engine: Engine, question: str, wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert wanted in answer.text


@pytest.mark.parametrize(("question", "wanted"), [
    ("which league title were lfc holding v madrid in 21", "Premier League champions"),
    ("which trophy were madrid defending against liverpool in 2023", "holders"),
    ("¿qué defendía el madrid contra el liverpool en 2023?", "vigente campeón"),
])
def test_a_title_held_is_told_of_the_club_asked(engine: Engine, question: str, wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert wanted in answer.text


@pytest.mark.parametrize("question", [
    "what domestic title did atletico hold going into the 2020 tie",
    "¿qué título defendía el atlético en 2020?",
])
def test_a_title_no_fact_says_the_club_held_is_declined(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, answer.text
    assert answer.reason == "asked-detail:title-held", (answer.reason, answer.text)


def test_leading_the_league_is_the_leaders_place(engine: Engine) -> None:
    answer = engine.answer("were the reds leading the premier league when they met atleti in 2020")
    assert answer.answered, (answer.reason, answer.text)
    assert "leaders" in answer.text


def test_the_first_leg_a_club_lost_by_the_most_is_worked_out(engine: Engine) -> None:
    answer = engine.answer("in which opening leg did the reds suffer their heaviest defeat")
    assert answer.answered, (answer.reason, answer.text)
    assert answer.reason == "worked-out:widest-lost"
    assert "5-2" in answer.text and "3 goals" in answer.text


def test_the_first_leg_a_club_won_by_the_most_is_worked_out_in_spanish(engine: Engine) -> None:
    answer = engine.answer("¿qué ida ganó el real madrid por más goles?")
    assert answer.reason == "worked-out:widest-won", (answer.reason, answer.text)
    assert "5-2" in answer.text


def test_a_club_that_won_no_first_leg_gets_no_widest_win(engine: Engine) -> None:
    answer = engine.answer("which first leg did liverpool win by the biggest margin")
    assert not answer.reason.startswith("worked-out"), answer.text


def test_each_first_leg_margin_is_told_across_the_ties(engine: Engine) -> None:
    answer = engine.answer("how many goals down were the reds after each opening leg")
    assert answer.reason == "worked-out:margin", (answer.reason, answer.text)
    for told in ("1 behind", "2 behind", "3 behind"):
        assert told in answer.text


def test_one_ties_deficit_is_still_the_facts_words(engine: Engine) -> None:
    answer = engine.answer("how many goals behind were liverpool after the 2021 first leg")
    assert answer.answered, (answer.reason, answer.text)
    assert not answer.reason.startswith("worked-out:margin")
    assert "3-1" in answer.text


@pytest.mark.parametrize(("question", "wanted"), [
    # The opponent right after the leg only dates the question: the league game asked about is the other club's.
    ("how did madrid get on in their last la liga game before the 2023 return leg against the reds", "Espanyol"),
    ("¿cómo le fue al madrid en la liga justo antes de la vuelta contra el liverpool en 2023?", "Espanyol"),
])
def test_the_opponent_after_a_second_leg_moment_only_dates_it(engine: Engine, question: str, wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert wanted in answer.text.split("\n\n")[0]


@pytest.mark.parametrize("turns", [
    ("which correspondent backed liverpool to go through", "and did it come true"),
    ("¿quién apostó por el atlético?", "¿se hizo realidad?"),
    ("what was simeone's message before the trip to anfield", "and what did he say afterwards"),
])
def test_how_things_turned_out_asked_briefly_is_after_the_articles(engine: Engine, turns: tuple[str, ...]) -> None:
    answer = _dialog(engine, *turns)
    assert not answer.answered, answer.text
    assert answer.reason == "after-the-articles", (answer.reason, answer.text)


def test_it_after_a_leg_is_that_leg_whoever_is_named(engine: Engine) -> None:
    answer = _dialog(engine, "when was the 2021 return leg at anfield", "did the reds win it?")
    assert not answer.answered, answer.text
    assert answer.reason == "after-the-articles", (answer.reason, answer.text)


@pytest.mark.parametrize(("question", "wanted"), [
    # A deficit called a gap, a side's hopes called its ambitions or prospects: the facts' own words for them.
    ("the reds lost 3-1 away in 2021, how wide was that gap", "3-1"),
    ("what did losing 1-0 to bournemouth do to the reds' league prospects in 2023", "top four"),
])
def test_fans_words_for_a_gap_and_for_hopes(engine: Engine, question: str, wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert wanted in answer.text


def test_the_club_met_only_dates_a_title_held(engine: Engine) -> None:
    # "When they met Madrid" sets the time of the tie: Madrid is no subject a fact must name.
    answer = engine.answer("what domestic crown did the reds hold when they met real in 2021")
    assert answer.answered, (answer.reason, answer.text)
    assert "Premier League champions" in answer.text


@pytest.mark.parametrize(("question", "reason", "wanted"), [
    ("did the reds manage to win any of the opening legs", "worked-out:any-won", "No:"),
    ("did real madrid lose a single first leg against liverpool", "worked-out:any-lost", "No:"),
    ("¿perdió el madrid alguna ida contra el liverpool?", "worked-out:any-lost", "No:"),
])
def test_whether_a_club_won_or_lost_any_first_leg(engine: Engine, question: str, reason: str, wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.reason == reason, (answer.reason, answer.text)
    assert answer.text.startswith(wanted)


def test_any_without_a_first_leg_is_not_worked_out(engine: Engine) -> None:
    answer = engine.answer("did madrid lose any players to injury before the bernabeu")
    assert not answer.reason.startswith("worked-out"), answer.text
