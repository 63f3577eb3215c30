"""Killed mid-save: a process autosaving in a loop is killed 200 times; no save is ever half-written.

Each round forks a child that saves two known states in turn to the autosave slot, as fast as it can,
and kills it with SIGKILL after a random 0-30 ms (a save takes a few milliseconds, so kills land in
every phase of a save: serialising, writing, flushing, renaming). After each kill the autosave is
byte for byte one of the two complete saves, the other slot is untouched, and the load list shows
exactly the two slots, both healthy. A temporary file a kill leaves behind is never listed as a slot.
"""

from __future__ import annotations

import os
import random
import signal
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from game.play.engine import Engine
from game.play.saves import AUTOSAVE, SaveStore
from game.play.state import GameState
from game.story.loader import load_or_raise
from game.story.model import Story
from tests.conftest import MINI
from tests.reliability.conftest import FIGURES, KILLS

STORY = load_or_raise([MINI])
SAVED_AT = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
"""A fixed clock, so each state always saves to the same bytes."""


def two_states(story: Story) -> tuple[GameState, GameState]:
    """The start of the story, and the state after the first choice."""
    engine = Engine(story)
    start = engine.new_game()
    return start, engine.choose(start, 0).state


def store_in(folder: Path) -> SaveStore:
    return SaveStore(folder, clock=lambda: SAVED_AT)


def save_forever(folder: Path, states: tuple[GameState, GameState]) -> None:
    """The child's work: save one state, then the other, to the autosave, until killed."""
    store = store_in(folder)
    while True:
        for state in states:
            store.save(AUTOSAVE, state, STORY)


def start_saving(folder: Path, states: tuple[GameState, GameState]) -> int:
    """Fork a child that saves forever; it never returns into the test process."""
    pid = os.fork()
    if pid == 0:
        try:
            save_forever(folder, states)
        finally:
            os._exit(0)
    return pid


def kill_after(pid: int, seconds: float) -> None:
    time.sleep(seconds)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")
def test_a_save_killed_at_any_moment_leaves_the_old_or_the_new_save(tmp_path: Path) -> None:
    """200 kills at random moments: every slot is always one complete save, and only real slots are listed."""
    folder = tmp_path / "saves"
    states = two_states(STORY)
    store = store_in(folder)
    complete = []
    for state in states:
        store.save(AUTOSAVE, state, STORY)
        complete.append(store.path(AUTOSAVE).read_bytes())
    store.save("other", states[1], STORY)
    other = store.path("other").read_bytes()
    chance = random.Random()
    before = store.path(AUTOSAVE).read_bytes()
    for _ in range(KILLS):
        kill_after(start_saving(folder, states), chance.uniform(0, 0.03))
        FIGURES["saving processes killed"] += 1
        after = store.path(AUTOSAVE).read_bytes()
        assert after in complete
        FIGURES["kills after which the autosave had changed"] += after != before
        before = after
        assert store.path("other").read_bytes() == other
        assert store.load(AUTOSAVE, STORY).state in states
        assert sorted((info.name, info.problem) for info in store.slots(STORY)) == [(AUTOSAVE, ""), ("other", "")]
        leftovers = [path for path in folder.iterdir() if path.suffix == ".tmp"]
        FIGURES["kills that left a temporary file"] += bool(leftovers)
        for path in leftovers:
            path.unlink()
