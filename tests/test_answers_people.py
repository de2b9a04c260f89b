"""People of a role: a question asking for everyone holding a role gets one line per person, each from their own fact.

"Which managers", "the two correspondents", "what did the pundits tip": each manager or expert of the
ties asked about (or of all of them) is told from the fact that is theirs, with its source; the opposing
managers keep the opponents'. A singular ("who is the coach") stays a one-person answer, and a role
asked with something no fact of theirs states is left to the usual gates. Every question here is written
for this file (none comes from an evaluation set).
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize(("question", "names", "absent"), [
    ("name both bosses from the liverpool atletico last 16 tie", ["Simeone", "Klopp"], []),
    ("the coaches of the clubs in 2020, who were they", ["Simeone", "Klopp"], ["Ancelotti"]),
    ("list the managers across all three liverpool ties", ["Simeone", "Klopp", "Ancelotti"], []),
    ("the opposing coaches in the liverpool ties, who were they", ["Simeone", "Ancelotti"], ["Klopp"]),
    ("who were the pundits previewing the 2020 anfield game", ["Lynch", "Hayward"], []),
    ("what scores did the correspondents tip for the 2020 return match", ["Lynch", "Hayward"], []),
    ("¿qué entrenadores hubo en la eliminatoria contra el atleti?", ["Simeone", "Klopp"], []),
    ("¿qué resultado pronosticaron los corresponsales en 2020?", ["Lynch", "Hayward"], []),
])
def test_everyone_of_a_role_is_listed_from_their_own_facts(engine: Engine, question: str, names: list[str],
                                                           absent: list[str]) -> None:
    answer = engine.answer(question)
    assert answer.reason == "listed-people", (answer.reason, answer.text)
    lines = answer.text.splitlines()[1:]
    assert len(lines) == len(answer.facts) >= len(names)
    for name in names:
        assert sum(name in line for line in lines) >= 1, (name, answer.text)
    for name in absent:
        assert name not in answer.text
    assert answer.sources


@pytest.mark.parametrize("question", [
    "who is the atletico boss",
    "which expert tipped atletico to go through",
    "what did klopp say about the managers",
    "which coaches have the nicest wives",
])
def test_one_person_or_something_else_is_not_a_list(engine: Engine, question: str) -> None:
    assert engine.answer(question).reason != "listed-people"
