"""What observed names (``game.authoring.observed``) take in each state of a walk that left them out, and
what the texts that read them show there.

The walk keys its states by their control part only, so one of its states stands for every state of the
story that has the same control part and any values of the observed names that some path gives them. Those
values follow from the walk's graph: a component's set of values in a state is the least fixed point of
the start's values pushed along every choice (its effects, then its target's ``on_enter``), worked out
for all components at once with each state's sets packed into one int. Every path of the walk's graph is
a path of the story (the same choices in the same order), so the sets are exactly the values the exact
walk meets.

While the walk runs, each condition that reads a component is evaluated, for each state the walk meets,
against every value of the component (once per distinct value of the control names it reads), giving
the set of values that make it true; ``settle`` then compares those sets with the fixed point's. A broken
``assumes`` is shown with the path the exact walk reports: the first state, breadth first, that breaks
it, found by a breadth-first walk over (state, value) pairs, which orders paths as the exact walk does.
"""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Sequence

from game.authoring.continuity import Continuity
from game.authoring.observed import Component, Split, scene_text_conditions
from game.authoring.state_graph import StateGraph
from game.play.effects import compile_effects
from game.play.state import GameState
from game.story.conditions import Condition
from game.story.model import Story

Part = tuple[Component, tuple[int, ...], dict[int, int], int, int, int]
"""What one choice does to one component: the component, each value's number after it, the images of the sets
mapped so far (already shifted to the component's offset), its offset, its full set, and the mask clearing it."""


class _Check:
    """One condition that reads a component, at one place: its value sets, state by state."""

    __slots__ = ("assumes", "cache", "component", "condition", "move", "numbers", "outcomes", "reads", "truths")

    def __init__(self, condition: Condition, component: Component, split: Split):
        self.condition = condition
        self.component = component
        self.reads = tuple(
            (reference.kind, reference.name)
            for reference in condition.references
            if (reference.kind, reference.name) not in split.of_name
        )
        """The control names it reads: its value sets are worked out once per distinct values of them."""
        self.cache: dict[tuple, int] = {}
        self.numbers = array("I")
        """The states whose set of values making it true is neither empty nor full, and those sets."""
        self.truths: array | list = array("Q") if component.size <= 64 else []
        self.outcomes = None
        """The block's outcomes in ``Continuity`` (None for an ``assumes``)."""
        self.assumes = ""
        """The scene, for an ``assumes``."""
        self.move: tuple[Part, ...] | None = None
        """For a consequence: what its choice does to the components (its state is the one after)."""

    def truth(self, state: GameState) -> int:
        """The set of the component's values that make the condition true in ``state``."""
        key = tuple(
            (name in state.flags)
            if kind == "flag"
            else state.variables[name]
            if kind == "variable"
            else state.visits.get(name, 0)
            for kind, name in self.reads
        )
        found = self.cache.get(key)
        if found is None:
            component, found = self.component, 0
            for index in range(component.size):
                if self.condition(component.state_with(state, index)):
                    found |= 1 << index
            self.cache[key] = found
        return found

    def note(self, number: int, state: GameState) -> None:
        """Note what the condition is in the state numbered ``number``, for ``settle``."""
        truth, full = self.truth(state), self.component.full
        if self.outcomes is not None and truth in (0, full):
            self.outcomes.seen.add(truth == full)  # the same whatever values the state stands for
        elif truth != full:
            self.numbers.append(number)
            self.truths.append(truth)


