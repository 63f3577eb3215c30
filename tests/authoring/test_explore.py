"""`jangal explore`: its verdicts on small stories built to have each defect, and on the campaign's shape."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from game.authoring.explore import Explorer, verdicts
from game.authoring.routes import INFINITE
from game.story.loader import load_or_raise
from tests.conftest import ROOT

HEADER = """story:
  id: probe
  title: A probe
  start: a
  variables:
    support: {label: Support, start: 1, min: 0, max: 3}
  flags:
    spare: {label: Spare}
  chapters:
    - {id: one, title: One, start: a}
"""


def explore(tmp_path: Path, scenes: str, header: str = HEADER):
    """Write a one-chapter story around the given scenes and explore it exhaustively."""
    (tmp_path / "story.yaml").write_text(header, encoding="utf-8")
    (tmp_path / "scenes.yaml").write_text("scenes:\n" + scenes, encoding="utf-8")
    story = load_or_raise([tmp_path])
    explorer = Explorer(story)
    result = explorer.exhaustive(explorer.engine.new_game())
    return story, result, [f"{v.severity}: {v.message}" for v in verdicts(story, result)]


def scene(scene_id: str, choices: str = "", ending: str = "") -> str:
    body = (
        f"  - id: {scene_id}\n    chapter: one\n    title: {scene_id}\n    date: 1920\n    place: Rasht\n    text: t\n"
    )
    if ending:
        body += f"    ending: {{kind: {ending}, title: E, epilogue: e, what_really_happened: w}}\n"
    else:
        body += "    choices:\n" + choices
    return body


def choice(goto: str, extra: str = "") -> str:
    return f"      - {{text: go {goto}, goto: {goto}{extra}}}\n"


def test_paths_are_counted_for_each_ending(tmp_path: Path) -> None:
    """A diamond of two roads to one ending counts two paths; the shortest path is recorded."""
    scenes = scene("a", choice("b") + choice("c")) + scene("b", choice("end")) + scene("c", choice("end"))
    _, result, found = explore(tmp_path, scenes + scene("end", ending="historical"))
    assert result.ending_paths == {"end": 2}
    assert result.shortest["end"] == (0, 0)
    assert found == []


def test_a_loop_makes_the_path_count_endless(tmp_path: Path) -> None:
    """A choice that goes back makes endlessly many paths, said as INFINITE."""
    scenes = scene("a", choice("b")) + scene("b", choice("a") + choice("end")) + scene("end", ending="historical")
    _, result, _ = explore(tmp_path, scenes)
    assert result.ending_paths == {"end": INFINITE}


def test_an_ending_behind_an_impossible_condition_is_an_error(tmp_path: Path) -> None:
    """A condition that can never hold closes its choice and leaves its ending unreached."""
    scenes = scene("a", choice("end") + choice("secret", ", if: support > 5")) + scene("end", ending="historical")
    _, _, found = explore(tmp_path, scenes + scene("secret", ending="divergent"))
    assert "error: ending `secret` is never reached" in found
    assert "warning: choice 2 of `a` is never open (`support > 5` is always false)" in found


def test_a_condition_always_true_in_practice_is_flagged(tmp_path: Path) -> None:
    """A condition that holds in every reachable state is worth a second look."""
    scenes = scene("a", choice("end", ", if: support >= 0")) + scene("end", ending="historical")
    _, _, found = explore(tmp_path, scenes)
    assert found == ["warning: choice 1 of `a`: `support >= 0` is always true in practice"]


def test_dead_ends_and_a_variable_pushed_past_its_range_are_errors(tmp_path: Path) -> None:
    """A state with no open choice is a dead end; an `add` past a bound is a mistake unless declared meant."""
    push = ", effects: {add: {support: 5}}"
    scenes = (
        scene("a", choice("b", push))
        + scene("b", choice("end", ", if: flags.spare"))
        + scene("end", ending="historical")
    )
    _, result, found = explore(tmp_path, scenes)
    assert "error: dead end: in scene `b` some states have no open choice" in found
    assert (
        "error: `support` would leave its range 0..3 through 1 choice(s): `a` #1 "
        "(if piling up at a bound is meant, declare `stop_at_bounds: true`)" in found
    )
    assert result.ranges["support"] == (1, 3)


def test_stop_at_bounds_says_piling_up_is_meant(tmp_path: Path) -> None:
    """With `stop_at_bounds: true` the same push is the scale working as designed: no finding."""
    header = HEADER.replace("max: 3}", "max: 3, stop_at_bounds: true}")
    scenes = scene("a", choice("end", ", effects: {add: {support: 5}}")) + scene("end", ending="historical")
    _, result, found = explore(tmp_path, scenes, header)
    assert found == []
    assert result.ranges["support"] == (1, 3)


def test_random_playthroughs_count_hits(tmp_path: Path) -> None:
    """Random mode records how often each scene and ending was met, repeatably for a seed."""
    (tmp_path / "story.yaml").write_text(HEADER, encoding="utf-8")
    scenes = scene("a", choice("b") + choice("c")) + scene("b", choice("end")) + scene("c", choice("end"))
    (tmp_path / "scenes.yaml").write_text("scenes:\n" + scenes + scene("end", ending="historical"), encoding="utf-8")
    story = load_or_raise([tmp_path])
    runs = []
    for _ in range(2):
        explorer = Explorer(story)
        runs.append(explorer.sample(explorer.engine.new_game, runs=50, seed=3))
    assert runs[0].scene_hits == runs[1].scene_hits
    assert runs[0].choice_taken == runs[1].choice_taken
    assert runs[0].ending_paths == {"end": 50}
    assert runs[0].scene_hits["b"] + runs[0].scene_hits["c"] == 50
    assert runs[0].choice_taken[("a", 0)] == runs[0].scene_hits["b"]
    assert runs[0].choice_taken[("b", 0)] == runs[0].scene_hits["b"]
    assert runs[0].runs == 50


def test_progress_is_told_explored_against_found(tmp_path: Path) -> None:
    """The progress callback never reports more states explored than found, and ends with both equal."""
    (tmp_path / "story.yaml").write_text(HEADER, encoding="utf-8")
    scenes = scene("a", choice("b") + choice("a", ", effects: {add: {support: -1}}")) + scene("b", choice("end"))
    (tmp_path / "scenes.yaml").write_text("scenes:\n" + scenes + scene("end", ending="historical"), encoding="utf-8")
    story = load_or_raise([tmp_path])
    explorer = Explorer(story)
    calls: list[tuple[int, int]] = []
    explorer.exhaustive(explorer.engine.new_game(), progress=lambda done, found: calls.append((done, found)))
    assert calls and all(done <= found for done, found in calls)
    sampled: list[tuple[int, int]] = []
    Explorer(story).sample(explorer.engine.new_game, runs=250, seed=1, progress=lambda d, t: sampled.append((d, t)))
    assert sampled == [(0, 250), (100, 250), (200, 250)]


def test_random_cli_prints_hits_per_scene_and_choice(tmp_path: Path) -> None:
    """`--random N` prints how often each scene was entered and each choice taken, and JSON carries them."""
    explore(
        tmp_path,
        scene("a", choice("b") + choice("end")) + scene("b", choice("end")) + scene("end", ending="historical"),
    )
    command = [sys.executable, "-m", "game", "explore", "--random", "40", "--seed", "5", "--scenes", str(tmp_path)]
    shown = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert "Played 40 random playthroughs" in shown.stdout
    assert "Hits in random play" in shown.stdout
    report = json.loads(subprocess.run([*command, "--json"], capture_output=True, text=True, cwd=ROOT).stdout)
    assert report["random_playthroughs"] == 40
    first, second = report["choice_hits"]["a"]
    assert first + second == 40 and report["choice_hits"]["b"] == [first]
    assert report["scene_hits"]["end"] == 40


def test_cli_json_and_exit_codes(tmp_path: Path) -> None:
    """`jangal explore --json` prints plain data; a defect makes it exit 1, a clean story 0."""
    clean = tmp_path / "clean"
    clean.mkdir()
    explore(clean, scene("a", choice("end")) + scene("end", ending="historical"))
    command = [sys.executable, "-m", "game", "explore", "--json", "--scenes"]
    ran = subprocess.run([*command, str(clean)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert ran.returncode == 0, ran.stderr
    report = json.loads(ran.stdout)
    assert report["endings"] == {"end": {"paths": 1, "shortest": [0]}} and report["verdicts"] == []
    broken = tmp_path / "broken"
    broken.mkdir()
    explore(broken, scene("a", choice("end", ", if: flags.spare")) + scene("end", ending="historical"))
    ran = subprocess.run([*command, str(broken)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert ran.returncode == 1
    assert any("dead end" in v["message"] for v in json.loads(ran.stdout)["verdicts"])


def test_the_progress_bar_draws_on_a_terminal() -> None:
    """On a terminal the bar shows explored against found states; elsewhere it stays silent."""
    import io

    from rich.console import Console

    from game.cli.authoring import exploration_progress

    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=100)
    with exploration_progress(terminal, random=False) as update:
        update(10_000, 25_000)
    assert "10,000 states explored of 25,000 found" in screen.getvalue()
    piped = io.StringIO()
    with exploration_progress(Console(file=piped, force_terminal=False), random=True) as update:
        update(100, 300)
    assert piped.getvalue() == ""


def test_route_to_a_scene_follows_history_when_it_passes_there() -> None:
    """`play --scene` reaches a scene on history's path by history's choices, so its state is the usual one."""
    from game.authoring.routes import route_to

    campaign = load_or_raise([ROOT / "scenes"])
    engine = Explorer(campaign).engine
    state = route_to(engine, "red_rasht")
    assert state.scene == "red_rasht"
    assert all(step.followed_history is not False for step in state.path)
    off_history = route_to(engine, "shared_power")
    assert off_history.scene == "shared_power"
    assert any(step.followed_history is False for step in off_history.path)


def test_route_to_an_unreachable_scene_is_none(tmp_path: Path) -> None:
    """A scene no path reaches gives None, which the command turns into a message."""
    from game.authoring.routes import route_to

    scenes = scene("a", choice("end") + choice("secret", ", if: support > 5")) + scene("end", ending="historical")
    story, _, _ = explore(tmp_path, scenes + scene("secret", ending="divergent"))
    assert route_to(Explorer(story).engine, "secret") is None


def test_play_scene_starts_there_or_says_why_not() -> None:
    """`jangal play --plain --scene ID` opens in that scene; an unknown id is refused with a reason."""
    command = [sys.executable, "-m", "game", "play", "--plain", "--saves-dir", "{}"]
    with tempfile.TemporaryDirectory() as saves:
        arguments = [part.format(saves) for part in command]
        shown = subprocess.run([*arguments, "--scene", "red_rasht"], capture_output=True, text=True, input="q\n")
        assert "The committee's orders" in shown.stdout.splitlines()[:4]
        refused = subprocess.run([*arguments, "--scene", "nowhere"], capture_output=True, text=True, input="")
        assert refused.returncode == 1
        assert "Cannot start in `nowhere`: there is no such scene." in refused.stderr


@pytest.mark.parametrize("count", ["-1", "0", "many"])
def test_random_needs_a_count_of_at_least_one(count: str) -> None:
    """`--random -1` reported findings from playthroughs never played: a count under 1 is refused, saying why."""
    command = [sys.executable, "-m", "game", "explore", "--random", count, "--scenes", "tests/stories/mini"]
    shown = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert shown.returncode == 2
    assert "argument --random:" in shown.stderr and "Traceback" not in shown.stderr
    assert "dead end" not in shown.stdout and "Played" not in shown.stdout
