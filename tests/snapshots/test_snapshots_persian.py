"""SVG snapshots of the Persian edition: the play screen mirrored, shaped and in Persian.

Kept apart from test_snapshots.py so the English snapshots never depend on it. Update with
`pytest tests/snapshots/test_snapshots_persian.py --snapshot-update`, and look at the SVG first.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.play.saves import SaveStore
from game.play.session import Session
from game.ui.app import JangalApp
from tests.snapshots.test_snapshots import keys_then_steady
from tests.ui.persian import in_persian, persian_story

os.environ.pop("NO_COLOR", None)


@pytest.fixture
def persian_app(tmp_path: Path) -> Iterator[JangalApp]:
    """The small Persian story in a Persian app; English again after the test."""
    with in_persian():
        store = SaveStore(tmp_path / "saves")
        yield JangalApp(Session(persian_story(), store), store.folder)


class TestPersian:
    def test_persian_play_screen(self, snap_compare, persian_app) -> None:
        """The play screen in Persian after history's first choice: panel on the left, text from the right."""
        # enter: New game (nothing to continue); 1: welcome the sailors, history's choice
        assert snap_compare(persian_app, terminal_size=(100, 30), run_before=keys_then_steady("enter", "1"))
