"""Print what the environment has installed, one `name==version` a line, and check it against a lock.

    .venv/bin/python .ci/installed.py requirements-dev.lock           # list, mark any difference
    .venv/bin/python .ci/installed.py requirements-dev.lock --quiet   # only the differences

Exits 1 when a pin of the lock that applies here (its environment marker holds) is missing or
installed at another version, or something is installed that the lock does not name (pip and
setuptools, which come with the venv, excepted).
"""

from __future__ import annotations

import re
import sys
from importlib import metadata

from packaging.markers import Marker
from packaging.utils import canonicalize_name

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")
SEEDED = {"pip", "setuptools"}


def main() -> int:
    """List and compare; the exit status says whether the environment is exactly the lock."""
    lock, quiet = sys.argv[1], "--quiet" in sys.argv[2:]
    pins: dict[str, str] = {}
    with open(lock, encoding="utf-8") as lines:
        text = lines.read()
    for line in text.splitlines():
        found = PIN.match(line.strip())
        if found and (found[3] is None or Marker(found[3]).evaluate()):
            pins[canonicalize_name(found[1])] = found[2]
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    bad = 0
    for name in sorted(set(pins) | set(installed) - SEEDED):
        have, want = installed.get(name), pins.get(name)
        if have == want:
            if not quiet:
                print(f"{name}=={have}")
            continue
        bad += 1
        problem = "missing" if have is None else "not in the lock" if want is None else f"locked at {want}"
        print(f"{name}=={have or '-'}  <- {problem} ({lock})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
