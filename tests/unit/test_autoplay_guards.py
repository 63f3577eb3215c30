"""Autoplay never runs for ever and never crashes, and `check` warns where it would stop.

`--auto history` on a story whose history goes round a loop never stopped, and `--auto history` or
`--auto random` in a scene with every choice closed crashed with a traceback, while `check` said
nothing. Autoplay is now guarded as the demo is (game.authoring.history_walk) and stops with a
message naming the scene; `check` warns about the same places.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from game.authoring.history_walk import Autoplay
from game.cli.authoring import check
from game.cli.plain import PlainGame
from game.play.saves import SaveStore
from game.play.session import MAX_AUTOPLAY_CHOICES
from game.story.loader import load_or_raise

HEADER = """\
story:
  id: guarded
  title: Guarded
  start: a
  variables:
    money: {label: Money, start: 0}
  chapters:
    - {id: c, title: C, start: a}
scenes:
"""
END = """\
  - id: e
    chapter: c
    title: End
    date: 1920-05-18
    place: Rasht
    text: The end.
    ending: {kind: historical, title: End, epilogue: e, what_really_happened: e}
"""


def scene(scene_id: str, title: str, choices: str) -> str:
    decision = "    decision: May 1920, history walks on.\n" if "history: true" in choices else ""
    return (
        f"  - id: {scene_id}\n    chapter: c\n    title: {title}\n    date: 1920-05-18\n    place: Rasht\n"
        f"    text: Here.\n{decision}    choices:\n{choices}"
    )


DEAD_END = (
    HEADER
    + scene(
        "a",
        "The gate",
        "      - {text: Pay, goto: e, history: true, if: money >= 5}\n"
        "      - {text: Bribe, goto: e, if: money >= 10}\n",
    )
    + END
)
HISTORY_LOOPS = (
    HEADER
    + scene("a", "The square", "      - {text: Walk on, goto: b, history: true}\n      - {text: Stop, goto: e}\n")
    + scene("b", "The street", "      - {text: Walk back, goto: a, history: true}\n      - {text: Stop, goto: e}\n")
    + END
)
NEVER_ENDS = (
    HEADER
    + scene("a", "The square", "      - {text: Walk on, goto: b}\n      - {text: Stop, goto: e, if: money >= 5}\n")
    + scene(
        "b",
        "The street",
        "      - {text: Walk back, goto: a}\n      - {text: Add, goto: a, effects: {add: {money: 0}}}\n",
    )
    + END
)


def folder_with(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "story.yaml").write_text(text, encoding="utf-8")
    return folder


def autoplay(tmp_path: Path, text: str, mode: str, seed: int = 0) -> tuple[int, str, PlainGame]:
    story = load_or_raise([folder_with(tmp_path, text)])
    output = io.StringIO()
    game = PlainGame(
        story, SaveStore(tmp_path / "saves"), Console(file=output, width=300), iter(()), Autoplay(mode, seed)
    )
    code = game.run(game.engine.new_game())
    return code, output.getvalue(), game


@pytest.mark.parametrize("mode", ["history", "random"])
def test_autoplay_stops_at_a_dead_end_naming_the_scene(tmp_path, mode) -> None:
    """Every choice closed in a scene that is not an ending: a message and exit 1, not a traceback."""
    code, out, _ = autoplay(tmp_path, DEAD_END, mode)
    assert code == 1
    assert "Autoplay stopped: no choice is open in “The gate” (scene `a`), and it is not an ending." in out


def test_autoplay_history_stops_where_history_loops(tmp_path) -> None:
    """History's choices go a → b → a: autoplay stops when it is back where it was, after two choices."""
    code, out, game = autoplay(tmp_path, HISTORY_LOOPS, "history")
    assert code == 1
    assert "Autoplay stopped: history's path comes back to “The square” (scene `a`) as it was before" in out
    assert len(game.session.state.path) == 2


def test_random_autoplay_stops_after_the_guard(tmp_path) -> None:
    """A walk that never reaches an ending stops after MAX_AUTOPLAY_CHOICES choices, saying where it is."""
    code, out, game = autoplay(tmp_path, NEVER_ENDS, "random", seed=3)
    assert code == 1
    assert f"no ending was reached within {MAX_AUTOPLAY_CHOICES:,} choices" in out
    assert len(game.session.state.path) == MAX_AUTOPLAY_CHOICES


def test_check_warns_about_a_dead_end_statically_and_on_historys_path(tmp_path, capsys) -> None:
    """`check` passes the story (exit 0) but warns twice, at the scene; --strict makes the warnings fail."""
    folder = folder_with(tmp_path, DEAD_END)
    assert check([folder]) == 0
    out = capsys.readouterr().out
    assert "story.yaml:10:5: warning: every choice of scene `a` has a condition" in out
    assert "warning: following history from the start: no choice is open in “The gate” (scene `a`)" in out
    assert check([folder], strict=True) == 1


def test_check_warns_where_historys_path_loops(tmp_path, capsys) -> None:
    """The loop that made `--auto history` run for ever is a warning located at the scene it returns to."""
    assert check([folder_with(tmp_path, HISTORY_LOOPS)]) == 0
    out = capsys.readouterr().out
    assert (
        "story.yaml:10:5: warning: following history from the start: history's path comes back to “The square”" in out
    )
    assert "2 warnings" in out  # with the header's unused variable `money`


def test_the_campaign_has_no_autoplay_warning(capsys) -> None:
    """The shipped story passes the new checks: history reaches an ending from the start and every chapter."""
    assert check([]) == 0
    assert "following history" not in capsys.readouterr().out


@pytest.mark.parametrize("mode", ["history", "random"])
def test_the_command_stops_without_a_traceback(tmp_path, mode) -> None:
    """`jangal play --plain --auto MODE` on the dead end: exit 1, the message, nothing on stderr."""
    folder = folder_with(tmp_path, DEAD_END)
    command = [sys.executable, "-m", "game", "play", "--plain", "--auto", mode, "--scenes", str(folder)]
    done = subprocess.run(
        [*command, "--saves-dir", str(tmp_path / "saves")],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "Autoplay stopped: no choice is open in “The gate”" in " ".join(done.stdout.split())
