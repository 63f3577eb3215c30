"""Loading: no surprise typing, one-line texts, dates checked against the calendar, reserved names."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.story.loader import load_story
from tests.conftest import MINI


def story_with(tmp_path: Path, old: str, new: str, file: str = "scenes.yaml") -> Path:
    folder = tmp_path / "story"
    folder.mkdir(parents=True)
    for source in MINI.iterdir():
        text = source.read_text(encoding="utf-8")
        (folder / source.name).write_text(text.replace(old, new) if source.name == file else text, encoding="utf-8")
    return folder


def messages(folder: Path) -> list[str]:
    return [problem.message for problem in load_story([folder]).problems]


def test_yaml_words_stay_words(tmp_path: Path) -> None:
    """`no`, `yes` and `1920-06` in a text field stay the text the author wrote."""
    folder = story_with(
        tmp_path, "title: At the dock\n    date: 1920-05-18\n    place: Anzali", "title: no\n    place: 1920-06"
    )
    story = load_story([folder]).story
    assert (story.scenes["dock"].title, story.scenes["dock"].place) == ("no", "1920-06")


@pytest.mark.parametrize(
    ("date", "ok"), [("1920-02-29", True), ("1921-02-29", False), ("1921-04-31", False), ("1921", True)]
)
def test_dates_are_checked_against_the_calendar(tmp_path: Path, date: str, ok: bool) -> None:
    """A date that does not exist in the calendar is an error; leap days are fine in leap years."""
    folder = story_with(tmp_path, "date: 1920-05-18", f"date: {date}")
    assert (f"the date `{date}` is not a date" not in messages(folder)) is ok


def test_one_line_texts_fold_line_breaks(tmp_path: Path) -> None:
    """A choice or locked reason written as a block reads as one line."""
    folder = story_with(
        tmp_path, "locked_reason: Nobody listens to you yet.", "locked_reason: |\n          Nobody\n          listens."
    )
    story = load_story([folder]).story
    assert story.scenes["dock"].choices[2].locked_reason == "Nobody listens."


@pytest.mark.parametrize("name", ["lambda", "None", "class", "visited", "flags", "match"])
def test_reserved_words_cannot_name_a_variable(tmp_path: Path, name: str) -> None:
    """Python keywords and the condition words cannot be variable names."""
    folder = story_with(
        tmp_path, "  variables:\n", f"  variables:\n    {name}:\n      label: X\n      start: 0\n", "story.yaml"
    )
    assert any(f"`{name}` cannot be the name of a variable" in m for m in messages(folder))


def test_fingerprint_follows_the_files(tmp_path: Path) -> None:
    """Two loads of the same files share a fingerprint; an edit changes it."""
    same = load_story([MINI]).story.fingerprint
    assert same == load_story([MINI]).story.fingerprint
    edited = load_story([story_with(tmp_path, "Ships in the harbour.", "Ships, many ships.")]).story
    assert edited.fingerprint != same
