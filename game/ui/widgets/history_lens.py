"""The history lens: the scene's historical note, and whether the last choice followed history."""

from __future__ import annotations

from textual.widgets import Markdown

from game.engine import Engine, Turn
from game.model import Scene
from game.ui.text import RELIABILITY_LABELS


class HistoryLens(Markdown):
    """Redrawn from the scene and the last turn; toggled with `h`."""

    def show(self, engine: Engine, scene: Scene, last_turn: Turn | None) -> None:
        """Draw the verdict on the last choice, then the note with its reliability and sources."""
        self.update(lens_markdown(engine, scene, last_turn))


def lens_markdown(engine: Engine, scene: Scene, last_turn: Turn | None) -> str:
    """The lens as Markdown (author text is Markdown already; our own words are escaped by construction)."""
    parts = ["## History lens"]
    if last_turn is not None and last_turn.followed_history is True:
        parts.append("**✓ Your last choice is what really happened.**")
    elif last_turn is not None and last_turn.followed_history is False:
        parts.append(f"**✗ History went another way:** {engine.historical_text(last_turn.step)}")
    note = scene.note
    if note is None:
        parts.append("*This scene has no historical note.*")
        return "\n\n".join(parts)
    parts.append(f"*Reliability: {RELIABILITY_LABELS[note.reliability]}*")
    parts.append(note.text)
    if note.sources:
        parts.append("**Sources**\n\n" + "\n".join(f"- {source}" for source in note.sources))
    return "\n\n".join(parts)
