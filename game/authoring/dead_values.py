"""The values a dropped variable really takes, for the ranges and overflows a reduced walk reports.

The reduced walk keeps one state for all those of a scene that differ only in variables no condition
reads any more (``game.authoring.liveness``), so it sees only some of the values such a variable
takes from there on: those of the states it kept. The others follow from the walk's graph. Each
state that was kept stands for states whose dropped variable took other values (the walk noted
them as ``merged``), and each choice changes a variable by a function that never decreases it
(``set`` makes it a constant, ``add`` moves it and clamps it to its bounds). So the lowest value a
variable takes in the states a kept state stands for is the least fixed point of the lowest values
of its predecessors pushed through their choices' functions, and the same for the highest: this
module computes both, for dropped variables only, from the states where a different value was
merged. The variables dropped are bounded (liveness keeps the others), so the fixed point is
reached. An ``add`` past a bound happens for some value in [lowest, highest] exactly when it does
for one of the two ends, which is how the overflows are found.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from game.authoring.liveness import Kept
from game.authoring.state_graph import StateGraph
from game.story.model import Effects, Story

Transfer = Callable[[int], int]


def widen_dropped(
    story: Story,
    kept: Mapping[str, Kept],
    graph: StateGraph,
    scenes: Sequence[str],
    values: Sequence[tuple[int, ...]],
    names: tuple[str, ...],
    merged: Sequence[tuple[int, tuple[int, ...]]],
    overflow_checks: Callable[[str], tuple],
) -> tuple[dict[str, tuple[int, int]], set[tuple[str, int, str]]]:
    """The ranges of dropped variables over the states each kept one stands for, and the overflows they add.

    ``scenes[n]`` and ``values[n]`` are state *n*'s scene and variables (in the order of ``names``);
    ``merged`` holds (state, variables of a state the walk found equal to it on what its scene keeps);
    ``overflow_checks(scene)`` gives per choice its `add`s as (name, amount, lowest, highest, finding).
    """
    ranges: dict[str, tuple[int, int]] = {}
    overflows: set[tuple[str, int, str]] = set()
    transfers: dict[tuple[str, int], dict[str, Transfer]] = {}
    for position, name in enumerate(names):
        dropped = {scene_id for scene_id, part in kept.items() if name not in part.variables}
        if not dropped:
            continue
        low, high = _fixed_point(story, graph, scenes, values, position, name, dropped, merged, transfers)
        for state, lowest in low.items():
            highest = high[state]
            known = ranges.get(name, (lowest, highest))
            ranges[name] = (min(known[0], lowest), max(known[1], highest))
            scene_id = scenes[state]
            checks = overflow_checks(scene_id)
            for edge in graph.out(state):
                for added, amount, bottom, top, where in checks[graph.choices[edge]] or ():
                    if added == name and not (bottom <= lowest + amount and highest + amount <= top):
                        overflows.add(where)
    return ranges, overflows


def _fixed_point(story, graph, scenes, values, position, name, dropped, merged, transfers):
    """The lowest and highest value of one variable in each state whose range is wider than its own value."""
    low: dict[int, int] = {}
    high: dict[int, int] = {}
    work: list[int] = []

    def widen(state: int, lowest: int, highest: int) -> None:
        own = values[state][position]
        now_low, now_high = low.get(state, own), high.get(state, own)
        if lowest < now_low or highest > now_high:
            low[state], high[state] = min(lowest, now_low), max(highest, now_high)
            work.append(state)

    for state, other in merged:
        if scenes[state] in dropped:
            widen(state, other[position], other[position])
    while work:
        state = work.pop()
        lowest, highest = low[state], high[state]
        scene_id = scenes[state]
        for edge in graph.out(state):
            target = graph.targets[edge]
            if scenes[target] in dropped:
                change = _transfer(story, scene_id, graph.choices[edge], name, transfers)
                widen(target, change(lowest), change(highest))
    return low, high


def _transfer(story: Story, scene_id: str, index: int, name: str, transfers: dict) -> Transfer:
    """What a choice and its target's ``on_enter`` do to one variable, as the engine applies them."""
    found = transfers.get((scene_id, index))
    if found is None:
        found = transfers[(scene_id, index)] = {}
    change = found.get(name)
    if change is None:
        choice = story.scenes[scene_id].choices[index]
        change = found[name] = variable_change(story, name, (choice.effects, story.scenes[choice.goto].on_enter))
    return change


def variable_change(story: Story, name: str, parts: tuple[Effects, ...]) -> Transfer:
    """One variable's change by effects applied in order, each part's ``set`` before its ``add`` (game.play.effects)."""
    variable = story.variables[name]
    steps: list[tuple[bool, int]] = []
    for part in parts:
        steps += [(True, variable.clamp(value)) for written, value in part.set if written == name]
        steps += [(False, amount) for written, amount in part.add if written == name]

    def change(value: int) -> int:
        for is_set, number in steps:
            value = number if is_set else variable.clamp(value + number)
        return value

    return change
