"""Loader fuzzing: whatever happens to the knowledge files, `load_knowledge` loads or explains.

Every case works on a copy of the shipped folder. Random byte-level damage (truncation,
flipped bits, deleted spans, tabs, stray YAML punctuation) comes from a seeded generator so CI
sees the same cases; structural damage (wrong types, missing fields, unknown and duplicate
ids, non-UTF-8, empty files, folders where files belong) is listed by hand with the file, id
and field each problem must be reported under. The only exception allowed is KnowledgeError.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.core.answering.engine import Engine
from bot.core.knowledge.store import MAX_NESTING, Knowledge, KnowledgeError, KnowledgeIssue, load_knowledge
from tests.helpers import KNOWLEDGE, ROOT, copy_knowledge

RANDOM_CASES = 50
SEED = 20240505
FACTS_2020 = "facts/2020-liverpool-atletico.yaml"
FACTS_2021 = "facts/2021-liverpool-real-madrid.yaml"
ARTICLE_2020 = "articles/2020-liverpool-atletico-preview.yaml"
ARTICLE_2021 = "articles/2021-liverpool-real-madrid-preview.yaml"


def _yaml_files() -> list[str]:
    return sorted(str(p.relative_to(KNOWLEDGE)) for p in KNOWLEDGE.rglob("*.yaml"))


def _load_or_issues(root: Path) -> Knowledge | list[KnowledgeIssue]:
    """The snapshot, or the issues; any other exception fails the test that called it."""
    try:
        return load_knowledge(root)
    except KnowledgeError as exc:
        assert exc.issues, "a KnowledgeError must list its issues"
        for issue in exc.issues:
            assert issue.file and issue.message, issue
            named = root / issue.file if not Path(issue.file).is_absolute() else Path(issue.file)
            assert named == root or root in named.parents, f"issue names a path outside the folder: {issue}"
            assert str(issue).startswith(issue.file)
        return list(exc.issues)


def _issues(root: Path) -> list[KnowledgeIssue]:
    result = _load_or_issues(root)
    assert isinstance(result, list), "expected the damaged folder to be rejected"
    return result


def _has(issues: list[KnowledgeIssue], file: str, item: str | None = None, field: str | None = None,
         text: str = "") -> bool:
    return any(i.file == file and (item is None or i.item == item) and (field is None or i.field == field)
               and text in i.message for i in issues)


# --- random byte-level damage ------------------------------------------------------------------
def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _flip(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


def _delete(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data))
    return data[:i] + data[i + rng.randint(1, 40):]


def _tabs(rng: random.Random, data: bytes) -> bytes:
    lines = data.split(b"\n")
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        lines[i] = b"\t" + lines[i] if rng.random() < 0.7 else lines[i].replace(b"  ", b"\t", 1)
    return b"\n".join(lines)


def _punctuate(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data) + 1)
    junk = rng.choice([b":", b"- ", b"[", b"{", b"]", b"&a ", b"*a", b"!!", b"|", b">", b"'", b'"', b"#", b"%",
                       b"@", b"`", b"? ", b"\n  ", b"\n- ", b": x\n", b"---\n", b"\\", b"\x00", b"\xef\xbb\xbf"])
    return data[:i] + junk + data[i:]


def _non_utf8(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data) + 1)
    return data[:i] + rng.choice([b"\xff", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80", b"\x80\x80"]) + data[i:]


def _swap_lines(rng: random.Random, data: bytes) -> bytes:
    lines = data.split(b"\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


def _duplicate_line(rng: random.Random, data: bytes) -> bytes:
    lines = data.split(b"\n")
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])
    return b"\n".join(lines)


MUTATIONS: list[Callable[[random.Random, bytes], bytes]] = [
    _truncate, _flip, _delete, _tabs, _punctuate, _non_utf8, _swap_lines, _duplicate_line,
]


def _random_cases() -> Iterator[tuple[str, str, bytes]]:
    rng = random.Random(SEED)
    files = _yaml_files()
    originals = {name: (KNOWLEDGE / name).read_bytes() for name in files}
    for _ in range(RANDOM_CASES):
        name = rng.choice(files)
        mutation = rng.choice(MUTATIONS)
        data = originals[name]
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            data = mutation(rng, data) if data else data
        yield name, mutation.__name__, data


def test_random_damage_loads_or_names_the_file(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path)
    outcomes = {"loaded": 0, "rejected": 0}
    for number, (name, mutation, data) in enumerate(_random_cases()):
        path = root / name
        original = path.read_bytes()
        path.write_bytes(data)
        try:
            result = _load_or_issues(root)
        except Exception as exc:  # reported with the input that caused it
            pytest.fail(f"case {number}: {mutation} of {name} raised {exc!r}; input starts {data[:200]!r}")
        finally:
            path.write_bytes(original)
        if isinstance(result, list):
            outcomes["rejected"] += 1
            # Damage to one file is reported against that file, or against the facts that
            # depend on what it defined (a renamed tie id shows up as "unknown tie" in facts).
            files = {issue.file for issue in result}
            assert name in files or all(f.startswith("facts/") or f == "ties.yaml" for f in files), (
                f"case {number}: {mutation} of {name}: {[str(i) for i in result[:5]]}")
        else:
            outcomes["loaded"] += 1
    assert outcomes["rejected"] > RANDOM_CASES // 3, outcomes  # the damage is real, not all cosmetic


def test_truncating_a_facts_file_at_every_line_never_crashes(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path)
    path = root / FACTS_2020
    data = path.read_bytes()
    offsets = [i for i, byte in enumerate(data) if byte == ord("\n")][::12]
    for offset in offsets:
        path.write_bytes(data[: offset - 3])  # mid-word, a few bytes before a line break
        result = _load_or_issues(root)
        if isinstance(result, list):
            # The cut file itself, or (a cut that is still valid YAML dropped facts) a tie whose key fact it held.
            assert any(i.file == FACTS_2020 or (i.field or "").startswith("key_facts") for i in result), \
                [str(i) for i in result[:5]]


# --- structural damage ---------------------------------------------------------------------------
def _edit(root: Path, name: str, change: Callable[[Any], Any]) -> None:
    path = root / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    result = change(data)  # a mapping or list returned replaces the whole document
    document = result if isinstance(result, dict | list) else data
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _first_fact(data: dict[str, Any]) -> dict[str, Any]:
    return data["facts"][0]  # type: ignore[no-any-return]


FIRST_2020 = "atletico-2020-first-leg-score"


def _set(key: str, value: Any) -> Callable[[Any], None]:
    def change(data: Any) -> None:
        target = _first_fact(data)
        *parents, last = key.split(".")
        for part in parents:
            target = target[part]
        target[last] = value
    return change


def _drop(key: str) -> Callable[[Any], None]:
    def change(data: Any) -> None:
        target = _first_fact(data)
        *parents, last = key.split(".")
        for part in parents:
            target = target[part]
        del target[last]
    return change


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        (_set("answer", ["a", "list"]), "answer", ""),
        (_set("answer", ""), "answer", ""),
        (_set("entities", "liverpool"), "entities", ""),
        (_set("year", "2020"), "year", ""),
        (_set("leg", 1), "leg", ""),
        (_set("source", "2020-liverpool-atletico-preview"), "source", ""),
        (_set("source.evidence", None), "source.evidence", ""),
        (_set("status", "published"), "status", ""),
        (_set("id", "Not A Slug"), "id", ""),
        (_drop("answer"), "answer", "required"),
        (_drop("source"), "source", "required"),
        (_drop("source.article"), "source.article", "required"),
        (_drop("intent"), "intent", "required"),
        (_set("tie", "liverpool-everton-1999"), "tie", "unknown tie"),
        (_set("intent", "gossip"), "intent", "unknown intent"),
        (_set("entities", ["liverpool", "nobody-at-all"]), "entities.1", "unknown entity"),
        (_set("speaker", "nobody-at-all"), "speaker", "unknown entity"),
        (_set("source.article", "no-such-article"), "source.article", "unknown article"),
    ],
    ids=["answer-list", "answer-empty", "entities-str", "year-str", "leg-int", "source-str", "evidence-null",
         "status", "id-slug", "no-answer", "no-source", "no-article", "no-intent", "unknown-tie",
         "unknown-intent", "unknown-entity", "unknown-speaker", "unknown-article"],
)
def test_a_bad_fact_is_named_by_file_id_and_field(tmp_path: Path, change: Callable[[Any], None], field: str,
                                                 text: str) -> None:
    root = copy_knowledge(tmp_path)
    _edit(root, FACTS_2020, change)
    issues = _issues(root)
    item = "Not A Slug" if field == "id" else FIRST_2020
    assert _has(issues, FACTS_2020, item, field, text), [str(i) for i in issues]


def _first(key: str) -> Callable[[Any], Any]:
    return lambda data: data[key][0]


@pytest.mark.parametrize(
    ("name", "change", "item", "field", "text"),
    [
        ("ties.yaml", lambda d: d["ties"][0].update(teams=["liverpool"]), "liverpool-atletico-2020", "teams", ""),
        ("ties.yaml", lambda d: d["ties"][0].update(year="2020"), "liverpool-atletico-2020", "year", ""),
        ("ties.yaml", lambda d: d["ties"][0]["first_leg"].pop("home"), "liverpool-atletico-2020",
         "first_leg.home", "required"),
        ("ties.yaml", lambda d: d["ties"][0].update(competition="copa-libertadores"), "liverpool-atletico-2020",
         "competition", "unknown entity"),
        ("ties.yaml", lambda d: d["ties"][0].update(article="no-such-article"), "liverpool-atletico-2020",
         "article", "unknown article"),
        ("ties.yaml", lambda d: d["ties"].append(dict(d["ties"][0])), "liverpool-atletico-2020", "id",
         "duplicate"),
        ("ties.yaml", lambda d: d["ties"].append("a tie"), "#4", None, "expected a mapping"),
        ("ties.yaml", lambda d: {"ties": {"a": 1}}, None, "ties", "expected a list"),
        ("ties.yaml", lambda d: [d], None, "ties", "expected a mapping"),
        ("entities.yaml", lambda d: d["entities"][0].pop("kind"), "liverpool", "kind", "required"),
        ("entities.yaml", lambda d: d["entities"][0].update(kind="club"), "liverpool", "kind", ""),
        ("entities.yaml", lambda d: d["entities"][0].update(aliases="LFC"), "liverpool", "aliases", ""),
        ("entities.yaml", lambda d: d["entities"].append(dict(d["entities"][0])), "liverpool", "id", "duplicate"),
        ("entities.yaml", lambda d: d["entities"].append({"id": ["a", "b"], "kind": "team"}), "#", "id", ""),
        ("intents.yaml", lambda d: d["intents"][0].update(phrasings=[]), "score", "phrasings", ""),
        ("intents.yaml", lambda d: d["intents"].append(dict(d["intents"][0])), "score", "id", "duplicate"),
        ("language/en.yaml", lambda d: d["synonyms"].append("one word"), "synonyms", None, "valid list"),
        ("language/en.yaml", lambda d: d.update(synonyms="x"), None, "synonyms", "valid list"),
        (ARTICLE_2020, lambda d: d.pop("text"), "2020-liverpool-atletico-preview", "text", "required"),
        (ARTICLE_2020, lambda d: d.update(date=20200311), "2020-liverpool-atletico-preview", "date", ""),
        (ARTICLE_2021, lambda d: d.update(id="2020-liverpool-atletico-preview"),
         "2020-liverpool-atletico-preview", "id", "duplicate"),
        (ARTICLE_2020, lambda d: d.pop("id"), "2020-liverpool-atletico-preview", "id", "required"),
        (FACTS_2020, lambda d: d["facts"].append(dict(d["facts"][0])), FIRST_2020, "id", "duplicate"),
        (FACTS_2020, lambda d: d["facts"].append(None), "#", None, "expected a mapping"),
        (FACTS_2020, lambda d: {"fact": d["facts"]}, None, "facts", "expected a mapping with a 'facts' list"),
    ],
)
def test_bad_ties_entities_intents_and_articles_are_named(
    tmp_path: Path, name: str, change: Callable[[Any], Any], item: str | None, field: str | None, text: str
) -> None:
    root = copy_knowledge(tmp_path)
    _edit(root, name, change)
    issues = _issues(root)
    located = [i for i in issues if i.file == name and (field is None or i.field == field) and text in i.message]
    if item == "#":
        assert any((i.item or "").startswith("#") for i in located), [str(i) for i in issues]
    else:
        assert any(i.item == item for i in located), [str(i) for i in issues]


def test_a_fact_id_used_in_two_files_names_both(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path)
    first = yaml.safe_load((root / FACTS_2020).read_text(encoding="utf-8"))["facts"][0]
    _edit(root, FACTS_2021, lambda d: d["facts"].append(first))
    issues = _issues(root)
    assert _has(issues, FACTS_2021, FIRST_2020, "id", f"first defined in {FACTS_2020}"), [str(i) for i in issues]


@pytest.mark.parametrize("name", _yaml_files())
def test_each_file_non_utf8_empty_or_a_folder(tmp_path: Path, name: str) -> None:
    root = copy_knowledge(tmp_path)
    path = root / name
    original = path.read_bytes()

    path.write_bytes(original[:40] + b"\xff\xfe" + original[40:])
    issues = _issues(root)
    assert _has(issues, name, text="not UTF-8"), [str(i) for i in issues]
    assert len(issues) == 1, "one unreadable file must not bury its cause under follow-on errors"

    path.write_bytes(b"")
    result = _load_or_issues(root)
    if name.startswith("facts/"):
        assert isinstance(result, Knowledge)  # an emptied facts file is a file with no facts
    else:
        assert isinstance(result, list) and _has(result, name, text="empty"), result

    path.unlink()
    path.mkdir()
    issues = _issues(root)
    assert _has(issues, name, text="is a folder"), [str(i) for i in issues]


@pytest.mark.parametrize("folder", ["facts", "articles"])
def test_a_file_where_a_folder_belongs(tmp_path: Path, folder: str) -> None:
    root = copy_knowledge(tmp_path)
    shutil.rmtree(root / folder)
    (root / folder).write_text("facts: []\n", encoding="utf-8")
    issues = _issues(root)
    assert _has(issues, folder, text="is a file"), [str(i) for i in issues]
    assert len(issues) == 1, [str(i) for i in issues]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ties:\n  - id: a\n    id: b\n", "found the key 'id' twice"),
        ("ties: []\nties: []\n", "found the key 'ties' twice"),
        ("ties:\n  - year: 2020-02-30\n", "line 2, column 11: cannot read the value '2020-02-30'"),
        ("ties:\n  - year: " + "9" * 5000 + "\n", "line 2, column 11: cannot read the value"),
        ("ties: &a [*a]\n", "expected a mapping"),
        ("ties: !!python/object/apply:os.system [echo]\n", "not valid YAML at line 1"),
        ("ties: [\x00]\n", "not valid YAML"),
        ("\tties: []\n", "not valid YAML at line 1"),
        ("ties:\n  - id: x\n\t name: y\n", "not valid YAML at line 3"),
        ("ties: [\n", "not valid YAML"),
        ("--- a\n--- b\n", "not valid YAML"),
    ],
    ids=["dup-field", "dup-top", "bad-date", "huge-int", "recursive", "python-tag",
         "nul", "tab-indent", "tab-inside", "unclosed", "two-docs"],
)
def test_yaml_traps_are_reported_against_the_file(tmp_path: Path, text: str, expected: str) -> None:
    root = copy_knowledge(tmp_path)
    (root / "ties.yaml").write_text(text, encoding="utf-8")
    issues = _issues(root)
    assert _has(issues, "ties.yaml", text=expected), [str(i) for i in issues]
    # The facts that name ties cannot be checked against an unreadable ties file: no cascade.
    assert not any("unknown tie" in i.message for i in issues) or "expected a mapping" in expected


DEEP_YAML = {
    "flow": "ties: " + "[" * 40_000 + "]" * 40_000 + "\n",
    "block": "ties:\n" + "- " * 40_000 + "x\n",
    "mapping": "ties:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(3_000)) + " " * 3_001 + "x: 1\n",
}


def _refused_with_its_line(issues: list[KnowledgeIssue]) -> bool:
    """What a curator sees, whatever the YAML library's wording: the file, a line number, no cascade."""
    named = [i for i in issues if i.file == "ties.yaml" and i.item is None]
    return (len(named) == 1 and re.search(r"\bline \d+", named[0].message) is not None
            and "nest" in named[0].message.lower() and not any("unknown tie" in i.message for i in issues))


