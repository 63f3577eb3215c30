"""Shown instead of the game when the terminal is smaller than the layout can bear."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

from game.play.language import _, local_digits
from game.ui.screens import MIN_HEIGHT, MIN_WIDTH


class TooSmallScreen(ModalScreen[None]):
    """Covers the game until the terminal is large enough again; the game underneath is untouched."""

    def compose(self) -> ComposeResult:
        yield Static(id="too-small-message")

    def __init__(self, width: int, height: int):
        super().__init__()
        self.width, self.height = width, height

    def on_mount(self) -> None:
        self.show_size(self.width, self.height)

    def show_size(self, width: int, height: int) -> None:
        """Say how large the terminal is and how large it must be."""
        self.query_one("#too-small-message", Static).update(
            local_digits(
                _("The terminal is too small: {width}×{height}.").format(width=width, height=height)
                + "\n"
                + _("Jangal needs at least {width}×{height}.").format(width=MIN_WIDTH, height=MIN_HEIGHT)
                + "\n\n"
                + _(
                    "Enlarge the window or make the font smaller\n(a phone: turn it sideways);\n"
                    "your game is waiting, and it is saved."
                )
            )
        )
