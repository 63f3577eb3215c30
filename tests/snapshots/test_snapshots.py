"""SVG snapshots of the main screens, at fixed sizes, from the showcase story.

Update them with `pytest tests/snapshots --snapshot-update` after a deliberate change, and
look at the new SVGs before committing them.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from game.play.engine import Engine
from game.play.saves import SaveStore
from game.play.session import Session
from game.play.settings import Settings, save_settings
from game.story.loader import load_or_raise
from game.ui.app import JangalApp

SHOWCASE = Path(__file__).parent.parent / "stories" / "showcase"
os.environ.pop("NO_COLOR", None)  # it would change every snapshot
os.environ["TZ"] = "UTC"  # save times are shown in local time
time.tzset()


@pytest.fixture
def app(tmp_path: Path) -> JangalApp:
    """A fresh app over the showcase story, with two saves written at fixed times."""
    story = load_or_raise([SHOWCASE])
    clock = iter([datetime(2026, 11, 2, 9, 30, tzinfo=UTC), datetime(2026, 11, 3, 14, 5, tzinfo=UTC)])
    store = SaveStore(tmp_path / "saves", clock=lambda: next(clock))
    engine = Engine(story)
    store.save("before the march", engine.choose(engine.new_game(), 0).state, story)
    store.save("turned away", engine.choose(engine.new_game(), 1).state, story)
    (tmp_path / "saves" / "damaged.json").write_text("{oops", encoding="utf-8")
    store.clock = lambda: datetime(2026, 11, 4, 12, 0, tzinfo=UTC)
    first_ending = next(scene.id for scene in story.scenes.values() if scene.ending is not None)
    save_settings(store.folder, Settings(endings={story.id: {first_ending: "2026-11-03"}}))
    return JangalApp(Session(story, store), store.folder)


async def steady(pilot: Pilot) -> None:
    """No blinking cursors, and every pending redraw done."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def keys_then_steady(*keys: str):
    async def run_before(pilot: Pilot) -> None:
        await pilot.press(*keys)
        await steady(pilot)

    return run_before


class TestTitle:
    def test_title(self, snap_compare, app) -> None:
        """The title screen with Continue offered."""
        assert snap_compare(app, terminal_size=(100, 30), run_before=steady)


class TestPlay:
    def test_play_with_the_lens(self, snap_compare, app) -> None:
        """The play screen after a divergent choice, lens on; the status panel shows each variable's change."""
        # down: New game; enter: start; 2: turn the sailors away (not what history did)
        assert snap_compare(app, terminal_size=(100, 30), run_before=keys_then_steady("down", "enter", "2"))

    def test_play_without_the_lens(self, snap_compare, app) -> None:
        """The same, with the lens switched off by h."""
        assert snap_compare(app, terminal_size=(100, 30), run_before=keys_then_steady("down", "enter", "2", "h"))

    def test_play_lens_with_a_note(self, snap_compare, app) -> None:
        """The first scene with the lens on: its historical note, how reliable it is, and its sources."""
        assert snap_compare(app, terminal_size=(100, 30), run_before=keys_then_steady("down", "enter"))

    def test_play_small(self, snap_compare, app) -> None:
        """The smallest supported layout, 60x20: no side panel."""
        assert snap_compare(app, terminal_size=(60, 20), run_before=keys_then_steady("down", "enter"))

    def test_play_large(self, snap_compare, app) -> None:
        """A large terminal, 200x60: wider margins and side panel."""
        assert snap_compare(app, terminal_size=(200, 60), run_before=keys_then_steady("down", "enter", "1"))


