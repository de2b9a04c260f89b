"""`python -m bot`: the command line entry point."""

from __future__ import annotations

import sys


def main() -> None:
    """Console-script entry: run the command line and exit with its status (130 after Ctrl-C, no traceback)."""
    try:
        from bot.cli import main as _main

        status = _main(sys.argv[1:])
    except KeyboardInterrupt:
        print(file=sys.stderr)
        status = 130
    sys.exit(status)


if __name__ == "__main__":
    main()