class ObservedWalk:
    """The observed part of one reduced walk: the checks of its texts while it runs, their verdicts after."""

    def __init__(self, story: Story, split: Split, start: GameState, continuity: Continuity):
        self.story, self.split, self.continuity = story, split, continuity
        self.start = 0
        for component in split.components:
            self.start |= 1 << (component.offset + component.index(start.variables, start.flags))
        self._base = dict(start.variables)
        self._entries: dict[str, tuple[_Check, ...]] = {}
        self._exits: dict[tuple[str, int], tuple[_Check, ...]] = {}
        self._moves: dict[str, tuple[tuple[Part, ...], ...]] = {}
        self.checks: list[_Check] = []
        continuity.deferred = frozenset(
            id(condition)
            for scene in story.scenes.values()
            for condition in (
                *scene_text_conditions(scene),
                *(found for choice in scene.choices for found in choice.consequence.conditions),
            )
            if split.component_of(condition) is not None
        )

    def entered(self, number: int, state: GameState) -> None:
        """Note the conditions read on entering a scene (after ``Continuity.enter`` has seen the state)."""
        checks = self._entries.get(state.scene)
        if checks is None:
            checks = self._entries[state.scene] = self._entry_checks(state.scene)
        for check in checks:
            check.note(number, state)

    def chose(self, number: int, scene_id: str, index: int, following: GameState) -> None:
        """Note the consequence of a choice (after ``Continuity.after_choice``); ``following`` is the state after."""
        checks = self._exits.get((scene_id, index))
        if checks is None:
            checks = self._exits[(scene_id, index)] = self._exit_checks(scene_id, index)
        for check in checks:
            check.note(number, following)

    def moves(self, scene_id: str) -> tuple[tuple[Part, ...], ...]:
        """Per choice of a scene: what it and its target's ``on_enter`` do to the components they write."""
        found = self._moves.get(scene_id)
        if found is None:
            scene = self.story.scenes[scene_id]
            found = self._moves[scene_id] = tuple(self._move(scene_id, index) for index in range(len(scene.choices)))
        return found

    def _entry_checks(self, scene_id: str) -> tuple[_Check, ...]:
        scene, found = self.story.scenes[scene_id], []
        blocks = [*scene.text.blocks, *(scene.ending.epilogue.blocks if scene.ending else ())]
        for block in blocks:
            check = self._check(block.condition)
            if check is not None:
                check.outcomes = self.continuity.blocks[id(block)]
                found.append(check)
        check = self._check(scene.assumes)
        if check is not None:
            check.assumes = scene_id
            found.append(check)
        return tuple(found)

    def _exit_checks(self, scene_id: str, index: int) -> tuple[_Check, ...]:
        found = []
        for block in self.story.scenes[scene_id].choices[index].consequence.blocks:
            check = self._check(block.condition)
            if check is not None:
                check.outcomes = self.continuity.blocks[id(block)]
                check.move = self.moves(scene_id)[index]
                found.append(check)
        return tuple(found)

    def _check(self, condition: Condition | None) -> _Check | None:
        component = None if condition is None else self.split.component_of(condition)
        if component is None:
            return None
        check = _Check(condition, component, self.split)
        self.checks.append(check)
        return check

    def _move(self, scene_id: str, index: int) -> tuple[Part, ...]:
        choice = self.story.scenes[scene_id].choices[index]
        parts = (choice.effects, self.story.scenes[choice.goto].on_enter)
        written = {("variable", name) for part in parts for name, _ in (*part.set, *part.add)}
        written |= {("flag", name) for part in parts for name in (*part.set_flags, *part.clear_flags)}
        touched = {self.split.of_name[name] for name in written if name in self.split.of_name}
        change_variables, change_flags = compile_effects(parts, self.story.variables)
        found = []
        for component in sorted(touched, key=lambda component: component.offset):
            after = []
            for value in range(component.size):
                state = component.state_with(GameState("", self._base, frozenset(), {}), value)
                variables = state.variables if change_variables is None else change_variables(state.variables)
                flags = state.flags if change_flags is None else change_flags(state.flags)
                after.append(component.index(variables, flags))
            offset, full = component.offset, component.full
            found.append((component, tuple(after), {}, offset, full, ~(full << offset)))
        return tuple(found)


def moved(mask: int, parts: tuple[Part, ...]) -> int:
    """Packed sets of values, after a choice that does ``parts`` to some components."""
    for _, after, images, offset, full, clear in parts:
        values = (mask >> offset) & full
        image = images.get(values)
        if image is None:
            image = images[values] = _image(values, after) << offset
        mask = (mask & clear) | image
    return mask


def _image(values: int, after: tuple[int, ...]) -> int:
    """The set of values ``after`` maps a set of values to."""
    image, value = 0, 0
    while values:
        if values & 1:
            image |= 1 << after[value]
        values >>= 1
        value += 1
    return image


def fixed_point(observed: ObservedWalk, graph: StateGraph, scenes: Sequence[str]) -> list[int]:
    """Each state's packed sets of component values: the start's pushed along every choice until nothing grows.

    States are swept in their numbers' order (a breadth-first walk's order, so most choices lead forward);
    a sweep is repeated only while some choice made an earlier state grow.
    """
    count = len(graph)
    masks = [0] * count
    if not count:
        return masks
    masks[0] = observed.start
    pending = bytearray(count)
    pending[0] = 1
    offsets, targets, choices, moves = graph.offsets, graph.targets, graph.choices, observed.moves
    again = True
    while again:
        again = False
        for state in range(count):
            if not pending[state]:
                continue
            pending[state] = 0
            mask, scene_moves = masks[state], moves(scenes[state])
            for edge in range(offsets[state], offsets[state + 1]):
                parts = scene_moves[choices[edge]]
                following = moved(mask, parts) if parts else mask
                target = targets[edge]
                known = masks[target]
                if following | known != known:
                    masks[target] = known | following
                    pending[target] = 1
                    if target <= state:
                        again = True
    return masks


def first_breaking(
    observed: ObservedWalk, graph: StateGraph, scenes: Sequence[str], component: Component, truths: dict[str, dict]
) -> dict[str, tuple[int, ...]]:
    """For each scene in ``truths`` (state → values keeping its ``assumes`` true), the first path, breadth first
    over (state, value of ``component``), that enters it with a value breaking the ``assumes``."""
    start = (0, ((observed.start >> component.offset) & component.full).bit_length() - 1)
    parents: dict[tuple[int, int], tuple[tuple[int, int], int] | None] = {start: None}
    queue, found = deque([start]), {}
    while queue and len(found) < len(truths):
        node = queue.popleft()
        state, value = node
        scene_id = scenes[state]
        truth = truths.get(scene_id, {}).get(state)
        if truth is not None and scene_id not in found and not (truth >> value) & 1:
            found[scene_id] = _path(parents, node)
        scene_moves = observed.moves(scene_id)
        for edge in graph.out(state):
            index = graph.choices[edge]
            after = next((after for part, after, *_ in scene_moves[index] if part is component), None)
            child = (graph.targets[edge], value if after is None else after[value])
            if child not in parents:
                parents[child] = (node, index)
                queue.append(child)
    return found


def _path(parents: dict, node: tuple[int, int]) -> tuple[int, ...]:
    indexes = []
    while (link := parents[node]) is not None:
        node, index = link
        indexes.append(index)
    return tuple(reversed(indexes))
