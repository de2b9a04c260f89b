"""One folding of accents and case (bot.core.text.fold) under every comparison of names and words."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from bot.core.drafting.document import fold_aligned
from bot.core.knowledge.article_text import ArticleText, suggest_article_id
from bot.core.knowledge.lookup import resolve_person, resolve_tie
from bot.core.knowledge.store import load_knowledge
from bot.core.text import fold, normalize, tokenize
from tests.helpers import KNOWLEDGE


def test_fold_takes_accents_case_and_compatibility_forms_off() -> None:
    assert fold("Atlético") == fold("ATLETICO") == "atletico"
    assert fold("Jürgen Klopp") == "jurgen klopp"
    assert fold("İstanbul") == "istanbul"  # a dotted capital I is a plain i
    assert fold("Großkreutz") == "grosskreutz"  # casefold, not lower: ß reads ss
    assert fold("Ｍetropolitano\u00a02020") == "metropolitano 2020"  # full-width letter, no-break space


@given(st.text())
def test_normalized_text_is_already_folded(text: str) -> None:
    assert fold(normalize(text)) == normalize(text)


TYPOGRAPHIC = "‘’‛`´“”„‟«»‐‑‒–—―−"
"""Quotes and dashes drafting makes plain (' " -) before folding."""


@given(st.text())
def test_drafting_folds_one_character_for_one(text: str) -> None:
    folded = fold_aligned(text)
    assert len(folded) == len(text)  # offsets into the folded text are offsets into the article
    assert all(out == fold(char) for char, out in zip(text, folded, strict=True)
               if len(fold(char)) == 1 and char not in TYPOGRAPHIC)


def test_drafting_folds_quotes_dashes_accents_and_case() -> None:
    assert fold_aligned("Atlético’s “Ｍadrid” – ß") == "atletico's \"madrid\" - ß"


def test_names_typed_without_accents_or_in_capitals_resolve() -> None:
    knowledge = load_knowledge(KNOWLEDGE)
    assert resolve_person(knowledge, "JURGEN KLOPP") == resolve_person(knowledge, "Jürgen Klopp") == "jurgen-klopp"
    assert resolve_tie(knowledge, "atletico 2020") == resolve_tie(knowledge, "Atlético 2020")


def test_an_article_id_is_folded_to_plain_ascii() -> None:
    article = ArticleText(title="Atlético’s Simeone: Großkreutz and Ødegaard", date=dt.date(2021, 4, 6), text="x")
    assert suggest_article_id(article) == "2021-atleticos-simeone-grosskreutz-and-degaard"  # ’ and ø have none


def test_a_code_fence_language_is_no_word_of_the_question() -> None:
    # Discord colours a block opened with "```py": the tag is markup, like a mention, not a topic word.
    assert tokenize(normalize("who won the second leg? ```py\n")) == tokenize(normalize("who won the second leg?"))
    assert tokenize(normalize("```python\nwho scored at anfield```")) == ["who", "scored", "at", "anfield"]
    # A word right after backticks on the same line, with more after it, is still the fan's own.
    assert "salah" in tokenize(normalize("```salah scored```"))
