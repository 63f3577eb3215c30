"""The worked example of docs/authoring.md: it loads cleanly and says what the guide says."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.play.engine import Engine
from game.story.loader import load_story
from game.story.model import EndingKind

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "tests" / "data" / "worked_example"
GUIDE = ROOT / "docs" / "authoring.md"


def test_worked_example_loads_without_any_problem() -> None:
    """The example story has no errors and no warnings."""
    result = load_story([EXAMPLE])
    assert [str(p) for p in result.problems] == []
    assert result.story is not None and result.scene_count == 3


@pytest.mark.parametrize("name", ["story.yaml", "scenes.yaml"])
def test_guide_shows_each_example_file_in_full(name: str) -> None:
    """Every file of the example appears verbatim in the authoring guide."""
    assert (EXAMPLE / name).read_text(encoding="utf-8") in GUIDE.read_text(encoding="utf-8")


def test_worked_example_history_reaches_the_historical_ending() -> None:
    """Following history from the start ends in the historical ending, past one locked choice."""
    story = load_story([EXAMPLE]).story
    engine = Engine(story)
    state = engine.new_game()
    assert [option.open for option in engine.view(state).options] == [True, True, False]
    state = engine.choose(state, engine.historical_choice(state)).state
    assert engine.scene(state).ending.kind is EndingKind.HISTORICAL
