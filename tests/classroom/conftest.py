"""Stories, seeded playthroughs and written transcripts shared by the classroom tests."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from game.classroom.render import render
from game.classroom.transcript import transcript_of
from game.play.engine import Engine
from game.play.state import GameState
from game.story.loader import load_or_raise
from game.story.model import Story
from tests.classroom.web_page import open_browser
from tests.conftest import MINI, ROOT

EXTERNAL = re.compile(
    r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|<script[^>]*\bsrc\s*=|<link\b|@import|url\(""", re.I
)


@pytest.fixture(scope="session")
def campaign() -> Story:
    """The shipped campaign."""
    return load_or_raise([ROOT / "scenes"])


@pytest.fixture(scope="session")
def mini_story() -> Story:
    """The small test story."""
    return load_or_raise([MINI])


def play(story: Story, seed: int, *, origin: str | None = None, limit: int = 200) -> GameState:
    """A seeded random playthrough: random open choices until an ending or ``limit`` choices."""
    engine = Engine(story)
    rng = random.Random(seed)
    state = engine.new_game(origin)
    for _ in range(limit):
        view = engine.view(state)
        if view.ending is not None:
            break
        state = engine.choose(state, rng.choice(view.open_options).index).state
    return state


def history_path(story: Story, origin: str | None = None) -> GameState:
    """History's own path, to the end."""
    engine = Engine(story)
    state = engine.new_game(origin)
    while engine.view(state).ending is None:
        historical = engine.historical_choice(state)
        state = engine.choose(
            state, historical if historical is not None else engine.view(state).open_options[0].index
        ).state
    return state


def write_transcript(story: Story, state: GameState, path: Path, name: str = "") -> Path:
    """The transcript of a state, written as Markdown or HTML after the file's suffix."""
    fmt = "html" if path.suffix == ".html" else "md"
    path.write_text(render(story, transcript_of(story, state, name), state, fmt), encoding="utf-8")
    return path


def self_contained(page: str) -> bool:
    """True when a page loads nothing from outside and runs no script."""
    scripts = re.findall(r"<script\b[^>]*>", page)
    return not EXTERNAL.search(page) and all('type="application/json"' in tag for tag in scripts)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, one for a test module (tests skip with needs_chromium without it)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = open_browser(playwright)
        yield launched
        launched.close()


def departure_path(story: Story) -> GameState:
    """Welcome the sailors, go back, welcome them again, march on: a finished game with a departure."""
    engine = Engine(story)
    state = engine.new_game()
    for index in (0, 2, 0, 0):
        state = engine.choose(state, index).state
    return state
