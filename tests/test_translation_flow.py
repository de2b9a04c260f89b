"""A Spanish answer goes from draft to fans only through a curator; the engine never serves an unreviewed one.

Through the real parts: a private copy of the shipped knowledge, the real Curator (import, edit,
approve), the real loader and the real engine. The article and every question are written for
these tests; none comes from an evaluation set.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.core.answering.engine import Engine
from bot.core.curation.curator import ChangeRejected, Curator
from bot.core.curation.lint import check_knowledge
from bot.core.knowledge.store import load_knowledge
from tests.helpers import ROOT, copy_knowledge

ARTICLE = """date 2023-03-14
Klopp keeps the faith before the Bernabeu

Liverpool travel to Real Madrid for the second leg of their Champions League last-16 tie three goals behind.

"Nobody expects anything from us, and that can be a strength," Klopp said at his press conference.

Real Madrid won the first leg 5-2 at Anfield.
"""
ARTICLE_ID = "2023-klopp-keeps-the-faith"
QUOTE = "Nobody expects anything from us, and that can be a strength"
RENDERING = "Nadie espera nada de nosotros, y eso puede ser una fortaleza."
SPANISH_QUESTION = "¿Klopp dijo que nadie espera nada de ellos y que eso es una fortaleza?"
ENGLISH_QUESTION = "did klopp say nobody expects anything from liverpool"

SCORE_2023 = "real-madrid-2023-first-leg-score"
SCORE_QUESTION_ES = "¿cuánto quedó la ida en Anfield en 2023 entre el Madrid y el Liverpool?"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_knowledge(tmp_path)


def quote_draft(root: Path) -> str:
    result = Curator(root).import_article(ARTICLE, "mod", ARTICLE_ID)
    [draft] = [d for d in result.drafts if d.quote and QUOTE in d.quote]
    return draft.id


def test_a_drafted_quote_gets_the_speaker_the_verbatim_words_and_a_placeholder_unreviewed(root: Path) -> None:
    draft_id = quote_draft(root)
    draft = load_knowledge(root).drafts[draft_id]
    spanish = draft.translations["es"]
    assert spanish.answer == f"Jürgen Klopp dijo: “{QUOTE}” (Traducción: «[POR TRADUCIR]»)"
    assert spanish.reviewed is False
    assert spanish.asked_as and all(q.startswith(("qué", "Klopp", "las palabras", "alguna", "declaraciones"))
                                    for q in spanish.asked_as)
    # Another kind of draft: the English answer to translate in place, after the placeholder.
    others = [d for d in load_knowledge(root).drafts.values() if d.source.article == ARTICLE_ID and not d.quote]
    assert others and all(d.translations["es"].answer == f"[POR TRADUCIR] {d.answer}" for d in others)
    # Drafts are fine as they are: `knowledge check` asks nothing of them.
    assert not [str(i) for i in check_knowledge(root).issues if i.item in {d.id for d in others} | {draft_id}]


def test_approval_needs_the_spanish_written_and_then_serves_it_to_spanish_fans(root: Path) -> None:
    draft_id = quote_draft(root)
    curator = Curator(root)
    assert draft_id not in Engine(load_knowledge(root)).answer(SPANISH_QUESTION, language="es").facts

    facts_file = f"facts/{ARTICLE_ID}.yaml"
    before = (root / facts_file).read_bytes()
    with pytest.raises(ChangeRejected) as info:
        curator.approve(draft_id, "mod")  # as drafted: the placeholder is still there
    assert (root / facts_file).read_bytes() == before
    lines = str(info.value).splitlines()
    assert f"• {facts_file} · {draft_id} · translations.es.answer: still holds the drafter's placeholder " \
           "[POR TRADUCIR]: write the Español words there" in lines
    assert any(line.startswith(f"• {facts_file} · {draft_id} · translations.es.reviewed: not reviewed")
               for line in lines)

    unmarked = f"Jürgen Klopp dijo: «{RENDERING}»"  # the English words dropped: refused too
    with pytest.raises(ChangeRejected, match="is not the article's words"):
        curator.approve(draft_id, "mod", translations={"es": unmarked})

    written = f"Jürgen Klopp dijo en su rueda de prensa: “{QUOTE}.” (Traducción: «{RENDERING}»)"
    change = curator.approve(draft_id, "mod", translations={"es": written})
    fact = change.knowledge.facts[draft_id]
    assert fact.translations["es"].answer == written and fact.translations["es"].reviewed is True
    saved = yaml.safe_load((root / facts_file).read_text(encoding="utf-8"))
    [raw] = [f for f in saved["facts"] if f["id"] == draft_id]
    assert "status" not in raw and "reviewed" not in raw["translations"]["es"]  # written as curated facts are

    engine = Engine(load_knowledge(root))
    spanish = engine.answer(SPANISH_QUESTION, language="es")
    assert draft_id in spanish.facts and spanish.lang == "es"
    assert RENDERING in spanish.text and QUOTE in spanish.text
    english = engine.answer(ENGLISH_QUESTION, language="en")
    assert draft_id in english.facts and RENDERING not in english.text and "Klopp said" in english.text


def test_an_unreviewed_spanish_answer_is_never_served_the_english_one_is(root: Path) -> None:
    """Approved by hand with its drafted Spanish unreviewed: Spanish fans get the fact, in English."""
    draft_id = quote_draft(root)
    path = root / "facts" / f"{ARTICLE_ID}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for raw in data["facts"]:
        if raw["id"] == draft_id:
            del raw["status"]
            raw["translations"]["es"]["answer"] = f"Jürgen Klopp dijo: “{QUOTE}.” (Traducción: «{RENDERING}»)"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    knowledge = load_knowledge(root)
    assert knowledge.facts[draft_id].translations["es"].reviewed is False

    answer = Engine(knowledge).answer(SPANISH_QUESTION, language="es")
    assert draft_id in answer.facts
    assert RENDERING not in answer.text and "Traducción" not in answer.text
    assert knowledge.facts[draft_id].answer in answer.text


def test_editing_the_english_answer_stops_the_spanish_one_being_served_until_confirmed(root: Path) -> None:
    knowledge = load_knowledge(root)
    fact = knowledge.facts[SCORE_2023]
    served = Engine(knowledge).answer(SCORE_QUESTION_ES, language="es")
    assert SCORE_2023 in served.facts and fact.translations["es"].answer in served.text

    curator = Curator(root)
    edited = fact.answer.replace("three-goal deficit", "three-goal mountain")
    after = curator.edit(SCORE_2023, {"answer": edited}, "mod").knowledge
    assert after.facts[SCORE_2023].translations["es"].reviewed is False
    fallback = Engine(after).answer(SCORE_QUESTION_ES, language="es")
    assert SCORE_2023 in fallback.facts
    assert fact.translations["es"].answer not in fallback.text and "three-goal mountain" in fallback.text

    # A curator reads the Spanish against the new English and confirms it: it is served again.
    spanish = after.facts[SCORE_2023].translations["es"]
    confirmed = curator.edit(SCORE_2023, {"translations": {"es": {"answer": spanish.answer,
                                                                  "asked_as": spanish.asked_as}}}, "mod").knowledge
    again = Engine(confirmed).answer(SCORE_QUESTION_ES, language="es")
    assert spanish.answer in again.text


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", "--knowledge", str(root), "knowledge", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False,
                          env={**os.environ, "DATABASE_URL": ""})


def test_the_command_line_writes_or_confirms_a_spanish_answer_and_refuses_a_bad_one(root: Path) -> None:
    knowledge = load_knowledge(root)
    fact = knowledge.facts[SCORE_2023]
    Curator(root).edit(SCORE_2023, {"answer": fact.answer.replace("three-goal deficit", "three-goal gap")}, "mod")
    assert any(i.field == "translations.es.reviewed" for i in check_knowledge(root).issues)

    confirmed = run_cli(root, "translate", SCORE_2023)
    assert confirmed.returncode == 0, confirmed.stderr
    assert confirmed.stdout.startswith(f"Confirmed the `es` answer of `{SCORE_2023}`")
    assert check_knowledge(root).ok and load_knowledge(root).facts[SCORE_2023].translations["es"].reviewed

    before = (root / "facts" / "2023-real-madrid-liverpool.yaml").read_bytes()
    wrong = run_cli(root, "translate", SCORE_2023, fact.translations["es"].answer.replace("5-2", "6-2"))
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr
    assert (f"facts/2023-real-madrid-liverpool.yaml · {SCORE_2023} · translations.es.answer: answer states 6-2"
            in wrong.stderr)
    assert (root / "facts" / "2023-real-madrid-liverpool.yaml").read_bytes() == before
    assert run_cli(root, "translate", SCORE_2023, "x", "--lang", "en").returncode == 1

    draft_id = quote_draft(root)
    kept = run_cli(root, "translate", draft_id)  # the drafted placeholder cannot be confirmed
    assert kept.returncode == 1 and "still holds the drafter's placeholder [POR TRADUCIR]" in kept.stderr
    written = f"Jürgen Klopp dijo: “{QUOTE}.” (Traducción: «{RENDERING}»)"
    assert run_cli(root, "translate", draft_id, written).returncode == 0
    draft = load_knowledge(root).drafts[draft_id]  # still a draft, its Spanish now a curator's
    assert draft.translations["es"].answer == written and draft.translations["es"].reviewed
