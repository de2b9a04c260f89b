"""`python -m bot`: the command line entry point."""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Console-script entry: run the command line and exit with its status, never a traceback.

    130 after Ctrl-C; 1 when the reader of the output has gone (a closed pipe).
    """
    try:
        from bot.cli import main as _main

        status = _main(sys.argv[1:])
        sys.stdout.flush()  # a pipe holds the answer in the buffer: a closed one fails here, not at exit
    except KeyboardInterrupt:
        print(file=sys.stderr)
        status = 130
    except BrokenPipeError:
        # The reader went away (`... | head`): nothing more to say, and no traceback. Python's own
        # advice: point stdout at devnull so the flush at exit does not fail a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 1
    sys.exit(status)


if __name__ == "__main__":
    main()
