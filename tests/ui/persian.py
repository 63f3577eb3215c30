"""What the Persian tests share: the small Persian story, and the language set for one test only."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from game.play.language import use_bidi, use_language

PERSIAN = Path(__file__).parent.parent / "stories" / "persian_mixed"
"""The mini story with every text translated, its first scene in Persian with Latin words and digits
(tests/stories/persian_mixed/translations/fa.po)."""


@contextmanager
def in_persian(bidi: str = "jangal") -> Iterator[None]:
    """Jangal speaking Persian for the block, then English again (the language is one per process)."""
    use_language("fa")
    use_bidi(bidi)
    try:
        yield
    finally:
        use_language(None)
        use_bidi(None)


def persian_story():
    """The Persian story as ``jangal play --lang fa`` plays it."""
    from game.cli.play import in_language
    from game.story.loader import load_or_raise

    return in_language(load_or_raise([PERSIAN]), [PERSIAN], "fa")
