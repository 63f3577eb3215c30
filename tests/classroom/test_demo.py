"""`jangal demo`: history's path (or a student's) shown step by step, stopping at each decision."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from textual.widgets import Static

from game.classroom.demo import demo_stops, history_picks
from game.play.engine import Engine
from game.story.loader import load_or_raise
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
    decisions = [stop.state.scene for stop in stops if stop.is_decision]
    assert len(decisions) >= 12 and all(campaign.scenes[scene].decision for scene in decisions)


def shown(app: DemoApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def text_of(app: DemoApp) -> str:
    """The Markdown the big text area shows."""
    return app.screen.query_one("#demo-text", MarkdownText).source


def showcase_demo() -> DemoApp:
    """History's path through the showcase story, whose first scene has a note and whose ending has
    three explanations and two questions."""
    engine = Engine(load_or_raise([ROOT / "tests" / "stories" / "showcase"]))
    start = engine.new_game()
    return DemoApp(engine, demo_stops(engine, start, history_picks(engine, start)), pace=0)


async def test_h_shows_the_scenes_note_with_reliability_and_sources_and_h_again_the_scene() -> None:
    """At a decision h puts the note in place of the scene, choices still hidden; h again brings the scene back."""
    app = showcase_demo()
    async with app.run_test(size=SIZE) as pilot:
        assert "Ships in the harbour." in text_of(app)
        await pilot.press("h")
        note = text_of(app)
        assert "The flotilla landed in May 1920." in note
        assert "Reliability: documented" in note and "- a source" in note
        assert "Ships in the harbour." not in note
        assert "What would you do?" in shown(app, "#demo-choices")  # the note gives nothing away
        assert "history lens (h: back to the scene)" in shown(app, "#demo-status")
        await pilot.press("h")
        assert "Ships in the harbour." in text_of(app)
        assert "history lens" not in shown(app, "#demo-status")


async def test_the_note_closes_when_the_demo_moves_on_and_a_scene_without_one_says_so() -> None:
    """Space reveals with the note open; going on shows the next scene's text, whose h says it has no note."""
    app = showcase_demo()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h", "space")
        assert "★ what history did" in shown(app, "#demo-choices")
        assert "The flotilla landed" in text_of(app)
        await pilot.press("space")
        assert "On the road" in shown(app, "#demo-header") and "Dust and rumours." in text_of(app)
        await pilot.press("h")
        assert "This scene has no historical note." in text_of(app)


async def test_the_ending_steps_through_each_explanation_then_the_questions() -> None:
    """At the end, space shows each historian's view alone, then the questions one more at a time; ← goes back."""
    app = showcase_demo()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space", "space", "space")  # reveal, on, reveal, on: the ending
        assert "What really happened" in text_of(app)
        assert "space: the historians' explanations" in shown(app, "#demo-status")
        await pilot.press("space")
        assert "### Yeghikian and Fakhrayi" in text_of(app) and "turned the devout" in text_of(app)
        assert "explanation 1 of 3 (Yeghikian and Fakhrayi)" in shown(app, "#demo-status")
        await pilot.press("space", "space")
        assert "### Nejad" in text_of(app) and "Yeghikian" not in text_of(app)
        assert "space: the questions for discussion" in shown(app, "#demo-status")
        await pilot.press("space")
        assert "1. Which explanation fits" in text_of(app) and "2." not in text_of(app)
        await pilot.press("space")
        assert "1. Which explanation fits" in text_of(app)
        assert "2. What would have had to change for the march to succeed?" in text_of(app)
        assert "question 2 of 2  ·  ← back  ·  q quit" in shown(app, "#demo-status")
        await pilot.press("space")  # nothing after the last question
        assert "question 2 of 2" in shown(app, "#demo-status")
        await pilot.press("left", "left", "left", "left", "left")  # two questions, three explanations
        assert "What really happened" in text_of(app)
        await pilot.press("left")
        assert "On the road" in shown(app, "#demo-header")


async def test_an_ending_without_explanations_or_questions_ends_at_its_text(mini_story) -> None:
    """The mini story's ending has neither: the end is the end, as before."""
    engine = Engine(mini_story)
    start = engine.new_game()
    app = DemoApp(engine, demo_stops(engine, start, history_picks(engine, start)), pace=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space", "space", "space")
        assert "the end  ·  ← back  ·  q quit" in shown(app, "#demo-status")
        await pilot.press("space")
        assert "What really happened" in text_of(app)


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
        screen.ticker.stop()  # the test is the clock: a slow machine's real seconds must not tick as well
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


async def test_the_clock_waits_while_the_note_is_shown(campaign) -> None:
    """Between decisions, h holds the countdown until the note is closed again."""
    engine = Engine(campaign)
    start = engine.new_game()
    stops = demo_stops(engine, start, history_picks(engine, start))
    quiet = next(number for number, stop in enumerate(stops) if stop.taken is not None and not stop.is_decision)
    app = DemoApp(engine, stops, pace=1)
    async with app.run_test(size=SIZE) as pilot:
        screen: DemoScreen = app.screen
        screen.ticker.stop()  # the test is the clock
        screen.move_to(quiet)
        await pilot.press("h")
        screen.tick()
        screen.tick()
        assert screen.position == quiet
        assert "the history lens (h: back to the scene)  ·  space: next" in shown(app, "#demo-status")
        await pilot.press("h")
        screen.tick()
        assert screen.position == quiet + 1


async def test_a_transcript_demo_marks_the_students_choice_beside_historys(mini_story, tmp_path: Path) -> None:
    """Shown from a student's transcript file, each decision marks the student's choice and history's apart."""
    from io import StringIO

    from rich.console import Console

    from game.cli.classroom import _transcript_path

    engine = Engine(mini_story)
    state = engine.choose(engine.new_game(), 1).state  # turned the sailors away, against history
    state = engine.choose(state, 0).state  # then marched on, as history did
    file = write_transcript(mini_story, state, tmp_path / "ali.md", "Ali")
    start, picks, chooser = _transcript_path(mini_story, file, Console(file=StringIO()))
    assert (picks, chooser) == ([1, 0], "Ali")
    app = DemoApp(engine, demo_stops(engine, start, picks), pace=0, chooser=chooser)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        choices = shown(app, "#demo-choices")
        assert "1. Welcome the sailors  ★ what history did" in choices
        assert "2. Turn them away  ◀ Ali" in choices
        await pilot.press("space", "space")
        assert "On the road" in shown(app, "#demo-header")
        assert "1. March on  ◀ Ali  ★ what history did" in shown(app, "#demo-choices")


def test_demo_refuses_a_tampered_transcript(campaign, tmp_path: Path) -> None:
    """A transcript that does not verify is not shown: the teacher is told why."""
    file = write_transcript(campaign, play(campaign, 4), tmp_path / "ali.md", "Ali")
    file.write_text(file.read_text(encoding="utf-8").replace("Ali", "Bob", 1), encoding="utf-8")
    ran = subprocess.run(
        [sys.executable, "-m", "game", "demo", "--transcript", str(file)], capture_output=True, text=True, cwd=ROOT
    )
    assert ran.returncode == 1
    assert "Cannot show" in ran.stderr and "not genuine" in ran.stderr
