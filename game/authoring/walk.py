"""What an exhaustive walk keeps besides its tallies: the keys of the states seen, their graph, and
for a reduced walk what it needs to give the exact walk's ranges and overflows.

The reduced walk (the default) keys states by fingerprints of what their scene keeps
(``game.authoring.state_keys``, ``game.authoring.liveness``, ``game.authoring.value_classes``), leaving
the names texts read to ``game.authoring.observed_walk``; the exact walk by ``state_key``'s
tuples, every value of every state. A story whose effects write a variable its start lacks (which
the checker refuses) is always walked exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from game.authoring.continuity import Continuity
from game.authoring.dead_values import widen_dropped
from game.authoring.liveness import Kept, kept_parts
from game.authoring.observed import Split, split_observed
from game.authoring.observed_findings import settle
from game.authoring.observed_walk import ObservedWalk
from game.authoring.state_graph import StateGraph
from game.authoring.state_keys import reduced_keys, values_getter
from game.authoring.value_classes import value_classes
from game.play.state import GameState
from game.story.model import Story


class Walk:
    """One exhaustive walk's keys, graph and, when reduced, the values it merged."""

    def __init__(
        self,
        story: Story,
        start: GameState,
        exact_key: Callable[[GameState], tuple],
        *,
        exact: bool,
        fingerprints: bool = True,
        continuity: Continuity | None = None,
    ):
        self.story = story
        self.graph = StateGraph()
        self.reduced = not exact and _reducible(story, start)
        """Whether states are keyed by what their scene keeps rather than by everything."""
        self.key_of: Callable[[GameState], Hashable]
        self.values_of: Callable[[GameState], tuple]
        """A state's variables as a tuple: ``exhaustive`` notes each tuple's values once."""
        self.observed: ObservedWalk | None = None
        """The names only texts read, left out of the keys and worked out after the walk (reduced walks only)."""
        if self.reduced:
            split = split_observed(story, start) if continuity is not None else None
            self.kept = kept_parts(story, split.observed if split else frozenset())
            if split is not None:
                self.observed = ObservedWalk(story, split, start, continuity)
                self.kept = _classed(story, self.kept, split)
            self.names = tuple(
                name for name in start.variables if split is None or ("variable", name) not in split.of_name
            )
            getter = values_getter(self.names)
            self.key_of = reduced_keys(self.kept, fingerprints=fingerprints)
            self.values_of = lambda state: getter(state.variables)
        else:
            self.key_of = exact_key
            self.values_of = lambda state: tuple(state.variables.items())
        self.scenes: list[str] = []
        """Each state's scene (reduced walks only)."""
        self.values: list[tuple] = []
        """Each state's variables, as ``values_of`` gives them (reduced walks only; equal tuples shared)."""
        self.merges: list[tuple[int, tuple]] = []
        """(state, the variables of a state taken for it that differ from its own), for ``widen``."""
        self._shared: dict[tuple, tuple] = {}

    def found(self, state: GameState, values: tuple) -> None:
        """Note a new state (the walk numbers them in this order)."""
        if self.reduced:
            self.scenes.append(state.scene)
            self.values.append(self._shared.setdefault(values, values))

    def merged(self, target: int, following: GameState) -> None:
        """Note a state taken for the already known state ``target`` (same scene, same kept values)."""
        values = self.values_of(following)
        if values != self.values[target]:
            self.merges.append((target, values))

    def widen(self, result, overflow_checks: Callable[[str], tuple]) -> None:
        """Add to the result what the walk left out: the observed names' verdicts (``observed_findings``) and the
        values dropped variables take in the states the walk merged (``dead_values``)."""
        if self.observed is not None:
            settle(self.observed, self.graph, self.scenes, result)
        if not self.reduced or not self.merges:
            return
        ranges, overflows = widen_dropped(
            self.story, self.kept, self.graph, self.scenes, self.values, self.names, self.merges, overflow_checks
        )
        for name, (low, high) in ranges.items():
            known_low, known_high = result.ranges.get(name, (low, high))
            result.ranges[name] = (min(low, known_low), max(high, known_high))
        result.overflows |= overflows


def _classed(story: Story, kept: dict[str, Kept], split: Split) -> dict[str, Kept]:
    """What each scene keeps when observed variables are kept as their classes (``game.authoring.value_classes``)
    rather than by liveness: only where they have more than one."""
    variables = [name for kind, name in split.of_name if kind == "variable"]
    classes = value_classes(story, variables)
    found = {}
    for scene_id, part in kept.items():
        names, tables = [], []
        for name in story.variables:
            scene_classes = classes[scene_id].get(name)
            if scene_classes is None and name in part.variables:
                names.append(name)
                tables.append(None)
            elif scene_classes is not None and max(scene_classes) > 0:
                low = story.variables[name].minimum
                names.append(name)
                tables.append({low + position: number for position, number in enumerate(scene_classes)})
        found[scene_id] = Kept(tuple(names), part.flags, part.visits, tuple(tables))
    return found


def _reducible(story: Story, start: GameState) -> bool:
    """Whether every variable an effect or a condition names is declared and in the start state."""
    declared = set(story.variables)
    if set(start.variables) != declared:
        return False
    for scene in story.scenes.values():
        for effects in (scene.on_enter, *(choice.effects for choice in scene.choices)):
            if not {name for name, _ in (*effects.set, *effects.add)} <= declared:
                return False
        if any(choice.goto not in story.scenes for choice in scene.choices):
            return False
    return True
