"""Child process: from a choice to the next scene painted, in Jangal and in a bare Textual app.

Both apps run under ``App.run_test()`` (headless, 100x30). One repeat is timed from just before
the action to the end of ``await pilot.pause()``, which waits until the screen has processed
every pending message and then renders a frame:

* Jangal (the campaign, a fresh save folder): ``PlayScreen.action_choose_number(n)`` for a
  random open choice, as the number keys call it. At an ending the game restarts, untimed.
* The floor: the bare app's one ``Static`` gets the other of two scene-sized texts.

``pilot.press`` is not used: it sleeps between keys. ``pilot.pause()`` itself sleeps in 20 ms
ticks until a tick passes with (almost) no CPU used, so the wall time counts ticks of work;
the CPU time of each repeat is kept beside it as the finer measure. The apps alternate in
blocks, so both see the same moments of machine load. Results: one line,
``BENCH-RESULT {json}``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

from bench.bare_app import BareApp
from bench.generate import prose

RESULT_PREFIX = "BENCH-RESULT "
SIZE = (100, 30)
SEED = 11


async def timed_step(pilot, action) -> tuple[float, float]:
    """Wall and CPU seconds from calling ``action`` to the end of ``await pilot.pause()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    await pilot.pause()
    return time.perf_counter() - wall, time.process_time() - cpu


async def jangal_block(repeats: int, saves: Path, seed: int) -> list[tuple[float, float]]:
    """Wall and CPU seconds from each choice's action to the next scene painted, over ``repeats`` choices."""
    from game.play.paths import default_scenes
    from game.play.saves import SaveStore
    from game.play.session import Session
    from game.story.loader import load_or_raise
    from game.ui.app import JangalApp
    from game.ui.widgets.choice_list import ChoiceList

    store = SaveStore(saves)
    app = JangalApp(Session(load_or_raise(default_scenes()), store), store.folder)
    rng = random.Random(seed)
    samples = []
    async with app.run_test(size=SIZE) as pilot:
        app.start_game()
        await pilot.pause()
        while len(samples) < repeats:
            screen = app.screen
            if app.session.view().ending is not None:
                app.start_game()
                await pilot.pause()
                continue
            choices = screen.query_one(ChoiceList)
            numbers = [n for n in range(1, choices.option_count + 1) if choices.index_for_number(n) is not None]
            action = partial(screen.action_choose_number, rng.choice(numbers))
            samples.append(await timed_step(pilot, action))
    return samples


async def bare_block(repeats: int, seed: int) -> list[tuple[float, float]]:
    """Wall and CPU seconds from swapping the one Static's text to the frame painted, over ``repeats`` swaps."""
    from textual.widgets import Static

    rng = random.Random(seed)
    texts = [prose(rng, 150), prose(rng, 150)]
    app = BareApp()
    samples = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        static = app.query_one("#only", Static)
        for number in range(repeats):
            samples.append(await timed_step(pilot, partial(static.update, texts[number % 2])))
    return samples


async def measure(rounds: int, repeats: int) -> dict:
    """Alternate blocks of the bare app and Jangal; every sample of both."""
    subject, floor = [], []
    with tempfile.TemporaryDirectory(prefix="jangal-bench-saves-") as saves:
        for number in range(rounds):
            floor += await bare_block(repeats, SEED + number)
            subject += await jangal_block(repeats, Path(saves), SEED + number)
    return {
        "samples": [wall for wall, _ in subject],
        "floor_samples": [wall for wall, _ in floor],
        "cpu_samples": [cpu for _, cpu in subject],
        "floor_cpu_samples": [cpu for _, cpu in floor],
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.paint_latency --rounds R --repeats N``."""
    parser = argparse.ArgumentParser(description="Choice-to-paint latency (a child of bench.run).")
    parser.add_argument("--rounds", type=int, default=3, help="blocks of each app, alternating (default 3)")
    parser.add_argument("--repeats", type=int, default=10, help="timed repeats per block (default 10)")
    arguments = parser.parse_args(argv)
    figures = asyncio.run(measure(arguments.rounds, arguments.repeats))
    print(RESULT_PREFIX + json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
