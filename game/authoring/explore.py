"""Exploring a story's whole state space, or a sample of it, to find what an author cannot see.

Two states that would play the same from here on are explored once, so even a branching story stays
tractable: the reduced walk (the default) keeps of a state only what the choices' conditions can
still tell apart, and works out what texts read over its graph afterwards (see ``exhaustive``); its
state counts are counts of those control states, not of the story's states. The result names endings
reached and how many distinct paths lead to each, scenes never reached, choices never open,
conditions that never change, the range each variable really takes, dead ends and values that an
effect pushed past a bound.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from functools import partial

from game.authoring.continuity import Continuity
from game.authoring.findings import Verdict, verdicts  # noqa: F401 (the findings of a walk, told where they are)
from game.authoring.observed_walk import ObservedWalk
from game.authoring.routes import count_paths, state_key, watched_scenes
from game.authoring.walk import Walk
from game.play.engine import Engine
from game.play.plan import choice_test, condition_outcome
from game.play.state import GameState
from game.story.model import Choice, Effects, Scene, Story, Variable


@dataclass
class Exploration:
    """What a walk of a story found."""

    states: int = 0
    """Distinct states visited (for random playthroughs: steps taken)."""
    runs: int = 0
    """How many random playthroughs were played; 0 for an exhaustive walk."""
    complete: bool = True
    """False when the walk stopped at its state limit."""
    reduced: bool = False
    """True when the states counted are those of the reduced walk (see ``Explorer.exhaustive``)."""
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


class Explorer:
    """Walks a story with the engine, recording what each state offers."""

    def __init__(self, story: Story):
        self.story = story
        self.engine = Engine(story)
        self.watched = watched_scenes(story)
        self.result = Exploration()
        self.continuity = Continuity(story)
        """What the exhaustive walk proved about ``assumes`` and conditional text (see game.authoring.continuity)."""
        self._facts: dict[str, _SceneFacts] = {}

    def record(self, state: GameState) -> list[int]:
        """Note what a state offers; return the indexes of its open choices."""
        result = self.result
        result.scene_hits[state.scene] = result.scene_hits.get(state.scene, 0) + 1
        self._note_values(state.variables)
        facts = self._facts.get(state.scene) or self._learn(state.scene)
        opened = []
        choice_open, choice_closed = result.choice_open, result.choice_closed
        for index, key, test in facts.choices:
            if test is None or test(state):
                choice_open[key] = choice_open.get(key, 0) + 1
                opened.append(index)
            else:
                choice_closed[key] = choice_closed.get(key, 0) + 1
        if not facts.ending and not opened:
            result.dead_ends.add(facts.id)
        return opened

    def check_overflow(self, state: GameState, index: int) -> None:
        """Record an `add` that would carry a variable past its bound (the engine clamps it)."""
        choice = self.story.scenes[state.scene].choices[index]
        for name, amount in choice.effects.add:
            variable = self.story.variables[name]
            if not variable.allows(state.variables[name] + amount):
                self.result.overflows.add((state.scene, index, name))

    def exhaustive(
        self,
        start: GameState,
        limit: int = 5_000_000,
        progress: Callable[[int, int], None] | None = None,
        *,
        exact: bool = False,
        fingerprints: bool = True,
    ) -> Exploration:
        """Every state reachable from ``start`` (up to ``limit``), with path counts to each ending.

        By default the walk is reduced: a state is known by its scene and what the choices' conditions can
        still tell apart from there (``game.authoring.liveness`` for flags and visit counts,
        ``game.authoring.value_classes`` for bounded variables), as a 64-bit fingerprint
        (``game.authoring.state_keys``); what only texts and ``assumes`` read is worked out over the walk's
        graph afterwards (``game.authoring.observed``). Every finding, path count, shortest path, range and
        continuity proof is the exact walk's; the counts of states (``states``, ``scene_hits``,
        ``choice_open``, ``choice_closed``) are those of the reduced states, each of which stands for every
        state of the story with the same control part. ``exact`` walks every state that ``state_key`` tells
        apart, by its key; ``fingerprints=False`` keys the reduced walk by the kept values themselves.
        ``progress`` is told how many states are explored and how many are known so far: the
        walk is done when the two meet, so their ratio is an honest measure of the way left.
        """
        # What ``record`` notes for every state is tallied here by (scene, which conditions hold),
        # in the order first met, and written into the result in that order at the end: the same
        # counts, with every table's keys in the same order, for one count per state rather than
        # one per choice. Likewise the ranges are only looked at for variables not seen before.
        result, facts_of, learn = self.result, self._facts, self._learn
        successor, counted = self.engine._walk_successor, self.watched  # only visit counts a condition reads
        key = self._key_function(start)
        walk = Walk(self.story, start, key, exact=exact, fingerprints=fingerprints, continuity=self.continuity)
        observed = walk.observed
        key_of, values_of, graph = walk.key_of, walk.values_of, walk.graph
        ids: dict[Hashable, int] = {key_of(start): 0}
        endings: dict[int, str] = {}
        met: list[tuple[_SceneFacts, int]] = []
        values_seen: set[tuple] = set()
        queue = deque([(start, 0, values_of(start))])
        walk.found(start, values_of(start))
        while queue:
            state, number, values = queue.popleft()
            if values not in values_seen:
                values_seen.add(values)
                self._note_values(state.variables)
            facts = facts_of.get(state.scene) or learn(state.scene)
            if facts.proved:  # only scenes with `assumes` or conditional text cost anything here
                self._prove(state, number, graph, facts, observed)
            outcome = condition_outcome(facts.tests, state)
            counts = facts.counts
            if outcome in counts:
                counts[outcome] += 1
            else:
                counts[outcome] = 1
                met.append((facts, outcome))
            if facts.ending:
                endings[number] = state.scene
                if state.scene not in result.shortest:
                    result.shortest[state.scene] = graph.path(number)
                graph.explored()
                continue
            for index in facts.opened(outcome):
                overflows = facts.overflows[index]
                if overflows:
                    variables = state.variables
                    for name, amount, low, high, where in overflows:
                        if not low <= variables[name] + amount <= high:
                            result.overflows.add(where)
                elif overflows is None:
                    self.check_overflow(state, index)
                following = successor(state, index, counted)
                key = key_of(following)
                target = ids.get(key)
                if target is None:
                    if len(ids) >= limit:
                        result.complete = False
                        continue
                    target = ids[key] = len(ids)
                    graph.found(number, index)
                    following_values = values_of(following)
                    walk.found(following, following_values)
                    queue.append((following, target, following_values))
                elif walk.reduced:
                    walk.merged(target, following)
                graph.choice(target, index)
            graph.explored()
            if progress and number % 10_000 == 0:
                progress(number, len(ids))
        self._settle(met)
        walk.widen(result, lambda scene_id: facts_of[scene_id].overflows)
        result.reduced = walk.reduced
        result.states = len(graph)
        result.ending_paths = count_paths(graph, endings)
        return result

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
                state = self.engine._successor(state, index)  # the walk keeps its own path
                path = (*path, index)
        return self.result

    def _learn(self, scene_id: str) -> _SceneFacts:
        facts = self._facts[scene_id] = _SceneFacts(self.story.scenes[scene_id], self.story.variables)
        return facts

    def _prove(self, state: GameState, number: int, graph, facts: _SceneFacts, observed: ObservedWalk | None) -> None:
        """Continuity checks of state ``number``: on entering its scene, and for each consequence (conditions
        that read observed names are noted for ``observed`` to decide after the walk)."""
        self.continuity.enter(state, partial(graph.path, number))
        if observed is not None:
            observed.entered(number, state)
        if facts.ending or not facts.consequences:
            return
        scene = self.story.scenes[state.scene]
        for index in facts.opened(condition_outcome(facts.tests, state)):
            following = self.engine._walk_successor(state, index, self.watched)
            self.continuity.after_choice(scene, index, following)
            if observed is not None:
                observed.chose(number, state.scene, index, following)

    def _note_values(self, variables: Mapping[str, int]) -> None:
        ranges = self.result.ranges
        for name, value in variables.items():
            low, high = ranges.get(name, (value, value))
            ranges[name] = (min(low, value), max(high, value))

    def _settle(self, met: list[tuple[_SceneFacts, int]]) -> None:
        """Write the tallies of ``exhaustive`` into the result, in the order ``record`` would have."""
        result = self.result
        scene_hits, choice_open, choice_closed = result.scene_hits, result.choice_open, result.choice_closed
        for facts, outcome in met:
            count = facts.counts.pop(outcome)
            scene_hits[facts.id] = scene_hits.get(facts.id, 0) + count
            opened = facts.opened(outcome)
            for index, key, _ in facts.choices:
                table = choice_open if index in opened else choice_closed
                table[key] = table.get(key, 0) + count
            if not facts.ending and not opened:
                result.dead_ends.add(facts.id)

    def _key_function(self, start: GameState) -> Callable[[GameState], tuple]:
        """A function giving states that ``state_key`` tells apart different keys, and the others the same.

        Its keys are quicker to make: when no effect writes a variable the start lacks, every state of
        the walk holds its variables in the start's order, so their values alone say them; and the
        watched visits are read by name (``None`` when absent, as ``state_key`` leaves them out).
        Each key holds the variables' part second, for ``exhaustive`` to tell values it has seen.
        """
        story, watched = self.story, tuple(sorted(self.watched))
        written = {name for effects in _all_effects(story) for name, _ in (*effects.set, *effects.add)}
        if not written.issubset(start.variables):

            def full_key(state: GameState) -> tuple:
                key = state_key(state, self.watched)
                return (key[0], key[1], key)

            return full_key
        if not watched:
            return lambda state: (state.scene, tuple(state.variables.values()), state.flags)
        return lambda state: (
            state.scene,
            tuple(state.variables.values()),
            state.flags,
            *map(state.visits.get, watched),
        )


def _all_effects(story: Story) -> list[Effects]:
    """Every effect a walk can apply after its start: the choices' and the scenes' on entering."""
    return [
        effects
        for scene in story.scenes.values()
        for effects in (scene.on_enter, *(choice.effects for choice in scene.choices))
    ]


class _SceneFacts:
    """What the explorer works out once about a scene."""

    __slots__ = ("choices", "consequences", "counts", "ending", "id", "outcomes", "overflows", "proved", "tests")

    def __init__(self, scene: Scene, declared: Mapping[str, Variable]):
        self.id = scene.id
        self.ending = scene.ending is not None
        epilogue = scene.ending.epilogue.conditional if scene.ending else False
        self.consequences = any(choice.consequence.conditional for choice in scene.choices)
        """Whether some choice has a conditional consequence (``Explorer._prove`` then checks each open one)."""
        self.proved = scene.assumes is not None or scene.text.conditional or epilogue or self.consequences
        """Whether the walk has continuity to check here (``Explorer._prove``)."""
        self.choices: tuple[tuple[int, tuple[str, int], Callable | None], ...] = tuple(
            (index, (scene.id, index), choice_test(choice)) for index, choice in enumerate(scene.choices)
        )
        """Per choice: its index, its key in the result's tables, its test (None: always open)."""
        self.tests = tuple(test for _, _, test in self.choices if test is not None)
        """The conditions, in choice order: their outcomes, as the bits of a number, say which are open."""
        self.counts: dict[int, int] = {}
        """How many states ``exhaustive`` met here, by outcome, until it writes them into the result."""
        self.outcomes: dict[int, tuple[int, ...]] = {}
        self.overflows = tuple(
            _overflow_checks(scene, index, choice, declared) for index, choice in enumerate(scene.choices)
        )
        """Per choice: its `add`s as (name, amount, lowest, highest, finding); None where ``check_overflow`` must do."""

    def opened(self, outcome: int) -> tuple[int, ...]:
        """The indexes of the open choices when the conditions came out as the bits of ``outcome``."""
        found = self.outcomes.get(outcome)
        if found is None:
            found, bit = [], 1
            for index, _, test in self.choices:
                if test is not None:
                    is_open = outcome & bit
                    bit <<= 1
                    if not is_open:
                        continue
                found.append(index)
            found = self.outcomes[outcome] = tuple(found)
        return found


def _overflow_checks(scene: Scene, index: int, choice: Choice, declared: Mapping[str, Variable]) -> tuple | None:
    if not all(name in declared for name, _ in choice.effects.add):
        return None  # a story the checker refuses: ``check_overflow`` fails on it as before, when it is open
    inf = float("inf")
    return tuple(
        (
            name,
            amount,
            -inf if declared[name].minimum is None else declared[name].minimum,
            inf if declared[name].maximum is None else declared[name].maximum,
            (scene.id, index, name),
        )
        for name, amount in choice.effects.add
    )
