"""`jangal demo`: history's path (or a student's) shown step by step, stopping at each decision."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from textual.widgets import Static

from game.classroom.demo import demo_stops, history_picks
from game.play.engine import Engine
from game.ui.demo_app import DemoApp
from game.ui.screens.demo import DemoScreen
from game.ui.widgets.markdown_text import MarkdownText
from tests.classroom.conftest import play, write_transcript
from tests.conftest import ROOT

SIZE = (100, 30)


def test_the_stops_follow_history_to_its_ending(campaign) -> None:
    """Every stop but the last makes a choice; decisions take history's; the last is the historical ending."""
    engine = Engine(campaign)
    stops = demo_stops(engine, engine.new_game(), history_picks(engine, engine.new_game()))
    assert all(stop.taken == stop.historical for stop in stops if stop.is_decision)
    assert stops[-1].taken is None
    assert campaign.scenes[stops[-1].state.scene].ending.kind.value == "historical"
    assert sum(stop.is_decision for stop in stops) >= 20


def shown(app: DemoApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_space_reveals_a_decision_then_goes_on_and_left_goes_back(mini_story) -> None:
    """At a decision the class sees the choices unmarked; space marks history's; space again moves on."""
    engine = Engine(mini_story)
    start = engine.new_game()
    app = DemoApp(engine, demo_stops(engine, start, history_picks(engine, start)), pace=0)
    async with app.run_test(size=SIZE) as pilot:
        assert "What would you do?" in shown(app, "#demo-choices")
        assert "★" not in shown(app, "#demo-choices")
        await pilot.press("space")
        assert "1. Welcome the sailors  ★ what history did" in shown(app, "#demo-choices")
        await pilot.press("space")
        assert "On the road" in shown(app, "#demo-header")
        assert "History chose:" in app.screen.query_one("#demo-text", MarkdownText).source
        await pilot.press("left")
        assert "At the dock" in shown(app, "#demo-header")
        assert "Scene 1 of" in shown(app, "#demo-status")


async def test_scenes_without_a_decision_go_on_at_the_pace_unless_paused(campaign) -> None:
    """Between decisions the demo counts down and moves on by itself; p holds it; a decision always waits."""
    engine = Engine(campaign)
    start = engine.new_game()
    stops = demo_stops(engine, start, history_picks(engine, start))
    quiet = next(number for number, stop in enumerate(stops) if stop.taken is not None and not stop.is_decision)
    app = DemoApp(engine, stops, pace=2)
    async with app.run_test(size=SIZE) as pilot:
        screen: DemoScreen = app.screen
        screen.tick()
        assert screen.position == 0  # the first scene is a decision: it waits for the teacher
        screen.move_to(quiet)
        await pilot.press("p")
        screen.tick()
        screen.tick()
        assert screen.position == quiet and "paused" in shown(app, "#demo-status")
        await pilot.press("p")
        screen.tick()
        assert "next in 1 s" in shown(app, "#demo-status")
        screen.tick()
        assert screen.position == quiet + 1


async def test_a_transcript_demo_marks_the_students_choice_beside_historys(mini_story, tmp_path: Path) -> None:
    """Shown from a transcript, a decision marks the student's choice and history's separately."""
    engine = Engine(mini_story)
    state = engine.choose(engine.new_game(), 1).state  # turned the sailors away, against history
    app = DemoApp(engine, demo_stops(engine, engine.new_game(), [1]), pace=0, chooser="Ali")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        choices = shown(app, "#demo-choices")
        assert "1. Welcome the sailors  ★ what history did" in choices
        assert "2. Turn them away  ◀ Ali" in choices
    assert state.scene == "road"


def test_demo_refuses_a_tampered_transcript(campaign, tmp_path: Path) -> None:
    """A transcript that does not verify is not shown: the teacher is told why."""
    file = write_transcript(campaign, play(campaign, 4), tmp_path / "ali.md", "Ali")
    file.write_text(file.read_text(encoding="utf-8").replace("Ali", "Bob", 1), encoding="utf-8")
    ran = subprocess.run(
        [sys.executable, "-m", "game", "demo", "--transcript", str(file)], capture_output=True, text=True, cwd=ROOT
    )
    assert ran.returncode == 1
    assert "Cannot show" in ran.stderr and "not genuine" in ran.stderr
