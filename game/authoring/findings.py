"""What an exploration found, told so an author can act on it: where in the files, and one way to see it.

``verdicts`` turns an ``Exploration`` into findings. Each names the file:line of its scene or
choice; a dead end, a choice never open and a scene never reached also carry one shortest
route from the walk's start that shows it (for a scene never reached: the nearest scene the
walk did reach, and the condition there that keeps the way closed). Findings are relative to
where the walk started: with ``--chapter``, the scenes no path from that chapter's start can
lead to (earlier chapters, their endings) are not judged at all.

The routes come from one breadth-first search of their own, after the walk: the walk itself
(``game.authoring.explore``) is left to count states as fast as it can.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from game.authoring.routes import state_key, unseen_successors, watched_scenes
from game.play.engine import Engine
from game.play.state import GameState
from game.story.model import Choice, Scene, Story
from game.story.problems import Location

if TYPE_CHECKING:
    from game.authoring.explore import Exploration

ROUTE_SEARCH_LIMIT = 200_000
"""States the route search may visit; a route not found within them is left out (the finding stays)."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """One finding of an exploration, for a report."""

    severity: str
    """``error`` or ``warning``."""
    message: str
    """What was found."""
    location: Location | None = None
    """The scene or choice it is about, in the story's files."""
    route: tuple[str, ...] = ()
    """One shortest way from the walk's start to see it: each step as `scene` → “choice text”."""
    detail: str = ""
    """What else helps: for a scene never reached, the nearest scene reached and the condition that blocks it."""
    shown_in: tuple[str, bool] | None = None
    """The state that shows it, for its route: (scene, whether it must have no open choice); None for no route."""


def verdicts(story: Story, result: Exploration, start: GameState | None = None) -> list[Verdict]:
    """The findings an author should act on, errors first, relative to the walk's start (a new game if None)."""
    engine = Engine(story)
    start = start or engine.new_game()
    scope = in_reach(story, start.scene)
    from_a_chapter = start.origin is not None
    found = _unreached(story, result, scope, from_a_chapter) + _dead_ends(story, result) + _overflows(story, result)
    found += _choice_findings(story, result)
    if not result.complete:
        found.append(Verdict("warning", "the walk stopped at its state limit: the findings are incomplete"))
    found = with_routes(engine, start, found)
    return sorted(found, key=lambda verdict: verdict.severity != "error")


def in_reach(story: Story, start: str) -> set[str]:
    """Every scene some path from ``start`` can lead to, conditions aside: what a walk from there can judge."""
    seen, pending = {start}, [start]
    while pending:
        for choice in story.scenes[pending.pop()].choices:
            if choice.goto in story.scenes and choice.goto not in seen:
                seen.add(choice.goto)
                pending.append(choice.goto)
    return seen


def _unreached(story: Story, result: Exploration, scope: set[str], from_a_chapter: bool = False) -> list[Verdict]:
    """A scene (warning) or ending (error) the walk never entered, though a path from its start leads there.

    From a chapter's start an unreached ending is a warning: the chapter's preset is history's state by then,
    and an ending that asks for an earlier departure from history can be out of its reach, not out of the story's.
    """
    found = []
    for scene in story.scenes.values():
        if scene.id in result.scene_hits or scene.id not in scope:
            continue
        kind = "ending" if scene.ending else "scene"
        severity = "error" if scene.ending and not from_a_chapter else "warning"
        detail, nearest = _blocked_by(story, result, scene.id)
        message = f"{kind} `{scene.id}` is never reached"
        found.append(Verdict(severity, message, scene.location, detail=detail, shown_in=nearest))
    return found


def _blocked_by(story: Story, result: Exploration, target: str) -> tuple[str, tuple[str, bool] | None]:
    """The nearest reached scene with a closed way towards ``target`` and the condition that closes it, and
    that scene for a route (none when no reached scene leads towards it)."""
    leads_to = _ways_in(story)
    seen, pending = {target}, deque([target])
    while pending:
        scene_id = pending.popleft()
        for scene, index, choice in leads_to.get(scene_id, ()):
            if scene.id in result.scene_hits:
                condition = f"`{choice.condition.source}`" if choice.condition else "no condition"
                return (
                    f"nearest scene reached: `{scene.id}` ({scene.location}); its choice {index + 1} "
                    f"“{choice.text}” ({choice.location}) leads on but is never open: {condition} never holds there"
                ), (scene.id, False)
            if scene.id not in seen:
                seen.add(scene.id)
                pending.append(scene.id)
    return "", None


