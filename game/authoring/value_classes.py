"""Values of a variable that no choice can tell apart from a scene onward: one class in the reduced walk's keys.

A choice's ``if`` compares a variable with numbers (``support >= 5``, ``1 <= unity <= 4``), and an effect
sets it to a constant or adds a constant (clamped to its bounds). Two values of a variable are alike in a
scene when every comparison the scene's choices make gives both the same answer, and every choice out of
it leads to values alike in its target. The coarsest such partition, scene by scene, is found by partition
refinement over the scene graph (a bisimulation of the variable's values): each scene starts with the
classes its own comparisons make, and a class is split while some choice carries its values into different
classes of the target. A variable no condition reads any more has one class, so this is liveness, finer.

Two states of a scene that differ only in values alike there (and in names the walk leaves out) open the
same choices, lead to the same scenes, and do so again from there: the walk keeps one of them. A comparison
that reads a variable together with another variable or a visit count (``support + unity > 6``) tells every
value of its variables apart in its scene.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from game.authoring.dead_values import variable_change
from game.play.state import GameState
from game.story.conditions import Condition, parse_condition
from game.story.model import Story

Classes = tuple[int, ...]
"""A variable's class for each of its values, from its minimum up."""


def value_classes(story: Story, names: Iterable[str]) -> dict[str, dict[str, Classes]]:
    """For each scene, for each of ``names`` (bounded variables), the class of each of its values there."""
    reads = {scene_id: _comparisons(story, scene_id) for scene_id in story.scenes}
    before: dict[str, set[str]] = {scene_id: set() for scene_id in story.scenes}
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.goto in before:
                before[choice.goto].add(scene.id)
    found: dict[str, dict[str, Classes]] = {scene_id: {} for scene_id in story.scenes}
    for name in names:
        for scene_id, classes in _refined(story, name, reads, before).items():
            found[scene_id][name] = classes
    return found


def _refined(story: Story, name: str, reads: dict, before: dict[str, set[str]]) -> dict[str, Classes]:
    variable = story.variables[name]
    values = range(variable.minimum, variable.maximum + 1)
    classes: dict[str, Classes] = {}
    for scene_id, (atoms, exact) in reads.items():
        if name in exact:
            classes[scene_id] = tuple(range(len(values)))
        else:
            answers = [tuple(atom(value) for atom in atoms.get(name, ())) for value in values]
            classes[scene_id] = _numbered(answers)
    moves = {
        scene.id: [
            (choice.goto, [changed - variable.minimum for changed in map(change, values)])
            for choice in scene.choices
            if choice.goto in story.scenes
            for change in (variable_change(story, name, (choice.effects, story.scenes[choice.goto].on_enter)),)
        ]
        for scene in story.scenes.values()
    }
    pending = set(story.scenes)
    while pending:
        scene_id = pending.pop()
        own = classes[scene_id]
        labels = [
            (own[position], *(classes[target][after[position]] for target, after in moves[scene_id]))
            for position in range(len(values))
        ]
        refined = _numbered(labels)
        if refined != own:
            classes[scene_id] = refined
            pending |= before[scene_id]
    return classes


def _numbered(labels: list) -> Classes:
    """Each label's number, in the order labels first appear."""
    numbers: dict = {}
    return tuple(numbers.setdefault(label, len(numbers)) for label in labels)


def _comparisons(story: Story, scene_id: str) -> tuple[dict[str, list], set[str]]:
    """The comparisons a scene's choices make of one variable each (as functions of its value), and the
    variables they read otherwise (every value of those tells apart)."""
    atoms: dict[str, list] = {}
    exact: set[str] = set()
    for choice in story.scenes[scene_id].choices:
        if choice.condition is not None:
            _read(story, choice.condition, atoms, exact)
    return atoms, exact


def _read(story: Story, condition: Condition, atoms: dict[str, list], exact: set[str]) -> None:
    tree = ast.parse(condition.source, mode="eval")
    compared: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        inner = list(ast.walk(node))
        names = {part.id for part in inner if isinstance(part, ast.Name) and part.id in story.variables}
        compared.update(id(part) for part in inner)
        if len(names) == 1 and not any(isinstance(part, ast.Call | ast.Attribute) for part in inner):
            (name,) = names
            atoms.setdefault(name, []).append(_atom(parse_condition(ast.unparse(node)), name))
        else:
            exact.update(names)
    for node in ast.walk(tree):  # a variable read outside any comparison: nothing is known of how
        if isinstance(node, ast.Name) and node.id in story.variables and id(node) not in compared:
            exact.add(node.id)


def _atom(comparison: Condition, name: str):
    def answer(value: int) -> bool:
        return bool(comparison(GameState("", {name: value}, frozenset(), {})))

    return answer
