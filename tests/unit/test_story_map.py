"""The `map:` block of a story file: read, checked against the scenes, and refused with a place and a hint."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.story.loader import load_story
from tests.conftest import MINI, ROOT

GOOD = """map:
  width: 20
  height: 3
  places:
    - {name: Dock, row: 0, column: 0, scenes: [dock]}
    - {name: Road, row: 2, column: 5, scenes: [road, defeat]}
"""


def with_map(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "story"
    shutil.copytree(MINI, folder)
    (folder / "map.yaml").write_text(text, encoding="utf-8")
    return folder


def test_a_map_is_read_with_its_places_and_scenes(tmp_path: Path) -> None:
    """Width, height and each place's position and scenes come through; a scene is found at its place."""
    story_map = load_story([with_map(tmp_path, GOOD)]).story.map
    assert (story_map.width, story_map.height, story_map.drawing) == (20, 3, ())
    assert [(place.name, place.row, place.column, place.scenes) for place in story_map.places] == [
        ("Dock", 0, 0, ("dock",)),
        ("Road", 2, 5, ("road", "defeat")),
    ]
    assert story_map.place_of_scene("defeat").name == "Road" and story_map.place_of_scene("victory") is None


def test_the_campaign_declares_its_map() -> None:
    """The campaign's map is data in scenes/: every place of the old sketch, Rasht with most of the scenes."""
    story_map = load_story([ROOT / "scenes"]).story.map
    names = [place.name for place in story_map.places]
    assert {"Anzali", "Rasht", "Qazvin", "Tehran", "Manjil", "Baku"} <= set(names)
    assert story_map.place_of_scene("manjil").name == "Manjil"


@pytest.mark.parametrize(
    ("old", "new", "message", "line"),
    [
        ("[road, defeat]", "[road, defaet]", "the map puts scene `defaet` at Road, but it does not exist", 6),
        ("row: 2, column: 5", "row: 3, column: 5", "`Road` is at row 3, column 5, off the map", 6),
        ("column: 5, scenes: [road, defeat]", "column: 5, scenes: [road, dock]", "scene `dock` is at two places", 6),
        ("name: Road", "name: Dock", "the map has two places called `Dock`", 6),
        ("width: 20", "width: 0", "the map's `width` is 0, but it must be from 1 to 120", 2),
        ("  height: 3\n", "  height: 3\n  drawing: ['~~~~~~~~~~~~~~~~~~~~~~~']\n", "wider than the map's 20", 4),
        ("  height: 3\n", '  height: 3\n  drawing: ["\\e[31m"]\n', "control character", 4),
        ("  places:", "  colour: blue\n  places:", "unknown key `colour` in `map`", 4),
    ],
)
def test_mistakes_in_a_map_are_errors_on_their_line(
    tmp_path: Path, old: str, new: str, message: str, line: int
) -> None:
    """Each mistake is one error that names the line, and the story does not load."""
    assert old in GOOD
    result = load_story([with_map(tmp_path, GOOD.replace(old, new))])
    assert result.story is None
    [problem] = [problem for problem in result.errors if message in problem.message]
    assert problem.location.path.endswith("map.yaml") and problem.location.line == line


def test_a_second_map_is_refused(tmp_path: Path) -> None:
    """Two files with a `map:` block: the second is an error that points at the first."""
    folder = with_map(tmp_path, GOOD)
    (folder / "more.yaml").write_text(GOOD, encoding="utf-8")
    [problem] = load_story([folder]).errors
    assert "a second `map:` block" in problem.message and "map.yaml:2" in problem.hint
