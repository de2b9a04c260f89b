"""Opinions asked of the bot and the fan's own dates are declined; a game's date and a quote stay answered.

"Is one player better than another" is an opinion no preview gives (`better-than` in the language
files), though a fact about one of them shares his name; a "first date" or a plan with one's partner is
the fan's evening (`everyday-errands`), not a game's date. Spanish "cita" is also a quote, so only the
partner words ask it there. Every question is written for this file; the engine and the knowledge
files are the real ones.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize("question", [
    "is trent better than reece james",
    "who's better, benzema or salah",
    "which is the better side, atleti or madrid",
    "¿es Vinicius mejor que Salah?",
    "¿quién es mejor, Simeone o Klopp?",
    "is anfield a good place for a first date lol",
    "¿un buen bar cerca de Anfield para ir con mi novia?",
])
def test_opinions_and_the_fans_own_dates_are_declined(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, (answer.reason, answer.text)


@pytest.mark.parametrize(("question", "wanted"), [
    ("on which day was the 2020 return at anfield played", "11 March"),
    ("dame una cita de Klopp antes de la vuelta de 2021", "Klopp"),
    ("did liverpool play better after the winter break in 2020", "top form"),
])
def test_a_games_date_a_quote_and_playing_better_stay_answered(engine: Engine, question: str, wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert wanted in answer.text
