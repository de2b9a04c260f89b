"""`python -m bot card` and the console chat's cards: the real command in a subprocess, its PNG decoded."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

from bot.core.cards import card_content, render_card
from bot.core.knowledge.store import load_knowledge
from bot.settings import Settings
from tests.helpers import KNOWLEDGE, ROOT


def _run(*args: str, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    ours = {name.upper() for name in Settings.model_fields}  # no token or settings from this machine
    clean = {k: v for k, v in os.environ.items() if k.upper() not in ours}
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, env={**clean, **env}, input=stdin,
                          capture_output=True, text=True, timeout=120, check=False)


def _png(path: Path) -> Image.Image:
    image = Image.open(io.BytesIO(path.read_bytes()))
    image.load()
    return image


def test_card_writes_the_tie_named_as_tie_takes_it(tmp_path: Path) -> None:
    out = tmp_path / "quarter-final.png"
    done = _run("card", "quarter final", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout and "Liverpool v Real Madrid" in done.stdout
    assert _png(out).size == (1200, 630)
    assert out.read_bytes() == render_card(card_content(load_knowledge(KNOWLEDGE), "liverpool-real-madrid-2021")).png
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # written beside, renamed: no leftovers


def test_card_refuses_what_it_cannot_do_in_one_line(tmp_path: Path) -> None:
    unknown = _run("card", "Liverpool v Everton", "--out", str(tmp_path / "x.png"))
    assert unknown.returncode == 1 and "does not name one tie" in unknown.stderr
    assert "liverpool-atletico-2020" in unknown.stderr and len(unknown.stderr.strip().splitlines()) == 1
    nowhere = _run("card", "2023", "--out", str(tmp_path / "missing" / "x.png"))
    assert nowhere.returncode == 1 and "Cannot write" in nowhere.stderr and "Traceback" not in nowhere.stderr
    assert list(tmp_path.iterdir()) == []
    assert _run("card", "2023").returncode == 2  # --out is required


def test_the_console_chat_writes_an_overviews_card_and_says_where(tmp_path: Path) -> None:
    done = _run("chat", stdin="give me a recap of the Liverpool v Real Madrid quarter-final\nquit\n",
                TMPDIR=str(tmp_path))
    assert done.returncode == 0, done.stderr
    [line] = [line for line in done.stdout.splitlines() if line.startswith("Card: ")]
    path = Path(line.removeprefix("Card: "))
    assert path.name == "liverpool-real-madrid-2021.png" and path.is_relative_to(tmp_path)
    assert _png(path).size == (1200, 630)
    quote = _run("chat", stdin="any Klopp quote mentioning the dressing room?\nquit\n", TMPDIR=str(tmp_path))
    assert "Card: " not in quote.stdout
