"""The moderator's fact form text and the lookups behind autocomplete (pure: no server needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.app.fact_form import (
    FIXED_INPUTS,
    MAX_INPUTS,
    FormError,
    FormValues,
    edited_fields,
    form_languages,
    parse_details,
    to_fact,
    values_for,
)
from bot.core.knowledge.lookup import resolve_person, resolve_tie, tie_choices
from bot.core.knowledge.store import load_knowledge
from bot.settings import PROJECT_ROOT
from tests.helpers import copy_knowledge

KNOWLEDGE = load_knowledge(Path(PROJECT_ROOT / "knowledge"))


def test_details_lines_become_fields() -> None:
    details = parse_details("tie: liverpool-real-madrid-2021\nintent: quote\n# a comment\n"
                            "entities: [jurgen-klopp, liverpool]\nspeaker: jurgen-klopp\nleg:\nyear: 2021\n")
    assert details == {"tie": "liverpool-real-madrid-2021", "intent": "quote",
                       "entities": ["jurgen-klopp", "liverpool"], "speaker": "jurgen-klopp", "leg": None,
                       "year": 2021}


def test_details_problems_name_the_line() -> None:
    with pytest.raises(FormError) as caught:
        parse_details("tie liverpool\nmood: happy\nyear: soon")
    assert caught.value.problems == [
        "details line 1: expected 'key: value', got 'tie liverpool'",
        "details line 2: unknown key 'mood' (use id, tie, intent, entities, speaker, leg, year, keywords, article, "
        "status)",
        "details line 3: year must be a number, got 'soon'",
    ]


def test_the_article_defaults_to_the_ties() -> None:
    values = FormValues(id="x-1", answer="A.", evidence="E", details="tie: liverpool-atletico-2020\nintent: context")
    assert to_fact(values, KNOWLEDGE)["source"] == {"article": "2020-liverpool-atletico-preview", "evidence": "E"}
    with pytest.raises(FormError):
        to_fact(FormValues(id="x", answer="A", evidence="E", details="tie: none\nintent: history"), KNOWLEDGE)


def test_an_unchanged_form_changes_nothing_and_a_cleared_field_resets() -> None:
    fact = KNOWLEDGE.facts["real-madrid-2023-first-leg-score"]
    values = values_for(fact)
    assert edited_fields(fact, to_fact(values, KNOWLEDGE)) == {}
    values.details = values.details.replace("leg: first\n", "")
    assert edited_fields(fact, to_fact(values, KNOWLEDGE)) == {"leg": None}


def test_lookups_accept_names_aliases_and_clear_typos_only() -> None:
    assert resolve_tie(KNOWLEDGE, "2021") == "liverpool-real-madrid-2021"
    assert resolve_tie(KNOWLEDGE, "Liverpool v Atletico") == "liverpool-atletico-2020"
    assert resolve_tie(KNOWLEDGE, "last 16") is None  # 2020 and 2023 were both last-16 ties
    assert resolve_person(KNOWLEDGE, "Kloop") == "jurgen-klopp"
    assert resolve_person(KNOWLEDGE, "david-lynch") is None  # not quoted
    assert len(tie_choices(KNOWLEDGE, "")) == 3


def test_the_form_has_a_box_for_each_other_language_while_discords_five_inputs_last(tmp_path: Path) -> None:
    assert [lang.code for lang in form_languages(KNOWLEDGE)] == ["es"]
    assert FIXED_INPUTS + len(form_languages(KNOWLEDGE)) == MAX_INPUTS
    root = copy_knowledge(tmp_path)
    data = yaml.safe_load((root / "language" / "es.yaml").read_text(encoding="utf-8"))
    data.update(code="pt", name="Português")
    data.pop("discord_locales", None)
    (root / "language" / "pt.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    knowledge = load_knowledge(root)
    assert [lang.code for lang in form_languages(knowledge)] == ["es"]  # no room for a third: pt is kept as is
    fact = knowledge.facts["real-madrid-2023-first-leg-score"]
    values = values_for(fact, knowledge)
    assert values.translations == {"es": fact.translations["es"].answer}
    assert edited_fields(fact, to_fact(values, knowledge), values.translations) == {}
