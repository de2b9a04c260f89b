"""The command line: `python -m bot` and its commands."""

from bot.cli.main import main

__all__ = ["main"]
