"""The card's two typefaces, shipped in `fonts/` (DejaVu Sans, free licence): never the machine's fonts."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

__all__ = ["FONT_DIR", "FONT_FILES", "font"]

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
"""Regular and bold, by `bold`; their licence is `fonts/LICENSE`."""


@lru_cache(maxsize=128)
def font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    """The regular or bold face at `size` pixels, opened once per size (opening one costs about a millisecond)."""
    return ImageFont.truetype(str(FONT_DIR / FONT_FILES[bold]), size)
