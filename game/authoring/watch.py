"""Noticing that an author has edited the story, for ``jangal play --watch``.

The folders are polled, not the files: most editors save by writing a new file and
renaming it over the old one, so a watch held on the old file would go quiet after the
first save. Each poll lists the story files afresh and compares what ``stat`` says of them.
A change is reported once the files have stopped changing for one poll, so a story is not
reloaded halfway through an editor's save.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from game.story.files import find_story_files

Snapshot = dict[str, tuple[int, int, int]]
"""For each story file: modification time (ns), size and inode."""


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """What the story files in these folders (and files) look like now."""
    files, _ = find_story_files(paths)
    seen: Snapshot = {}
    for path in files:
        try:
            info = os.stat(path)
        except OSError:  # removed between listing and stat: the next poll sees it gone
            continue
        seen[str(path)] = (info.st_mtime_ns, info.st_size, info.st_ino)
    return seen


class StoryWatch:
    """Polled by a front end; says when the story files have changed and settled."""

    def __init__(self, paths: Iterable[Path]):
        self.paths = [Path(path) for path in paths]
        self.loaded = snapshot(self.paths)
        self.last_poll = self.loaded

    def poll(self) -> bool:
        """True once after an edit, when the files look the same as at the previous poll."""
        now = snapshot(self.paths)
        settled = now == self.last_poll
        self.last_poll = now
        if settled and now != self.loaded:
            self.loaded = now
            return True
        return False
