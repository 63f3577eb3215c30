"""`jangal explore` proves continuity: an `assumes` one path breaks, and blocks that never or always show."""

from __future__ import annotations

import subprocess
import sys

from game.authoring.explore import Explorer
from game.story.loader import load_or_raise
from tests.conftest import ROOT, TESTS

BROKEN = TESTS / "stories" / "continuity_broken"


def test_a_broken_assumes_is_an_error_with_its_place_and_a_shortest_breaking_path() -> None:
    """The error names the scene's file and line, the condition, and the choices that break it, by scene and text."""
    result = subprocess.run(
        [sys.executable, "-m", "game", "explore", "--scenes", str(BROKEN)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"COLUMNS": "300", "PATH": ""},
    )
    assert result.returncode == 1
    said = " ".join(result.stdout.split())
    assert (
        "error: tests/stories/continuity_broken/scenes.yaml:21:14: scene `ledger` assumes `not flags.held_qazvin`, "
        "but a path enters it without: 1. Orders at Qazvin (`qazvin`): “Hold Qazvin”"
    ) in said


def test_a_block_whose_condition_never_changes_is_a_warning() -> None:
    """`visited("qazvin")` holds on every way into the ledger: the block needs no condition."""
    story = load_or_raise([BROKEN])
    explorer = Explorer(story)
    start = explorer.engine.new_game()
    explorer.exhaustive(start)
    warnings = [
        message for severity, message in explorer.continuity.findings(explorer.engine, start) if severity == "warning"
    ]
    assert warnings == [
        "tests/stories/continuity_broken/scenes.yaml:26:9: a block of the text of `ledger` needs no condition: "
        '`visited("qazvin")` is true on every path that reaches it'
    ]


def test_a_story_that_keeps_continuity_has_no_finding() -> None:
    """The rejoin story's paragraphs each show on some path and not on another."""
    story = load_or_raise([TESTS / "stories" / "rejoin"])
    explorer = Explorer(story)
    start = explorer.engine.new_game()
    explorer.exhaustive(start)
    assert explorer.continuity.findings(explorer.engine, start) == []
