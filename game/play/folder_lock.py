"""One game writes a save folder at a time, and what an interrupted save left behind is cleared away.

Two games sharing a folder used to overwrite each other's autosave without a word. The first game
to write a folder takes a lock on a file in it (``fcntl.flock``, released by the system when the
game ends, however it ends); a second game is refused every write with a reason it shows the player
("Autosave is off: another game is using this save folder…") and goes on without saving: it can
still load. The lock is per process, so one game's several ``SaveStore`` objects share it.

A save killed between writing its temporary file and renaming it leaves ``.NAME.json.XXXXXXXX.tmp``.
The game that takes the lock removes those files that are older than itself: no other game can be
writing them (it would hold the lock), and only names of exactly that pattern are touched.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock; saves stay atomic, the folder is simply not locked
    fcntl = None

LOCK_FILE = ".jangal.lock"
STARTED = time.time()
"""When this game started (this module is imported as it starts): temporary files older than this are stale."""
TEMPORARY = re.compile(r"\..+\.json\.[a-z0-9_]{8}\.tmp")
"""The name ``write_atomically`` gives a temporary file (``tempfile.mkstemp`` adds eight characters)."""
_HELD: dict[str, int] = {}
"""Folders this process holds the lock of (by real path), and the lock file's descriptor."""


def claim(folder: Path) -> str:
    """Take the folder's lock for this game: "" when it may write there, else the reason it may not.

    A folder that does not exist yet, or where the lock file cannot be made, is not refused: the
    save itself then makes the folder (and claims again) or fails with its own reason.
    """
    key = os.path.realpath(folder)
    if key in _HELD or fcntl is None or not os.path.isdir(key):
        return ""
    try:
        descriptor = os.open(os.path.join(key, LOCK_FILE), os.O_RDWR | os.O_CREAT | os.O_NONBLOCK, 0o644)
    except OSError:
        return ""
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(descriptor)
        return (
            f"another game is using this save folder ({folder}); this one does not save, so neither overwrites "
            "the other's autosave. Close the other game, or start this one with its own --saves-dir"
        )
    _HELD[key] = descriptor
    remove_stale_temporaries(Path(key))
    return ""


def remove_stale_temporaries(folder: Path, before: float = STARTED) -> list[str]:
    """Delete the temporary files of interrupted saves older than ``before``; the names removed."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not TEMPORARY.fullmatch(entry.name):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < before:
                os.unlink(entry.path)
                removed.append(entry.name)
        except OSError:
            continue  # gone already, or not ours to remove: the next start tries again
    return removed
