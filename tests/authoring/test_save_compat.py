"""`jangal check --saves DIR`: what an edit of the story would do to existing saves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from game.play.engine import Engine
from game.play.saves import SaveStore
from game.story.loader import load_or_raise
from tests.conftest import MINI, ROOT


def check_saves(story_folder: Path, saves: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "game", "check", str(story_folder), "--saves", str(saves)]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_saves_that_an_edit_breaks_are_named_with_where_they_would_load(tmp_path: Path) -> None:
    """A save whose scene an edit removed is reported with the safe point it would resume at."""
    story = load_or_raise([MINI])
    engine = Engine(story)
    store = SaveStore(tmp_path / "saves")
    store.save("on the road", engine.choose(engine.new_game(), 0).state, story)
    store.save("at the dock", engine.new_game(), story)
    edited = tmp_path / "edited"
    edited.mkdir()
    for source in MINI.iterdir():
        (edited / source.name).write_text(source.read_text(encoding="utf-8").replace("road", "highway"), "utf-8")
    ran = check_saves(edited, tmp_path / "saves")
    assert ran.returncode == 0, ran.stdout
    assert "save “on the road”: loads at “At the dock”" in ran.stdout
    assert "the scene `road` no longer exists; resuming at `dock`" in ran.stdout
    assert "save “at the dock”: loads at “At the dock”" in ran.stdout


def test_a_save_that_cannot_load_fails_the_check(tmp_path: Path) -> None:
    """A damaged save is named with its reason, and the check exits 1."""
    (tmp_path / "saves").mkdir()
    (tmp_path / "saves" / "broken.json").write_text("{", encoding="utf-8")
    ran = check_saves(MINI, tmp_path / "saves")
    assert ran.returncode == 1
    assert "save “broken”: cannot load: the save “broken” is damaged" in ran.stdout
