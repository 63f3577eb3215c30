"""Shared fixtures: the small test story, an engine over it, a save folder per test, and the game app."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.play.engine import Engine
from game.play.saves import SaveStore
from game.story.loader import load_or_raise
from game.story.model import Story

TESTS = Path(__file__).parent
MINI = TESTS / "stories" / "mini"
ROOT = TESTS.parent


@pytest.fixture(autouse=True)
def own_verdict_cache(tmp_path_factory, monkeypatch) -> None:
    """Each test keeps `jangal check`'s verdict cache in a folder of its own, never in the user's cache folder."""
    monkeypatch.setenv("JANGAL_CACHE", str(tmp_path_factory.mktemp("verdict-cache")))


@pytest.fixture(scope="session")
def mini() -> Story:
    """The small test story of tests/stories/mini."""
    return load_or_raise([MINI])


@pytest.fixture
def engine(mini: Story) -> Engine:
    """An engine over the small test story."""
    return Engine(mini)


@pytest.fixture
def store(tmp_path: Path) -> SaveStore:
    """A save store in a fresh temporary folder."""
    return SaveStore(tmp_path / "saves")


@pytest.fixture
def make_app(tmp_path: Path):
    """Build a JangalApp over the small story (or another) saving into tmp_path/saves."""
    from game.play.session import Session
    from game.ui.app import JangalApp

    def build(story_folder: Path = MINI, **options) -> JangalApp:
        store = SaveStore(tmp_path / "saves")
        return JangalApp(Session(load_or_raise([story_folder]), store), store.folder, **options)

    return build
