"""Child process: loading and playing a story in-process, each against its floor.

Each measurement runs in a fresh process (started by ``bench.run``) so that one story's objects
never slow the next measurement's garbage collector. Results are printed on one line,
``BENCH-RESULT {json}``.

* ``load FOLDER --runs N``: ``load_story`` (read, compose, build, validate) against
  ``yaml.load(..., CSafeLoader)`` of the same files.
* ``play FOLDER --runs N --choices M``: random playthroughs doing what a UI does at each step
  (``Engine.view``, its open choices, ``Engine.choose``), restarting at an ending, against a
  random walk over the raw parsed dicts with no conditions or effects.
* ``hold FOLDER``: load the story once and report the process's peak RSS.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from bench.memory import peak_rss_mb

RESULT_PREFIX = "BENCH-RESULT "
SEED = 7


def story_files(folder: Path) -> list[Path]:
    """The YAML files of a story folder, as the loader finds them."""
    return sorted(path for path in folder.rglob("*") if path.suffix in (".yaml", ".yml"))


def parse_raw(files: list[Path]) -> list[dict]:
    """The floor's work: each file read and parsed by PyYAML's C loader into plain dicts."""
    return [yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader) for path in files]


def timed(work: Callable[[], object]) -> float:
    """Seconds one call takes, after a full garbage collection so earlier garbage is not charged to it."""
    gc.collect()
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def load_figures(folder: Path, runs: int) -> dict:
    """Median-ready samples of loading the story and of parsing its files raw, interleaved.

    The load runs as `jangal check` runs it: under ``collector_paused``, which the commands that load a story
    and end put around their whole work (the raw parse is timed the same way).
    """
    from game.cli.main import collector_paused
    from game.story.loader import load_story

    files = story_files(folder)
    result = load_story([folder])
    if result.story is None:
        raise SystemExit(f"the story in {folder} has errors: {[str(p) for p in result.errors[:3]]}")
    subject, floor = [], []
    for number in range(runs):
        pair = [("subject", lambda: load_story([folder])), ("floor", lambda: parse_raw(files))]
        for name, work in pair if number % 2 == 0 else reversed(pair):
            with collector_paused():
                (subject if name == "subject" else floor).append(timed(work))
    return {
        "samples": subject,
        "floor_samples": floor,
        "scenes": result.scene_count,
        "files": len(files),
        "warnings": len(result.warnings),
        "bytes": sum(path.stat().st_size for path in files),
    }


def engine_playthroughs(story, choices: int, seed: int) -> float:
    """Choices per second over ``choices`` choices, each step as a UI makes it: view, open choices, choose."""
    from game.play.engine import Engine

    engine = Engine(story)
    rng = random.Random(seed)
    state = engine.new_game()
    gc.collect()
    started = time.perf_counter()
    made = 0
    while made < choices:
        view = engine.view(state)
        if view.ending is not None:
            state = engine.new_game()
            continue
        open_options = view.open_options
        if not open_options:  # a dead end: start again (the generator makes none)
            state = engine.new_game()
            continue
        state = engine.choose(state, rng.choice(open_options).index).state
        made += 1
    return choices / (time.perf_counter() - started)


def raw_walk(parsed: list[dict], choices: int, seed: int) -> float:
    """The floor: choices per second of a random walk over the parsed dicts, no conditions, no effects."""
    scenes = {scene["id"]: scene for document in parsed for scene in document.get("scenes") or ()}
    start = next(document["story"]["start"] for document in parsed if "story" in document)
    rng = random.Random(seed)
    current = scenes[start]
    gc.collect()
    started = time.perf_counter()
    made = 0
    while made < choices:
        if "ending" in current:
            current = scenes[start]
            continue
        current = scenes[rng.choice(current["choices"])["goto"]]
        made += 1
    return choices / (time.perf_counter() - started)


def play_figures(folder: Path, runs: int, choices: int) -> dict:
    """Median-ready samples of choices/s for the engine and for the raw walk, interleaved."""
    from game.story.loader import load_or_raise

    story = load_or_raise([folder])
    parsed = parse_raw(story_files(folder))
    engine_playthroughs(story, max(choices // 10, 10), SEED)  # warm up
    subject, floor = [], []
    for number in range(runs):
        seed = SEED + number
        pair = [
            ("subject", lambda seed=seed: engine_playthroughs(story, choices, seed)),
            ("floor", lambda seed=seed: raw_walk(parsed, choices, seed)),
        ]
        for name, work in pair if number % 2 == 0 else reversed(pair):
            (subject if name == "subject" else floor).append(work())
    return {"samples": subject, "floor_samples": floor, "choices": choices}


def hold_figures(folder: Path) -> dict:
    """Load the story once; the peak RSS of this process (a fresh one) with the story in memory."""
    from game.story.loader import load_or_raise

    story = load_or_raise([folder])
    return {"scenes": len(story.scenes), "rss_mb": peak_rss_mb()}


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.story_bench load|play|hold FOLDER [--runs N] [--choices M]``."""
    parser = argparse.ArgumentParser(description="In-process story figures (a child of bench.run).")
    parser.add_argument("what", choices=("load", "play", "hold"))
    parser.add_argument("folder", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--choices", type=int, default=20_000)
    arguments = parser.parse_args(argv)
    if arguments.what == "load":
        figures = load_figures(arguments.folder, arguments.runs)
    elif arguments.what == "play":
        figures = play_figures(arguments.folder, arguments.runs, arguments.choices)
    else:
        figures = hold_figures(arguments.folder)
    print(RESULT_PREFIX + json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
