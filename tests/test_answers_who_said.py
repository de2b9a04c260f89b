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
