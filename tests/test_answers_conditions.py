"""A condition the question is put under is not what it asks; how a game unfolded is its result (issue 11, class 5).

"If Atlético scored at Anfield" in a question about what Liverpool would then need names a condition:
it does not ask whether a player scored, so the `player-scored` detail (its `condition` words in the
language file) is not asked and the fact stating the consequence answers. Asked plainly, whether a
person scored is still that detail. Every question is written for this file.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


def test_a_goal_under_if_is_a_condition_not_a_scorer_asked(engine: Engine) -> None:
    answer = engine.answer("per Ben Hayward, how many goals would the Reds need if Simeone's side scored at Anfield?")
    assert answer.answered, (answer.reason, answer.text)
    assert "player-scored" not in answer.reason
    assert engine.knowledge.facts[answer.facts[0]].speaker == "ben-hayward", answer.facts


def test_whether_a_person_scored_is_still_asked(engine: Engine) -> None:
    answer = engine.answer("did Ben Hayward score at Anfield against Atletico?")
    assert "player-scored" in answer.reason or not answer.answered, (answer.reason, answer.text)


# --- "how did <a game> unfold / play out" asks for that game's result, like "how did it go" ------------
@pytest.mark.parametrize("question", [
    "how did the 2021 first leg in Madrid play out?",
    "so how did the Bernabeu first leg unfold?",
])
def test_how_a_game_unfolded_asks_its_result(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert "3-1" in answer.text, answer.text
