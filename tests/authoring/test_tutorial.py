"""The tutorial in docs/authoring.md: its pack is a real file that loads, plays and returns to the campaign."""

from __future__ import annotations

import re

from game.authoring.explore import Explorer, verdicts
from game.authoring.routes import route_to
from game.authoring.scaffold import new_pack
from game.play.engine import Engine
from game.story.loader import load_story
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
    """`--scene red_rasht` (step 4) opens the committee's orders with the pack's choice last, and it returns."""
    story = load_story([ROOT / "scenes", PACK]).story
    engine = Engine(story)
    assert "--scene red_rasht --watch" in tutorial_section()
    state = route_to(engine, "red_rasht")
    assert all(step.followed_history is not False for step in state.path)
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


def test_step_six_explores_clean() -> None:
    """`jangal explore` on the campaign and the pack (step 6) finds nothing to fix, as the tutorial says."""
    story = load_story([ROOT / "scenes", PACK]).story
    explorer = Explorer(story)
    result = explorer.exhaustive(explorer.engine.new_game())
    assert "should end with `0 errors, 0 warnings`" in " ".join(tutorial_section().split())
    assert verdicts(story, result) == []
    assert {"mosque_school", "sheikh_message", "printers_shop"} <= result.scene_hits.keys()