class TestScreens:
    def test_load(self, snap_compare, app) -> None:
        """The load screen: two saves and a damaged file listed as broken."""
        # down down down: Load; enter: open it
        assert snap_compare(app, terminal_size=(100, 30), run_before=keys_then_steady("down", "down", "down", "enter"))

    def test_codex(self, snap_compare, app) -> None:
        """The full codex from the title screen."""
        assert snap_compare(app, terminal_size=(100, 30), run_before=keys_then_steady(*["down"] * 4, "enter"))

    def test_timeline(self, snap_compare, app) -> None:
        """The timeline with the player's path beside history."""
        # down enter: New game; 1: welcome the sailors; t: timeline
        assert snap_compare(app, terminal_size=(100, 30), run_before=keys_then_steady("down", "enter", "1", "t"))

    def test_ending(self, snap_compare, app) -> None:
        """The ending screen after following history."""
        # New game, 1, 1 reaches the historical ending; enter opens the ending screen
        keys = ("down", "enter", "1", "1", "enter")
        assert snap_compare(app, terminal_size=(120, 40), run_before=keys_then_steady(*keys))

    def test_help(self, snap_compare, app) -> None:
        """The help screen over a game: every key, grouped."""
        assert snap_compare(app, terminal_size=(100, 30), run_before=keys_then_steady("down", "enter", "question_mark"))

    def test_save(self, snap_compare, app) -> None:
        """The save dialog after a choice, offering the scene's title as the name."""
        assert snap_compare(app, terminal_size=(100, 30), run_before=keys_then_steady("down", "enter", "1", "s"))

    def test_chapter_select(self, snap_compare, app) -> None:
        """Chapter select from the title: each chapter with its first scene."""
        assert snap_compare(app, terminal_size=(100, 30), run_before=keys_then_steady("down", "down", "enter"))

    def test_map(self, snap_compare, app) -> None:
        """The showcase's own map after one choice: here on the road, Anzali seen, Qazvin and Tehran not yet."""
        assert snap_compare(app, terminal_size=(100, 30), run_before=keys_then_steady("down", "enter", "1", "m"))

    def test_too_small(self, snap_compare, app) -> None:
        """Below 60x20 a cover says how big the terminal must be, and waits."""
        assert snap_compare(app, terminal_size=(50, 15), run_before=steady)

    def test_endings(self, snap_compare, app) -> None:
        """Endings found: one found (title and date), the others hidden with their chapter."""
        assert snap_compare(app, terminal_size=(100, 30), run_before=keys_then_steady(*["down"] * 5, "enter"))

    def test_settings(self, snap_compare, app) -> None:
        """The Settings screen from the title menu."""
        assert snap_compare(app, terminal_size=(100, 30), run_before=keys_then_steady(*["down"] * 6, "enter"))

    def test_save_overwrite_confirmation(self, snap_compare, app) -> None:
        """Saving under an existing name asks, saying what that save holds."""

        async def run_before(pilot: Pilot) -> None:
            await pilot.press("down", "enter", "1", "s")
            await pilot.pause()
            pilot.app.screen.query_one(Input).value = "before the march"
            await pilot.press("enter")
            await steady(pilot)

        assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)

    def test_history_before_you_choose(self, snap_compare, app) -> None:
        """With the setting on and the lens on, history's choice is marked before the player picks."""

        async def run_before(pilot: Pilot) -> None:
            pilot.app.change_settings(history_before_choice=True)
            await pilot.press("down", "enter")
            await steady(pilot)

        assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


class TestDemo:
    def test_demo_decision_revealed(self, snap_compare) -> None:
        """The projector demo at its first decision, after space: history's choice starred."""
        from game.classroom.demo import demo_stops, history_picks
        from game.ui.demo_app import DemoApp

        engine = Engine(load_or_raise([SHOWCASE]))
        start = engine.new_game()
        app = DemoApp(engine, demo_stops(engine, start, history_picks(engine, start)), pace=0)
        assert snap_compare(app, terminal_size=(100, 30), run_before=keys_then_steady("space"))

    def test_demo_showing_the_note(self, snap_compare) -> None:
        """The projector demo at its first decision with the history lens open: note, reliability, sources."""
        from game.classroom.demo import demo_stops, history_picks
        from game.ui.demo_app import DemoApp

        engine = Engine(load_or_raise([SHOWCASE]))
        start = engine.new_game()
        app = DemoApp(engine, demo_stops(engine, start, history_picks(engine, start)), pace=0)
        # h: the note in place of the scene, the choices still unmarked
        assert snap_compare(app, terminal_size=(100, 30), run_before=keys_then_steady("h"))
