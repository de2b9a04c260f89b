"""The loader accepts the shipped knowledge and rejects bad files naming file, fact id and field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.core.knowledge.store import KnowledgeError, folder_stamp, load_knowledge
from tests.helpers import KNOWLEDGE, copy_knowledge

FACTS_2023 = Path("facts") / "2023-real-madrid-liverpool.yaml"


def _edit_first_fact(root: Path, **changes: object) -> str:
    path = root / FACTS_2023
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fact = data["facts"][0]
    fact.update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return fact["id"]


def _issues(root: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    return [str(issue) for issue in info.value.issues]


def test_shipped_knowledge_loads_completely() -> None:
    k = load_knowledge(KNOWLEDGE)
    assert len(k.articles) == 3 and len(k.ties) == 3
    assert len(k.facts) >= 75
    quotes = [f for f in k.facts.values() if f.intent == "quote"]
    assert {f.speaker for f in quotes} >= {"jurgen-klopp", "trent-alexander-arnold", "carlo-ancelotti"}
    assert sum(1 for f in quotes if f.speaker == "jurgen-klopp") >= 6
    assert k.articles["2021-liverpool-real-madrid-preview"].date is None
    assert str(k.articles["2020-liverpool-atletico-preview"].date) == "2020-03-11"


def test_evidence_not_in_article_is_rejected_with_file_fact_and_field(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path)
    fact_id = _edit_first_fact(root, source={"article": "2023-real-madrid-liverpool-preview",
                                             "evidence": "Liverpool won 7-0 at the Bernabeu"})
    issues = _issues(root)
    assert any(str(FACTS_2023) in i and fact_id in i and "source.evidence" in i for i in issues), issues


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"intent": "gossip"}, "intent"),
        ({"entities": ["real-madrid", "no-such-person"]}, "entities.1"),
        ({"tie": "liverpool-everton-1999"}, "tie"),
        ({"answer": 42}, "answer"),
        ({"unexpected": "x"}, "unexpected"),
        ({"leg": "third"}, "leg"),
    ],
)
def test_wrong_values_are_named(tmp_path: Path, changes: dict, field: str) -> None:
    root = copy_knowledge(tmp_path)
    fact_id = _edit_first_fact(root, **changes)
    issues = _issues(root)
    assert any(fact_id in i and f"· {field}:" in i for i in issues), issues


def test_duplicate_ids_and_broken_yaml_are_reported_together(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path)
    first = yaml.safe_load((root / FACTS_2023).read_text(encoding="utf-8"))["facts"][0]
    (root / "facts" / "extra.yaml").write_text(yaml.safe_dump({"facts": [first]}), encoding="utf-8")
    (root / "facts" / "broken.yaml").write_text("facts:\n  - id: x\n   answer: [\n", encoding="utf-8")
    issues = _issues(root)
    assert any("extra.yaml" in i and first["id"] in i and "duplicate" in i for i in issues)
    assert any("broken.yaml" in i and "not valid YAML at line" in i for i in issues)


def test_missing_folder_and_files(tmp_path: Path) -> None:
    assert "not found" in _issues(tmp_path / "nowhere")[0]
    root = copy_knowledge(tmp_path)
    (root / "intents.yaml").unlink()
    assert any(i.startswith("intents.yaml") and "missing" in i for i in _issues(root))


def test_stamp_changes_when_a_file_changes(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path)
    before = folder_stamp(root)
    _edit_first_fact(root, keywords=["changed"])
    assert folder_stamp(root) != before
