"""The knowledge cache and incremental snapshots (issue 15), through the real files, SQLite and engine.

A private copy of the shipped knowledge, the real loader with its real SQLite cache, the real
Curator and the real engine. What is held to: a changed file is validated alone; a cache from
other code, or a corrupt one, is never trusted (rebuilt, with a log line) and the bot still
answers; two processes writing one cache both leave it valid; and every kind of curator change,
served incrementally, answers exactly as a full reload of the same folder. The questions are
made from the facts' own keywords or written for these tests; none comes from an evaluation set.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.core.answering import snapshot as snapshot_module
from bot.core.answering.engine import Engine
from bot.core.curation.curator import Curator
from bot.core.knowledge import cache as cache_module
from bot.core.knowledge.cache import CACHE_FILE, DEFAULT_CACHE_DIR, KnowledgeCache
from bot.core.knowledge.store import Knowledge, load_knowledge
from tests.helpers import ROOT, copy_knowledge

WRITTEN_QUESTIONS = (
    "who scored for liverpool at anfield?",
    "what was the score of the second leg in 2021?",
    "who was the manager of atletico?",
    "where was the first leg played in 2020?",
    "¿quién marcó en la vuelta?",
    "what did klopp say after the game?",
)
ARTICLE = """date 2023-03-14
Klopp keeps the faith before the Bernabeu

Liverpool travel to Real Madrid for the second leg of their Champions League last-16 tie three goals behind.

"Nobody expects anything from us, and that can be a strength," Klopp said at his press conference.

Real Madrid won the first leg 5-2 at Anfield.
"""
ARTICLE_ID = "2023-cache-test-article"
QUOTE = "Nobody expects anything from us, and that can be a strength"
RENDERING = "Nadie espera nada de nosotros, y eso puede ser una fortaleza."
CHANGED_FACT = "real-madrid-2021-first-leg-score"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_knowledge(tmp_path)


def cache_in(root: Path) -> KnowledgeCache:
    return KnowledgeCache.open(root / DEFAULT_CACHE_DIR)


def questions(knowledge: Knowledge) -> list[str]:
    """Questions from every twentieth fact's keywords, and a few written here."""
    made = [" ".join(fact.keywords) for fact in list(knowledge.facts.values())[::20] if fact.keywords]
    return [*made, *WRITTEN_QUESTIONS]


def answers(engine: Engine, asked: list[str]) -> list[dict[str, Any]]:
    out = []
    for question in asked:
        answer = engine.answer(question, None)  # no conversation: each question alone
        out.append({"q": question, "answered": answer.answered, "text": answer.text, "facts": answer.facts,
                    "reason": answer.reason})
    return out


def postings(engine: Engine) -> dict[str, Any]:
    """Every language's posting lists as fact ids (numbers differ between a derived and a built index)."""
    snapshot = engine._snapshot
    out: dict[str, Any] = {}
    for code, view in snapshot.views.items():
        index = view.index
        ids = index.catalog.ids
        for name in ("by_stem", "by_entity", "by_tie", "by_intent"):
            lists = getattr(index, name)
            out[f"{code}/{name}"] = {str(k): [ids[n] for n in v] for k, v in lists.items()}
        out[f"{code}/words"] = sorted(index.words)
        out[f"{code}/years"] = sorted(index.years)
        out[f"{code}/vocabulary"] = sorted(view.reader.vocabulary.words)
        out[f"{code}/carried"] = dict(sorted(view.attributes.carried.items()))
    return out


