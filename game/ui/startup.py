"""How the app gets its story.

Plainly started, the title is painted from the story's title card and the story loads after the
first frame; with --watch, the story folders are watched for edits.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from game.play.saves import SaveStore

if TYPE_CHECKING:
    from game.story.loader import LoadResult


class LaterStory(NamedTuple):  # not a dataclass: it is defined before the first frame, in a fifth of the time
    """A story the title screen is painted for before it is loaded: where it is, and its title card."""

    paths: tuple[Path, ...]
    store: SaveStore
    title: str
    blurb: str
    loaded: LoadResult | None = None
    """The story already loaded (a served tab's game forked from ``jangal serve``'s preloaded process)."""


def watched(paths: Sequence[Path]):
    """A watch on the story folders (--watch); imported only then, since it needs the whole loader."""
    from game.authoring.watch import StoryWatch

    return StoryWatch(paths)
