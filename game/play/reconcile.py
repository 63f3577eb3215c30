"""Fitting a saved state to a story that may have been edited since it was saved.

A save never crashes the game because its story changed. The rules, also in docs/saves.md:

* variables the story no longer declares are dropped; new ones (a pack's, added after the save
  was made) take their start value, and each is named; every value is clamped into its declared
  range; undeclared flags are dropped;
* a step of the path is matched to its choice by the choice's identity (its ``id:``, else its text)
  when the save holds one (format 3): a choice that moved within its scene is followed to its new
  place, and a step whose choice is no longer there is dropped and named; a step saved without an
  identity (formats 1 and 2) is matched by its position;
* visit counts and path steps that name scenes or choices which no longer exist are dropped;
* if the current scene no longer exists, the game resumes at the *safe point*: the latest
  step of the path whose scene still exists, just before that choice was made. With no such
  step it resumes at the start of the chapter the game began in (or of the story).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from game.play.state import GameState, Step, frozen

if TYPE_CHECKING:
    from game.story.model import Story


def fit_to_story(story: Story, state: GameState, identities: Sequence[str | None] = ()) -> tuple[GameState, list[str]]:
    """A state that is valid for this story, and a message for every repair made.

    ``identities`` holds, step by step, what the save remembers each step's choice by (None, or
    nothing at all, for a save that remembers positions only).
    """
    messages: list[str] = []
    origin = state.origin if state.origin in story.chapters else None
    if origin != state.origin:
        messages.append(f"the chapter `{state.origin}` this game began in no longer exists")
    path = _fit_path(story, state.path, identities, messages)
    visits = {scene: count for scene, count in state.visits.items() if scene in story.scenes and count > 0}
    scene = state.scene
    variables, flags = _fit_values(story, state.variables, state.flags)
    messages += _new_variables(story, state)
    if scene not in story.scenes:
        scene, variables, flags, path = _safe_point(story, path, origin, variables, flags)
        messages.append(f"the scene `{state.scene}` no longer exists; resuming at `{scene}`")
        visits.setdefault(scene, 1)
    fitted = GameState(scene, frozen(variables), frozenset(flags), frozen(visits), path, origin)
    return fitted, messages


def path_identities(story: Story, state: GameState) -> list[str | None]:
    """What each step's choice is remembered by in this story: its identity (None for a step that fits no choice)."""
    identities = []
    for step in state.path:
        scene = story.scenes.get(step.scene)
        fits = scene is not None and 0 <= step.choice < len(scene.choices)
        identities.append(scene.choices[step.choice].identity if fits else None)
    return identities


def _fit_path(
    story: Story, path: tuple[Step, ...], identities: Sequence[str | None], messages: list[str]
) -> tuple[Step, ...]:
    """The steps that still mean what they meant, each at its choice's place now; a message for the rest."""
    fitted, gone, moved = [], 0, []
    for number, step in enumerate(path):
        identity = identities[number] if number < len(identities) else None
        index = _choice_index(story, step, identity)
        if index is None:
            gone += identity is None or step.scene not in story.scenes
            if identity is not None and step.scene in story.scenes:
                messages.append(
                    f"the choice “{identity}” made in `{step.scene}` is no longer there: "
                    "that step of the path is dropped"
                )
            continue
        if index != step.choice:
            moved.append(step.scene)
        fitted.append(_fit_step(story, step, index))
    if gone:
        messages.append(f"{gone} step(s) of the path refer to scenes or choices that are gone")
    if moved:
        scenes = ", ".join(f"`{scene_id}`" for scene_id in dict.fromkeys(moved))
        messages.append(
            f"{len(moved)} choice(s) of the path have moved within their scenes ({scenes}): each is followed "
            "to its new place by its identity"
        )
    return tuple(fitted)


def _choice_index(story: Story, step: Step, identity: str | None) -> int | None:
    """Where a step's choice is now: found by its identity when known, else by its position."""
    scene = story.scenes.get(step.scene)
    if scene is None:
        return None
    if identity is None:
        return step.choice if 0 <= step.choice < len(scene.choices) else None
    return next((index for index, choice in enumerate(scene.choices) if choice.identity == identity), None)


def _new_variables(story: Story, state: GameState) -> list[str]:
    """A message for each variable the save does not hold: declared (by a pack, say) after it was made."""
    return [
        f"the save was made before the variable `{name}` ({variable.label}, declared at {variable.location}) "
        f"existed: it starts at {variable.start}"
        for name, variable in story.variables.items()
        if name not in state.variables
    ]


def _fit_step(story: Story, step: Step, index: int) -> Step:
    variables, flags = _fit_values(story, step.variables, step.flags)
    historical = story.scenes[step.scene].historical_index
    return Step(step.scene, index, historical, frozen(variables), frozenset(flags))


def _fit_values(story: Story, variables, flags) -> tuple[dict[str, int], set[str]]:
    fitted = {name: var.clamp(variables.get(name, var.start)) for name, var in story.variables.items()}
    return fitted, {name for name in flags if name in story.flags}


def _safe_point(story: Story, path: tuple[Step, ...], origin: str | None, variables, flags):
    if path:
        last = path[-1]
        return last.scene, dict(last.variables), set(last.flags), path[:-1]
    start = story.chapters[origin].start if origin else story.start
    return start, variables, flags, ()
