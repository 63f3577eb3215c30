"""Documented limits with a clear refusal: one text's length in a story, and a path's length.

A 3 MB scene took 24 s to paint; now a text over MAX_TEXT_CHARACTERS is an error `check` places
at its line and column. A path over MAX_PATH_CHARACTERS is refused by name wherever Jangal opens one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.classroom.verify import Status, verify_file
from game.play.engine import Engine
from game.play.saves import SaveStore
from game.story.loader import load_or_raise, load_story
from game.story.problems import SaveError
from game.story.reader import MAX_TEXT_CHARACTERS
from game.story.safe_files import MAX_PATH_CHARACTERS
from tests.checker.test_cli_check import run
from tests.conftest import MINI

STORY = load_or_raise([MINI])


def story_with_road_text(folder: Path, text: str) -> Path:
    """The small story with the text of its scene `road` replaced."""
    folder.mkdir()
    (folder / "story.yaml").write_text((MINI / "story.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    scenes = (MINI / "scenes.yaml").read_text(encoding="utf-8")
    assert "    text: Dust and rumours.\n" in scenes
    (folder / "scenes.yaml").write_text(scenes.replace("Dust and rumours.", text), encoding="utf-8")
    return folder


def test_a_scene_text_over_the_limit_is_an_error_at_its_place(tmp_path) -> None:
    """A text one character over the limit: `check` exits 1 with the error at the text's line and column."""
    folder = story_with_road_text(tmp_path / "story", "w" * (MAX_TEXT_CHARACTERS + 1))
    result = run("check", str(folder))
    assert result.returncode == 1
    expected = (
        f"scenes.yaml:40:11: error: the scene text is {MAX_TEXT_CHARACTERS + 1:,} characters long, over the limit"
    )
    assert expected in result.stdout


def test_a_scene_text_at_the_limit_loads(tmp_path) -> None:
    """Exactly the limit is allowed: the story loads and the scene has the whole text."""
    story = load_or_raise([story_with_road_text(tmp_path / "story", "w" * MAX_TEXT_CHARACTERS)])
    assert len(story.scenes["road"].text.every_paragraph()) == MAX_TEXT_CHARACTERS


def long_path(base: Path) -> Path:
    """A path longer than the limit, made of names each short enough for the system."""
    path = base
    while len(str(path)) <= MAX_PATH_CHARACTERS:
        path = path / ("d" * 200)
    return path


def test_check_refuses_a_path_over_the_limit(tmp_path) -> None:
    """`check` on a path over the limit says so, with its length."""
    problems = load_story([long_path(tmp_path)]).errors
    assert any(f"over the limit of {MAX_PATH_CHARACTERS:,}" in problem.message for problem in problems)


def test_verify_and_saves_refuse_a_path_over_the_limit(tmp_path) -> None:
    """A transcript or a save folder named by a path over the limit: refused with the reason, nothing written."""
    folder = long_path(tmp_path)
    verification = verify_file(STORY, folder / "x.md")
    assert verification.status is Status.CANNOT_VERIFY
    assert f"over the limit of {MAX_PATH_CHARACTERS:,}" in verification.reason
    with pytest.raises(SaveError, match=f"over the limit of {MAX_PATH_CHARACTERS:,}"):
        SaveStore(folder).save("autosave", Engine(STORY).new_game(), STORY)
    assert not (tmp_path / ("d" * 200)).exists()
