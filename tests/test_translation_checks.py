"""Answers in other languages are checked like the English ones (`knowledge check`, every curator change).

Through the real parts: a private copy of the shipped knowledge folder with a translation broken on
purpose, the real loader, `check_knowledge`, the command line and the Curator. The broken answers
are written here; nothing is taken from an evaluation set.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.core.curation.curator import ChangeRejected, Curator
from bot.core.curation.lint import check_knowledge
from bot.core.knowledge.store import load_knowledge
from tests.helpers import KNOWLEDGE, ROOT, copy_knowledge

FILE_2023 = "facts/2023-real-madrid-liverpool.yaml"
FILE_2021 = "facts/2021-liverpool-real-madrid.yaml"
SCORE_2023 = "real-madrid-2023-first-leg-score"
QUOTE_2023 = "alexander-arnold-2023-quote-something-special"
QUOTE_2021 = "klopp-2021-quote-entire-package"
GIVES = "which neither the evidence nor the tie's data gives"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_knowledge(tmp_path)


def change_fact(root: Path, rel: str, fact_id: str, change: Any) -> None:
    """Apply `change` to one fact's mapping in a facts file of the copy, as a curator editing by hand would."""
    path = root / rel
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    [raw] = [f for f in data["facts"] if f["id"] == fact_id]
    change(raw)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def set_spanish(root: Path, rel: str, fact_id: str, answer: str) -> None:
    change_fact(root, rel, fact_id, lambda raw: raw["translations"]["es"].update(answer=answer))


def spanish(fact_id: str) -> str:
    return load_knowledge(KNOWLEDGE).facts[fact_id].translations["es"].answer


def problems(root: Path) -> list[str]:
    return [str(issue) for issue in check_knowledge(root).issues]


