"""Shared test paths and a helper that copies the real knowledge folder for tests that change it."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
SHARED = ROOT.parent / "shared"


def copy_knowledge(dest: Path) -> Path:
    """A private copy of the shipped knowledge folder, so a test may break or edit it.

    Without the knowledge cache a run of the bot may have left in the shipped folder (`.cache/`):
    each copy starts with none, as a fresh checkout does.
    """
    target = dest / "knowledge"
    shutil.copytree(KNOWLEDGE, target, ignore=shutil.ignore_patterns(".cache"))
    return target
