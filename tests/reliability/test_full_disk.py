"""A full disk: saving fails with a clear message, the old save stays whole, and the game goes on."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from game.play.folder_lock import LOCK_FILE
from game.play.saves import AUTOSAVE, SaveStore
from game.play.session import Session


class FillingFile:
    """A file that takes the first half of what is written, then fails as a full disk does (ENOSPC)."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, data: bytes) -> int:
        self.stream.write(data[: len(data) // 2])
        self.stream.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str):
        return getattr(self.stream, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.stream.close()


@pytest.fixture
def disk_full(monkeypatch):
    """Switch on a full disk: every file opened for the save fills up part-way through."""
    real_fdopen = os.fdopen

    def switch_on() -> None:
        monkeypatch.setattr(os, "fdopen", lambda *args, **kwargs: FillingFile(real_fdopen(*args, **kwargs)))

    return switch_on


def test_a_full_disk_keeps_the_old_save_and_the_game_goes_on(mini, tmp_path: Path, disk_full) -> None:
    """The autosave written before the disk filled is untouched; the player is told once; play continues."""
    store = SaveStore(tmp_path / "saves")
    session = Session(mini, store)
    session.start()
    _, first = session.choose(0)
    assert first.saved
    before = store.path(AUTOSAVE).read_bytes()
    disk_full()
    _, failed = session.choose(0)
    assert not failed.saved and "No space left on device" in failed.newly_failed
    assert session.view().ending is not None  # the choice was made all the same
    assert store.path(AUTOSAVE).read_bytes() == before
    left = sorted(path.name for path in store.folder.iterdir())
    assert left == [LOCK_FILE, f"{AUTOSAVE}.json"]  # no temporary file left behind (the lock is the game's)
    assert session.undo().newly_failed == ""  # said once, not after every step
