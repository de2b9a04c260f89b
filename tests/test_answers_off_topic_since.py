"""Off-topic and near-domain questions that used to get a confident fact are declined (issue 11, off-topic).

What became of someone since the articles ("is he still in charge", "¿sigue en el club?"), the bot's own
team, betting, a club's president or owner, a league won, and "this season" / "ahora" with no tie named:
no fact states any of it, though a fact naming the manager, the favourites or a league game shares words
with each. Look-alikes about the ties stay answered. Every question is written for this file; the engine and
the knowledge files are the real ones.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize("question", [
    "is ancelotti still managing madrid?",
    "is klopp still in charge of the reds",
    "what became of simeone",
    "¿todavía entrena Simeone al Atleti?",
    "¿qué ha sido de Ancelotti?",
    "who do u root for",
    "which club would you support in the 2021 tie",
    "¿eres del Madrid o del Liverpool?",
    "any good acca for the bernabeu game",
    "¿merece la pena apostar por el Liverpool?",
    "who's the atleti president",
    "¿quién es el dueño del Liverpool?",
    "will liverpool win the prem this season",
    "did atleti win la liga that year, 2020?",
    "¿el Atlético ganó la liga en 2021?",
    "¿quién manda ahora en el Liverpool?",
    # a club's nickname explained, the clásico, the time somewhere, a bare request to translate
    "why is real madrid nicknamed los blancos",
    "¿por qué al Madrid le dicen merengues?",
    "who takes el clasico this weekend",
    "¿cómo quedó el último clásico?",
    "whats the time in liverpool right now",
    "translate ynwa for me",
])
def test_off_topic_and_near_domain_questions_are_declined(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, (answer.reason, answer.text)


@pytest.mark.parametrize(("question", "wanted"), [
    # what was still at stake, who were the favourites, who the manager was then: the ties' own talk
    ("what was still at stake for liverpool in 2021", "trophy"),
    ("who were the favourites before the atleti tie", "favourites"),
    ("who was atleti's coach for the 2020 tie", "Simeone"),
    ("what did the experts predict for the 2020 second leg", "2-"),
])
def test_look_alikes_about_the_ties_stay_answered(engine: Engine, question: str, wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert wanted in answer.text
