"""Effects (of choices, on_enter and chapter presets) compiled once into functions of the variables and flags.

This is the only place where effects are applied: the engine compiles every effect it meets here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from game.story.model import Effects, Variable


def missing_scene(scene_id: str) -> VariablesChange:
    def fail(variables: Mapping[str, int]) -> Mapping[str, int]:
        raise KeyError(scene_id)

    return fail


def compile_effects(
    effects: tuple[Effects, ...], declared: Mapping[str, Variable]
) -> tuple[VariablesChange | None, FlagsChange | None]:
    """Effects applied one after the other, as two functions: on the variables and on the flags.

    Either is None when the effects leave that part alone. Each returns new read-only values and
    never touches its argument; the bounds of the variables are looked up once, here.
    """
    change_variables = change_flags = None
    if any(part.set or part.add for part in effects):
        change_variables = _variables_change(effects, declared)
    if any(part.set_flags or part.clear_flags for part in effects):
        change_flags = _flags_change(effects)
    return change_variables, change_flags


def _flags_change(effects: tuple[Effects, ...]) -> FlagsChange:
    last: dict[str, bool] = {}  # each flag's last change wins: set then cleared is cleared
    for part in effects:
        last.update(dict.fromkeys(part.set_flags, True))
        last.update(dict.fromkeys(part.clear_flags, False))
    set_flags = frozenset(name for name, on in last.items() if on)
    clear_flags = frozenset(name for name, on in last.items() if not on)
    if set_flags and clear_flags:
        return lambda flags: (flags | set_flags) - clear_flags
    if set_flags:
        return lambda flags: flags | set_flags
    return lambda flags: flags - clear_flags


def _variables_change(effects: tuple[Effects, ...], declared: Mapping[str, Variable]) -> VariablesChange:
    # Each change as (name, amount, low, high); a `set` as (name, None, its value clamped, None).
    changes: list[tuple[str, int | None, float, float | None]] = []
    try:
        for part in effects:
            for name, value in part.set:
                changes.append((name, None, declared[name].clamp(value), None))
            for name, amount in part.add:
                variable = declared[name]
                low = -INFINITY if variable.minimum is None else variable.minimum
                changes.append((name, amount, low, INFINITY if variable.maximum is None else variable.maximum))
    except KeyError as missing:  # an undeclared name (a story the checker refuses): fail when the effect is applied
        return _fails_with(missing)
    steps = tuple(changes)

    def change(variables: Mapping[str, int]) -> Mapping[str, int]:
        values = variables.copy()
        for name, amount, low, high in steps:
            if amount is None:
                values[name] = low
                continue
            value = values[name] + amount
            if value < low:
                value = low
            elif value > high:
                value = high
            values[name] = value
        return MappingProxyType(values)

    return change


def _fails_with(missing: KeyError) -> VariablesChange:
    def fail(variables: Mapping[str, int]) -> Mapping[str, int]:
        raise KeyError(*missing.args)

    return fail


def apply_effects(
    effects: tuple[Effects, ...], declared: Mapping[str, Variable], variables: Mapping[str, int], flags: frozenset[str]
) -> tuple[Mapping[str, int], frozenset[str]]:
    """Effects applied once, compiled as a move's are (for a chapter preset or a start scene's on_enter)."""
    change_variables, change_flags = compile_effects(effects, declared)
    return (
        variables if change_variables is None else change_variables(variables),
        flags if change_flags is None else change_flags(flags),
    )


VariablesChange = Callable[[Mapping[str, int]], Mapping[str, int]]


FlagsChange = Callable[[frozenset[str]], frozenset[str]]


INFINITY = float("inf")
