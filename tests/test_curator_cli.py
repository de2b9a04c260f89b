"""The curator's command line: a dry run writes nothing, paths resolve from the current directory,
and a missing article is one line.

Everything runs as a user runs it, `python -m bot …` in a subprocess. The read-only folder is
a real read-only bind mount in a private mount namespace (`unshare`), since the tests run as
root and a chmod would not stop root from writing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT, copy_knowledge
from tests.test_drafting import ARTICLE, extended_knowledge

READ_ONLY = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'
"""Run a command with folder $1 mounted read-only; the mount exists only in its own namespace."""

ARTICLE_2023 = "2023-real-madrid-liverpool-preview"


def _bot(*args: str, cwd: Path = ROOT, prefix: tuple[str, ...] = (),
         **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k.upper() != "KNOWLEDGE_DIR"}
    environ.update(PYTHONPATH=str(ROOT), **env)
    return subprocess.run([*prefix, sys.executable, "-m", "bot", *args], cwd=cwd, env=environ,
                          capture_output=True, text=True, timeout=120, check=False)


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int] | None]:
    """Every file and folder under `folder`, hidden ones too, with each file's bytes and mtime."""
    out: dict[str, tuple[bytes, int] | None] = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        out[rel] = (path.read_bytes(), path.stat().st_mtime_ns) if path.is_file() else None
    return out


def _read_only_prefix(folder: Path) -> tuple[str, ...]:
    prefix = ("unshare", "--map-root-user", "--mount", "sh", "-c", READ_ONLY, "sh", str(folder))
    if shutil.which("unshare") is None:
        pytest.skip("no unshare(1) here to mount a folder read-only")
    probe = subprocess.run([*prefix, "sh", "-c", f"! touch {folder}/.probe"], capture_output=True, text=True,
                           timeout=30, check=False)
    if probe.returncode != 0:
        pytest.skip(f"cannot mount a folder read-only here: {probe.stderr.strip()}")
    return prefix


def _article(tmp_path: Path) -> Path:
    path = tmp_path / "arsenal.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _assert_drafted(proc: subprocess.CompletedProcess[str]) -> None:
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "arteta" in proc.stdout.lower() and "[quote" in proc.stdout


def test_draft_dry_run_writes_nothing_in_the_folder(tmp_path: Path) -> None:
    root = extended_knowledge(tmp_path)
    before = _snapshot(root)
    _assert_drafted(_bot("--knowledge", str(root), "knowledge", "draft", str(_article(tmp_path)), "--dry-run"))
    assert _snapshot(root) == before  # not even the lock file (.curation.lock)
    assert not (root / ".curation.lock").exists()


def test_draft_dry_run_works_on_a_read_only_folder(tmp_path: Path) -> None:
    root = extended_knowledge(tmp_path)
    article = _article(tmp_path)
    prefix = _read_only_prefix(root)
    before = _snapshot(root)
    _assert_drafted(_bot("--knowledge", str(root), "knowledge", "draft", str(article), "--dry-run", prefix=prefix))
    refused = _bot("--knowledge", str(root), "knowledge", "draft", str(article), prefix=prefix)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.strip() == "Cannot lock the knowledge folder for changes (Read-only file system)."
    assert _snapshot(root) == before


def test_a_relative_knowledge_dir_and_the_check_folder_resolve_from_the_current_directory(tmp_path: Path) -> None:
    copy_knowledge(tmp_path)  # tmp_path/knowledge
    where = tmp_path.resolve() / "knowledge"
    by_setting = _bot("knowledge", "check", cwd=tmp_path, KNOWLEDGE_DIR="knowledge")
    by_argument = _bot("knowledge", "check", "knowledge", cwd=tmp_path)
    for proc in (by_setting, by_argument):
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert proc.stdout.splitlines()[0] == f"Checking {where}"
    (where / "ties.yaml").unlink()  # the other commands read the same folder: the broken copy, not the checkout's
    asked = _bot("ask", "Who is Diego Simeone?", cwd=tmp_path, KNOWLEDGE_DIR="knowledge")
    assert asked.returncode == 2
    assert f"The knowledge folder {where} is invalid" in asked.stderr and "ties.yaml: file is missing" in asked.stderr


def test_a_missing_article_file_is_reported_once_and_other_problems_keep_their_format(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path)
    (root / "articles" / f"{ARTICLE_2023}.yaml").unlink()
    facts_2020 = root / "facts" / "2020-liverpool-atletico.yaml"
    data = yaml.safe_load(facts_2020.read_text(encoding="utf-8"))
    first = data["facts"][0]
    first["entities"] = [*first["entities"], "nobody-at-all"]
    facts_2020.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    citing = sum(1 for path in (ROOT / "knowledge" / "facts").glob("*.yaml")
                 for fact in yaml.safe_load(path.read_text(encoding="utf-8"))["facts"]
                 if fact["source"]["article"] == ARTICLE_2023)
    assert citing > 1

    proc = _bot("knowledge", "check", str(root))
    assert proc.returncode == 1
    issues = [line.strip() for line in proc.stdout.splitlines() if line.startswith("  ")]
    where = f"facts/2020-liverpool-atletico.yaml · {first['id']} · entities.{len(first['entities']) - 1}"
    assert issues == [
        f"{where}: unknown entity 'nobody-at-all'",
        f"articles/{ARTICLE_2023}.yaml: file is missing; {citing} facts (facts/2023-real-madrid-liverpool.yaml) "
        "and the tie real-madrid-liverpool-2023 cite it",
    ]
    assert "unknown article" not in proc.stdout
