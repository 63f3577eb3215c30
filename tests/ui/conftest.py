"""Fixtures for the Textual game: an app over the small test story with a temporary save folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game.loader import load_or_raise
from game.saves import SaveStore
from game.session import Session
from game.ui.app import JangalApp
from tests.conftest import MINI

os.environ.pop("NO_COLOR", None)  # it would change every snapshot


@pytest.fixture
def make_app(tmp_path: Path):
    """Build a JangalApp over the small story (or the campaign) saving into tmp_path/saves."""

    def build(story_folder: Path = MINI, **options) -> JangalApp:
        store = SaveStore(tmp_path / "saves")
        return JangalApp(Session(load_or_raise([story_folder]), store), store.folder, **options)

    return build
