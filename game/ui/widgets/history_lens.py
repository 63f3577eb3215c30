"""The history lens: the scene's historical note, and whether the last choice followed history."""

from __future__ import annotations

from game.play.engine import Engine, Turn
from game.play.language import N_, _
from game.story.model import Scene
from game.ui.widgets.markdown_text import MarkdownText

RELIABILITY_WORDS = (N_("documented"), N_("disputed: historians disagree"), N_("invented for the game"))
"""``Reliability.label`` of game.story.model (which the core keeps in English), for translators: shown through ``_``."""


class HistoryLens(MarkdownText):
    """Redrawn from the scene; toggled with `h`."""

    def show(self, scene: Scene) -> None:
        """Draw the note with its reliability and sources."""
        self.show_markdown(lens_markdown(scene))


def verdict_markdown(engine: Engine, turn: Turn) -> str:
    """Whether a choice followed history and, if not, what history did ("" where history marks none)."""
    verdict = engine.verdict(turn.step)
    if not verdict:
        return ""
    mark = _("**✓ History:**") if turn.followed_history else _("**✗ History went another way:**")
    return f"{mark} {verdict}"


def lens_markdown(scene: Scene) -> str:
    """The lens as Markdown: the scene's note, how reliable it is, and its sources."""
    parts = [_("## History lens")]
    note = scene.note
    if note is None:
        parts.append(_("*This scene has no historical note.*"))
        return "\n\n".join(parts)
    parts.append(_("*Reliability: {reliability}*").format(reliability=_(note.reliability.label)))
    parts.append(note.text)
    if note.sources:
        parts.append(_("**Sources**") + "\n\n" + "\n".join(f"- {source}" for source in note.sources))
    return "\n\n".join(parts)
