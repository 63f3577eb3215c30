"""The campaign in scenes/, loaded once."""

from __future__ import annotations

import pytest

from game.story.loader import load_or_raise
from game.story.model import Story
from tests.conftest import ROOT


@pytest.fixture(scope="session")
def campaign() -> Story:
    """The shipped campaign."""
    return load_or_raise([ROOT / "scenes"])
