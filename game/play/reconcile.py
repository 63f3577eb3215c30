"""Fitting a saved state to a story that may have been edited since it was saved.

A save never crashes the game because its story changed. The rules, also in docs/saves.md:

* variables the story no longer declares are dropped; new ones (a pack's, added after the save
  was made) take their start value, and each is named; every value is clamped into its declared
  range; undeclared flags are dropped;
* visit counts and path steps that name scenes or choices which no longer exist are dropped;
* if the current scene no longer exists, the game resumes at the *safe point*: the latest
  step of the path whose scene still exists, just before that choice was made. With no such
  step it resumes at the start of the chapter the game began in (or of the story).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.play.state import GameState, Step, frozen

if TYPE_CHECKING:
    from game.story.model import Story


def fit_to_story(story: Story, state: GameState) -> tuple[GameState, list[str]]:
    """A state that is valid for this story, and a message for every repair made."""
    messages: list[str] = []
    origin = state.origin if state.origin in story.chapters else None
    if origin != state.origin:
        messages.append(f"the chapter `{state.origin}` this game began in no longer exists")
    path = tuple(_fit_step(story, step) for step in state.path if _step_exists(story, step))
    if len(path) != len(state.path):
        messages.append(f"{len(state.path) - len(path)} step(s) of the path refer to scenes or choices that are gone")
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


def _new_variables(story: Story, state: GameState) -> list[str]:
    """A message for each variable the save does not hold: declared (by a pack, say) after it was made."""
    return [
        f"the save was made before the variable `{name}` ({variable.label}, declared at {variable.location}) "
        f"existed: it starts at {variable.start}"
        for name, variable in story.variables.items()
        if name not in state.variables
    ]


def _step_exists(story: Story, step: Step) -> bool:
    scene = story.scenes.get(step.scene)
    return scene is not None and 0 <= step.choice < len(scene.choices)


def _fit_step(story: Story, step: Step) -> Step:
    variables, flags = _fit_values(story, step.variables, step.flags)
    historical = story.scenes[step.scene].historical_index
    return Step(step.scene, step.choice, historical, frozen(variables), frozenset(flags))


def _fit_values(story: Story, variables, flags) -> tuple[dict[str, int], set[str]]:
    fitted = {name: var.clamp(variables.get(name, var.start)) for name, var in story.variables.items()}
    return fitted, {name for name in flags if name in story.flags}


def _safe_point(story: Story, path: tuple[Step, ...], origin: str | None, variables, flags):
    if path:
        last = path[-1]
        return last.scene, dict(last.variables), set(last.flags), path[:-1]
    start = story.chapters[origin].start if origin else story.start
    return start, variables, flags, ()
