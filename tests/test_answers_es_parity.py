"""Spanish parity: the language data the English side reads, in Spanish, so the same mechanisms fire.

Each test names one section of es.yaml that mirrors en.yaml (a detail asked for, a count, the side whose
players are asked about). Every question here is written for this file, none comes from an evaluation set;
the engine and the knowledge files are the real ones.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine
from bot.core.answering.question import Question


@pytest.mark.parametrize("question", [
    "oye, ¿y quién ganó la liga aquel año, en 2021?",  # title-winner: the season ended after the articles
    "¿contra quién jugó el madrid tras eliminar al liverpool en 2023?",  # after-the-tie
    "¿y a quién se midieron después de esa eliminatoria de 2020?",
])
def test_what_came_after_the_articles_is_declined_as_such(engine: Engine, question: str) -> None:
    answer = engine.answer(question, None)
    assert not answer.answered and answer.reason == "after-the-articles", (answer.reason, answer.text)


@pytest.mark.parametrize(("question", "reason"), [
    ("¿quién abrió el marcador en la ida de 2023?", "asked-detail:first-goal"),
    ("¿cuándo nombraron a simeone entrenador del atleti?", "asked-detail:appointment"),
    ("¿quién es el mejor delantero de todos los tiempos?", "asked-detail:all-time-best"),
])
def test_a_detail_no_fact_states_is_declined_with_its_own_reply(engine: Engine, question: str, reason: str) -> None:
    answer = engine.answer(question, None)
    assert not answer.answered and answer.reason == reason, (answer.reason, answer.text)


@pytest.mark.parametrize(("question", "needle"), [
    ("¿en qué ronda se vieron las caras el atleti y el liverpool en 2020?", "octavos"),  # round
    ("¿a qué ronda pasaría el que ganara el cruce de 2020?", "cuartos"),  # next-round: what was at stake
    ("¿en dónde dijo klopp lo de los recuerdos para toda la vida?", "web"),  # said-where: the outlet
    ("¿cuántos tiros a puerta hizo el liverpool en la ida de 2020?", "tiro"),  # shots
    ("¿cómo es el cara a cara entre el madrid y el liverpool?", "siete"),  # head-to-head: the record
])
def test_a_detail_a_fact_states_is_answered_by_it(engine: Engine, question: str, needle: str) -> None:
    answer = engine.answer(question, None)
    assert answer.answered and needle in answer.text.lower(), (answer.reason, answer.text)


def read(engine: Engine, question: str) -> Question:
    return engine._snapshot.view("es").reader.read(question, None)


@pytest.mark.parametrize(("question", "noun", "qualifiers"), [
    ("¿cuántos goles metió benzema en anfield?", "goles", ()),  # the verb after the noun is what was done
    ("cuantas copas de europa tiene el liverpool", "copas", ("europa",)),  # joined by "de": it qualifies
    ("¿cuántos goles de cabeza del madrid?", "goles", ("cabeza",)),  # a name after "del" is whose
])
def test_the_noun_counted_comes_right_after_cuantos(engine: Engine, question: str, noun: str,
                                                     qualifiers: tuple[str, ...]) -> None:
    counted = read(engine, question).counted
    assert counted is not None and (counted.noun, counted.qualifiers) == (noun, qualifiers)


def test_a_verb_right_after_cuantos_counts_nothing(engine: Engine) -> None:
    assert read(engine, "¿y cuántos se clasificaron al final?").counted is None


@pytest.mark.parametrize(("question", "needle"), [
    ("¿cuántos goles marcó el atleti contra el liverpool en la ida de 2020?", "1"),
    ("¿cuántos goles encajaron los reds en la ida de 2021?", "3"),
])
def test_goals_are_worked_out_from_the_first_leg_in_spanish(engine: Engine, question: str, needle: str) -> None:
    answer = engine.answer(question, None)
    assert answer.answered and answer.reason.startswith("worked-out"), (answer.reason, answer.text)
    assert f" {needle} " in answer.text


def test_the_club_after_a_side_word_and_del_is_the_side_asked_about(engine: Engine) -> None:
    # Madrid's scorers of that game are no answer about Liverpool's: the side is the club after "jugadores del".
    answer = engine.answer("¿y qué futbolistas del liverpool marcaron ante el real madrid en la ida de 2023?", None)
    assert not answer.answered and answer.reason == "asked-detail:scorers", (answer.reason, answer.text)
    other = engine.answer("¿qué jugadores del real madrid le marcaron al liverpool en la ida de 2023?", None)
    assert other.answered and "benzema" in other.text.lower(), (other.reason, other.text)
