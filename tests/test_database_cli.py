"""The command line on the database (DATABASE_URL): import, export, check, draft, teach, translate, undo, ask, chat.

Everything runs as a user runs it, `python -m bot …` in a subprocess, against a fresh database
of the throwaway cluster (tests/pg.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.database.rows import folder_files
from tests.helpers import ROOT
from tests.test_drafting import ARTICLE

FACT = "real-madrid-2023-first-leg-score"
FACTS_2023 = "facts/2023-real-madrid-liverpool.yaml"
TAUGHT = "how many did madrid put past the reds in the first game in 2023, as i put it"


def bot(*args: str, url: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.upper().startswith(("KNOWLEDGE_DIR", "DISCORD_"))}
    environ.update(PYTHONPATH=str(ROOT), DATABASE_URL=url)
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, env=environ, input=stdin,
                          capture_output=True, text=True, timeout=180, check=False)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", target, ignore=shutil.ignore_patterns("*.jsonl", ".*"))
    return target


def files_of(root: Path) -> dict[str, bytes]:
    return {rel: (root / rel).read_bytes() for rel in folder_files(root)}


def test_import_check_teach_undo_draft_and_export(database_url: str, folder: Path, tmp_path: Path) -> None:
    imported = bot("knowledge", "import", str(folder), url=database_url)
    assert imported.returncode == 0, imported.stderr
    assert "as revision 1:" in imported.stdout and "90 facts" not in imported.stderr

    checked = bot("knowledge", "check", url=database_url)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.startswith("Checking postgresql:///") and "OK:" in checked.stdout

    asked = bot("ask", "How did the opening leg finish in 2023?", url=database_url)
    assert asked.returncode == 0 and "three-goal deficit" in asked.stdout

    taught = bot("knowledge", "teach", FACT, TAUGHT, "--actor", "alice", url=database_url)
    assert taught.returncode == 0 and f"Taught `{FACT}`" in taught.stdout, taught.stderr
    exported = bot("knowledge", "export", str(tmp_path / "out"), url=database_url)
    assert exported.returncode == 0 and "revision 2" in exported.stdout, exported.stderr
    assert TAUGHT in (tmp_path / "out" / FACTS_2023).read_text(encoding="utf-8")

    undone = bot("knowledge", "undo", "--actor", "bob", url=database_url)
    assert undone.returncode == 0 and f"bob undid a change to `{FACT}`" in undone.stdout, undone.stderr
    exported = bot("knowledge", "export", str(tmp_path / "out"), url=database_url)
    assert "1 written" in exported.stdout
    assert files_of(tmp_path / "out") == files_of(folder)  # back to the folder, byte for byte

    article = tmp_path / "arsenal.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    drafted = bot("knowledge", "draft", str(article), "--id", "arsenal-preview", url=database_url)
    assert drafted.returncode == 0, drafted.stderr
    bot("knowledge", "export", str(tmp_path / "out"), url=database_url)
    assert (tmp_path / "out" / "articles" / "arsenal-preview.yaml").is_file()
    assert (tmp_path / "out" / "facts" / "arsenal-preview.yaml").is_file()
    assert bot("knowledge", "check", str(tmp_path / "out"), url=database_url).returncode == 0


def test_the_console_chat_answers_from_the_database(database_url: str, folder: Path) -> None:
    assert bot("knowledge", "import", str(folder), url=database_url).returncode == 0
    chat = bot("chat", url=database_url, stdin="How did the opening leg finish in 2023?\nquit\n")
    assert chat.returncode == 0 and "three-goal deficit" in chat.stdout, chat.stderr


def test_refusals_are_one_line(database_url: str, folder: Path, tmp_path: Path) -> None:
    empty = bot("ask", "who scored?", url=database_url)
    assert empty.returncode == 2 and "holds no knowledge yet" in empty.stderr and "knowledge import" in empty.stderr

    broken = tmp_path / "broken"
    shutil.copytree(folder, broken)
    text = (broken / FACTS_2023).read_text(encoding="utf-8")
    (broken / FACTS_2023).write_text(text.replace("    intent: score\n", "    intent: nonsense\n", 1), encoding="utf-8")
    refused = bot("knowledge", "import", str(broken), url=database_url)
    assert refused.returncode == 1 and "Not imported" in refused.stderr
    assert f"{FACTS_2023} · {FACT} · intent: unknown intent 'nonsense'" in refused.stderr
    assert "Traceback" not in refused.stderr

    away = "postgresql:///nowhere?host=" + str(tmp_path / "no-server") + "&user=postgres"
    for args, status in ((("knowledge", "teach", FACT, TAUGHT), 1), (("ask", "who scored?"), 2),
                         (("knowledge", "import", str(folder)), 2), (("knowledge", "export", str(tmp_path)), 2)):
        result = bot(*args, url=away)
        assert result.returncode == status, (args, result.stderr)
        assert "cannot be reached" in result.stderr.lower() or "cannot reach" in result.stderr.lower(), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr

    unset = subprocess.run([sys.executable, "-m", "bot", "knowledge", "export", str(tmp_path / "x")], cwd=ROOT,
                           env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"}, capture_output=True,
                           text=True, timeout=60, check=False)
    assert unset.returncode == 2 and "set DATABASE_URL" in unset.stderr


def test_translate_writes_the_spanish_answer_in_the_database_and_refuses_an_ungrounded_one(
        database_url: str, folder: Path, tmp_path: Path) -> None:
    assert bot("knowledge", "import", str(folder), url=database_url).returncode == 0
    spanish = ("En los octavos de la Champions 2023, el Real Madrid ganó la ida 5-2 en Anfield tras ir "
               "perdiendo 2-0, y dejó al Liverpool con tres goles que remontar en la vuelta.")

    written = bot("knowledge", "translate", FACT, spanish, "--actor", "ana", url=database_url)
    assert written.returncode == 0, written.stderr
    asked = bot("ask", "--lang", "es", "¿cómo acabó la ida de 2023?", url=database_url)
    assert asked.returncode == 0 and "tres goles que remontar" in asked.stdout, asked.stdout
    bot("knowledge", "export", str(tmp_path / "out"), url=database_url)
    assert "tres goles que remontar" in (tmp_path / "out" / FACTS_2023).read_text(encoding="utf-8")

    wrong = bot("knowledge", "translate", FACT, spanish.replace("5-2", "6-2"), url=database_url)
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr
    assert f"{FACTS_2023} · {FACT} · translations.es.answer: answer states 6-2" in wrong.stderr

    undone = bot("knowledge", "undo", "--actor", "ana", url=database_url)
    assert undone.returncode == 0, undone.stderr
    bot("knowledge", "export", str(tmp_path / "out"), url=database_url)
    assert files_of(tmp_path / "out") == files_of(folder)
