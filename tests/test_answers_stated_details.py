"""Details the articles do state, asked with words that also name a detail they don't (issue 11).

A detail's cue word can mean something else in a question: "the final score" is no final of a
competition, "which ground's fans" asks about the fans, "to channel energy" is no TV channel, and
"what would a club be missing" is what it would lack, not a player out. Read as the detail, the
question was declined although a fact answers it. The words live in the language file's details;
each test here pairs the other sense with the detail still asked plainly. A game named by its
ground alone ("did they win at Anfield") is that leg, for the result gate. Every question is
written for this file.
"""

from __future__ import annotations

from bot.core.answering.engine import Engine


def test_a_final_score_tipped_by_an_expert_is_his_prediction(engine: Engine) -> None:
    answer = engine.answer("which final score was Lynch tipping for Liverpool v Atletico at Anfield?")
    assert answer.answered, (answer.reason, answer.text)
    assert "2-0" in answer.text, answer.text


def _asked(engine: Engine, question: str) -> list[str]:
    """The details the engine reads a fresh English question as asking for."""
    view = engine._snapshot.view("en")
    q = view.reader.read(question, None)
    return [d.name for d in view.attributes.asked(q.raw_tokens, q.tokens, person=bool(q.people))]


def test_the_final_of_a_competition_is_still_asked(engine: Engine) -> None:
    assert "final" in _asked(engine, "who did liverpool face in the 2019 final")
    assert "final" not in _asked(engine, "what was the final scoreline in the 2016 game")


def test_a_grounds_crowd_is_about_the_crowd_not_where_a_game_was(engine: Engine) -> None:
    answer = engine.answer("which ground's supporters would Atletico be missing at Anfield, per Lynch?")
    assert answer.answered, (answer.reason, answer.text)
    assert "Metropolitano" in answer.text, answer.text


def test_which_stadium_is_still_asked_as_the_venue(engine: Engine) -> None:
    answer = engine.answer("which stadium hosted the 2020 first leg?")
    assert answer.answered, (answer.reason, answer.text)
    assert "Metropolitano" in answer.text or "Madrid" in answer.text, answer.text


def test_to_channel_something_is_a_verb_not_a_tv_channel(engine: Engine) -> None:
    answer = engine.answer("what energy did Klopp want his players to channel with no fans there?")
    assert answer.answered, (answer.reason, answer.text)
    assert "channel your energy" in answer.text, answer.text


def test_a_tv_channel_is_still_the_broadcast_detail(engine: Engine) -> None:
    answer = engine.answer("which channel has the Anfield game on")
    assert answer.reason == "asked-detail:broadcast", (answer.reason, answer.text)


def test_a_player_missing_is_still_asked_as_injuries(engine: Engine) -> None:
    assert "injuries" in _asked(engine, "who will be missing for Atletico at Anfield")
    assert "injuries" in _asked(engine, "is Suarez missing the game")
    assert "injuries" not in _asked(engine, "what will Madrid be missing without their fans")


def test_a_result_at_the_unplayed_legs_ground_is_after_the_articles(engine: Engine) -> None:
    answer = engine.answer("so did real madrid beat liverpool at the bernabeu in 2023, what was the score")
    assert not answer.answered and answer.reason == "after-the-articles", (answer.reason, answer.text)


def test_a_ground_named_as_a_moment_is_not_that_leg(engine: Engine) -> None:
    answer = engine.answer("how did liverpool get on in the league before the bernabeu in 2023")
    assert answer.reason != "after-the-articles", (answer.reason, answer.text)


def test_reigning_champions_is_what_a_fact_of_champions_states(engine: Engine) -> None:
    answer = engine.answer("going into the 2021 real madrid quarter, liverpool were the reigning what?")
    assert answer.answered, (answer.reason, answer.text)
    assert "Premier League champions" in answer.text, answer.text


def test_what_the_aggregate_was_is_a_score_a_fact_must_state(engine: Engine) -> None:
    answer = engine.answer("reds v dortmund in the europa league, what was the aggregate")
    assert answer.answered, (answer.reason, answer.text)
    assert "5-4" in answer.text, answer.text


def test_where_someone_said_it_is_the_outlet_a_fact_names(engine: Engine) -> None:
    answer = engine.answer("where did klopp talk about the empty anfield")
    assert answer.answered, (answer.reason, answer.text)
    assert "website" in answer.text, answer.text


def test_where_someone_said_it_is_declined_when_no_fact_names_an_outlet(engine: Engine) -> None:
    answer = engine.answer("where did ancelotti say madrid would not just defend")
    assert answer.reason == "asked-detail:said-where", (answer.reason, answer.text)


def test_a_correspondent_said_it_in_the_preview_itself(engine: Engine) -> None:
    answer = engine.answer("where did hayward say atletico would edge through")
    assert answer.answered and "Hayward" in answer.text, (answer.reason, answer.text)
