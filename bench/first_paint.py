"""Child process: start ``jangal`` (or the bare app) headless and report the moment of its first painted screen.

``python -m bench.first_paint jangal [jangal options]`` runs ``game.cli.main.main(["play", ...])``
exactly as the ``jangal`` command does; ``python -m bench.first_paint bare`` runs the bare app.
Before that, two small patches are installed:

* ``App.run`` runs headless at 100x30, so no terminal is needed;
* ``Screen._compositor_refresh`` (where Textual renders a frame and hands it to the driver) notes
  the first frame of the app's current screen that is not held back by a batch update, prints
  ``BENCH-PAINT {"at": <time.monotonic()>, "screen": <class>, "rss_mb": <peak RSS so far>, ...}``
  (with the moments of ``MOMENTS``) and asks the app to exit.

The parent started its clock with ``time.monotonic()`` just before starting this process (the
clock is shared by all processes), so ``at`` minus that is the time from ``python`` starting to
the first painted screen. Importing ``textual.app`` here first changes nothing: both apps
import it anyway.
"""

from __future__ import annotations

import json
import os
import sys
import time

from bench.memory import peak_rss_mb

PAINT_PREFIX = "BENCH-PAINT "
SIZE = (100, 30)
MOMENTS: dict[str, float] = {}
"""``time.monotonic()`` when this script's code starts (``main``), after Textual is imported
(``textual``) and when the app's ``run`` is called (``run``): where the time to the first paint goes."""


def install_patches() -> None:
    """Run apps headless, and exit right after the first frame of the current screen is rendered."""
    from textual.app import App
    from textual.screen import Screen

    original_run = App.run
    original_refresh = Screen._compositor_refresh
    painted = []

    def headless_run(self, **options):
        MOMENTS["run"] = time.monotonic()
        options.update(headless=True, size=SIZE)
        return original_run(self, **options)

    def noting_refresh(self) -> None:
        original_refresh(self)
        app = self.app
        if painted or self is not app.screen or app._batch_count:
            return
        painted.append(time.monotonic())
        report = {"at": painted[0], "screen": type(self).__name__, "rss_mb": peak_rss_mb(), **MOMENTS}
        os.write(1, (PAINT_PREFIX + json.dumps(report) + "\n").encode())
        app.exit()

    App.run = headless_run
    Screen._compositor_refresh = noting_refresh


def main(argv: list[str]) -> int:
    """Run the chosen app with the patches installed."""
    MOMENTS["main"] = time.monotonic()
    install_patches()
    MOMENTS["textual"] = time.monotonic()
    if argv[0] in ("bare", "menu"):
        from bench.bare_app import BareApp, MenuApp

        (BareApp if argv[0] == "bare" else MenuApp)().run()
        return 0
    from game.cli.main import main as jangal

    return jangal(["play", *argv[1:]])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
