""""Describe" asks for someone's words only when a person is its subject.

"How did Ancelotti describe the approach" asks what Ancelotti said; "describe the lead-up to the 2020
game" or "how does the 2023 preview describe Madrid's run" asks to hear about the tie, as "tell me
about" does: the verb (`speaker_verbs` in the language files) is then no sign of a quote, nor a topic
word matching a quote that holds it. A person named after the verb as its object ("against Simeone's
Atlético") is not quoted for it. Every question here is written for this file (none comes from an
evaluation set); the engine and the knowledge files are the real ones.
"""

from __future__ import annotations

import itertools

import pytest

from bot.core.answering.engine import Engine

_conversations = itertools.count()


@pytest.mark.parametrize(("question", "needle"), [
    # opening the request, a person named only after it
    ("describe the lead-up to Liverpool against Simeone's Atletico in 2020", "1-0"),
    ("describe the state of play before the Bernabeu second leg in 2023", "5-2"),
    # an article as the subject, active or passive
    ("how does the 2023 preview describe Madrid's run against Liverpool", "5-2"),
    ("how is Liverpool's 2021 campaign described in the preview", "3-1"),
    # Spanish: the request, and an article as the subject after the verb
    ("descríbeme la eliminatoria de 2021", "3-1"),
    ("¿cómo describe el artículo de 2020 la eliminatoria antes de la vuelta?", "1-0"),
])
def test_describe_with_no_person_as_subject_asks_for_the_tie(engine: Engine, question: str, needle: str) -> None:
    answer = engine.answer(question)
    assert answer.answered and answer.intent != "quote", (answer.reason, answer.text)
    assert needle in answer.text, answer.text


def test_describe_opening_a_spanish_request_matches_no_quote_holding_the_word(engine: Engine) -> None:
    # Klopp's quote says he "describes" the nights with one word: the request word is no topic of it.
    answer = engine.answer("descríbeme la previa del partido de 2021 en Anfield")
    assert "klopp-2021-quote-together" not in answer.facts, (answer.reason, answer.facts)
    assert answer.intent != "quote", answer.reason


@pytest.mark.parametrize(("question", "fact"), [
    ("how did Ancelotti describe the approach for the 2023 return leg", "ancelotti-2023-open-second-leg"),
    ("how was the Madrid squad's talent described by Klopp in 2021", "klopp-2021-quote-greatest-talent"),
    ("which phrase did the Liverpool boss use to describe anfield's big european nights", "klopp-2021-quote-together"),
    ("¿cómo describió Trent el plan del Liverpool en 2023?", "alexander-arnold-2023-quote-something-special"),
])
def test_describe_with_a_person_as_subject_asks_what_they_said(engine: Engine, question: str, fact: str) -> None:
    answer = engine.answer(question)
    assert answer.intent == "quote" and answer.reason == "answered", (answer.reason, answer.text)
    assert fact in answer.facts, answer.facts


@pytest.mark.parametrize("follow_up", ["and how did he describe liverpool?", "how was the approach described?"])
def test_describe_in_a_follow_up_leans_on_the_last_questions_speaker(engine: Engine, follow_up: str) -> None:
    conversation = f"describe-{next(_conversations)}"
    engine.answer("what did ancelotti say before the 2023 return leg", conversation)
    answer = engine.answer(follow_up, conversation)
    assert answer.intent == "quote" and answer.reason == "answered", (answer.reason, answer.text)
    assert any(f.startswith("ancelotti-") for f in answer.facts), answer.facts
