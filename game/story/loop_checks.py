"""Checks over the scene graph that need the whole story: codex entries no scene lists, and loops that
raise a variable each time round.

Both are warnings: the story plays, but not as the author meant. A codex entry is met in play only
when a scene lists it; a loop of choices open on every pass, with an ``add`` on the way, lets a
player raise a variable as far as its range allows by going round it again and again.
"""

from __future__ import annotations

from collections.abc import Mapping

from game.story.model import Choice, CodexEntry, Effects, Scene
from game.story.problems import Location, Problem, warning


def unlisted_codex(scenes: Mapping[str, Scene], codex: Mapping[str, CodexEntry]) -> list[Problem]:
    """A warning for each codex entry that no scene's `codex:` lists: no game ever unlocks it."""
    listed = {entry for scene in scenes.values() for entry in scene.codex}
    return [
        warning(
            f"codex entry `{entry.id}` is listed by no scene, so no game ever unlocks it",
            entry.location,
            f"add `{entry.id}` to the `codex:` list of the scene where the reader first meets it, or remove the entry",
        )
        for entry in codex.values()
        if entry.id not in listed
    ]


def raising_loops(scenes: Mapping[str, Scene]) -> list[Problem]:
    """A warning for each `add` of a positive amount that a player can repeat by going round a loop.

    Only choices without `if:` count as the way round: a condition (`not visited(...)`, a flag) is
    how an author closes a loop after one pass, so a loop through one is not reported.
    """
    problems = []
    component = _loop_components(scenes)
    for scene in scenes.values():
        for choice in scene.choices:
            if choice.condition is not None or choice.goto not in scenes:
                continue
            if component[choice.goto] != component[scene.id] or not _raising(choice, scenes[choice.goto]):
                continue  # not on a loop, or nothing to raise: no route to look for
            back = _open_route(choice.goto, scene.id, scenes, component)
            if back is None:
                continue
            loop = [scene.id, *back]
            problems += _raises(choice.effects, loop, "the choice", choice.goto)
            problems += _raises(scenes[choice.goto].on_enter, loop[1:] + loop[1:2], "entering the scene", choice.goto)
    return _once_per_place(problems)


def _raising(choice: Choice, target: Scene) -> bool:
    return any(amount > 0 for _, amount in (*choice.effects.add, *target.on_enter.add))


def _open_successors(scene: Scene, scenes: Mapping[str, Scene]) -> list[str]:
    return [choice.goto for choice in scene.choices if choice.condition is None and choice.goto in scenes]


def _loop_components(scenes: Mapping[str, Scene]) -> dict[str, int]:
    """Each scene's strongly connected component over choices without conditions (Tarjan's, without
    recursion): a choice is on a loop only when it stays inside its scene's component. Worked out once, so
    the check costs a walk of the graph, not a walk from every choice (minutes for 10,000 scenes)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    component: dict[str, int] = {}
    stack: list[str] = []
    for root in scenes:
        if root in index:
            continue
        work = [(root, iter(_open_successors(scenes[root], scenes)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        while work:
            scene_id, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    work.append((successor, iter(_open_successors(scenes[successor], scenes))))
                    break
                if successor not in component:
                    low[scene_id] = min(low[scene_id], index[successor])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[scene_id])
                if low[scene_id] == index[scene_id]:
                    while True:
                        member = stack.pop()
                        component[member] = index[scene_id]
                        if member == scene_id:
                            break
    return component


def _open_route(start: str, goal: str, scenes: Mapping[str, Scene], component: Mapping[str, int]) -> list[str] | None:
    """The shortest route from ``start`` to ``goal`` by choices without conditions, both ends included
    (inside their component: a route back cannot leave it)."""
    came_from: dict[str, str | None] = {start: None}
    pending = [start]
    for scene_id in pending:  # grows as it goes: a breadth-first walk
        if scene_id == goal:
            route = [scene_id]
            while came_from[route[-1]] is not None:
                route.append(came_from[route[-1]])
            return route[::-1]
        for successor in _open_successors(scenes[scene_id], scenes):
            if successor not in came_from and component[successor] == component[goal]:
                came_from[successor] = scene_id
                pending.append(successor)
    return None


def _raises(effects: Effects, loop: list[str], what: str, into: str) -> list[Problem]:
    """The warnings for the positive `add`s of one set of effects on a loop, where the choice to ``into`` is
    the step that repeats them."""
    shown = " → ".join(f"`{scene_id}`" for scene_id in loop)
    return [
        warning(
            f"{what} adds {amount} to `{name}` on a loop a player can go round again and again ({shown}): "
            f"each time round raises `{name}` once more",
            effects.where(f"add:{name}"),
            _once_hint(into, loop),
        )
        for name, amount in effects.add
        if amount > 0
    ]


def _once_hint(into: str, loop: list[str]) -> str:
    """How to let a loop raise a variable once: `visited` of the scene it leads into, or a flag for a scene
    that leads to itself (it is always visited there)."""
    if into == loop[0]:
        return "let it raise it once: set a flag with the `add` and give the choice `if: not flags.NAME`"
    return (
        f"let the loop raise it once: give the choice that leads to `{into}` a condition such as "
        f'`if: not visited("{into}")`, or set a flag with the `add` and test it'
    )


def _once_per_place(problems: list[Problem]) -> list[Problem]:
    """One warning per effect (a scene entered from several loops is reported once)."""
    seen: set[Location] = set()
    kept = []
    for problem in problems:
        if problem.location not in seen:
            seen.add(problem.location)
            kept.append(problem)
    return kept
