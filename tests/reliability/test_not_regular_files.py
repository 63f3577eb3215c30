"""Pipes, devices and folders named like Jangal's files: refused by name, at once, and nothing read from them.

A FIFO blocks whoever opens or reads it, /dev/zero never ends, a folder cannot be read: before
game.story.safe_files, each hung the game before it painted, plain mode's `l`, `check --saves`,
`verify` and `class-report`, or read until memory ran out. Each test runs under the watchdog,
which fails (rather than hangs) if the work does not return. The transcript cases are in
tests/reliability/test_hostile_transcripts.py.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from rich.console import Console

from game.cli.authoring import report_saves
from game.cli.plain import PlainGame
from game.play.saves import SaveStore
from game.play.settings import SETTINGS_FILE, Settings, load_settings
from game.story.loader import load_or_raise, load_story
from game.story.problems import SaveError
from game.story.safe_files import NotAFile, TooLarge, read_limited
from tests.conftest import MINI
from tests.reliability.watchdog import finishes

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
STORY = load_or_raise([MINI])
KINDS = {"pipe": "a named pipe (FIFO)", "zero": "a device", "folder": "a folder"}


def plant(path: Path, kind: str) -> Path:
    """A pipe, a link to /dev/zero or a folder at ``path``."""
    if kind == "pipe":
        os.mkfifo(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    return path


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_safe_reader_refuses_what_is_not_a_file(tmp_path, kind) -> None:
    """The one reader every file goes through says what the name is, without blocking or reading."""
    target = plant(tmp_path / "x.json", kind)
    with pytest.raises(NotAFile, match=re.escape(f"it is {KINDS[kind]}")):
        finishes(lambda: read_limited(target, 1024))


def test_the_safe_reader_reads_at_most_the_limit(tmp_path) -> None:
    """A file over the limit is refused by its size; one at the limit is read whole."""
    (tmp_path / "big").write_bytes(b"x" * 1025)
    (tmp_path / "fits").write_bytes(b"x" * 1024)
    with pytest.raises(TooLarge, match="1,025 bytes, over the 1 KB limit"):
        read_limited(tmp_path / "big", 1024)
    assert read_limited(tmp_path / "fits", 1024) == b"x" * 1024


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_slot_that_is_not_a_file_is_listed_broken_and_will_not_load(tmp_path, kind) -> None:
    """The slot list (Continue, the Load screen) and loading name the slot and say what it is."""
    store = SaveStore(tmp_path)
    store.save("good", _start(), STORY)
    plant(tmp_path / "x.json", kind)
    slots = {info.name: info for info in finishes(store.slots)}
    assert slots["good"].problem == ""
    assert slots["x"].problem == f"could not read “x”: it is {KINDS[kind]}, not a file"
    assert finishes(lambda: store.latest(STORY)).name == "good"
    with pytest.raises(SaveError, match=re.escape(f"it is {KINDS[kind]}")):
        finishes(lambda: store.load("x", STORY))


@pytest.mark.parametrize("kind", list(KINDS))
def test_settings_that_are_not_a_file_give_the_defaults(tmp_path, kind) -> None:
    """A .settings.json pipe, device or folder is ignored like a damaged file: the game starts."""
    plant(tmp_path / SETTINGS_FILE, kind)
    assert finishes(lambda: load_settings(tmp_path)) == Settings()


def test_check_saves_reports_each_planted_slot(tmp_path) -> None:
    """`check --saves` over a pipe, a device and a folder says, for each, why it cannot load."""
    for kind in KINDS:
        plant(tmp_path / f"{kind}.json", kind)
    output = io.StringIO()
    broken = finishes(lambda: report_saves(Console(file=output, width=200), STORY, tmp_path))
    assert broken is True
    for kind, what in KINDS.items():
        assert f"save “{kind}”: cannot load: could not read “{kind}”: it is {what}, not a file" in output.getvalue()


def test_plain_mode_load_of_a_pipe_says_why(tmp_path) -> None:
    """`l x` in plain mode, where x.json is a pipe: a message, and the game goes on."""
    plant(tmp_path / "x.json", "pipe")
    output = io.StringIO()
    game = PlainGame(STORY, SaveStore(tmp_path), Console(file=output, width=200), iter(["l x\n", "q\n"]))
    assert finishes(lambda: game.run(game.engine.new_game())) == 0
    assert "Not loaded: could not read “x”: it is a named pipe (FIFO), not a file" in output.getvalue()


@pytest.mark.parametrize("kind", ["pipe", "zero"])
def test_a_story_file_that_is_not_a_file_is_an_error_with_its_name(tmp_path, kind) -> None:
    """A pipe or device named like a scene file in a story folder: `check` names it and says what it is."""
    folder = tmp_path / "story"
    folder.mkdir()
    for path in MINI.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    plant(folder / "more.yaml", kind)
    result = finishes(lambda: load_story([folder]))
    messages = [f"{problem.location.path}: {problem.message}" for problem in result.errors]
    expected = {
        "pipe": "more.yaml: cannot read the file: it is a named pipe (FIFO), not a file",
        "zero": "more.yaml: this link leads out of the story's folder, to /dev/zero",  # refused before reading
    }[kind]
    assert any(message.endswith(expected) for message in messages), messages


def _start():
    from game.play.engine import Engine

    return Engine(STORY).new_game()


@pytest.mark.parametrize("kind", list(KINDS))
async def test_the_game_paints_with_a_planted_slot_and_settings(make_app, tmp_path, kind) -> None:
    """The title screen paints with x.json and .settings.json planted in the save folder."""
    saves = tmp_path / "saves"
    saves.mkdir()
    plant(saves / "x.json", kind)
    plant(saves / SETTINGS_FILE, kind)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.query("*")  # the first screen mounted and painted
