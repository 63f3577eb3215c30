"""`jangal play --watch`: edits show up in the running game, mistakes in a panel, and the player keeps their place."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Static

from game.authoring.watch import StoryWatch
from game.play.saves import SaveStore
from game.play.session import Session
from game.story.loader import load_or_raise, load_story
from game.ui.app import JangalApp
from game.ui.widgets.problems_panel import ProblemsPanel
from tests.conftest import MINI, ROOT, close_the_mini_loop


@pytest.fixture
def story_copy(tmp_path: Path) -> Path:
    """A copy of the small test story that a test may edit."""
    folder = tmp_path / "story"
    shutil.copytree(MINI, folder)
    return close_the_mini_loop(folder)


def edit(folder: Path, old: str, new: str) -> None:
    """Change the scenes file the way most editors save: write a new file, rename it over the old one."""
    target = folder / "scenes.yaml"
    text = target.read_text(encoding="utf-8")
    assert old in text
    fresh = folder / ".scenes.yaml.swp"
    fresh.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.replace(fresh, target)


def bump(path: Path) -> None:
    """Make sure the next stat sees a new modification time, however coarse the file system's clock."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))


def test_a_change_is_reported_once_after_it_settles(story_copy: Path) -> None:
    """No change, no reload; an edit is reported on the poll after it, once; a new file counts too."""
    watch = StoryWatch([story_copy])
    assert not watch.poll()
    edit(story_copy, "At the dock", "At the quay")
    bump(story_copy / "scenes.yaml")
    assert not watch.poll()  # just changed: an editor may still be writing
    assert watch.poll()
    assert not watch.poll()
    (story_copy / "more.yaml").write_text("codex: []\n", encoding="utf-8")
    assert [watch.poll(), watch.poll()] == [False, True]


def test_replacing_the_story_keeps_a_valid_place_and_repairs_a_lost_one(story_copy: Path, tmp_path: Path) -> None:
    """A state that still fits is kept as it is; a scene that disappears sends the player to the safe point."""
    session = Session(load_or_raise([story_copy]), SaveStore(tmp_path / "saves"))
    session.start()
    session.choose(0)
    kept = session.state
    edit(story_copy, "consequence: The sailors cheer.", "consequence: The sailors cheer and sing.")
    assert session.replace_story(load_or_raise([story_copy])) == []
    assert session.state == kept
    turn = session.last_turn
    assert session.engine.consequence_text(turn.step, turn.state) == "The sailors cheer and sing."
    for name in ("scenes.yaml", "story.yaml"):  # rename the scene `road` everywhere
        path = story_copy / name
        path.write_text(path.read_text(encoding="utf-8").replace(": road\n", ": highway\n"), encoding="utf-8")
    repairs = session.replace_story(load_or_raise([story_copy]))
    assert repairs == ["the scene `road` no longer exists; resuming at `dock`"]
    assert session.state.scene == "dock" and session.state.path == ()


def panel(app: JangalApp) -> ProblemsPanel:
    return app.screen.query_one(ProblemsPanel)


async def reload(app: JangalApp, pilot) -> None:
    """What the timer does: two polls (change, then settled), then wait for the reload worker."""
    app.poll_story_files()
    app.poll_story_files()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_broken_edit_shows_problems_and_fixing_it_clears_them(story_copy: Path, tmp_path: Path) -> None:
    """The game goes on with the last good story while the panel names the file, line and hint."""
    store = SaveStore(tmp_path / "saves")
    app = JangalApp(Session(load_or_raise([story_copy]), store), store.folder, watch=[story_copy])
    async with app.run_test(size=(100, 30)) as pilot:
        app.start_game()
        await pilot.pause()
        assert not panel(app).display
        edit(story_copy, "    title: At the dock\n", "    title: At the dock\n    colour: blue\n")
        bump(story_copy / "scenes.yaml")
        await reload(app, pilot)
        shown = str(panel(app).query_one("#problems-text", Static).render())
        assert panel(app).display
        assert "The edited story has 1 error: still playing the last version that loaded" in shown
        assert "scenes.yaml:5:5: error: unknown key `colour` in a scene" in shown
        assert "hint:" in shown
        assert "At the dock" in str(app.screen.query_one("#scene-header", Static).render())
        await pilot.press("1")
        assert app.session.state.scene == "road"  # still playable
        await pilot.press("u")
        edit(story_copy, "    title: At the dock\n    colour: blue\n", "    title: At the quay\n")
        bump(story_copy / "scenes.yaml")
        await reload(app, pilot)
        assert not panel(app).display
        assert "At the quay" in str(app.screen.query_one("#scene-header", Static).render())
        assert app.session.state.scene == "dock"


def test_play_watch_waits_for_a_broken_story_to_be_fixed(story_copy: Path) -> None:
    """Started on a broken story, --watch prints the errors and starts once the file is fixed."""
    from game.cli.play import wait_for_a_story

    edit(story_copy, "    title: At the dock\n", "    title: At the dock\n    colour: blue\n")
    broken = load_story([story_copy])
    output = Console(file=open(os.devnull, "w"), width=100)  # noqa: SIM115 - closed with the console below

    def fix_soon() -> None:
        edit(story_copy, "    colour: blue\n", "")
        bump(story_copy / "scenes.yaml")

    timer = threading.Timer(0.2, fix_soon)
    timer.start()
    try:
        fixed = wait_for_a_story(output, broken, [story_copy], interval=0.05)
    finally:
        timer.cancel()
        output.file.close()
    assert fixed.story is not None and fixed.story.scenes["dock"].title == "At the dock"


def test_watch_refuses_plain_mode_with_a_reason() -> None:
    """Live reload is for the full-screen game; in plain mode it says so instead of being ignored."""
    ran = subprocess.run(
        [sys.executable, "-m", "game", "play", "--plain", "--watch"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        input="",
        timeout=60,
    )
    assert ran.returncode == 1
    assert "--watch reloads the full-screen game" in ran.stderr


def test_the_quoted_line_is_the_file_as_it_is_now(story_copy: Path) -> None:
    """In --watch the same file is reported again after each edit: the line under the error is the new one."""
    from io import StringIO

    from game.authoring.report import print_problems

    def report() -> str:
        output = StringIO()
        print_problems(Console(file=output, width=100), load_story([story_copy]).errors)
        return output.getvalue()

    edit(story_copy, "    title: At the dock\n", "    title: At the dock\n    colour: blue\n")
    first = report()
    assert "unknown key `colour`" in first and "    colour: blue" in first
    edit(story_copy, "    colour: blue\n", "    flavour: mint\n")
    second = report()
    assert "unknown key `flavour`" in second
    assert "    flavour: mint" in second
    assert "colour: blue" not in second
