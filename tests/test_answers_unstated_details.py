"""Details no fact states, asked of a person, a club or a season: declined with the detail's own reply.

Every question here is written for this file (none comes from an evaluation set). A fact about the
person or club asked of ("Klopp", "Atlético") is no answer to their accounts online, their owners, where
they come from or their faith; a season's winner or final place is decided after the articles; a season
written as two years ("2020-21") is the one season, read as the year it ends in.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize(("question", "reason"), [
    ("does Jurgen Klopp have an instagram account", "asked-detail:social-media"),
    ("what's Trent's twitter name", "asked-detail:social-media"),
    ("who is the owner of atletico madrid", "asked-detail:ownership"),
    ("where is Thiago from originally", "asked-detail:origin"),
    ("did Simeone grow up in Buenos Aires", "asked-detail:origin"),
    ("is Benzema religious", "asked-detail:private-life"),
    ("bernabeu renovation when does it finish", "asked-detail:ground-works"),
    ("who won the madrid derby", "asked-detail:derby"),
    ("what group did Real Madrid top that year", "asked-detail:group"),
])
def test_a_detail_no_fact_states_is_declined_whatever_the_facts_say_of_them(engine: Engine, question: str,
                                                                            reason: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, answer.text
    assert answer.reason == reason, (answer.reason, answer.text)


@pytest.mark.parametrize("question", [
    "who lifted the la liga trophy in the 2022/23 season",
    "ucl winners 2021?",
    "where did atletico end up in the league in 2020",
    "where did real madrid finish in la liga in 2022-23",
])
def test_a_season_the_articles_were_written_in_is_decided_after_them(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, answer.text
    assert answer.reason == "after-the-articles", (answer.reason, answer.text)


def test_a_season_of_two_years_is_the_one_it_ends_in(engine: Engine) -> None:
    answer = engine.answer("who won the european cup in 2018-19")
    assert answer.answered, answer.text
    assert "2019" in answer.text and "Liverpool" in answer.text


def test_a_club_asked_as_champions_in_a_ties_year_is_last_seasons_title(engine: Engine) -> None:
    answer = engine.answer("were liverpool the premier league champions when they faced madrid in 2021")
    assert answer.answered, answer.text
    assert "champions" in answer.text.lower()


def test_where_someones_words_come_from_is_not_where_they_come_from(engine: Engine) -> None:
    answer = engine.answer("where did Ancelotti's 2023 comments come from")
    assert answer.reason != "asked-detail:origin", answer.text


@pytest.mark.parametrize(("question", "reason"), [
    ("did Trent start the first leg against atletico", "asked-detail:player-started"),
    ("did Thiago score in the 3-1 defeat", "asked-detail:player-scored"),
])
def test_a_players_part_in_a_game_is_told_only_by_a_fact_about_that_game(engine: Engine, question: str,
                                                                       reason: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, answer.text
    assert answer.reason == reason, (answer.reason, answer.text)


def test_the_scorers_of_a_game_named_by_its_scoreline_are_still_told(engine: Engine) -> None:
    answer = engine.answer("which players got the goals in the 5-2")
    assert answer.answered, answer.text
    assert "Benzema" in answer.text
