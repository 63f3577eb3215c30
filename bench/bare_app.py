"""The floor for start-up and painting: a bare Textual app that shows one ``Static``.

Run as a script (``python bench/bare_app.py``) it starts like any Textual app, in the terminal;
the tmux row waits for ``BARE_TEXT`` to appear on the screen.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

BARE_TEXT = "Bare Textual app: one Static"


class BareApp(App):
    """One ``Static``, nothing else."""

    def compose(self) -> ComposeResult:
        yield Static(BARE_TEXT, id="only")


if __name__ == "__main__":
    BareApp().run()
