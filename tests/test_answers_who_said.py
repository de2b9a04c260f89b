"""Who said what: the statement of the person asked that is about the point asked, and whose words a paraphrase is.

Every question here is written for this file (none comes from an evaluation set); each aims at one
mechanism: a verb of saying asks whose words, not a topic; how words were said ("joked that") is what
was said; a condition weighed ("what happens if") is no past event's story; fans' spellings and a
paraphrase's own words ("no shock") reach the statement's words ("no surprise").
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize(("question", "speaker", "needle"), [
    # a tip is a statement too: asked whose words, the expert's prediction answers
    ("who reckoned the reds would keep atleti out and win by two at anfield", "lynch", "2-0"),
    ("who warned that one atleti goal would leave the reds needing three", "hayward", "three"),
    # "joked that": what he said, in other words than the quote's
    ("which boss joked that his lot never did anything the easy way", "klopp", "easy way"),
])
def test_whose_words_a_paraphrase_is_names_the_speaker(engine: Engine, question: str, speaker: str,
                                                       needle: str) -> None:
    answer = engine.answer(question)
    assert answer.answered and answer.facts, answer.text
    assert speaker in answer.facts[0] or speaker in answer.text.lower(), (answer.facts, answer.text)
    assert needle in answer.text, answer.text


def test_a_joke_asked_for_is_no_ones_words(engine: Engine) -> None:
    answer = engine.answer("tell me a joke about atleti's supporters")
    assert not answer.answered, answer.text


def test_the_verb_of_saying_is_no_topic_of_the_named_speakers_statements(engine: Engine) -> None:
    # "say" is in every statement of his ("said"): the point asked, away goals, picks his tip
    answer = engine.answer("what does hayward say bout the tie going to away goals")
    assert answer.answered and answer.facts[0] == "atletico-2020-hayward-prediction", (answer.facts, answer.text)
    assert "away goals" in answer.text


@pytest.mark.parametrize(("question", "fact"), [
    ("hayward: what happens if simeone's men find the net at anfield", "atletico-2020-if-atletico-score"),
    ("lynch - what would happen if the reds got an early one", "atletico-2020-early-goal"),
    ("q pasaria si marcan los colchoneros en anfield segun hayward", "atletico-2020-if-atletico-score"),
])
def test_a_condition_weighed_is_the_experts_view_not_history(engine: Engine, question: str, fact: str) -> None:
    answer = engine.answer(question)
    assert answer.answered and answer.facts[0] == fact, (answer.facts, answer.text)


def test_an_aggregate_an_expert_went_for_is_his_tip(engine: Engine) -> None:
    answer = engine.answer("which agg did lynch go for in the end")
    assert answer.answered and answer.facts[0] == "atletico-2020-lynch-prediction", (answer.facts, answer.text)


@pytest.mark.parametrize(("question", "needle"), [
    ("klopp reckoned it was no shock how strong madrid are?", "surprise"),
    ("a klopp le sorprende lo buenos q son los blancos?", "sorpresa"),
])
def test_a_paraphrase_reaches_the_quotes_own_words(engine: Engine, question: str, needle: str) -> None:
    answer = engine.answer(question)
    assert answer.answered and answer.facts[0] == "klopp-2021-quote-greatest-talent", (answer.facts, answer.text)
    assert needle in answer.text


def test_asked_of_nothing_in_particular_a_speaker_is_told_by_his_main_statement(engine: Engine) -> None:
    # only a frame word beside the verb ("anything"): not the statement that happens to hold that word
    answer = engine.answer("has klopp said anything ahead of the madrid return leg")
    assert answer.answered and answer.facts, answer.text
    assert "klopp-2021-quote-easy-way" not in answer.facts, answer.facts
    assert "perfect performance" in answer.text, answer.text


def test_a_statement_taught_a_question_like_it_is_not_summed_up(engine: Engine) -> None:
    answer = engine.answer("klopp said lfc had the entire what??")
    assert answer.answered and answer.facts[0] == "klopp-2021-quote-entire-package", (answer.facts, answer.text)


def test_the_on_the_night_view_is_the_experts_own_fact(engine: Engine) -> None:
    answer = engine.answer("was hayward backing the reds to take the game itself at anfield")
    assert answer.answered and answer.facts[0] == "hayward-2020-liverpool-to-win-on-the-night", answer.facts


def test_a_moment_of_the_game_is_told_in_minutes(engine: Engine) -> None:
    answer = engine.answer("from which moment did carlo expect his team to be switched on")
    assert answer.answered and "first minute" in answer.text, answer.text


def test_a_club_asked_by_its_country_is_the_past_game_the_expert_cited(engine: Engine) -> None:
    answer = engine.answer("hayward brought up a german club atleti got past, which one")
    assert answer.answered and "Bayern" in answer.text, answer.text


def test_an_open_game_is_told_in_the_word_fans_use(engine: Engine) -> None:
    answer = engine.answer("carlo preveia un partido abierto en la vuelta?")
    assert answer.answered and "abierto" in answer.text, answer.text


@pytest.mark.parametrize(("question", "fact"), [
    # asked of one of them: whoever of the experts said it answers, not each expert's tip in a line
    ("did the experts say anything about atleti's home support", "atletico-2020-frustrated-liverpool"),
    ("which one of the pundits thought atleti would sneak it on away goals", "atletico-2020-hayward-prediction"),
    ("did the experts mention the winter break", "atletico-2020-lynch-form"),
    ("dijeron los expertos algo sobre la aficion del atleti", "atletico-2020-frustrated-liverpool"),
])
def test_a_role_asked_as_one_of_its_holders_is_answered_by_their_words(engine: Engine, question: str,
                                                                       fact: str) -> None:
    answer = engine.answer(question)
    assert answer.answered and answer.facts[0] == fact, (answer.facts, answer.text)


def test_every_holder_of_a_role_asked_for_is_still_told_in_a_line(engine: Engine) -> None:
    answer = engine.answer("what were the experts' tips for the atleti return leg")
    assert answer.reason == "listed-people", (answer.reason, answer.text)
