"""Following history's choices through a story, and where that walk would never end.

``jangal play --auto history`` and the demo take history's choice in each scene (the first open
one where history marks none). A story can pass ``check``'s static rules and still send that walk
round a loop for ever, or into a scene where no choice is open: ``history_warnings`` finds both,
so ``check`` warns before a class meets them, and autoplay stops with the same sentence.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from game.authoring.routes import state_key, watched_scenes
from game.play.engine import Engine, SceneView
from game.play.session import MAX_AUTOPLAY_CHOICES
from game.play.state import GameState
from game.story.model import Story
from game.story.problems import Problem, warning


@dataclass(frozen=True, slots=True)
class Stuck:
    """Why a walk stopped short of an ending, and in which scene."""

    scene: str
    why: str
    """``loop``, ``dead end`` or ``too long``."""

    def sentence(self, story: Story) -> str:
        """What happened, naming the scene by title and id."""
        scene = story.scenes[self.scene]
        named = f"“{scene.title}” (scene `{scene.id}`)"
        if self.why == "loop":
            return f"history's path comes back to {named} as it was before, so it would go round for ever"
        if self.why == "dead end":
            return f"no choice is open in {named}, and it is not an ending"
        return f"no ending was reached within {MAX_AUTOPLAY_CHOICES:,} choices; the game stands at {named}"


def dead_end(engine: Engine, state: GameState) -> Stuck | None:
    """A Stuck when the state's scene is not an ending and none of its choices is open."""
    view = engine.view(state)
    if view.ending is None and not view.open_options:
        return Stuck(state.scene, "dead end")
    return None


def walk_history(engine: Engine, start: GameState) -> Stuck | None:
    """Follow history from a state; None when it reaches an ending, else where and why it would not.

    A state whose scene, variables, flags and watched visits repeat plays the same from there on,
    so a repeat is a loop for certain; ``MAX_AUTOPLAY_CHOICES`` stops a walk that never repeats.
    """
    watched = watched_scenes(engine.story)
    seen = {state_key(start, watched)}
    state = start
    for _ in range(MAX_AUTOPLAY_CHOICES):
        if engine.view(state).ending is not None:
            return None
        stuck = dead_end(engine, state)
        if stuck is not None:
            return stuck
        state = engine._successor(state, engine.history_or_first(state))  # no path kept: only where it goes
        key = state_key(state, watched)
        if key in seen:
            return Stuck(state.scene, "loop")
        seen.add(key)
    return None if engine.view(state).ending is not None else Stuck(state.scene, "too long")


def history_warnings(story: Story) -> list[Problem]:
    """A warning for each place where history's path, from the start or a chapter, would never end."""
    engine = Engine(story)
    found: dict[tuple[str, str], Problem] = {}
    for chapter in (None, *story.chapters):
        stuck = walk_history(engine, engine.new_game(chapter))
        if stuck is None or (stuck.scene, stuck.why) in found:
            continue
        origin = "from the start" if chapter is None else f"from chapter `{chapter}`"
        hint = (
            "`jangal play --auto history` and the demo stop there: mark another choice `history: true`, "
            "or let a condition close the way round"
            if stuck.why != "dead end"
            else "open one of its choices for the state history arrives in, or give one choice no `if:`"
        )
        location = story.scenes[stuck.scene].location
        found[stuck.scene, stuck.why] = warning(f"following history {origin}: {stuck.sentence(story)}", location, hint)
    return list(found.values())


@dataclass
class Autoplay:
    """How to choose without a player: ``history`` or ``random`` (seeded), guarded as the demo is.

    ``pick`` gives None where autoplay must stop short of an ending, and ``stuck`` then says why,
    naming the scene: no open choice, history's path comes back to a state it was in (it would go
    round for ever), or ``MAX_AUTOPLAY_CHOICES`` made.
    """

    mode: str
    seed: int = 0
    rng: random.Random = field(init=False)
    stuck: Stuck | None = field(init=False, default=None)
    made: int = field(init=False, default=0)
    seen: set[tuple] = field(init=False, default_factory=set)
    watched: frozenset[str] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def pick(self, engine: Engine, state: GameState, view: SceneView) -> int | None:
        """The index of the choice to make, or None (with ``stuck`` set) where autoplay stops."""
        self.stuck = dead_end(engine, state) or self._repeated(engine, state)
        if self.stuck is None and self.made >= MAX_AUTOPLAY_CHOICES:
            self.stuck = Stuck(state.scene, "too long")
        if self.stuck is not None:
            return None
        self.made += 1
        if self.mode == "history":
            return engine.history_or_first(state)
        return self.rng.choice(view.open_options).index

    def _repeated(self, engine: Engine, state: GameState) -> Stuck | None:
        """For history (which chooses the same in the same state), a Stuck when this state was met before."""
        if self.mode != "history":
            return None
        if self.watched is None:
            self.watched = watched_scenes(engine.story)
        key = state_key(state, self.watched)
        if key in self.seen:
            return Stuck(state.scene, "loop")
        self.seen.add(key)
        return None
