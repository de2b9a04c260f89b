"""Spanish parity: the language data the English side reads, in Spanish, so the same mechanisms fire.

Each test names one section of es.yaml that mirrors en.yaml (a detail asked for, a count, the side whose
players are asked about). Every question here is written for this file, none comes from an evaluation set;
the engine and the knowledge files are the real ones.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine
from bot.core.knowledge.store import load_knowledge
from tests.helpers import KNOWLEDGE


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_knowledge(KNOWLEDGE))


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
