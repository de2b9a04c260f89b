"""`python -m bot`: the command line entry point."""

from __future__ import annotations

import sys

from bot.cli import main as _main


def main() -> None:
    """Console-script entry: run the command line and exit with its status."""
    sys.exit(_main(sys.argv[1:]))


if __name__ == "__main__":
    main()
