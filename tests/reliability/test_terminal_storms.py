"""The terminal misbehaves: resize storms and ctrl+c anywhere leave the game, its state and its autosave intact.

A player drags a window corner back and forth, or a browser tab is squeezed and stretched, so the
game sees fifty sizes in a row, some too small to play in. Afterwards the game is where it was,
with nothing covering it. Ctrl+C on any screen, dialog or cover closes the game at once and
cleanly, and the autosave on disk is the game as of the last choice.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual import events
from textual.geometry import Size
from textual.pilot import Pilot
from textual.screen import Screen

from game.play.saves import AUTOSAVE
from game.ui.screens import below_minimum_size
from game.ui.screens.chapters import ChapterSelectScreen
from game.ui.screens.codex import CodexScreen
from game.ui.screens.confirm import ConfirmDialog
from game.ui.screens.ending import EndingScreen
from game.ui.screens.hand_in import HandInDialog
from game.ui.screens.help import HelpScreen
from game.ui.screens.load import LoadScreen
from game.ui.screens.log import LogScreen
from game.ui.screens.map import MapScreen
from game.ui.screens.play import PlayScreen
from game.ui.screens.save import SaveDialog
from game.ui.screens.timeline import TimelineScreen
from game.ui.screens.title import TitleScreen
from game.ui.screens.too_small import TooSmallScreen
from tests.conftest import MINI, TESTS

SIZE = (100, 30)
HOSTILE = TESTS / "stories" / "hostile"
SMALLEST, LARGEST = (20, 8), (250, 80)
STORM_LENGTH = 50


def storm_sizes(count: int = STORM_LENGTH) -> list[tuple[int, int]]:
    """``count`` sizes from 20x8 to 250x80, taken alternately from the small and the large end."""
    steps = [
        (
            SMALLEST[0] + (LARGEST[0] - SMALLEST[0]) * step // (count - 1),
            SMALLEST[1] + (LARGEST[1] - SMALLEST[1]) * step // (count - 1),
        )
        for step in range(count)
    ]
    storm = []
    while steps:
        storm.append(steps.pop(0))
        if steps:
            storm.append(steps.pop())
    return storm


def test_the_storm_has_fifty_sizes_some_too_small() -> None:
    """The storm covers the whole range, and several of its sizes are below the 60x20 minimum."""
    sizes = storm_sizes()
    assert len(set(sizes)) == STORM_LENGTH
    assert SMALLEST in sizes and LARGEST in sizes
    assert sum(below_minimum_size(width, height) for width, height in sizes) >= 5


def autosave_file(tmp_path: Path) -> Path:
    return tmp_path / "saves" / f"{AUTOSAVE}.json"


def saved_state(tmp_path: Path) -> dict:
    """The game state the autosave on disk holds."""
    return json.loads(autosave_file(tmp_path).read_text(encoding="utf-8"))["state"]


def game_state(app) -> dict | None:
    """The session's state as the autosave would write it (None before a game starts)."""
    state = app.session.state
    return state.to_json() if state is not None else None


# Resize storms


async def open_title(pilot: Pilot) -> None:
    """The title screen after one choice, so there is a game to keep."""
    await pilot.press("enter", "1", "escape")


async def open_play(pilot: Pilot) -> None:
    await pilot.press("enter", "1")


async def open_codex(pilot: Pilot) -> None:
    await pilot.press("enter", "1", "c")


async def open_log(pilot: Pilot) -> None:
    await pilot.press("enter", "1", "l")


async def open_ending(pilot: Pilot) -> None:
    """Play to history's ending and open the ending screen."""
    await pilot.press("enter", "1", "1", "enter")


Opener = Callable[[Pilot], Awaitable[None]]
STORMED: dict[str, tuple[Opener, type[Screen], Path]] = {
    "title": (open_title, TitleScreen, MINI),
    "play": (open_play, PlayScreen, MINI),
    "play, hostile scene": (open_play, PlayScreen, HOSTILE),  # a 2,000-character title and 31 choices
    "codex": (open_codex, CodexScreen, MINI),
    "log": (open_log, LogScreen, MINI),
    "ending": (open_ending, EndingScreen, MINI),
}


