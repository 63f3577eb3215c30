"""Two games, one save folder: the second is told and does not save; interrupted saves are cleared at start.

Before the folder lock (game.play.folder_lock), a second game silently overwrote the first one's
autosave, and each save killed mid-write left a temporary file for ever (104 after 200 kills).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.play.folder_lock import STARTED, remove_stale_temporaries
from game.play.saves import AUTOSAVE, SaveStore
from tests.conftest import MINI, ROOT
from tests.reliability.test_killed_mid_save import STORY, kill_after, start_saving, store_in, two_states

needs_flock = pytest.mark.skipif(sys.platform == "win32", reason="the folder lock uses flock")


def play_plain(folder: Path, commands: str) -> subprocess.CompletedProcess[str]:
    """Another game: `jangal play --plain` in its own process, on the same save folder."""
    command = [sys.executable, "-m", "game", "play", "--plain", "--scenes", str(MINI), "--saves-dir", str(folder)]
    return subprocess.run(command, input=commands, capture_output=True, text=True, cwd=ROOT, timeout=120)


@needs_flock
def test_a_second_game_is_told_and_leaves_the_first_games_autosave(tmp_path) -> None:
    """This process is the first game; a second one plays a choice: it says why it does not save, and does not."""
    folder = tmp_path / "saves"
    first = SaveStore(folder)
    start, after_one = two_states(STORY)
    first.save(AUTOSAVE, after_one, STORY)
    autosave = first.path(AUTOSAVE).read_bytes()
    second = play_plain(folder, "3\n1\nq\n")
    assert second.returncode == 0, second.stderr
    said = " ".join(second.stdout.split())
    assert "Autosave is off: another game is using this save folder" in said
    assert "Saving was off, so this game is not kept." in said
    assert first.path(AUTOSAVE).read_bytes() == autosave
    first.save("mine", start, STORY)  # the first game goes on saving


@needs_flock
def test_a_named_save_in_the_second_game_is_refused_with_the_reason(tmp_path) -> None:
    """`s NAME` in the second game: not saved, and the player is told why."""
    folder = tmp_path / "saves"
    SaveStore(folder).save("first", two_states(STORY)[0], STORY)
    second = play_plain(folder, "s mine\nq\n")
    assert "another game is using this save folder" in " ".join(second.stdout.split())
    assert not (folder / "mine.json").exists()


def test_one_game_with_several_stores_on_a_folder_is_one_game(tmp_path) -> None:
    """The lock is per game (process): a second SaveStore of this game saves as the first does."""
    folder = tmp_path / "saves"
    SaveStore(folder).save("a", two_states(STORY)[0], STORY)
    SaveStore(folder).save("b", two_states(STORY)[1], STORY)
    assert sorted(info.name for info in SaveStore(folder).slots(STORY)) == ["a", "b"]


def test_only_stale_temporary_files_of_saves_are_removed(tmp_path) -> None:
    """Older than this game and named as a save's temporary file: removed; anything else stays."""
    old = STARTED - 3600
    names = {
        ".autosave.json.ab12cd_9.tmp": True,
        ".settings.json.zz99yy88.tmp": True,
        ".autosave.json.tmp": False,
        "notes.tmp": False,
        "autosave.json": False,
        ".my save.json.12345678.tmp.keep": False,
    }
    for name in names:
        (tmp_path / name).write_text("x")
        os.utime(tmp_path / name, (old, old))
    (tmp_path / ".fresh.json.a1b2c3d4.tmp").write_text("being written by this game now")
    os.utime(tmp_path / ".fresh.json.a1b2c3d4.tmp", (time.time(), time.time()))
    removed = remove_stale_temporaries(tmp_path)
    assert sorted(removed) == sorted(name for name, stale in names.items() if stale)
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [".fresh.json.a1b2c3d4.tmp", *(name for name, stale in names.items() if not stale)]
    )


@needs_flock
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")
def test_the_next_game_clears_what_killed_saves_left(tmp_path) -> None:
    """Saves killed 40 times leave temporary files; the next game to start in the folder removes every one."""
    folder = tmp_path / "saves"
    folder.mkdir()
    states = two_states(STORY)
    for number in range(40):  # each child takes the folder and loses it when killed; this process never takes it
        kill_after(start_saving(folder, states), 0.005 + number * 0.0005)
    left = [path for path in folder.iterdir() if path.suffix == ".tmp"]
    assert left, "no kill interrupted a save: the test proves nothing"
    next_game = subprocess.run(
        [sys.executable, "-c", f"from game.play.saves import SaveStore; SaveStore({str(folder)!r}).claim()"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert next_game.returncode == 0, next_game.stderr
    assert [path.name for path in folder.iterdir() if path.suffix == ".tmp"] == []
    assert store_in(folder).load(AUTOSAVE, STORY).state in states
