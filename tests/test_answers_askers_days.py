"""The asker's own days ("last week", "this month", "la semana pasada") are after the articles (issue 11).

"What did they do last weekend" asks about the fan's calendar, not the previews': it gets the reply that
names the three ties covered, as "last night" and "next game" do. "Tonight" is not among them: fans ask
the experts' tips "for tonight" in the preview's own frame. The weekend before a leg stays answered.
Every question is written for this file; the engine and the knowledge files are the real ones.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize("question", [
    "how did the reds get on last week",
    "atleti score last weekend?",
    "any madrid games this month",
    "who does lfc face next month",
    "¿qué tal le fue al Atleti la semana pasada?",
    "¿cómo quedó el Madrid el fin de semana pasado?",
])
def test_the_askers_own_days_name_the_ties_covered(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, answer.text
    assert answer.reason == "time-not-covered", answer.reason
    assert "2021" in answer.text and "2023" in answer.text  # the ties it does know


@pytest.mark.parametrize(("question", "wanted"), [
    ("how did liverpool get on the weekend before the 2023 second leg", "Bournemouth"),
    ("ben hayward's tip for tonight's 2020 game?", "2-1"),
])
def test_the_previews_own_days_stay_answered(engine: Engine, question: str, wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert wanted in answer.text
