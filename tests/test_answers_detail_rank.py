"""The fact holding the asked detail wins over a more general one (issue 11, class 5).

A question asking the bot itself to tell ("could you tell me whether ...") asks for an answer, not
for what someone said: the language files' `requests` phrases are neither a topic nor a quote cue,
so a player never quoted is still asked about. "Trying to defend" is about the defending: a passing
"try" in a quote does not outweigh a fact holding the defence asked about. Every question is
written for this file (none comes from an evaluation set).
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize(("question", "fact"), [
    ("can you tell me whether Benzema was fit for the return leg against Liverpool?",
     "real-madrid-2023-mendy-benzema-available"),
    ("me puedes decir si Salah falló un penalti contra el Bournemouth?", "salah-2023-missed-penalty"),
])
def test_a_request_to_tell_is_no_quote_asked(engine: Engine, question: str, fact: str) -> None:
    answer = engine.answer(question)
    assert answer.answered and answer.facts[0] == fact, (answer.reason, answer.facts, answer.text)


def test_a_request_to_tell_what_someone_said_is_still_a_quote(engine: Engine) -> None:
    answer = engine.answer("can you tell me what Ancelotti said about speculating?")
    assert answer.answered and answer.facts[0] == "ancelotti-2023-quote-speculate", (answer.reason, answer.facts)


# --- the verb after "trying to" is the topic; a defence is defending ------------------------------
def test_trying_to_defend_asks_the_defence_not_a_quote_with_try(engine: Engine) -> None:
    answer = engine.answer("was madrid trying to defend a trophy in 2023?")
    assert answer.answered and answer.facts[0] == "real-madrid-2023-title-defence", (answer.reason, answer.facts)


def test_defending_a_lead_is_still_the_coachs_words(engine: Engine) -> None:
    answer = engine.answer("what did ancelotti say about defending the lead?")
    assert answer.answered and answer.facts[0] == "ancelotti-2023-quote-speculate", (answer.reason, answer.facts)