# --- invalidation ------------------------------------------------------------------------------
def test_a_changed_file_is_validated_alone_and_loads_as_a_full_load(root: Path,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    load_knowledge(root, cache=cache_in(root))
    facts_file = root / "facts" / "2021-liverpool-real-madrid.yaml"
    text = facts_file.read_text(encoding="utf-8")
    facts_file.write_text(text.replace("keywords: [", "keywords: [cachetestword, ", 1), encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="bot.core.knowledge.store"):
        cached = load_knowledge(root, cache=cache_in(root))  # a new process: a new connection to the file
    assert "loaded 1 changed file(s)" in caplog.text, caplog.text
    full = load_knowledge(root)
    assert dict(cached.facts.items()) == dict(full.facts.items())
    assert any("cachetestword" in fact.keywords for fact in cached.facts.values())
    assert cached.articles == full.articles and cached.ties == full.ties and cached.entities == full.entities


def test_an_unchanged_folder_starts_from_the_cache_with_the_same_answers(root: Path,
                                                                         caplog: pytest.LogCaptureFixture) -> None:
    first = Engine(load_knowledge(root, cache=cache_in(root)))
    with caplog.at_level(logging.INFO):
        second = Engine(load_knowledge(root, cache=cache_in(root)))
    assert "as last validated" in caplog.text and "indexes read from the knowledge cache" in caplog.text
    plain = Engine(load_knowledge(root))
    asked = questions(plain.knowledge)
    assert answers(second, asked) == answers(plain, asked) == answers(first, asked)


def test_a_cache_written_by_other_code_is_not_read(root: Path, caplog: pytest.LogCaptureFixture,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    Engine(load_knowledge(root, cache=cache_in(root)))
    monkeypatch.setattr(cache_module, "_knowledge_code", lambda: "another-version")
    monkeypatch.setattr(snapshot_module, "_version", lambda: "another-version")
    with caplog.at_level(logging.INFO):
        engine = Engine(load_knowledge(root, cache=cache_in(root)))
    assert "no valid snapshot" in caplog.text and "for this version of the code" in caplog.text
    assert "indexes read from the knowledge cache" not in caplog.text
    plain = Engine(load_knowledge(root))
    asked = questions(plain.knowledge)
    assert answers(engine, asked) == answers(plain, asked)


def test_a_corrupt_cache_file_is_rebuilt_with_one_log_line_and_the_bot_answers(
        root: Path, caplog: pytest.LogCaptureFixture) -> None:
    Engine(load_knowledge(root, cache=cache_in(root)))
    path = root / DEFAULT_CACHE_DIR / CACHE_FILE
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(b"this is not an SQLite database" * 200)
    with caplog.at_level(logging.INFO):
        cache = cache_in(root)
        engine = Engine(load_knowledge(root, cache=cache))
    unreadable = [r for r in caplog.records
                  if "unreadable" in r.getMessage() and "starting it afresh" in r.getMessage()]
    assert len(unreadable) == 1, caplog.text
    plain = Engine(load_knowledge(root))
    asked = questions(plain.knowledge)
    assert answers(engine, asked) == answers(plain, asked)
    caplog.clear()
    with caplog.at_level(logging.INFO):  # and the rebuilt file serves the next start
        Engine(load_knowledge(root, cache=cache_in(root)))
    assert "indexes read from the knowledge cache" in caplog.text


WRITER = """
import json, sys
from pathlib import Path
from bot.core.answering.engine import Engine
from bot.core.knowledge.cache import KnowledgeCache
from bot.core.knowledge.store import load_knowledge
root = Path(sys.argv[1])
engine = Engine(load_knowledge(root, cache=KnowledgeCache.open(root / ".cache")))
answer = engine.answer(sys.argv[2], "w")
print(json.dumps([answer.answered, answer.text, answer.facts]))
"""


def test_two_processes_writing_the_cache_at_once_both_leave_it_valid(root: Path,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    question = WRITTEN_QUESTIONS[0]
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(root), question], cwd=ROOT, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outputs = [proc.communicate(timeout=600) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], [err[-2000:] for _, err in outputs]
    plain = Engine(load_knowledge(root)).answer(question, "w")
    expected = [plain.answered, plain.text, plain.facts]
    assert [json.loads(out.strip().splitlines()[-1]) for out, _ in outputs] == [expected, expected]
    with caplog.at_level(logging.INFO):
        engine = Engine(load_knowledge(root, cache=cache_in(root)))
    assert "as last validated" in caplog.text and "indexes read from the knowledge cache" in caplog.text
    answer = engine.answer(question, "w")
    assert [answer.answered, answer.text, answer.facts] == expected
    check = cache_in(root)
    assert check._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# --- incremental changes ---------------------------------------------------------------------------
def test_every_kind_of_curator_change_served_incrementally_answers_as_a_full_reload(root: Path) -> None:
    cache = cache_in(root)
    engine = Engine(load_knowledge(root, cache=cache))
    curator = Curator(root, cache=cache)
    base = engine.knowledge.facts[CHANGED_FACT]
    copy = base.model_dump(mode="json", exclude_defaults=True)
    copy["id"] = "cache-test-copy"
    copy["keywords"] = [*base.keywords, "cachetestword"]
    served: list[object] = []

    def serve(change: Any, what: str) -> None:
        before = engine._snapshot
        nxt = engine.build_next(change.knowledge)
        assert engine._snapshot is before  # building the next snapshot leaves the served one alone
        engine.serve(nxt)
        assert engine._snapshot is nxt  # swapped as one reference
        served.append(nxt)
        full = Engine(load_knowledge(root))
        asked = [*questions(full.knowledge), "cachetestword", "who said nobody expects anything from us"]
        assert answers(engine, asked) == answers(full, asked), what
        assert postings(engine) == postings(full), what

    serve(curator.teach(CHANGED_FACT, "what did the cache test ask about this", "mod"), "teach")
    serve(curator.edit(CHANGED_FACT, {"keywords": [*base.keywords, "editedcacheword"]}, "mod"), "edit")
    serve(curator.add(copy, "mod"), "add")
    serve(curator.remove("cache-test-copy", "mod"), "remove")
    serve(curator.undo("mod"), "undo")
    imported = curator.import_article(ARTICLE, "mod", ARTICLE_ID)
    serve(imported, "import")
    drafts = list(imported.drafts)
    [quote] = [d for d in drafts if d.quote and QUOTE in d.quote]
    others = [d for d in drafts if d.id != quote.id]
    written = f"Jürgen Klopp dijo en su rueda de prensa: “{QUOTE}.” (Traducción: «{RENDERING}»)"
    serve(curator.approve(quote.id, "mod", translations={"es": written}), "approve")
    if others:
        serve(curator.reject(others[0].id, "mod"), "reject")
    serve(curator.undo("mod"), "undo of the last change")
    assert len({id(s) for s in served}) == len(served)


def test_an_edit_by_hand_reloads_only_the_changed_file_and_serves_as_a_full_load(root: Path) -> None:
    from bot.core.knowledge.source import FolderSource

    source = FolderSource(root, cache_in(root))
    engine = Engine(source.load())
    facts_file = root / "facts" / "2021-liverpool-real-madrid.yaml"
    text = facts_file.read_text(encoding="utf-8")
    facts_file.write_text(text.replace("keywords: [", "keywords: [handeditedword, ", 1), encoding="utf-8")
    engine.serve(engine.build_next(source.load()))
    full = Engine(load_knowledge(root))
    asked = [*questions(full.knowledge), "handeditedword"]
    assert answers(engine, asked) == answers(full, asked)
    assert postings(engine) == postings(full)
