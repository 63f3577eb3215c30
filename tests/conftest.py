"""Shared fixtures: the small test story, an engine over it, and a save folder per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine import Engine
from game.loader import load_or_raise
from game.model import Story
from game.saves import SaveStore

TESTS = Path(__file__).parent
MINI = TESTS / "stories" / "mini"
ROOT = TESTS.parent


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
