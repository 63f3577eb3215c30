"""The names a walk can leave out of its states and work out afterwards: what texts read.

A choice is open or closed by its ``if``, and leads where its ``goto`` says; its effects give flags and
variables constants or add constants to them (``game.play.effects``: no effect reads another name). So
what a flag or a bounded variable is in a state follows from the path alone, and a walk needs to tell
states apart by it only as far as the choices' conditions can (``game.authoring.liveness``,
``game.authoring.value_classes``). What texts read of it (conditional blocks of scenes, consequences and
epilogues, and ``assumes``) is worked out over the walk's graph instead (``game.authoring.observed_walk``):
the separation of control state from data that never feeds back into control. These names are
*observed*: every flag a text reads, and every bounded variable (its values also give the exact ranges
and overflows). A flag only texts read is thus never part of a state.

Observed names are grouped into *components*: two names read together by one condition are one component
(a union-find over the conditions), so each condition reads the control part of a state and at most one
component. A component's values are numbered in a mixed radix (a flag: 0 or 1; a variable: its value
less its minimum), so a set of them is the bits of an int. Visit counts, variables without both bounds
or starting outside them, and components with more than ``MAX_VALUES`` values stay in the control part,
kept whenever any condition can still read them: the simplest sound choice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from game.play.state import GameState
from game.story.conditions import Condition
from game.story.model import Scene, Story

MAX_VALUES = 1024
"""A component with more values than this stays in the control part (its sets would be costly to work out)."""

Name = tuple[str, str]
"""A name as a condition's reference gives it: (``flag`` or ``variable``, the name)."""


@dataclass(frozen=True, slots=True)
class Component:
    """Observed names that some condition reads together, and how their values are numbered."""

    names: tuple[Name, ...]
    """Its flags and variables, sorted."""
    sizes: tuple[int, ...]
    """How many values each name can take (2 for a flag, maximum − minimum + 1 for a variable)."""
    lows: tuple[int, ...]
    """Each name's lowest value (0 for a flag)."""
    size: int
    """How many values the component can take: the product of ``sizes``."""
    offset: int
    """Where its set of values starts in a packed int of every component's sets."""

    @property
    def full(self) -> int:
        """The set of all its values."""
        return (1 << self.size) - 1

    @property
    def flags(self) -> frozenset[str]:
        """Its flags."""
        return frozenset(name for kind, name in self.names if kind == "flag")

    def index(self, variables: Mapping[str, int], flags: frozenset[str]) -> int:
        """The number of the values a state gives the component's names."""
        index = 0
        for (kind, name), size, low in zip(self.names, self.sizes, self.lows, strict=True):
            value = (name in flags) if kind == "flag" else variables[name] - low
            index = index * size + value
        return index

    def values(self, index: int) -> dict[Name, int]:
        """The values numbered ``index``, by name (a flag's as 0 or 1)."""
        found: dict[Name, int] = {}
        for name, size, low in reversed(tuple(zip(self.names, self.sizes, self.lows, strict=True))):
            index, value = divmod(index, size)
            found[name] = value + low
        return found

    def state_with(self, state: GameState, index: int) -> GameState:
        """``state`` with the component's names given the values numbered ``index``."""
        values = self.values(index)
        on = {name for (kind, name), value in values.items() if kind == "flag" and value}
        flags = (state.flags - self.flags) | on
        changed = {name: value for (kind, name), value in values.items() if kind == "variable"}
        variables = {**state.variables, **changed} if changed else state.variables
        return GameState(state.scene, variables, frozenset(flags), state.visits, (), state.origin)


@dataclass(frozen=True, slots=True)
class Split:
    """A story's observed names, in components; every other name is control."""

    components: tuple[Component, ...]
    """In the order of their names."""
    of_name: Mapping[Name, Component]
    """Each observed name's component."""

    @property
    def observed(self) -> frozenset[Name]:
        """Every observed name."""
        return frozenset(self.of_name)

    def component_of(self, condition: Condition) -> Component | None:
        """The component a condition reads (None when it reads only control names)."""
        for reference in condition.references:
            component = self.of_name.get((reference.kind, reference.name))
            if component is not None:
                return component
        return None


def split_observed(story: Story, start: GameState) -> Split | None:
    """The observed names of a story walked from ``start``, in components; None when there are none.

    Every flag a text or ``assumes`` reads, and every bounded variable starting within its bounds."""
    parent: dict[Name, Name] = {}

    def root(name: Name) -> Name:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    for condition in texts_conditions(story):
        names = [name for name in map(_name, condition.references) if _observable(story, start, name)]
        for name in names:
            parent.setdefault(name, name)
        for name in names[1:]:
            parent[root(name)] = root(names[0])
    for name in story.variables:  # every other bounded variable is a component of its own: its values are exact
        if _observable(story, start, ("variable", name)):
            parent.setdefault(("variable", name), ("variable", name))
    groups: dict[Name, list[Name]] = {}
    for name in sorted(parent):
        groups.setdefault(root(name), []).append(name)
    components, offset = [], 0
    for names in groups.values():
        sizes = tuple(2 if kind == "flag" else _span(story, name) for kind, name in names)
        size = 1
        for part in sizes:
            size *= part
        if size > MAX_VALUES:
            continue  # kept in the control part
        lows = tuple(0 if kind == "flag" else story.variables[name].minimum for kind, name in names)
        components.append(Component(tuple(names), sizes, lows, size, offset))
        offset += size
    if not components:
        return None
    return Split(tuple(components), {name: component for component in components for name in component.names})


def texts_conditions(story: Story) -> Iterable[Condition]:
    """Every condition of a text (scene, consequence, epilogue) and every ``assumes``."""
    for scene in story.scenes.values():
        yield from scene_text_conditions(scene)
        for choice in scene.choices:
            yield from choice.consequence.conditions


def scene_text_conditions(scene: Scene) -> list[Condition]:
    """The conditions a state reads on entering a scene, its choices' aside: its text's, epilogue's, ``assumes``."""
    found = list(scene.text.conditions)
    if scene.ending is not None:
        found += scene.ending.epilogue.conditions
    if scene.assumes is not None:
        found.append(scene.assumes)
    return found


def _name(reference) -> Name:
    return (reference.kind, reference.name)


def _observable(story: Story, start: GameState, name: Name) -> bool:
    """Whether a name may be observed: a flag, or a bounded variable starting inside its bounds."""
    kind, name = name
    if kind == "flag":
        return True
    variable = story.variables.get(name)
    if kind != "variable" or variable is None or not variable.ranged or name not in start.variables:
        return False
    return variable.minimum <= start.variables[name] <= variable.maximum


def _span(story: Story, name: str) -> int:
    variable = story.variables[name]
    return variable.maximum - variable.minimum + 1
