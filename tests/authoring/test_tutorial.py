"""The tutorial in docs/authoring.md: its pack is a real file that loads, plays and returns to the campaign."""

from __future__ import annotations

import re

from game.engine import Engine
from game.loader import load_story
from game.scaffold import new_pack
from tests.conftest import ROOT

PACK = ROOT / "tests" / "data" / "tutorial_pack"
GUIDE = ROOT / "docs" / "authoring.md"


def tutorial_section() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    return text.split("## Tutorial: your first pack", 1)[1].split("\n## ", 1)[0]


def test_the_guide_shows_the_pack_file_verbatim() -> None:
    """The YAML in the tutorial is exactly the tested pack file, so the docs cannot rot."""
    shown = re.search(r"```yaml\n(.+?)```", tutorial_section(), re.S).group(1)
    assert shown == (PACK / "scenes.yaml").read_text(encoding="utf-8")


def test_the_check_the_tutorial_promises() -> None:
    """The campaign and the pack load with no problem, in the files and scenes the tutorial says."""
    result = load_story([ROOT / "scenes", PACK])
    assert result.problems == []
    assert f"ok: no problems in {len(result.files)} files, {result.scene_count} scenes" in tutorial_section()


def test_the_pack_plays_from_the_campaign_and_back() -> None:
    """Following history to the committee's orders offers the pack's choice as the last one, and it returns."""
    story = load_story([ROOT / "scenes", PACK]).story
    engine = Engine(story)
    state = engine.new_game()
    while state.scene != "red_rasht":
        index = engine.historical_choice(state)
        state = engine.choose(state, index if index is not None else engine.view(state).open_options[0].index).state
    branch = engine.view(state).options[-1]
    assert branch.text == "Before you copy anything, visit the mosque school across the lane"
    for index, expected in (
        (branch.index, "mosque_school"),
        (0, "sheikh_message"),
        (0, "printers_shop"),
        (0, "red_rasht"),
    ):
        state = engine.choose(state, index).state
        assert state.scene == expected


def test_step_one_makes_a_pack_that_loads(tmp_path) -> None:
    """`jangal new pack mypack` (step 1) gives a pack that loads beside the campaign without a problem."""
    written = new_pack("mypack", load_story([ROOT / "scenes"]).story, tmp_path)
    assert load_story([ROOT / "scenes", written.parent]).problems == []
