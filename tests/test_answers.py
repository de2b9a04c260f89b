"""The answers fans expect: overviews, shorthand, relative time, the experts' words, the right tie,
clean declines, follow-ups read afresh, concise answers.

Every question here is written for this file (none comes from an evaluation set); each is aimed at
one mechanism, and the reason code says which stage decided.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


def ask(engine: Engine, question: str, conversation: str | None = None):
    return engine.answer(question, conversation)


# --- overviews -------------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "score"), [
    ("give me the background to the 2021 quarter-final", "3-1"),
    ("catch me up on lfc v atm", "1-0"),
    ("rm liverpool 23 in a nutshell", "5-2"),
])
def test_an_overview_of_one_tie_tells_its_legs_and_what_was_at_stake(engine: Engine, question: str,
                                                                      score: str) -> None:
    answer = ask(engine, question)
    assert answer.reason == "overview", (answer.reason, answer.text)
    assert score in answer.text and "First leg" in answer.text and "Second leg" in answer.text
    assert "not yet played when the article was written" in answer.text
    assert answer.facts, "the tie's key facts follow its legs"


def test_an_overview_of_every_tie_is_a_line_each(engine: Engine) -> None:
    answer = ask(engine, "run me through every tie you cover")
    assert answer.reason == "overview-per-tie"
    assert all(s in answer.text for s in ("1-0", "3-1", "5-2")) and answer.text.count("\n•") == 3


def test_a_bare_tie_named_gets_its_overview_but_a_question_about_something_else_does_not(engine: Engine) -> None:
    assert ask(engine, "liverpool real madrid 2021").reason == "overview"
    assert not ask(engine, "how's the weather looking for the 2021 tie").answered


# --- fan shorthand, years, relative time ---------------------------------------------------------
@pytest.mark.parametrize(("question", "needle"), [
    ("h2h rm v lfc before the 2nd leg", "their last seven"),
    ("atm 1st leg result", "1-0"),
    ("rm v lfc in 23, 1st leg?", "5-2"),
    ("the tie the year after the atleti one: 1st leg score?", "3-1"),
    ("who did madrid beat in the final the season before the 2023 tie", "Liverpool"),
])
def test_shorthand_two_digit_years_and_relative_time_are_read(engine: Engine, question: str, needle: str) -> None:
    answer = ask(engine, question)
    assert answer.answered and needle in (answer.full_text or answer.text), (answer.reason, answer.text)


def test_a_year_before_in_a_follow_up_counts_from_the_tie_before(engine: Engine) -> None:
    ask(engine, "who did liverpool meet in the 2021 quarter-final", "rel")
    answer = ask(engine, "and the year before?", "rel")
    assert answer.answered and "Atlético" in answer.text, answer.text


# --- the experts' own words ---------------------------------------------------------------------
@pytest.mark.parametrize(("question", "needle"), [
    ("what's hayward's take on liverpool's form", "off the boil"),
    ("lynch on atletico frustrating the reds for another 90 minutes", "huge ask"),
])
def test_a_correspondents_column_answers_what_they_think(engine: Engine, question: str, needle: str) -> None:
    answer = ask(engine, question)
    assert answer.answered and needle in answer.text, (answer.reason, answer.text)


def test_someone_never_quoted_is_still_declined(engine: Engine) -> None:
    answer = ask(engine, "what did roberto firmino tell reporters")
    assert not answer.answered and answer.reason.startswith(("not-quoted:", "not-about:"))


# --- the right tie, and what the articles do not cover -------------------------------------------
@pytest.mark.parametrize("question", [
    "how did porto get on in the champions league",
    "is virgil van dijk fit for the madrid game",
    "how far did the reds go in the fa cup",
])
def test_a_club_player_or_competition_the_articles_do_not_cover_is_declined(engine: Engine, question: str) -> None:
    answer = ask(engine, question)
    assert not answer.answered and answer.reason.startswith("not-about:"), (answer.reason, answer.text)


@pytest.mark.parametrize("question", ["when do liverpool play next", "what was the score last night"])
def test_time_the_articles_cannot_cover_names_the_ties_they_do(engine: Engine, question: str) -> None:
    answer = ask(engine, question)
    assert answer.reason == "time-not-covered"
    assert all(year in answer.text for year in ("2020", "2021", "2023"))


@pytest.mark.parametrize("question", [
    "any chance of rain over merseyside tonight", "what's the population of the spanish capital",
])
def test_off_topic_questions_get_no_fact(engine: Engine, question: str) -> None:
    assert not ask(engine, question).answered


def test_a_question_asked_of_every_tie_is_answered_tie_by_tie(engine: Engine) -> None:
    every = ask(engine, "in which of the three ties did liverpool trail by the most after the first leg")
    assert every.reason == "answered-per-tie" and every.text.count("\n•") == 3
    madrid = ask(engine, "in which tie were madrid the reigning champions")  # the ties of the club named
    assert madrid.reason == "answered-per-tie" and madrid.text.count("\n•") == 2


# --- follow-ups ---------------------------------------------------------------------------------
def test_after_a_decline_the_next_question_is_read_fresh(engine: Engine) -> None:
    assert not ask(engine, "who refereed the anfield leg in 2021", "fresh").answered
    answer = ask(engine, "what did ancelotti say to his players", "fresh")
    assert answer.answered and answer.tie == "real-madrid-liverpool-2023", answer.text


def test_a_follow_up_about_the_man_an_answer_named_asks_about_him(engine: Engine) -> None:
    ask(engine, "who was in charge of atletico in 2020", "him")
    answer = ask(engine, "and his words to reporters beforehand?", "him")
    assert not answer.answered and answer.reason == "not-quoted:diego-simeone", (answer.reason, answer.text)


def test_a_follow_up_asking_nothing_new_asks_the_same_of_another_club(engine: Engine) -> None:
    ask(engine, "who got madrid's goals at anfield", "same")
    answer = ask(engine, "and liverpool's?", "same")
    assert not answer.answered and answer.reason == "asked-detail:scorers", (answer.reason, answer.text)


def test_the_other_leg_of_an_unplayed_tie_is_after_the_articles(engine: Engine) -> None:
    ask(engine, "liverpool v real madrid 2021 opening leg score", "other")
    assert ask(engine, "and the other leg?", "other").reason == "after-the-articles"


# --- concise answers ------------------------------------------------------------------------------
def test_an_answer_is_one_or_two_facts_that_do_not_restate_each_other(engine: Engine) -> None:
    for question in ("how did madrid come back in the anfield leg", "what was the 2023 first leg score"):
        answer = ask(engine, question)
        assert answer.answered and 1 <= len(answer.facts) <= 2


def test_a_long_quote_is_cut_to_the_part_asked_about(engine: Engine) -> None:
    answer = ask(engine, "klopp's word for the special anfield nights")
    assert answer.full_text is not None and len(answer.text) < len(answer.full_text)
    assert "'together'" in answer.text and "…" in answer.text
