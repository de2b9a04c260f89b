"""Answering: a question in, an `Answer` out, from one knowledge snapshot; it never writes.

The stages, in the order `engine` runs them, are written down in `engine.py`'s docstring.
"""

from bot.core.answering.answer import Answer, Source
from bot.core.answering.context import ContextStore, Turn
from bot.core.answering.engine import Engine
from bot.core.answering.render import render_text

__all__ = ["Answer", "ContextStore", "Engine", "Source", "Turn", "render_text"]
