"""`jangal new pack` and `jangal new scene`: valid files with every key explained, never overwriting."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.authoring.scaffold import ScaffoldError, new_pack, new_scene
from game.story.loader import load_or_raise, load_story
from tests.conftest import MINI


@pytest.fixture
def mini():
    return load_or_raise([MINI])


def test_a_new_pack_loads_cleanly_beside_the_story(mini, tmp_path: Path) -> None:
    """The pack's branch and scene load with no problem at all, and its comments explain the keys."""
    written = new_pack("teahouse", mini, tmp_path)
    result = load_story([MINI, written.parent])
    assert result.problems == []
    assert "teahouse_start" in result.story.scenes
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "# the scene it leads to" in text and "# documented, disputed or invented" in text


def test_a_new_scene_is_added_to_the_pack(mini, tmp_path: Path) -> None:
    """The new scene loads; the only remark is that nothing leads to it yet."""
    pack = new_pack("teahouse", mini, tmp_path).parent
    new_scene("porters_song", mini, pack)
    problems = load_story([MINI, pack]).problems
    assert [p.message for p in problems] == ["scene `porters_song` cannot be reached from the start scene `dock`"]


@pytest.mark.parametrize("name", ["Tea House", "../escape", "9lives", ""])
def test_bad_names_are_refused(mini, tmp_path: Path, name: str) -> None:
    """Names that are not lower-case ids are refused with an example."""
    with pytest.raises(ScaffoldError, match="lower-case letters"):
        new_pack(name, mini, tmp_path)


def test_nothing_is_overwritten(mini, tmp_path: Path) -> None:
    """A second pack of the same name, or a scene id the story has, is refused."""
    pack = new_pack("teahouse", mini, tmp_path).parent
    with pytest.raises(ScaffoldError, match="already exists"):
        new_pack("teahouse", mini, tmp_path)
    with pytest.raises(ScaffoldError, match="already exists"):
        new_scene("dock", mini, pack)
