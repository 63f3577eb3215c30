"""`jangal new pack` and `jangal new scene`: valid files with every key explained, never overwriting."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.authoring.scaffold import ScaffoldError, new_pack, new_scene
from game.story.loader import load_or_raise, load_story
from tests.conftest import MINI, without_the_mini_loop


@pytest.fixture
def mini():
    return load_or_raise([MINI])


def test_a_new_pack_loads_cleanly_beside_the_story(mini, tmp_path: Path) -> None:
    """The pack's branch and scene load with no problem at all, and its comments explain the keys."""
    written = new_pack("teahouse", mini, tmp_path)
    result = load_story([MINI, written.parent])
    assert without_the_mini_loop(result.problems) == []
    assert "teahouse_start" in result.story.scenes
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "# the scene it leads to" in text and "# documented, disputed or invented" in text


def test_a_new_scene_is_added_to_the_pack(mini, tmp_path: Path) -> None:
    """The new scene loads; the only remark is that nothing leads to it yet."""
    pack = new_pack("teahouse", mini, tmp_path).parent
    new_scene("porters_song", mini, pack)
    problems = without_the_mini_loop(load_story([MINI, pack]).problems)
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


def test_a_new_scene_goes_at_the_end_of_the_scenes_list_not_into_a_timeline(mini, tmp_path: Path) -> None:
    """A pack file with a timeline after its scenes: the new scene joins the scenes, and the timeline stays whole."""
    pack = new_pack("teahouse", mini, tmp_path).parent
    target = pack / "scenes.yaml"
    target.write_text(
        target.read_text(encoding="utf-8") + "\ntimeline:\n  - date: 1920-06\n    event: The republic is proclaimed.\n"
    )
    new_scene("porters_song", mini, pack)
    result = load_story([MINI, pack])
    assert [p.message for p in without_the_mini_loop(result.problems)] == [
        "scene `porters_song` cannot be reached from the start scene `dock`"
    ]
    assert [event.event for event in result.story.timeline] == ["The republic is proclaimed."]
    text = target.read_text(encoding="utf-8")
    assert text.index("- id: porters_song") < text.index("timeline:")


def test_a_new_scene_id_the_pack_already_has_is_refused_though_the_story_did_not_load_the_pack(
    mini, tmp_path: Path
) -> None:
    pack = new_pack("teahouse", mini, tmp_path).parent
    before = (pack / "scenes.yaml").read_text(encoding="utf-8")
    with pytest.raises(ScaffoldError, match="`teahouse_start` already exists"):
        new_scene("teahouse_start", mini, pack)  # `mini` is the story without the pack
    assert (pack / "scenes.yaml").read_text(encoding="utf-8") == before


def test_a_new_scene_leads_where_the_pack_returns_to_the_story_in_the_pack_s_chapter(mini, tmp_path: Path) -> None:
    """Not to the first scene of the whole game: to the scene the pack's own scenes lead back to."""
    pack = new_pack("teahouse", mini, tmp_path).parent
    target = pack / "scenes.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("goto: dock", "goto: road"))
    new_scene("porters_song", mini, pack)
    scene = load_story([MINI, pack]).story.scenes["porters_song"]
    assert [choice.goto for choice in scene.choices] == ["road"]
    assert scene.chapter == load_story([MINI, pack]).story.scenes["teahouse_start"].chapter


def test_a_new_scene_in_an_empty_or_missing_scenes_list(mini, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    for text in ("scenes: []\n", "# only a comment\n", "scenes:\n"):
        (pack / "scenes.yaml").write_text(text)
        new_scene("porters_song", mini, pack)
        assert "porters_song" in load_story([MINI, pack]).story.scenes, text


def test_a_new_scene_is_not_added_to_a_file_that_does_not_parse(mini, tmp_path: Path) -> None:
    pack = new_pack("teahouse", mini, tmp_path).parent
    (pack / "scenes.yaml").write_text("scenes:\n  - id: a\n   title: [unclosed\n")
    with pytest.raises(ScaffoldError, match="must check before a scene is added"):
        new_scene("porters_song", mini, pack)
