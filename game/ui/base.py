"""What every Jangal app shares: text from files shown, never obeyed, and a clean exit when the terminal goes."""

from __future__ import annotations

import asyncio
import signal

from textual.app import App
from textual.binding import Binding
from textual.filter import LineFilter

from game.play.language import mirrored
from game.story.printable import printable
from game.ui.text import HideControlCharacters

CLOSING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
"""Sent when the terminal window is closed (SIGHUP) or the game is asked to stop (SIGTERM)."""


class JangalBaseApp(App):
    """An ``App`` that exits like a quit on SIGTERM and SIGHUP, makes notifications printable, and writes no
    control character from a file to the terminal (its last line filter, ``HideControlCharacters``).

    Without the handlers Python would end at once on those signals, leaving the terminal in the
    alternate screen with mouse reporting on; ``exit`` gives Textual the chance to restore it,
    and every choice is already in the autosave.
    """

    def __init__(self, *args, **options) -> None:
        super().__init__(*args, **options)
        self._hide_control_characters = HideControlCharacters()
        if mirrored():
            from game.ui import rtl

            rtl.install()

    def get_key_display(self, binding: Binding) -> str:
        """Textual's name for a key; right to left, a control key reads "Ctrl+P": a leading "^" would be
        ordered after its letter ("p^"), since a neutral sign takes the direction of the line around it."""
        shown = super().get_key_display(binding)
        if mirrored() and shown.startswith("^") and len(shown) > 1:
            return "Ctrl+" + shown[1:].upper()
        return shown

    def get_line_filters(self) -> list[LineFilter]:
        """Textual's filters, then the one that removes any control character left in a rendered line."""
        return [*super().get_line_filters(), self._hide_control_characters]

    def on_mount(self) -> None:
        try:
            loop = asyncio.get_running_loop()
            for number in CLOSING_SIGNALS:
                loop.add_signal_handler(number, self.exit)
        except (NotImplementedError, RuntimeError, ValueError):  # Windows, or not the main thread (a test)
            pass

    def notify(self, message: str, *, title: str = "", **options) -> None:
        """Show a notification; its text may name a file or quote a save, so its control characters are made visible."""
        super().notify(printable(message), title=printable(title), **options)
