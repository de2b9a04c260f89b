"""The language file (knowledge/language/en.yaml): loaded, checked, and read by the engine.

Every word list the question side reads by is data here; these tests break the file the ways a
curator might and check the loader names file · section or detail id · field, then show that
adding a word to the file changes what the engine answers, with no code change.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.core.answering.engine import Engine
from bot.core.curation.lint import check_knowledge
from bot.core.knowledge.language import PatternError, compile_pattern
from bot.core.knowledge.store import REQUIRED_INTENTS, KnowledgeError, KnowledgeIssue, load_knowledge
from tests.helpers import KNOWLEDGE, copy_knowledge

LANGUAGE = "language/en.yaml"


def _edit(root: Path, name: str, change: Callable[[Any], Any]) -> None:
    path = root / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _issues(root: Path) -> list[KnowledgeIssue]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    return caught.value.issues


def _detail(data: dict[str, Any], ident: str) -> dict[str, Any]:
    return next(d for d in data["details"] if d["id"] == ident)


def test_the_shipped_languages_are_english_by_default_and_spanish() -> None:
    knowledge = load_knowledge(KNOWLEDGE)
    assert set(knowledge.languages) == {"en", "es"}
    assert knowledge.language is knowledge.languages["en"]
    spanish = knowledge.languages["es"]
    assert {"el", "que", "contra"} <= spanish.stopwords
    assert spanish.stem("ganaron") == spanish.stem("ganar")
    assert spanish.legs[("ida",)] == "first" and spanish.legs[("vuelta",)] == "second"
    assert spanish.long_date(dt.date(2023, 3, 15)) == "15 de marzo de 2023"
    language = knowledge.language
    assert {"the", "what", "versus"} <= language.stopwords
    assert language.legs[("first", "leg")] == "first" and language.legs[("agg",)] == "aggregate"
    assert [d.id for d in language.details][:4] == ["first-goal", "scorers", "half-time-score", "scoreline"]
    assert language.stem("goals") == language.stem("goal")
    assert language.stem("won") == language.stem("win")  # an irregular verb, from the file
    assert any("champs" in group for group in knowledge.synonyms)


@pytest.mark.parametrize(
    ("change", "item", "field", "text"),
    [
        (lambda d: d.pop("stopwords"), None, "stopwords", "required"),
        (lambda d: d.pop("details"), None, "details", "required"),
        (lambda d: d["followups"].pop("openers"), "followups", "openers", "required"),
        (lambda d: d.update(stopwords="the a an"), None, "stopwords", "valid list"),
        (lambda d: d["stopwords"].append(False), "stopwords", None, "put the word in quotes"),
        (lambda d: d["legs"].update(third=["third leg"]), "legs", None, ""),
        (lambda d: _detail(d, "scorers").update(needs_player="yes"), "scorers", "needs_player", "boolean"),
        (lambda d: _detail(d, "scorers").pop("reply"), "scorers", "reply", "required"),
        (lambda d: _detail(d, "referee").update(shape="whistle-time"), "referee", "shape", ""),
        (lambda d: _detail(d, "referee").update(colour="black"), "referee", "colour", "not permitted"),
        (lambda d: _detail(d, "referee")["asked"].append("who (reffed"), "referee", "asked.1", "never closed"),
        (lambda d: _detail(d, "referee")["asked"].append(r"ref(eree)?\b"), "referee", "asked.1",
         "not part of the pattern syntax"),
        (lambda d: _detail(d, "final")["states"].append("(final|finals)?"), "final", "states.1", "optional"),
        (lambda d: d["details"].append(dict(_detail(d, "referee"))), "referee", "id", "duplicate"),
        (lambda d: d["stopwords"].append("don't"), "stopwords", None, "not one word"),
        (lambda d: d.update(stemmer="klingon"), None, "stemmer", "unknown stemmer"),
        (lambda d: d.update(code="es"), None, "code", "file name"),
    ],
)
def test_a_bad_language_file_is_named_by_section_or_detail_and_field(
    tmp_path: Path, change: Callable[[Any], Any], item: str | None, field: str | None, text: str
) -> None:
    root = copy_knowledge(tmp_path)
    _edit(root, LANGUAGE, change)
    issues = _issues(root)
    assert any(i.file == LANGUAGE and i.item == item and (field is None or i.field == field) and text in i.message
               for i in issues), [str(i) for i in issues]


def test_a_missing_language_file_is_named(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path)
    (root / LANGUAGE).unlink()
    assert any(i.file == LANGUAGE and "missing" in i.message for i in _issues(root))


@pytest.mark.parametrize(
    ("pattern", "matches", "misses"),
    [
        ("who **? scored", ["who scored", "so who actually scored then"], ["who was it that really never scored"]),
        ("goal? (scorer|scorers)", ["the goal scorers", "top scorer"], ["goalscorers"]),
        ("how much **? *? (pay|paid)", ["how much did they pay", "how much did the club really pay"], ["how paid"]),
        ("!(semi|quarter) (final|finals)", ["the final", "in the finals"], ["the semi final", "a quarter final"]),
        ("(speak|speaks) !(about|to)", ["does he speak spanish", "he speaks"], ["did he speak about it"]),
        ("# (fans|supporters)", ["000 fans inside"], ["the fans"]),
        ("Kick-Off time", ["the kick off time"], ["kickoff time"]),
    ],
)
def test_phrase_patterns_match_words(pattern: str, matches: list[str], misses: list[str]) -> None:
    source, _ = compile_pattern(pattern)
    regex = re.compile(source)
    for text in matches:
        assert regex.search(text + " "), (pattern, text)
    for text in misses:
        assert not regex.search(text + " "), (pattern, text)


@pytest.mark.parametrize("pattern", ["", "(a|b", "a)", "a (b (c))", "!", "a !b c", "* ?", "a|b", "x{2}", "**?"])
def test_a_malformed_pattern_is_refused(pattern: str) -> None:
    with pytest.raises(PatternError):
        compile_pattern(pattern)


def test_renaming_an_intent_the_code_relies_on_fails_at_load(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path)
    _edit(root, "intents.yaml", lambda d: next(i for i in d["intents"] if i["id"] == "score").update(id="result"))
    for path in (root / "facts").glob("*.yaml"):  # the facts follow the rename: only the code is left behind
        path.write_text(path.read_text(encoding="utf-8").replace("intent: score", "intent: result"), encoding="utf-8")
    issues = _issues(root)
    assert [str(i).split(":")[0] for i in issues] == ["intents.yaml · score"], [str(i) for i in issues]
    assert "the code relies on this intent" in issues[0].message
    assert {"score", "quote", "prediction", "person", "context"} <= set(REQUIRED_INTENTS)


def test_the_check_flags_a_cue_shared_by_two_intents_and_a_stopword_synonym(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path)
    _edit(root, "intents.yaml", lambda d: next(i for i in d["intents"] if i["id"] == "date")["cues"].append("stadiums"))
    _edit(root, LANGUAGE, lambda d: d["synonyms"].append(["arena", "over"]))
    report = check_knowledge(root)
    shown = [str(i) for i in report.issues]
    assert any(s.startswith("intents.yaml · date · cues: 'stadiums' reads as the same word as the cue 'stadium' "
                            "of intent 'venue'") for s in shown), shown
    assert any(s.startswith("language/en.yaml · arena · synonyms: 'over' is a stopword") for s in shown), shown


def test_the_shipped_knowledge_passes_the_language_checks() -> None:
    report = check_knowledge(KNOWLEDGE)
    assert not [i for i in report.issues if i.field in ("cues", "synonyms")], [str(i) for i in report.issues]


def test_a_new_stopword_changes_the_answer_without_code(tmp_path: Path) -> None:
    question = "first leg stadium innit"
    before = Engine(load_knowledge(KNOWLEDGE)).answer(question)
    assert not before.answered and "innit" in before.text

    root = copy_knowledge(tmp_path)
    _edit(root, LANGUAGE, lambda d: d["stopwords"].append("innit"))
    after = Engine(load_knowledge(root)).answer(question)
    assert after.answered and "Wanda Metropolitano" in after.text


def test_a_new_asked_detail_cue_changes_the_answer_without_code(tmp_path: Path) -> None:
    question = "who had the whistle in the 2023 second leg"
    before = Engine(load_knowledge(KNOWLEDGE)).answer(question)
    assert before.answered  # today a fact about the game answers it, though none names the referee

    root = copy_knowledge(tmp_path)

    def whistle(data: dict[str, Any]) -> None:
        referee = _detail(data, "referee")
        referee["cues"].append("whistle")
        referee["asked"].append("the whistle")

    _edit(root, LANGUAGE, whistle)
    after = Engine(load_knowledge(root)).answer(question)
    assert not after.answered and after.text == "The articles don't name the referee or officials."
