"""The verdicts of a walk that left observed names out (``game.authoring.observed_walk``), once it is done.

From each state's sets of component values (the fixed point) and each condition's sets of values making it
true (noted while the walk ran): which blocks are shown and with which outcomes, which ``assumes`` break and
by which first path, and the ranges and overflows of observed variables. Each is what the exact walk finds.
"""

from __future__ import annotations

from collections.abc import Sequence

from game.authoring.observed import Component
from game.authoring.observed_walk import ObservedWalk, first_breaking, fixed_point, moved
from game.authoring.state_graph import StateGraph


def settle(observed: ObservedWalk, graph: StateGraph, scenes: Sequence[str], result) -> None:
    """Write into ``observed.continuity`` and ``result`` (an ``Exploration``) what the observed names decide."""
    masks = fixed_point(observed, graph, scenes)
    breaking: dict[Component, dict[str, dict[int, int]]] = {}
    for check in observed.checks:
        component = check.component
        offset, full = component.offset, component.full
        noted = zip(check.numbers, check.truths, strict=True)
        if check.assumes:
            truths = dict(noted)
            if any((masks[number] >> offset) & full & ~truth for number, truth in truths.items()):
                breaking.setdefault(component, {})[check.assumes] = truths
            continue
        seen = check.outcomes.seen
        for number, truth in noted:
            if len(seen) == 2:
                break
            values = masks[number] if check.move is None else moved(masks[number], check.move)
            values = (values >> offset) & full
            if values & truth:
                seen.add(True)
            if values & ~truth:
                seen.add(False)
    continuity = observed.continuity
    for component, truths in breaking.items():
        continuity.broken.update(first_breaking(observed, graph, scenes, component, truths))
    # The exact walk meets its first breaking states in breadth-first order: shortest paths first, then by choices.
    continuity.broken = dict(sorted(continuity.broken.items(), key=lambda item: (len(item[1]), item[1])))
    _observed_variables(observed, graph, scenes, masks, result)


def _observed_variables(observed: ObservedWalk, graph: StateGraph, scenes: Sequence[str], masks, result) -> None:
    """The ranges of observed variables over every state, and the `add`s that would carry one past a bound."""
    counted = [part for part in observed.split.components if any(kind == "variable" for kind, _ in part.names)]
    if not counted:
        return
    union = 0
    for mask in masks:
        union |= mask
    for component in counted:
        values = (union >> component.offset) & component.full
        for index in range(component.size):
            if not (values >> index) & 1:
                continue
            for (kind, name), value in component.values(index).items():
                if kind == "variable":
                    low, high = result.ranges.get(name, (value, value))
                    result.ranges[name] = (min(low, value), max(high, value))
    plans: dict[str, tuple] = {}
    for state, mask in enumerate(masks):
        scene_id = scenes[state]
        plan = plans.get(scene_id)
        if plan is None:
            plan = plans[scene_id] = _overflow_plan(observed, scene_id)
        if not plan:
            continue
        for edge in graph.out(state):
            for component, beyond, where in plan[graph.choices[edge]]:
                if (mask >> component.offset) & beyond:
                    result.overflows.add(where)


def _overflow_plan(observed: ObservedWalk, scene_id: str) -> tuple:
    """Per choice of a scene: (component, its values an `add` of the choice would carry past a bound, finding)."""
    scene, split = observed.story.scenes[scene_id], observed.split
    found, any_add = [], False
    for index, choice in enumerate(scene.choices):
        checks = []
        for name, amount in choice.effects.add:
            component = split.of_name.get(("variable", name))
            if component is None:
                continue
            variable = observed.story.variables[name]
            beyond = 0
            for value in range(component.size):
                if not variable.minimum <= component.values(value)[("variable", name)] + amount <= variable.maximum:
                    beyond |= 1 << value
            checks.append((component, beyond, (scene_id, index, name)))
            any_add = True
        found.append(tuple(checks))
    return tuple(found) if any_add else ()
