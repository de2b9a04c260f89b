"""The details inside what the experts and managers said, and the context of a tie.

Every question here is written for this file (none comes from an evaluation set); each aims at one
mechanism: the view of the person named (not another speaker's), the aggregate an expert's tip states,
a phrase saying whose view is asked being no topic.
"""

from __future__ import annotations

from bot.core.answering.engine import Engine


def test_the_view_asked_is_the_named_experts_not_another_speakers(engine: Engine) -> None:
    # Lynch's column on form, not Hayward's, though both speak of how the Reds were playing.
    answer = engine.answer("was liverpool's form any good before the atleti return, according to lynch?")
    assert answer.answered and answer.facts, answer.text
    assert all("lynch" in f for f in answer.facts), answer.facts


def test_an_aggregate_asked_of_an_expert_is_the_one_his_tip_states(engine: Engine) -> None:
    answer = engine.answer("what agg was lynch going with")
    assert answer.answered and "2-1" in answer.text, answer.text


def test_whose_view_is_asked_is_no_topic(engine: Engine) -> None:
    engine.answer("what was hayward's call for anfield", "experts-view")
    answer = engine.answer("and by what route does simeone's side progress in his opinion", "experts-view")
    assert answer.answered and "away goals" in answer.text, answer.text


def test_what_a_side_protects_is_the_title_it_holds(engine: Engine) -> None:
    answer = engine.answer("what were madrid trying to protect vs liverpool in 2023")
    assert answer.answered and "holders" in answer.text, answer.text
    spanish = engine.answer("q intentaba proteger el madrid en 2023")
    assert spanish.answered and "vigente" in spanish.text, spanish.text


def test_a_lead_protected_is_a_lead_defended_not_a_title(engine: Engine) -> None:
    answer = engine.answer("ancelotti planning to protect the lead at the bernabeu?")
    assert answer.answered and answer.facts[0].startswith("ancelotti-2023"), answer.facts
    assert "not" in answer.text, answer.text


def test_or_nah_asks_yes_or_no_and_is_no_topic(engine: Engine) -> None:
    answer = engine.answer("were the reds defending the ucl crown in 2020 or nah")
    assert answer.answered and "defence" in answer.text and "nah" not in answer.text, answer.text


def test_the_coach_asked_ahead_of_a_game_in_fans_shorthand(engine: Engine) -> None:
    answer = engine.answer("who was in charge of rm ahead of the return leg with liverpool")
    assert answer.answered and "Ancelotti" in answer.text, answer.text


def test_the_manager_who_beat_a_club_is_the_other_sides(engine: Engine) -> None:
    answer = engine.answer("which boss beat liverpool 1-0 in 2020")
    assert answer.answered and "Simeone" in answer.text, answer.text
    spanish = engine.answer("q entrenador le gano 5-2 al liverpool en 2023")
    assert spanish.answered and "Ancelotti" in spanish.text, spanish.text
    # The 2021 article names no Real Madrid coach: the other side's manager is declined, not Klopp given.
    unnamed = engine.answer("who was the coach that beat lfc 3-1 in 2021")
    assert unnamed.reason == "manager-not-named:real-madrid", (unnamed.reason, unnamed.text)


def test_where_words_were_published_is_answered_by_the_fact_saying_so(engine: Engine) -> None:
    answer = engine.answer("where were klopp's remarks on reaching the semis posted in 2021")
    assert answer.answered and "website" in answer.text, answer.text
    spanish = engine.answer("donde se publicaron las declaraciones de klopp en 2021")
    assert spanish.answered and "web" in spanish.text, spanish.text
    # No fact says where Ancelotti's words came out: declined for that detail, not answered with a quote.
    unknown = engine.answer("where were ancelotti's remarks on the three-goal lead printed")
    assert unknown.reason == "asked-detail:published-where", (unknown.reason, unknown.text)


def test_a_precedent_an_expert_drew_on_is_the_past_game_he_recalled(engine: Engine) -> None:
    answer = engine.answer("what previous tie did hayward compare it to")
    assert answer.answered and "Bayern" in answer.text, answer.text
    engine.answer("hayward's tip for anfield?", "precedent")
    followup = engine.answer("which earlier result of atleti's did he liken it to", "precedent")
    assert followup.answered and "Bayern" in followup.text, followup.text
