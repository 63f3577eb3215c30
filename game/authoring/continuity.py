"""Continuity proofs: what an exhaustive walk checks about the texts of every state it reaches.

A scene's ``assumes`` must hold on every entry (a violation is an error, with one shortest path that breaks
it); a conditional block that no reachable state shows, or whose condition has one value on every path that
reaches it, is a warning. The explorer calls ``enter`` once for each distinct state, in breadth-first order,
so the first path seen to break an ``assumes`` is a shortest one. A reduced walk registers, but leaves to
``game.authoring.observed_walk`` to decide, the conditions that read names its states leave out (``deferred``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from game.play.engine import Engine
from game.play.state import GameState
from game.story.model import Scene, Story
from game.story.prose import Prose, TextBlock


@dataclass
class BlockOutcomes:
    """The values a block's condition took over the states that showed its text."""

    block: TextBlock
    what: str
    """Which text holds it, such as "the text of scene `rasht`"."""
    seen: set[bool] = field(default_factory=set)


@dataclass
class Continuity:
    """The continuity facts of one walk: ``assumes`` broken (scene → shortest path) and block outcomes."""

    story: Story
    broken: dict[str, tuple[int, ...]] = field(default_factory=dict)
    blocks: dict[int, BlockOutcomes] = field(default_factory=dict)
    deferred: frozenset[int] = frozenset()
    """The ``id`` of conditions this walk registers but leaves to ``game.authoring.observed_walk`` to decide."""
    _checks: dict[str, tuple] = field(default_factory=dict)

    def enter(self, state: GameState, path: Callable[[], tuple[int, ...]]) -> None:
        """Check one state on entering its scene: its ``assumes`` and its scene's and ending's blocks.

        ``path`` gives the state's path from the start; it is asked only when an ``assumes`` is broken.
        """
        checks = self._checks.get(state.scene)
        if checks is None:
            checks = self._checks[state.scene] = self._learn(self.story.scenes[state.scene])
        assumes, blocks = checks
        if assumes is not None and state.scene not in self.broken and not assumes(state):  # None: deferred
            self.broken[state.scene] = path()
        for outcomes in blocks:
            outcomes.seen.add(bool(outcomes.block.condition(state)))

    def after_choice(self, scene: Scene, index: int, following: GameState) -> None:
        """Check a choice's consequence blocks with the state it leads to."""
        for block in scene.choices[index].consequence.blocks:
            if block.condition is not None:
                outcomes = self._outcomes(block, f"the consequence of choice {index + 1} of `{scene.id}`")
                if id(block.condition) not in self.deferred:
                    outcomes.seen.add(bool(block.condition(following)))

    def _learn(self, scene: Scene) -> tuple:
        texts: list[tuple[Prose, str]] = [(scene.text, f"the text of `{scene.id}`")]
        if scene.ending is not None:
            texts.append((scene.ending.epilogue, f"the epilogue of `{scene.id}`"))
        blocks = [self._outcomes(block, what) for prose, what in texts for block in prose.blocks if block.condition]
        assumes = None if scene.assumes is None or id(scene.assumes) in self.deferred else scene.assumes
        return assumes, tuple(outcomes for outcomes in blocks if id(outcomes.block.condition) not in self.deferred)

    def _outcomes(self, block: TextBlock, what: str) -> BlockOutcomes:
        found = self.blocks.get(id(block))
        if found is None:
            found = self.blocks[id(block)] = BlockOutcomes(block, what)
        return found

    def findings(self, engine: Engine, start: GameState) -> list[tuple[str, str]]:
        """(severity, message) for every broken ``assumes`` and every block that never or always shows."""
        found = []
        for scene_id, path in self.broken.items():
            scene = self.story.scenes[scene_id]
            message = (
                f"{scene.where('assumes')}: scene `{scene_id}` assumes `{scene.assumes.source}`, "
                f"but a path enters it without: {describe_path(engine, start, path)}"
            )
            found.append(("error", message))
        for outcomes in self.blocks.values():
            warning = _block_warning(outcomes)
            if warning:
                found.append(("warning", f"{outcomes.block.location}: {warning}"))
        return found


def _block_warning(outcomes: BlockOutcomes) -> str:
    """Why a block's condition is not worth its place, or ""."""
    block, seen = outcomes.block, outcomes.seen
    source = block.condition.source
    if seen == {False} and not block.otherwise:
        return f"a block of {outcomes.what} is never shown: `{source}` is false on every path that reaches it"
    if len(seen) == 1:
        value = "true" if True in seen else "false"
        return f"a block of {outcomes.what} needs no condition: `{source}` is {value} on every path that reaches it"
    return ""


def describe_path(engine: Engine, start: GameState, path: tuple[int, ...]) -> str:
    """A path of choice indexes as the player met it: each scene's title and the choice's text, in order."""
    if not path:
        return "the start of the story itself"
    steps, state = [], start
    for number, index in enumerate(path, start=1):
        scene = engine.scene(state)
        steps.append(f"{number}. {scene.title} (`{scene.id}`): “{scene.choices[index].text}”")
        state = engine._successor(state, index)
    return "; ".join(steps)