def _ways_in(story: Story) -> dict[str, list[tuple[Scene, int, Choice]]]:
    """For each scene, the choices that lead to it."""
    ways: dict[str, list[tuple[Scene, int, Choice]]] = {}
    for scene in story.scenes.values():
        for index, choice in enumerate(scene.choices):
            ways.setdefault(choice.goto, []).append((scene, index, choice))
    return ways


def _dead_ends(story: Story, result: Exploration) -> list[Verdict]:
    return [
        Verdict(
            "error",
            f"dead end: in scene `{scene_id}` some states have no open choice",
            story.scenes[scene_id].location,
            shown_in=(scene_id, True),
        )
        for scene_id in sorted(result.dead_ends)
    ]


def _overflows(story: Story, result: Exploration) -> list[Verdict]:
    """A variable that an `add` would push past its range (unless piling up at a bound is declared meant)."""
    found = []
    for name, variable in story.variables.items():
        pushed = sorted((scene, index) for scene, index, what in result.overflows if what == name)
        if not pushed or variable.stop_at_bounds:
            continue
        places = [f"`{scene}` #{index + 1}" for scene, index in pushed]
        shown = ", ".join(places[:6]) + (f" and {len(places) - 6} more" if len(places) > 6 else "")
        message = (
            f"`{name}` would leave its range {variable.minimum}..{variable.maximum} through {len(places)} "
            f"choice(s): {shown} (if piling up at a bound is meant, declare `stop_at_bounds: true`)"
        )
        scene, index = pushed[0]
        found.append(Verdict("error", message, story.scenes[scene].choices[index].location))
    return found


def _choice_findings(story: Story, result: Exploration) -> list[Verdict]:
    """A choice of a reached scene that is never open, or whose condition is always true in practice."""
    found = []
    for scene in story.scenes.values():
        if scene.id not in result.scene_hits:
            continue
        for index, choice in enumerate(scene.choices):
            opened = result.choice_open.get((scene.id, index), 0)
            closed = result.choice_closed.get((scene.id, index), 0)
            where = f"choice {index + 1} of `{scene.id}`"
            if not opened:
                message = f"{where} is never open (`{choice.condition.source}` is always false)"
                found.append(Verdict("warning", message, choice.location, shown_in=(scene.id, False)))
            elif choice.condition is not None and not closed:
                message = f"{where}: `{choice.condition.source}` is always true in practice"
                found.append(Verdict("warning", message, choice.location))
    return found


def with_routes(engine: Engine, start: GameState, found: list[Verdict]) -> list[Verdict]:
    """The findings, each that names the state showing it with one shortest route there."""
    routes = shortest_routes(engine, start, {v.shown_in for v in found if v.shown_in is not None})
    return [_routed(engine.story, verdict, routes.get(verdict.shown_in)) for verdict in found]


def _routed(story: Story, verdict: Verdict, state: GameState | None) -> Verdict:
    if state is None:
        return verdict
    steps = tuple(f"`{step.scene}` → “{story.scenes[step.scene].choices[step.choice].text}”" for step in state.path)
    detail = verdict.detail or (_state_line(state) if verdict.shown_in and verdict.shown_in[1] else "")
    return replace(verdict, route=steps or ("(where the walk starts)",), detail=detail)


def _state_line(state: GameState) -> str:
    """The values of a state that shows a dead end: what every condition there was tested against."""
    values = ", ".join(f"{name} {value}" for name, value in state.variables.items())
    flags = ", ".join(f"`{name}`" for name in sorted(state.flags)) or "none"
    return f"for example with {values or 'no variables'}; flags set: {flags}"


def shortest_routes(
    engine: Engine, start: GameState, wanted: Iterable[tuple[str, bool]], limit: int = ROUTE_SEARCH_LIMIT
) -> dict[tuple[str, bool], GameState]:
    """For each (scene, dead end?) wanted, the first state a breadth-first walk from ``start`` meets there
    (with no open choice, for a dead end): its path is one shortest route."""
    wanted = set(wanted)
    found: dict[tuple[str, bool], GameState] = {}
    watched = watched_scenes(engine.story)
    seen, queue = {state_key(start, watched)}, deque([start])
    while queue and wanted - found.keys() and len(seen) < limit:
        state = queue.popleft()
        view = engine.view(state)
        for key in ((state.scene, False), (state.scene, True)):
            if key in wanted and key not in found and (not key[1] or (not view.open_options and view.ending is None)):
                found[key] = state
        queue.extend(unseen_successors(engine, state, watched, seen))
    return found
