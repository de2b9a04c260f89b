"""Spanish for Atlético and Real Madrid fans: read in the question's language, answered in the asker's.

Every question here is written for this file (none comes from an evaluation set). The engine,
the knowledge files and the language detector are the real ones.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.core.answering.engine import Engine
from bot.core.answering.languages import FastTextDetector, LanguageGuesser
from bot.core.knowledge.store import load_knowledge
from tests.helpers import ROOT, copy_knowledge


def spanish_answer(engine: Engine, fact_id: str) -> str:
    return engine.knowledge.facts[fact_id].translations["es"].answer


def test_a_spanish_question_gets_the_facts_curated_spanish_answer(engine: Engine) -> None:
    answer = engine.answer("¿Quién ganó la ida de los cuartos en 2021?")
    assert answer.lang == "es" and answer.answered
    assert answer.facts[0] == "real-madrid-2021-first-leg-score"
    assert answer.text.startswith(spanish_answer(engine, "real-madrid-2021-first-leg-score"))
    assert answer.sources[0].title == engine.knowledge.articles["2021-liverpool-real-madrid-preview"].title


def test_accents_and_question_marks_are_optional(engine: Engine) -> None:
    with_accents = engine.answer("¿Quién ganó la ida de los cuartos en 2021?")
    without = engine.answer("quien gano la ida de los cuartos en 2021")
    assert (without.lang, without.facts, without.text) == (with_accents.lang, with_accents.facts, with_accents.text)


def test_the_asker_s_language_decides_the_answer_s_and_the_words_decide_the_reading(engine: Engine) -> None:
    english_client = engine.answer("¿Quién ganó la ida de los cuartos en 2021?", language="en")
    assert english_client.lang == "en" and english_client.facts[0] == "real-madrid-2021-first-leg-score"
    assert english_client.text.startswith(engine.knowledge.facts["real-madrid-2021-first-leg-score"].answer)

    spanish_client = engine.answer("who won the first leg of the quarter-final in 2021?", language="es")
    assert spanish_client.lang == "es" and spanish_client.facts[0] == "real-madrid-2021-first-leg-score"
    assert spanish_client.text.startswith(spanish_answer(engine, "real-madrid-2021-first-leg-score"))


def test_a_quote_stays_verbatim_in_english_with_a_marked_translation(engine: Engine) -> None:
    answer = engine.answer("¿qué les dijo Klopp a los aficionados antes de la vuelta de 2021?")
    assert answer.lang == "es" and answer.answered
    fact = engine.knowledge.facts[answer.facts[0]]
    assert fact.intent == "quote" and fact.quote is not None
    assert fact.quote.split(".")[0] in (answer.full_text or answer.text)
    assert "(Traducción: «" in (answer.full_text or answer.text)


def test_an_overview_in_spanish_has_spanish_legs_rounds_and_dates(engine: Engine) -> None:
    answer = engine.answer("háblame de la eliminatoria del Real Madrid de 2023")
    assert answer.lang == "es" and answer.reason == "overview", (answer.reason, answer.text)
    assert "octavos de final" in answer.text
    assert "Ida:" in answer.text and "Vuelta:" in answer.text
    assert "15 de marzo de 2023" in answer.text


@pytest.mark.parametrize(("question", "reason", "words"), [
    ("¿cuánto pagó el Liverpool por Salah?", "asked-detail:money", "precios"),
    ("¿qué tal la paella del Valencia?", "not-about:valencia", "Valencia"),  # "en Valencia" is the city
])
def test_declines_are_in_spanish(engine: Engine, question: str, reason: str, words: str) -> None:
    answer = engine.answer(question)
    assert answer.lang == "es" and not answer.answered
    assert answer.reason == reason and words in answer.text


def test_a_conversation_keeps_its_language_when_a_follow_up_is_only_a_name(engine: Engine) -> None:
    engine.answer("¿quién marcó para el Madrid en la ida de 2023?", conversation="es-chat")
    follow_up = engine.explain("benzema?", conversation="es-chat")
    assert (follow_up.answer.lang, follow_up.language_by) == ("es", "conversation")
    fresh = engine.explain("benzema?")
    assert fresh.language_by == "default" and fresh.answer.lang == "en"


def test_explain_says_which_language_it_read_and_what_chose_the_answer_s(engine: Engine) -> None:
    by_words = engine.explain("¿qué dijo el Cholo antes de la vuelta?")
    assert (by_words.language, by_words.language_by) == ("es", "words")
    asked = engine.explain("what did simeone say?", language="es")
    assert (asked.language, asked.answer.lang, asked.language_by) == ("en", "es", "asked")


def test_the_detector_decides_where_no_language_file_word_does(engine: Engine) -> None:
    """Words neither language file lists: the statistical detector tells them apart."""
    snap = engine._snapshot
    guesser = LanguageGuesser()
    spanish = guesser.guess("increíble atmósfera", snap.own_words, snap.name_words)
    english = guesser.guess("gorgeous atmosphere", snap.own_words, snap.name_words)
    assert spanish is not None and (spanish.code, spanish.by) == ("es", "detector")
    assert english is not None and (english.code, english.by) == ("en", "detector")
    assert guesser.guess("Benzema Vinícius 2023", snap.own_words, snap.name_words) is None  # names only


def test_the_detector_never_goes_online(monkeypatch: pytest.MonkeyPatch) -> None:
    """Its default would download a larger model: the lite one ships inside the package."""
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the language detector tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    scores = FastTextDetector().scores("hola, ¿cómo estás? necesito ayuda", ["en", "es"])
    assert scores["es"] > scores["en"]


def test_an_unreviewed_spanish_answer_is_never_served(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path)
    path = root / "facts/2021-liverpool-real-madrid.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fact = next(f for f in data["facts"] if f["id"] == "real-madrid-2021-first-leg-score")
    fact["translations"]["es"]["reviewed"] = False
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    engine = Engine(load_knowledge(root))
    answer = engine.answer("¿Quién ganó la ida de los cuartos en 2021?")
    assert answer.lang == "es" and answer.facts[0] == "real-madrid-2021-first-leg-score"
    assert answer.text.startswith(engine.knowledge.facts["real-madrid-2021-first-leg-score"].answer)


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=False)


def test_the_command_line_carries_lang_and_takes_one() -> None:
    told = json.loads(run_cli("ask", "--json", "¿dónde se jugó la vuelta de 2020?").stdout)
    assert told["lang"] == "es" and told["answered"]
    asked = json.loads(run_cli("ask", "--json", "--lang", "es", "where was the 2020 second leg played?").stdout)
    assert asked["lang"] == "es" and asked["facts"] == told["facts"]
    unknown = run_cli("ask", "--lang", "fr", "where was the 2020 second leg played?")
    assert unknown.returncode == 2
    assert unknown.stderr.strip() == "--lang fr: no language file has that code (known: en, es)."


def test_a_batch_line_may_name_its_language() -> None:
    lines = [{"id": 1, "q": "where was the 2020 second leg played?", "lang": "es"},
             {"id": 2, "q": "¿dónde se jugó la vuelta de 2020?"},
             {"id": 3, "q": "where was the 2020 second leg played?", "lang": "xx"}]
    out = run_cli("ask", "--batch", "-", stdin="\n".join(json.dumps(x, ensure_ascii=False) for x in lines))
    replies = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["lang"] for r in replies[:2]] == ["es", "es"]
    assert replies[2]["error"] == "line 3: 'lang' must be a language file's code (en, es), not 'xx'"
