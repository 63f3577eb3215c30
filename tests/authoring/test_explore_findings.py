"""`jangal explore`'s findings point at the text: each names its file:line, dead ends, choices never open and
scenes never reached carry one shortest route that shows them, and a walk from a chapter judges only what follows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from game.authoring.explore import Explorer, verdicts
from game.story.loader import load_or_raise
from tests.conftest import ROOT

STORY = """story:
  id: probe
  title: A probe
  start: a
  variables:
    support: {label: Support, start: 1, min: 0, max: 3}
  chapters:
    - {id: one, title: One, start: a}
    - {id: two, title: Two, start: c}
"""

SCENES = """scenes:
  - id: a
    chapter: one
    title: A
    date: 1920
    place: Rasht
    text: t
    choices:
      - text: Stay quiet
        goto: b
      - text: Give up
        goto: lost
  - id: b
    chapter: one
    title: B
    date: 1920
    place: Rasht
    text: t
    choices:
      - text: Speak up
        goto: c
        effects: {add: {support: 1}}
      - text: Take the secret way
        goto: hidden
        if: support > 5
  - id: hidden
    chapter: one
    title: Hidden
    date: 1920
    place: Rasht
    text: t
    choices:
      - text: On to the end
        goto: won
  - id: c
    chapter: two
    title: C
    date: 1920
    place: Rasht
    text: t
    choices:
      - text: Only the strong go on
        goto: won
        if: support >= 3
  - id: lost
    chapter: one
    title: Lost
    date: 1920
    place: Rasht
    text: t
    ending: {kind: historical, title: L, epilogue: e, what_really_happened: w}
  - id: won
    chapter: two
    title: Won
    date: 1920
    place: Rasht
    text: t
    ending: {kind: divergent, title: W, epilogue: e, what_really_happened: w}
"""


def probe(tmp_path: Path, scenes: str = SCENES) -> Path:
    (tmp_path / "story.yaml").write_text(STORY, encoding="utf-8")
    (tmp_path / "scenes.yaml").write_text(scenes, encoding="utf-8")
    return tmp_path


def line_of(folder: Path, text: str) -> int:
    lines = (folder / "scenes.yaml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def findings(folder: Path, chapter: str | None = None) -> dict[str, object]:
    """Explore from the start (or a chapter) and return the findings by the start of their message."""
    story = load_or_raise([folder])
    explorer = Explorer(story)
    start = explorer.engine.new_game(chapter)
    return {v.message.split(":")[0].split(" (")[0]: v for v in verdicts(story, explorer.exhaustive(start), start)}


def test_a_dead_end_names_its_scene_and_the_shortest_route_into_it(tmp_path: Path) -> None:
    """The dead end at `c` (its one choice locked with support under 3) is at `c`'s line, with the route a → b → c."""
    folder = probe(tmp_path)
    dead_end = findings(folder)["dead end"]
    assert (dead_end.location.line, dead_end.location.column) == (line_of(folder, "- id: c"), 5)
    assert dead_end.location.path.endswith("scenes.yaml")
    assert dead_end.route == ("`a` → “Stay quiet”", "`b` → “Speak up”")
    assert dead_end.detail == "for example with support 2; flags set: none"  # the state where every choice is shut


def test_a_choice_never_open_names_its_line_and_a_route_to_its_scene(tmp_path: Path) -> None:
    """The secret way (support > 5, above the range) is found at its choice's line, reached by a → b."""
    folder = probe(tmp_path)
    never = findings(folder)["choice 2 of `b` is never open"]
    assert never.location.line == line_of(folder, "- text: Take the secret way")
    assert never.route == ("`a` → “Stay quiet”",)


def test_a_scene_never_reached_names_the_nearest_scene_reached_and_the_condition(tmp_path: Path) -> None:
    """`hidden` is never reached: the finding names `b`, its closed choice and `support > 5`, with a route to `b`."""
    folder = probe(tmp_path)
    unreached = findings(folder)["scene `hidden` is never reached"]
    assert unreached.location.line == line_of(folder, "- id: hidden")
    assert "nearest scene reached: `b`" in unreached.detail
    assert "“Take the secret way”" in unreached.detail and "`support > 5` never holds there" in unreached.detail
    assert f"scenes.yaml:{line_of(folder, '- text: Take the secret way')}:" in unreached.detail
    assert unreached.route == ("`a` → “Stay quiet”",)


def test_a_walk_from_a_chapter_does_not_judge_what_comes_before(tmp_path: Path) -> None:
    """From chapter two, chapter one's ending `lost` and scenes `a`, `b`, `hidden` are not findings."""
    found = findings(probe(tmp_path), "two")
    assert not any("`lost`" in message or "`hidden`" in message or "`b`" in message for message in found)
    assert "dead end" in found  # what follows the chapter's start is judged as ever
    assert found["dead end"].route == ("(where the walk starts)",)


def run_explore(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", "explore", *arguments],
        capture_output=True, text=True, cwd=ROOT, timeout=300, env={**os.environ, "COLUMNS": "300", "NO_COLOR": "1"},
    )  # fmt: skip


def test_the_report_and_json_show_places_and_routes(tmp_path: Path) -> None:
    """The printed finding starts with file:line:column, a route line follows, and --json holds both."""
    folder = probe(tmp_path)
    printed = run_explore("--scenes", str(folder)).stdout
    line = line_of(folder, "- id: c")
    assert f"scenes.yaml:{line}:5: error: dead end: in scene `c`" in printed
    assert "  route (2 choices): `a` → “Stay quiet” ; `b` → “Speak up”" in printed
    data = json.loads(run_explore("--scenes", str(folder), "--json").stdout)
    [dead_end] = [v for v in data["verdicts"] if v["message"].startswith("dead end")]
    assert dead_end["location"]["line"] == line and dead_end["route"] == ["`a` → “Stay quiet”", "`b` → “Speak up”"]
    assert data["start"] == {"chapter": None, "scene": "a"}


def test_the_campaign_from_qazvin_is_judged_from_there_and_passes() -> None:
    """`explore --chapter qazvin` on the shipped campaign exits 0: no earlier chapter's ending is an error."""
    ran = run_explore("--chapter", "qazvin")
    assert ran.returncode == 0, ran.stdout[-3000:]
    assert "Walked from chapter `qazvin`" in ran.stdout
    assert "0 errors" in ran.stdout
