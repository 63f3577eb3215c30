"""What a state must keep from each scene onward: the sound reduction of an exhaustive walk.

A variable, a flag or a scene's visit count matters in a state only while some condition can still
read it: a choice's ``if``, a conditional block of a scene's text, of a consequence or of an
epilogue, or an ``assumes``. Once every way on from a scene gives it a new value before anything
reads it (``set`` for a variable, ``set_flags`` or ``clear_flags`` for a flag), or reads it never
again, two states of that scene that differ only there play and show exactly the same from there on,
so a walk needs only one of them. This is the live-variable analysis of compilers (and what SPIN
calls dead variable elimination), worked out once over the scene graph, never over states.

The reduced walk counts only choices' conditions for the flags and bounded variables that
``game.authoring.observed`` works out over its graph, and keeps bounded variables as classes of
values (``game.authoring.value_classes``). Two kinds of values stay in every state whatever the
graph says: variables without both bounds (``game.authoring.dead_values`` widens the range of a
dropped variable over the walk's graph, which ends only when values are bounded), and visit counts,
which no effect resets (a count is kept from a scene onward when some condition can still read it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from game.story.conditions import Condition
from game.story.model import Scene, Story


@dataclass(frozen=True, slots=True)
class Kept:
    """What the states of one scene must keep to be told apart."""

    variables: tuple[str, ...]
    """The variables some condition can still read from here (in the story's order)."""
    flags: frozenset[str]
    """The flags some condition can still read from here."""
    visits: tuple[str, ...]
    """The scenes whose visit counts some condition can still read from here (sorted)."""
    classes: tuple[dict[int, int] | None, ...] = ()
    """Per variable kept, the class of each value (``game.authoring.value_classes``), or None: every value its own."""


def kept_parts(story: Story, observed: frozenset[tuple[str, str]] = frozenset()) -> dict[str, Kept]:
    """For each scene, what its states must keep: the least solution of the live-variable equations.

    live(S) = read(S) ∪ ⋃ over S's choices c into T of (live(T) ∪ read after c) − reset by c and T's ``on_enter``

    Names in ``observed`` ((kind, name) pairs) count as read by choices' conditions only: what texts read of
    them is worked out over the walk's graph instead (``game.authoring.observed``).
    """
    reads = {scene.id: _names(_read_in(scene), observed) for scene in story.scenes.values()}
    moves = {scene.id: _moves(story, scene, observed) for scene in story.scenes.values()}
    before: dict[str, set[str]] = {scene_id: set() for scene_id in story.scenes}
    for scene_id, scene_moves in moves.items():
        for target, _, _ in scene_moves:
            before[target].add(scene_id)
    live = {scene_id: set(found) for scene_id, found in reads.items()}
    pending = list(story.scenes)
    while pending:
        scene_id = pending.pop()
        found = set(reads[scene_id])
        for target, read_after, reset in moves[scene_id]:
            found |= (live[target] | read_after) - reset
        if found != live[scene_id]:
            live[scene_id] = found
            pending.extend(before[scene_id])
    always = {
        ("variable", name)
        for name, variable in story.variables.items()
        if variable.minimum is None or variable.maximum is None
    }
    return {scene_id: _kept(story, found | always) for scene_id, found in live.items()}


def _read_in(scene: Scene) -> list[tuple[Condition, bool]]:
    """The conditions read by a state of the scene itself (a consequence reads the state after its choice), each
    with whether it is a choice's."""
    found = [(choice.condition, True) for choice in scene.choices if choice.condition is not None]
    found += [(condition, False) for condition in scene.text.conditions]
    if scene.ending is not None:
        found += [(condition, False) for condition in scene.ending.epilogue.conditions]
    if scene.assumes is not None:
        found.append((scene.assumes, False))
    return found


def _moves(
    story: Story, scene: Scene, observed: frozenset[tuple[str, str]]
) -> list[tuple[str, set[tuple[str, str]], set[tuple[str, str]]]]:
    """Per choice: its target, what its consequence reads, and what it and the target's ``on_enter`` reset."""
    found = []
    for choice in scene.choices:
        target = story.scenes.get(choice.goto)
        if target is None:
            continue  # a story the checker refuses; the walk fails on it when the choice is made
        reset: set[tuple[str, str]] = set()
        for effects in (choice.effects, target.on_enter):
            reset.update(("variable", name) for name, _ in effects.set)
            reset.update(("flag", name) for name in (*effects.set_flags, *effects.clear_flags))
        read_after = _names(((condition, False) for condition in choice.consequence.conditions), observed)
        found.append((target.id, read_after, reset))
    return found


def _names(conditions: Iterable[tuple[Condition, bool]], observed: frozenset[tuple[str, str]]) -> set[tuple[str, str]]:
    """The names read, leaving out observed names read by a condition that is not a choice's."""
    return {
        name
        for condition, of_a_choice in conditions
        for name in ((reference.kind, reference.name) for reference in condition.references)
        if of_a_choice or name not in observed
    }


def _kept(story: Story, live: set[tuple[str, str]]) -> Kept:
    return Kept(
        variables=tuple(name for name in story.variables if ("variable", name) in live),
        flags=frozenset(name for kind, name in live if kind == "flag"),
        visits=tuple(sorted(name for kind, name in live if kind == "scene")),
    )
