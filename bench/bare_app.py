"""The floor for start-up and painting: a bare Textual app that shows one ``Static``.

Run as a script (``python bench/bare_app.py``) it starts like any Textual app, in the terminal;
the tmux row waits for ``BARE_TEXT`` to appear on the screen.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import Footer, OptionList, Static

BARE_TEXT = "Bare Textual app: one Static"


class BareApp(App):
    """One ``Static``, nothing else."""

    def compose(self) -> ComposeResult:
        yield Static(BARE_TEXT, id="only")


MENU = ("Continue", "New game", "Chapter select", "Load", "Codex", "Endings", "Settings", "Help", "Quit")


class MenuApp(App):
    """The title screen's widgets and nothing of Jangal's: a banner, a title, a line, a menu of nine and a
    footer. What Textual itself takes to show a screen like Jangal's first one."""

    BINDINGS = [Binding("q", "quit", "Quit"), Binding("f1", "help", "Help")]

    def compose(self) -> ComposeResult:
        with Vertical():
            for text in ("jangal", BARE_TEXT, "A line about it."):
                with Center():
                    yield Static(text)
            with Center():
                yield OptionList(*MENU)
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
