"""A preloaded process whose forked "game" only reports what it holds, for tests of the fork server.

Run as ``python -m tests.classroom.probe_zygote --socket PATH``. Each child prints, as one JSON line, a
random number, its pid, its tab's environment variable, and a module-level list it appends to; then it
reads a line and exits with the number on it (so a test decides when, and with which status, it ends).
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from game.cli.tab_zygote import listen_and_serve

TOUCHED: list[str] = ["preloaded"]
"""Module state made before forking: each child appends to its own copy."""


def probe() -> int:
    import os

    TOUCHED.append(os.environ.get("JANGAL_SERVED_TAB", ""))
    report = {
        "random": random.random(),
        "pid": os.getpid(),
        "touched": TOUCHED,
        "tab": os.environ.get("JANGAL_SERVED_TAB"),
    }
    print(json.dumps(report), flush=True)
    return int(sys.stdin.readline() or 0)


if __name__ == "__main__":
    socket_path = Path(sys.argv[sys.argv.index("--socket") + 1])
    random.seed(1)  # one known state in the parent: a child that kept it would repeat its numbers
    sys.exit(listen_and_serve(socket_path, probe))
