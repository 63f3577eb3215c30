"""`--auto random` picks among the open choices, all of them over enough runs, and seeds change the path."""

from __future__ import annotations

from collections import defaultdict

from game.authoring.history_walk import Autoplay
from game.play.engine import Engine
from game.story.model import Story
from tests.unit.test_plain import run_plain

RUNS = 60
STEPS = 50  # the mini story ends within a few choices; "go back" loops are cut off here


def autoplayed_paths(story: Story, seeds: range) -> tuple[set[tuple], dict[str, set[int]], dict[str, set[int]]]:
    """Each seed's path, and per scene the choices that were open there and the ones autoplay took."""
    engine = Engine(story)
    paths: set[tuple] = set()
    open_at: dict[str, set[int]] = defaultdict(set)
    taken_at: dict[str, set[int]] = defaultdict(set)
    for seed in seeds:
        autoplay = Autoplay("random", seed=seed)
        state = engine.new_game()
        for _ in range(STEPS):
            view = engine.view(state)
            if view.ending is not None:
                break
            open_here = {option.index for option in view.open_options}
            index = autoplay.pick(engine, state, view)
            assert index in open_here, f"picked closed choice {index} at {state.scene}"
            open_at[state.scene] |= open_here
            taken_at[state.scene].add(index)
            state = engine.choose(state, index).state
        paths.add(tuple((step.scene, step.choice) for step in state.path))
    return paths, open_at, taken_at


def test_random_autoplay_takes_every_open_choice_over_many_seeds(mini: Story) -> None:
    """Over sixty seeds every choice that was ever open in a scene is taken there, by more than one path."""
    paths, open_at, taken_at = autoplayed_paths(mini, range(RUNS))
    assert len(paths) >= 5
    assert set(open_at) >= {"dock", "road"}
    assert dict(taken_at) == dict(open_at)


def test_different_seeds_play_different_games(mini, store) -> None:
    """The printed playthroughs of a few seeds are not all the same; one seed repeats itself exactly."""
    outputs = {run_plain(mini, store, [], Autoplay("random", seed=seed))[1] for seed in range(6)}
    assert len(outputs) > 1
    again = [run_plain(mini, store, [], Autoplay("random", seed=3)) for _ in range(2)]
    assert again[0] == again[1]
