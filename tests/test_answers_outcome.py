"""How an undecided tie ended, asked as a comeback or a turnaround: after the articles.

The articles were written before each second leg, so "did they come back", "who went through" asked of
one of the ties is declined (the language's `outcome_question`), while the same verbs asked of a game
the articles tell (history, another club, the played first leg) or asked how, are answered. "Managed to"
asks for no manager (the language's `helpers`). Every question here is written for this file.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize("question", [
    "so did the reds come back against atleti in 2020?",
    "have liverpool turned it around vs madrid in the 2021 quarter final",
    "did klopp's men manage to overturn the 3-1 in 2021",
    "were madrid able to hold on in 2023 or not",
    "who progressed from the 2020 last 16 tie",
    "which side went through, liverpool or real madrid, 2021",
    "did lfc pull it off at the bernabeu in 2023",
])
def test_whether_a_side_came_back_in_a_tie_is_after_the_articles(engine: Engine, question: str) -> None:
    answer = engine.answer(question, None)
    assert not answer.answered and answer.reason == "after-the-articles", (answer.reason, answer.text)


def test_a_follow_up_asking_whether_they_managed_it_is_after_the_articles(engine: Engine) -> None:
    engine.answer("by what score did atletico win the first leg in 2020", "outcome-followup")
    answer = engine.answer("and did liverpool manage to come back at anfield?", "outcome-followup")
    assert answer.reason == "after-the-articles", (answer.reason, answer.text)


@pytest.mark.parametrize(("question", "needle"), [
    ("in what way did liverpool come back against barcelona", "barcelona"),  # asked how, of history
    ("did the reds come back vs barca in 2019", "4-0"),  # a year of history
    ("did madrid come back in the first leg of the 2023 tie", "5-2"),  # the played first leg
    ("did real madrid turn it around at anfield in 2023", "5-2"),  # the first leg's ground
])
def test_a_comeback_the_articles_tell_is_answered(engine: Engine, question: str, needle: str) -> None:
    answer = engine.answer(question, None)
    assert answer.answered and needle in answer.text.lower(), (answer.reason, answer.text)


@pytest.mark.parametrize("question", [
    "could liverpool still come back against atletico in 2020",  # hypothetical
    "did salah come back from his injury in time for the 2021 second leg",  # a player
    "did klopp say liverpool will come back against madrid in 2021",  # someone's words
])
def test_no_outcome_asked(engine: Engine, question: str) -> None:
    answer = engine.answer(question, None)
    assert answer.reason != "after-the-articles", (answer.reason, answer.text)


@pytest.mark.parametrize(("question", "needle"), [
    ("did either expert predict atletico to go through in 2020", "away goals"),
    ("which of the experts predicted liverpool would go through against atletico", "lynch"),
])
def test_a_tip_on_who_goes_through_is_the_experts_words(engine: Engine, question: str, needle: str) -> None:
    """Asked who was predicted to go through, with no one named, the experts' tips answer: not a decline."""
    answer = engine.answer(question, None)
    assert answer.answered and needle in answer.text.lower(), (answer.reason, answer.text)


def test_managed_to_asks_for_no_manager(engine: Engine) -> None:
    answer = engine.answer("did madrid manage to beat liverpool at anfield in the 2023 first leg", None)
    assert answer.answered and "5-2" in answer.text, (answer.reason, answer.text)
    manager = engine.answer("who managed atletico in the 2020 tie", None)
    assert manager.answered and "Simeone" in manager.text, (manager.reason, manager.text)


def test_another_clubs_season_in_a_ties_year_is_not_history_of_another_year(engine: Engine) -> None:
    answer = engine.answer("how did barca get on in europe in 2020", None)
    assert not answer.answered, (answer.reason, answer.text)
    history = engine.answer("how did barcelona do against liverpool in 2019", None)
    assert history.answered and "4-0" in history.text, (history.reason, history.text)



@pytest.mark.parametrize("question", [
    "¿los reds remontaron ante el atleti en 2020?",
    "¿consiguió el liverpool darle la vuelta al 3-1 del madrid en 2021?",
    "¿qué equipo pasó de ronda en la eliminatoria de 2023?",
    "¿el madrid aguantó en el bernabéu en 2023?",
])
def test_spanish_whether_a_side_came_back_is_after_the_articles(engine: Engine, question: str) -> None:
    answer = engine.answer(question, None)
    assert answer.reason == "after-the-articles" and answer.lang == "es", (answer.reason, answer.text)


@pytest.mark.parametrize(("question", "needle"), [
    ("¿cómo remontó el liverpool contra el barcelona en aquella semifinal?", "4-0"),  # asked how, of history
    ("¿el madrid remontó en la ida de 2023?", "5-2"),  # the played first leg
])
def test_spanish_comeback_the_articles_tell_is_answered(engine: Engine, question: str, needle: str) -> None:
    answer = engine.answer(question, None)
    assert answer.answered and needle in answer.text, (answer.reason, answer.text)
