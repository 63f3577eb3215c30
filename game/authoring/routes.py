"""Routes through a story: how many paths reach each ending, and a way into a scene for ``jangal play --scene``."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from game.play.engine import Engine
from game.play.state import GameState
from game.story.conditions import Condition
from game.story.model import Scene, Story


def count_paths(edges: list[list[int]], endings: dict[int, str]) -> dict[str, int]:
    """Distinct paths from state 0 to each ending state, by an iterative depth-first count.

    A state's counts are never changed once made, so a state with one way on shares its
    successor's (most states do) rather than copying them.
    """
    counts: list[dict[str, int] | None] = [None] * len(edges)
    on_stack = [False] * len(edges)
    first = edges[0]
    stack = [(0, first, iter(first))]  # each state's edges read once (a graph's may be a slice made on each read)
    on_stack[0] = True
    looping = False
    nothing: dict[str, int] = {}
    while stack:
        node, following, children = stack[-1]
        for child in children:  # resumes where it stopped when the state was last on top
            if on_stack[child]:
                looping = True
            elif counts[child] is None:
                on_stack[child] = True
                grandchildren = edges[child]
                stack.append((child, grandchildren, iter(grandchildren)))
                break
        else:
            stack.pop()
            on_stack[node] = False
            if node in endings:
                total: dict[str, int] = {endings[node]: 1}
                for child in following:
                    for ending, count in (counts[child] or nothing).items():
                        total[ending] = total.get(ending, 0) + count
            elif len(following) == 1:
                total = counts[following[0]] or nothing
            else:
                total = {}
                for child in following:
                    for ending, count in (counts[child] or nothing).items():
                        total[ending] = total.get(ending, 0) + count
            counts[node] = total
    found = counts[0] or {}
    return {ending: INFINITE for ending in found} if looping else dict(found)


def route_to(engine: Engine, scene_id: str, limit: int = 200_000) -> GameState | None:
    """A game played from the start into a scene, for authors who want to see it at once.

    History's path is followed when it passes through the scene, so the state is the one most
    players will have; otherwise the shortest way there. The choices stay on the path, so undo
    goes back through them. None when no path reaches the scene within ``limit`` states.
    """
    start = engine.new_game()
    along_history = _follow_history(engine, start, scene_id)
    if along_history is not None:
        return along_history
    watched = watched_scenes(engine.story)
    seen = {state_key(start, watched)}
    queue = deque([start])
    while queue and len(seen) < limit:
        state = queue.popleft()
        if state.scene == scene_id:
            return state
        queue.extend(unseen_successors(engine, state, watched, seen))
    return None


def unseen_successors(engine: Engine, state: GameState, watched: frozenset[str], seen: set) -> Iterator[GameState]:
    """The states one open choice away that a breadth-first search has not met yet (now marked as met)."""
    for option in engine.view(state).open_options:
        following = engine.choose(state, option.index).state
        key = state_key(following, watched)
        if key not in seen:
            seen.add(key)
            yield following


def _follow_history(engine: Engine, state: GameState, scene_id: str, max_steps: int = 1_000) -> GameState | None:
    for _ in range(max_steps):
        if state.scene == scene_id:
            return state
        index = None if engine.view(state).ending is not None else engine.history_or_first(state)
        if index is None:
            return None
        state = engine.choose(state, index).state
    return None


INFINITE = -1
"""Path count of an ending that a loop can reach: there are endlessly many paths."""


def watched_scenes(story: Story) -> frozenset[str]:
    """The scenes whose visit counts some condition reads (of a choice, a text block or an ``assumes``)."""
    return frozenset(
        ref.name
        for scene in story.scenes.values()
        for condition in story_conditions(scene)
        for ref in condition.references
        if ref.kind == "scene"
    )


def story_conditions(scene: Scene) -> list[Condition]:
    """Every condition a scene holds: its choices', its texts' blocks' and its ``assumes``."""
    found = [choice.condition for choice in scene.choices if choice.condition is not None]
    found += scene.text.conditions
    found += [condition for choice in scene.choices for condition in choice.consequence.conditions]
    if scene.ending is not None:
        found += scene.ending.epilogue.conditions
    if scene.assumes is not None:
        found.append(scene.assumes)
    return found


def state_key(state: GameState, watched: frozenset[str]) -> tuple:
    """What decides how a state plays from here on; the path and unwatched visits do not."""
    visits = tuple(sorted((scene, count) for scene, count in state.visits.items() if scene in watched))
    return (state.scene, tuple(sorted(state.variables.items())), state.flags, visits)
