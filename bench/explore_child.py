"""Child: ``jangal explore ARGS`` in this process, then its peak memory on standard error.

The explore rows run this instead of the ``jangal`` script so that the peak RSS is the explorer's
own (``bench.memory``); the walk itself is the command's, through ``game.cli.main``.
"""

from __future__ import annotations

import json
import sys

from bench.memory import peak_rss_mb
from game.cli.main import main

RESULT_PREFIX = "EXPLORE-CHILD "


if __name__ == "__main__":
    code = main(["explore", *sys.argv[1:]])
    print(RESULT_PREFIX + json.dumps({"code": code, "peak_rss_mb": peak_rss_mb()}), file=sys.stderr)
    raise SystemExit(code)
