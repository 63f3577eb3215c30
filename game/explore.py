"""Exploring a story's whole state space, or a sample of it, to find what an author cannot see.

Two states that would play the same from here on (same scene, variables, flags, and visit
counts of the scenes that conditions ask about) are explored once, so even a branching story
stays tractable. The result names endings reached and how many distinct paths lead to each,
scenes never reached, choices never open, conditions that never change, the range each
variable really takes, dead ends and values that an effect pushed past a bound.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from game.engine import Engine
from game.model import Story
from game.state import GameState

INFINITE = -1
"""Path count of an ending that a loop can reach: there are endlessly many paths."""


@dataclass
class Exploration:
    """What a walk of a story found."""

    states: int = 0
    """Distinct states visited (for random playthroughs: steps taken)."""
    runs: int = 0
    """How many random playthroughs were played; 0 for an exhaustive walk."""
    complete: bool = True
    """False when the walk stopped at its state limit."""
    ending_paths: dict[str, int] = field(default_factory=dict)
    """For each ending reached, how many distinct choice sequences lead to it (INFINITE with loops)."""
    shortest: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """For each ending reached, the shortest list of choice indexes from the start."""
    scene_hits: dict[str, int] = field(default_factory=dict)
    """How many explored states (or random playthrough steps) were in each scene."""
    choice_open: dict[tuple[str, int], int] = field(default_factory=dict)
    """For each authored choice, in how many explored states it was open."""
    choice_closed: dict[tuple[str, int], int] = field(default_factory=dict)
    """For each authored choice, in how many explored states it was closed."""
    ranges: dict[str, tuple[int, int]] = field(default_factory=dict)
    """The lowest and highest value each variable took."""
    dead_ends: set[str] = field(default_factory=set)
    """Scenes, not endings, where some state had no open choice."""
    overflows: set[tuple[str, int, str]] = field(default_factory=set)
    """(scene, choice index, variable) where an `add` would carry a value past its range (the engine clamps it)."""
    choice_taken: dict[tuple[str, int], int] = field(default_factory=dict)
    """For random playthroughs: how many times each choice was picked."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """One finding of an exploration, for a report."""

    severity: str
    """``error`` or ``warning``."""
    message: str
    """What was found."""


def watched_scenes(story: Story) -> frozenset[str]:
    """The scenes whose visit counts some condition reads."""
    return frozenset(
        ref.name
        for scene in story.scenes.values()
        for choice in scene.choices
        if choice.condition
        for ref in choice.condition.references
        if ref.kind == "scene"
    )


def state_key(state: GameState, watched: frozenset[str]) -> tuple:
    """What decides how a state plays from here on; the path and unwatched visits do not."""
    visits = tuple(sorted((scene, count) for scene, count in state.visits.items() if scene in watched))
    return (state.scene, tuple(sorted(state.variables.items())), state.flags, visits)


class Explorer:
    """Walks a story with the engine, recording what each state offers."""

    def __init__(self, story: Story):
        self.story = story
        self.engine = Engine(story)
        self.watched = watched_scenes(story)
        self.result = Exploration()

    def record(self, state: GameState) -> list[int]:
        """Note what a state offers; return the indexes of its open choices."""
        result = self.result
        result.scene_hits[state.scene] = result.scene_hits.get(state.scene, 0) + 1
        for name, value in state.variables.items():
            low, high = result.ranges.get(name, (value, value))
            result.ranges[name] = (min(low, value), max(high, value))
        scene = self.story.scenes[state.scene]
        opened = []
        for index, choice in enumerate(scene.choices):
            is_open = choice.condition is None or choice.condition(state)
            table = result.choice_open if is_open else result.choice_closed
            table[(scene.id, index)] = table.get((scene.id, index), 0) + 1
            if is_open:
                opened.append(index)
        if scene.ending is None and not opened:
            result.dead_ends.add(scene.id)
        return opened

    def check_overflow(self, state: GameState, index: int) -> None:
        """Record an `add` that would carry a variable past its bound (the engine clamps it)."""
        choice = self.story.scenes[state.scene].choices[index]
        for name, amount in choice.effects.add:
            variable = self.story.variables[name]
            if not variable.allows(state.variables[name] + amount):
                self.result.overflows.add((state.scene, index, name))

    def exhaustive(self, start: GameState, limit: int = 5_000_000, progress: Callable[[int, int], None] | None = None):
        """Every state reachable from ``start`` (up to ``limit``), with path counts to each ending.

        ``progress`` is told how many states are explored and how many are known so far: the
        walk is done when the two meet, so their ratio is an honest measure of the way left.
        """
        ids: dict[tuple, int] = {state_key(start, self.watched): 0}
        edges: list[list[int]] = []
        endings: dict[int, str] = {}
        queue = deque([(start, 0, ())])
        while queue:
            state, number, path = queue.popleft()
            edges.append([])
            opened = self.record(state)
            if self.story.scenes[state.scene].ending is not None:
                endings[number] = state.scene
                self.result.shortest.setdefault(state.scene, path)
                continue
            for index in opened:
                self.check_overflow(state, index)
                following = self.engine.choose(state, index).state
                key = state_key(following, self.watched)
                if key not in ids:
                    if len(ids) >= limit:
                        self.result.complete = False
                        continue
                    ids[key] = len(ids)
                    queue.append((following, ids[key], (*path, index)))
                edges[number].append(ids[key])
            if progress and number % 10_000 == 0:
                progress(number, len(ids))
        self.result.states = len(edges)
        self.result.ending_paths = _count_paths(edges, endings)
        return self.result

    def sample(
        self,
        start: Callable[[], GameState],
        runs: int,
        seed: int,
        max_steps: int = 1_000,
        progress: Callable[[int, int], None] | None = None,
    ):
        """Random playthroughs: open choices picked with a seeded generator."""
        rng = random.Random(seed)
        self.result.runs += runs
        for run in range(runs):
            if progress and run % 100 == 0:
                progress(run, runs)
            state = start()
            path: tuple[int, ...] = ()
            for _ in range(max_steps):
                opened = self.record(state)
                self.result.states += 1
                if self.story.scenes[state.scene].ending is not None:
                    self.result.ending_paths[state.scene] = self.result.ending_paths.get(state.scene, 0) + 1
                    best = self.result.shortest.get(state.scene)
                    if best is None or len(path) < len(best):
                        self.result.shortest[state.scene] = path
                    break
                if not opened:
                    break
                index = rng.choice(opened)
                taken = (state.scene, index)
                self.result.choice_taken[taken] = self.result.choice_taken.get(taken, 0) + 1
                self.check_overflow(state, index)
                state = self.engine.choose(state, index).state
                path = (*path, index)
        return self.result


def _count_paths(edges: list[list[int]], endings: dict[int, str]) -> dict[str, int]:
    """Distinct paths from state 0 to each ending state, by an iterative depth-first count."""
    counts: list[dict[str, int] | None] = [None] * len(edges)
    on_stack = [False] * len(edges)
    stack = [(0, 0)]
    on_stack[0] = True
    looping = False
    while stack:
        node, position = stack[-1]
        if position < len(edges[node]):
            stack[-1] = (node, position + 1)
            child = edges[node][position]
            if on_stack[child]:
                looping = True
            elif counts[child] is None:
                on_stack[child] = True
                stack.append((child, 0))
            continue
        stack.pop()
        on_stack[node] = False
        total: dict[str, int] = {endings[node]: 1} if node in endings else {}
        for child in edges[node]:
            for ending, count in (counts[child] or {}).items():
                total[ending] = total.get(ending, 0) + count
        counts[node] = total
    found = counts[0] or {}
    return {ending: INFINITE for ending in found} if looping else found


def verdicts(story: Story, result: Exploration) -> list[Verdict]:
    """The findings an author should act on: errors first, then warnings."""
    found: list[Verdict] = []
    for scene in story.scenes.values():
        if scene.id not in result.scene_hits:
            kind = "ending" if scene.ending else "scene"
            found.append(Verdict("error" if scene.ending else "warning", f"{kind} `{scene.id}` is never reached"))
    for scene_id in sorted(result.dead_ends):
        found.append(Verdict("error", f"dead end: in scene `{scene_id}` some states have no open choice"))
    for name, variable in story.variables.items():
        places = sorted(f"`{scene}` #{index + 1}" for scene, index, pushed in result.overflows if pushed == name)
        if places and not variable.stop_at_bounds:
            shown = ", ".join(places[:6]) + (f" and {len(places) - 6} more" if len(places) > 6 else "")
            message = (
                f"`{name}` would leave its range {variable.minimum}..{variable.maximum} through {len(places)} "
                f"choice(s): {shown} (if piling up at a bound is meant, declare `stop_at_bounds: true`)"
            )
            found.append(Verdict("error", message))
    for scene in story.scenes.values():
        if scene.id not in result.scene_hits:
            continue
        for index, choice in enumerate(scene.choices):
            opened = result.choice_open.get((scene.id, index), 0)
            closed = result.choice_closed.get((scene.id, index), 0)
            where = f"choice {index + 1} of `{scene.id}`"
            if not opened:
                found.append(Verdict("warning", f"{where} is never open (`{choice.condition.source}` is always false)"))
            elif choice.condition is not None and not closed:
                found.append(Verdict("warning", f"{where}: `{choice.condition.source}` is always true in practice"))
    if not result.complete:
        found.append(Verdict("warning", "the walk stopped at its state limit: the findings are incomplete"))
    return sorted(found, key=lambda verdict: verdict.severity != "error")


def route_to(engine: Engine, scene_id: str, limit: int = 200_000) -> GameState | None:
    """A game played from the start into a scene, for authors who want to see it at once.

    History's path is followed when it passes through the scene, so the state is the one most
    players will have; otherwise the shortest way there. The choices stay on the path, so undo
    goes back through them. None when no path reaches the scene within ``limit`` states.
    """
    start = engine.new_game()
    along_history = _follow_history(engine, start, scene_id)
    if along_history is not None:
        return along_history
    watched = watched_scenes(engine.story)
    seen = {state_key(start, watched)}
    queue = deque([start])
    while queue and len(seen) < limit:
        state = queue.popleft()
        if state.scene == scene_id:
            return state
        for option in engine.view(state).open_options:
            following = engine.choose(state, option.index).state
            key = state_key(following, watched)
            if key not in seen:
                seen.add(key)
                queue.append(following)
    return None


def _follow_history(engine: Engine, state: GameState, scene_id: str, max_steps: int = 1_000) -> GameState | None:
    for _ in range(max_steps):
        if state.scene == scene_id:
            return state
        index = None if engine.view(state).ending is not None else engine.history_or_first(state)
        if index is None:
            return None
        state = engine.choose(state, index).state
    return None