@pytest.mark.parametrize("shape", sorted(DEEP_YAML))
def test_deep_nesting_is_refused_with_its_line_and_the_old_facts_keep_serving(tmp_path: Path, shape: str) -> None:
    root = copy_knowledge(tmp_path)
    engine = Engine(load_knowledge(root))
    before = engine.answer("atletico first leg score", "c1")
    assert before.answered
    (root / "ties.yaml").write_text(DEEP_YAML[shape], encoding="utf-8")
    issues = _issues(root)
    assert _refused_with_its_line(issues), [str(i) for i in issues]
    assert engine.answer("atletico first leg score", "c2").text == before.text


NO_LIBYAML = """
import sys
sys.modules["yaml._yaml"] = None  # as on an install without the C extension
import json
from pathlib import Path
from bot.core.knowledge import store
from bot.core.knowledge.store import KnowledgeError, load_knowledge
assert not store.LIBRARY_LIMITS_NESTING and store._Loader.__mro__[1].__name__ == "SafeLoader"
try:
    load_knowledge(Path(sys.argv[1]))
except KnowledgeError as exc:
    print(json.dumps([[i.file, i.item, i.message] for i in exc.issues]))
"""


def test_the_projects_guard_covers_yaml_without_libyaml(tmp_path: Path) -> None:
    """Without libyaml the pure-Python loader recurses until RecursionError; the guard refuses first."""
    for shape, text in DEEP_YAML.items():
        root = copy_knowledge(tmp_path / shape)
        (root / "ties.yaml").write_text(text, encoding="utf-8")
        proc = subprocess.run([sys.executable, "-c", NO_LIBYAML, str(root)], cwd=ROOT, capture_output=True,
                              text=True, timeout=120, check=True)
        issues = [KnowledgeIssue(f, i, None, m) for f, i, m in json.loads(proc.stdout)]
        assert _refused_with_its_line(issues), (shape, [str(i) for i in issues])
        assert any(f"more than {MAX_NESTING} levels" in i.message for i in issues)


def test_the_folder_itself_missing_or_a_file(tmp_path: Path) -> None:
    for target in (tmp_path / "nowhere", tmp_path / "a-file"):
        if target.name == "a-file":
            target.write_text("not a folder\n", encoding="utf-8")
        issues = _issues(target)
        assert len(issues) == 1 and "knowledge folder not found" in issues[0].message
        assert issues[0].file == str(target.resolve())


def test_the_shipped_folder_still_loads() -> None:
    assert isinstance(_load_or_issues(KNOWLEDGE), Knowledge)