async def resize(pilot: Pilot, width: int, height: int) -> None:
    """Resize as ``Pilot.resize_terminal`` does, then let the game handle it and redraw.

    ``resize_terminal`` waits until the process has been idle for a while, which a screen with a
    blinking cursor rarely is: fifty sizes would take seconds per screen. ``pause(0)`` waits for
    every message the resize caused and draws the screen, so each size is still laid out and drawn.
    """
    size = Size(width, height)
    pilot.app._driver._size = size  # what resize_terminal does for the headless driver
    pilot.app.post_message(events.Resize(size, size))
    await pilot.pause(0)


async def resize_storm(pilot: Pilot) -> None:
    """Fifty sizes in a row; below the minimum the cover is up, above it the cover is gone."""
    app = pilot.app
    for width, height in storm_sizes():
        await resize(pilot, width, height)
        assert app.return_code is None, f"the game stopped at {width}x{height}"
        covered = isinstance(app.screen, TooSmallScreen)
        assert covered == below_minimum_size(width, height), (width, height, app.screen)
    await pilot.resize_terminal(*SIZE)


@pytest.mark.parametrize("screen", list(STORMED))
async def test_a_resize_storm_leaves_the_game_where_it_was(make_app, tmp_path: Path, screen: str) -> None:
    """After fifty sizes, some too small, the same screen is showing uncovered, with the same game and autosave."""
    opener, expected, story = STORMED[screen]
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await opener(pilot)
        await pilot.pause()
        assert isinstance(app.screen, expected)
        before, saved_before = game_state(app), autosave_file(tmp_path).read_bytes()
        await resize_storm(pilot)
        assert app.is_running
        assert isinstance(app.screen, expected) and not app.query(TooSmallScreen)
        assert game_state(app) == before
        assert autosave_file(tmp_path).read_bytes() == saved_before


# Ctrl+C anywhere


async def to_title(pilot: Pilot) -> None:
    await pilot.press("escape")


async def to_chapter_select(pilot: Pilot) -> None:
    await pilot.press("escape")
    pilot.app.action_menu_chapters()


async def stay_in_play(pilot: Pilot) -> None:
    """The play screen, where the last choice left the player."""


async def to_load(pilot: Pilot) -> None:
    await pilot.press("escape")
    pilot.app.action_load()


async def to_ending(pilot: Pilot) -> None:
    """One more choice reaches history's ending; Enter opens the ending screen."""
    await pilot.press("1", "enter")


async def under_the_cover(pilot: Pilot) -> None:
    """The terminal shrinks below the minimum, so the too-small cover is up."""
    await resize(pilot, 40, 10)


def keys(*pressed: str) -> Opener:
    """An opener that presses keys on the play screen."""

    async def press(pilot: Pilot) -> None:
        await pilot.press(*pressed)

    return press


ANYWHERE: dict[str, tuple[Opener, type[Screen]]] = {
    "title": (to_title, TitleScreen),
    "chapter select": (to_chapter_select, ChapterSelectScreen),
    "play": (stay_in_play, PlayScreen),
    "log": (keys("l"), LogScreen),
    "codex": (keys("c"), CodexScreen),
    "timeline": (keys("t"), TimelineScreen),
    "map": (keys("m"), MapScreen),
    "save dialog": (keys("s"), SaveDialog),
    "load": (to_load, LoadScreen),
    "ending": (to_ending, EndingScreen),
    "help": (keys("f1"), HelpScreen),
    "hand-in dialog": (keys("x"), HandInDialog),
    "confirm dialog": (keys("q"), ConfirmDialog),
    "too-small cover": (under_the_cover, TooSmallScreen),
}


@pytest.mark.parametrize("screen", list(ANYWHERE))
async def test_ctrl_c_quits_at_once_with_the_autosave_current(make_app, tmp_path: Path, screen: str) -> None:
    """Ctrl+C closes the game cleanly from any screen, and the autosave holds the game after the last choice."""
    opener, expected = ANYWHERE[screen]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1")  # a new game and one choice, which autosaves
        await opener(pilot)
        await pilot.pause()
        assert isinstance(app.screen, expected)
        await pilot.press("ctrl+c")
        assert app.return_code == 0  # the game asked to exit, without a question
        last = game_state(app)
    assert app.return_code in (0, None) and not app.is_running
    assert last is not None and last["path"]
    assert saved_state(tmp_path) == last