def run_check(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", "knowledge", "check", str(folder)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False)


# --- every approved fact has a reviewed answer in each other language ----------------------------
def test_the_shipped_facts_all_carry_a_reviewed_spanish_answer_that_passes() -> None:
    knowledge = load_knowledge(KNOWLEDGE)
    assert all(f.translations["es"].reviewed for f in knowledge.facts.values())
    assert not [p for p in problems(KNOWLEDGE) if "translations" in p]


def test_an_approved_fact_without_spanish_is_one_line_and_fails_the_check(root: Path) -> None:
    change_fact(root, FILE_2023, SCORE_2023, lambda raw: raw.pop("translations"))
    result = run_check(root)
    assert result.returncode == 1
    line = (f"{FILE_2023} · {SCORE_2023} · translations.es.answer: no answer in Español: fans asking in Español "
            "get the English one; write it (the fact form, or this file)")
    assert [out.strip() for out in result.stdout.splitlines() if SCORE_2023 in out] == [line]
    assert "Traceback" not in result.stderr
    # The folder still loads and serves (the engine falls back to English): a gap, not a load error.
    assert SCORE_2023 in load_knowledge(root).facts


def test_an_unreviewed_spanish_answer_is_named_by_its_reviewed_field(root: Path) -> None:
    change_fact(root, FILE_2023, SCORE_2023, lambda raw: raw["translations"]["es"].update(reviewed=False))
    [line] = [p for p in problems(root) if SCORE_2023 in p]
    assert line.startswith(f"{FILE_2023} · {SCORE_2023} · translations.es.reviewed: not reviewed, so it is never "
                           "served (fans asking in Español get the English answer)")


def test_a_draft_needs_no_reviewed_spanish_until_it_is_approved(root: Path) -> None:
    change_fact(root, FILE_2023, SCORE_2023, lambda raw: (raw["translations"]["es"].update(reviewed=False),
                                                          raw.update(status="draft")))
    assert not [p for p in problems(root) if SCORE_2023 in p and "translations" in p]


def test_every_language_besides_the_default_is_expected_not_only_spanish(root: Path) -> None:
    """A third language file makes every approved fact a gap in it; Spanish stays complete."""
    data = yaml.safe_load((root / "language" / "es.yaml").read_text(encoding="utf-8"))
    data.update(code="pt", name="Português")
    data.pop("discord_locales", None)  # Discord clients answered in Spanish stay Spanish
    (root / "language" / "pt.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    knowledge = load_knowledge(root)
    gaps = [p for p in problems(root) if "translations." in p]
    assert len(gaps) == len(knowledge.facts)
    assert all(" · translations.pt.answer: no answer in Português" in p for p in gaps)


def test_a_language_file_besides_the_default_must_say_how_translations_are_written(root: Path) -> None:
    path = root / "language" / "es.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["translating"]["quote_translation"] = "(Traducción)"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert problems(root) == ["language/es.yaml · translating · quote_translation: '(Traducción)' must name {text}"]
    del data["translating"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    [line] = problems(root)
    assert line.startswith("language/es.yaml · translating: missing: every language other than en says how")


# --- the Spanish answer is grounded like the English one --------------------------------------------
@pytest.mark.parametrize(("old", "new", "stated"), [
    ("ganó 5-2 la ida", "ganó 5-1 la ida", "5-1"),
    ("desventaja de tres goles", "desventaja de cuatro goles", "cuatro (4)"),
    ("de la Champions League de 2023", "de la Champions League de 2018", "2018"),
    ("el Real Madrid ganó", "el Real Madrid de Ferland Mendy ganó", "Ferland Mendy"),
    ("en la vuelta.", "en la vuelta. Lo vio el Barcelona.", "Barcelona"),
], ids=["score", "number-word", "year", "person", "club"])
def test_a_spanish_answer_stating_what_its_sources_do_not_give_is_named(root: Path, old: str, new: str,
                                                                         stated: str) -> None:
    current = spanish(SCORE_2023)
    assert old in current
    set_spanish(root, FILE_2023, SCORE_2023, current.replace(old, new))
    assert [p for p in problems(root) if SCORE_2023 in p] == [
        f"{FILE_2023} · {SCORE_2023} · translations.es.answer: answer states {stated}, {GIVES}"]


@pytest.mark.parametrize(("old", "new", "message"), [
    ("“We need to go and do something special.”", "“We need to do something special.”",
     "quotes “We need to do something special.”, which is not verbatim in the article"),
    ("“We need to go and do something special.” (Traducción: «Tenemos que ir y hacer algo especial.»)",
     "«Tenemos que ir y hacer algo especial.»",
     "«Tenemos que ir y hacer algo especial.» is not the article's words: a quote stays verbatim, then its "
     "translation goes in (Traducción: «…»)"),
    (" (Traducción: «Tenemos que ir y hacer algo especial.»)", "",
     "quotes “We need to go and do something special.” with no translation after it: follow the quote's words "
     "with (Traducción: «…»)"),
    ("“We need to go and do something special.” (Traducción:", "“We need to go and do something special.”, y "
     "añadió que era su última oportunidad (Traducción:",
     "(Traducción: «Tenemos que ir y hacer algo especial.») follows no quote of the article's words"),
], ids=["not-verbatim", "rendering-unmarked", "no-rendering", "mark-without-quote"])
def test_a_quote_in_a_spanish_answer_is_verbatim_english_then_a_marked_rendering(root: Path, old: str, new: str,
                                                                                  message: str) -> None:
    current = spanish(QUOTE_2023)
    assert old in current
    set_spanish(root, FILE_2023, QUOTE_2023, current.replace(old, new))
    lines = [p for p in problems(root) if QUOTE_2023 in p]
    assert lines[-1].startswith(f"{FILE_2023} · {QUOTE_2023} · translations.es.answer: {message}"), lines
    assert len(lines) == (2 if "follows no quote" in message else 1), lines
    if len(lines) == 2:  # a mark moved off its quote: the quote has none after it either
        assert "with no translation after it" in lines[0]


def test_a_quote_may_be_cut_with_an_ellipsis_and_keep_its_typography(root: Path) -> None:
    current = spanish(QUOTE_2021)
    quote = '"We have the entire package at Liverpool."'
    assert quote in current
    set_spanish(root, FILE_2021, QUOTE_2021, current.replace(quote, "“We have the entire package…”"))
    assert not [p for p in problems(root) if QUOTE_2021 in p]


def test_a_number_in_a_quote_is_the_articles_but_one_in_the_rendering_is_a_claim(root: Path) -> None:
    current = spanish(QUOTE_2021)
    set_spanish(root, FILE_2021, QUOTE_2021, current.replace("lo tenemos todo", "lo tenemos todo desde 2015"))
    assert [p for p in problems(root) if QUOTE_2021 in p] == [
        f"{FILE_2021} · {QUOTE_2021} · translations.es.answer: answer states 2015, which neither the evidence, "
        "the quote nor the tie's data gives"]


def test_a_curator_change_with_an_ungrounded_spanish_answer_is_refused_and_writes_nothing(root: Path) -> None:
    fact = load_knowledge(root).facts[SCORE_2023]
    before = (root / FILE_2023).read_bytes()
    wrong = fact.translations["es"].answer.replace("5-2", "4-2")
    with pytest.raises(ChangeRejected) as info:
        Curator(root).edit(SCORE_2023, {"translations": {"es": {"answer": wrong}}}, actor="mod")
    assert (root / FILE_2023).read_bytes() == before
    assert f"• {FILE_2023} · {SCORE_2023} · translations.es.answer: answer states 4-2, {GIVES}" in str(
        info.value).splitlines()


# --- an edit of the English answer puts the Spanish one up for review -----------------------------
def test_editing_the_english_answer_keeps_the_spanish_but_marks_it_for_review(root: Path) -> None:
    fact = load_knowledge(root).facts[SCORE_2023]
    change = Curator(root).edit(SCORE_2023, {"answer": fact.answer.replace("three-goal deficit",
                                                                           "three-goal mountain")}, actor="mod")
    edited = change.knowledge.facts[SCORE_2023]
    assert edited.translations["es"].answer == fact.translations["es"].answer
    assert edited.translations["es"].asked_as == fact.translations["es"].asked_as
    assert edited.translations["es"].reviewed is False
    assert f"{FILE_2023} · {SCORE_2023} · translations.es.reviewed" in " ".join(problems(root))
    # Changing both at once is the curator's own translation: it stays reviewed.
    again = Curator(root).edit(SCORE_2023, {"answer": fact.answer, "translations": {"es": {
        "answer": fact.translations["es"].answer, "asked_as": fact.translations["es"].asked_as}}}, actor="mod")
    assert again.knowledge.facts[SCORE_2023].translations["es"].reviewed is True
    assert not [p for p in problems(root) if SCORE_2023 in p]
