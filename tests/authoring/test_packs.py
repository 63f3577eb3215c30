"""Packs: a teacher's own folder of scenes, loaded beside the campaign, branching from it and back."""

from __future__ import annotations

from pathlib import Path

from game.play.engine import Engine
from game.story.loader import load_story
from tests.conftest import MINI, without_the_mini_loop

PACK = """branches:
  - from: {origin}
    choice:
      text: Ask the harbour master first
      goto: harbour_master
scenes:
  - id: {scene_id}
    chapter: one
    title: The harbour master
    date: 1920-05
    place: Anzali
    text: He has seen fleets come and go.
    note: {{text: Invented for a class., reliability: invented, sources: [none]}}
    choices:
      - {{text: Back to the dock, goto: dock}}
"""


def pack(tmp_path: Path, origin: str = "dock", scene_id: str = "harbour_master") -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "pack.yaml").write_text(PACK.format(origin=origin, scene_id=scene_id), encoding="utf-8")
    return folder


def test_a_pack_branches_from_a_story_scene_and_returns(tmp_path: Path) -> None:
    """The pack's branch is a new choice of the story's scene, and the pack leads back into the story."""
    result = load_story([MINI, pack(tmp_path)])
    assert without_the_mini_loop(result.problems) == []
    engine = Engine(result.story)
    state = engine.new_game()
    texts = [option.text for option in engine.view(state).options]
    assert texts[-1] == "Ask the harbour master first"
    index = engine.view(state).options[-1].index
    state = engine.choose(state, index).state
    assert state.scene == "harbour_master"
    assert engine.choose(state, 0).state.scene == "dock"


def test_a_branch_from_a_missing_scene_is_an_error_with_a_hint(tmp_path: Path) -> None:
    """A misspelt `from` is reported at its line with a did-you-mean."""
    problems = load_story([MINI, pack(tmp_path, origin="dok")]).errors
    assert [(p.message, p.location.line, p.hint) for p in problems] == [
        ("branch starts from scene `dok`, which does not exist", 2, "did you mean `dock`?")
    ]


def test_a_branch_from_an_ending_is_an_error(tmp_path: Path) -> None:
    """Endings have no choices, so no branch can start there."""
    problems = load_story([MINI, pack(tmp_path, origin="defeat")]).errors
    assert [p.message for p in problems] == ["branch starts from `defeat`, an ending"]


def test_a_pack_scene_with_a_story_id_is_a_clash_naming_both_places(tmp_path: Path) -> None:
    """Two folders defining the same scene id are reported with both locations."""
    problems = load_story([MINI, pack(tmp_path, scene_id="road")]).errors
    clash = [p for p in problems if "used twice" in p.message]
    assert clash and "scenes.yaml" in clash[0].hint and "pack.yaml" in clash[0].location.path
