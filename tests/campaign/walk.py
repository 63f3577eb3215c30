"""Walking the campaign along history's path, or along a path with a few choices changed."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from game.play.engine import Engine
from game.play.state import GameState

MAX_STEPS = 500


def walk_history(
    engine: Engine, picks: Mapping[str, str] | None = None, chapter: str | None = None
) -> Iterator[GameState]:
    """Each state along history's path (the first open choice where history marks none) to an ending.

    ``picks`` maps a scene id to the text of the choice to take there instead; a pick that is not
    open fails, naming the scene.
    """
    picks = picks or {}
    state = engine.new_game(chapter)
    for _ in range(MAX_STEPS):
        yield state
        view = engine.view(state)
        if view.ending is not None:
            return
        if state.scene in picks:
            open_texts = {option.text: option.index for option in view.open_options}
            assert picks[state.scene] in open_texts, f"at {state.scene}: {picks[state.scene]!r} is not open"
            index = open_texts[picks[state.scene]]
        else:
            index = engine.history_or_first(state)
        state = engine.choose(state, index).state
    raise AssertionError("the path never ends")


def text_at(engine: Engine, scene_id: str, picks: Mapping[str, str] | None = None) -> str:
    """The scene text shown on arriving at ``scene_id`` along the path that ``picks`` describes."""
    for state in walk_history(engine, picks):
        if state.scene == scene_id:
            return engine.scene_text(state)
    raise AssertionError(f"the path never reaches {scene_id}")
