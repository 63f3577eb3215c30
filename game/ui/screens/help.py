"""The help screen: every key of the game, grouped by where it works."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Anywhere",
        [
            ("? or F1", "help: this list of keys"),
            ("ctrl+p", "command palette: every command by name"),
            ("ctrl+q or ctrl+c", "quit at once — your progress is autosaved"),
        ],
    ),
    (
        "Playing",
        [
            ("1–9", "make the choice with that number"),
            ("↑/↓ then Enter", "make the highlighted choice"),
            ("PgUp/PgDn, Space", "scroll the story text, whatever has focus"),
            ("Home/End", "the top or the end of the story text"),
            ("h", "history lens: what really happened, on or off"),
            ("u or ctrl+z", "undo the last choice"),
            ("l", "log: your path so far, beside history's"),
            ("s", "save the game under a name"),
            ("c", "codex: people, places, factions and terms"),
            ("t", "timeline: history's dates beside your path"),
            ("m", "map: where you are and where you have been"),
            ("x", "hand in: your path as a transcript for your teacher"),
            ("escape", "back to the title menu (the game is autosaved)"),
            ("q", "quit (asks once in the middle of a game)"),
        ],
    ),
    (
        "Lists",
        [
            ("1–9 (Chapter select)", "start the chapter with that number"),
            ("/", "search the codex"),
            ("d or Delete", "delete a save (asks first)"),
            ("u (an ending)", "back to your last decision, to choose again"),
            ("Enter/Space (Settings)", "change the highlighted setting"),
        ],
    ),
]
"""Every key of the game as (group, [(key, what it does)]); the README and the app reuse it."""
KEY_WIDTH = 18
WHAT_WIDTH = 48  # the box is 76 wide: borders, padding, cell padding and a scrollbar take the rest


class HelpScreen(ModalScreen[None]):
    """A table of the keys; Escape, q, ? or F1 closes it."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close")]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen #help-box {
        width: 76;
        max-width: 95%;
        height: auto;
        max-height: 95%;
        border: thick $primary;
        border-title-color: $accent;
        border-title-style: bold;
        border-subtitle-color: $text-muted;
        background: $surface;
        padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box") as box:
            # Title and hint sit in the border, so a short terminal scrolls the table and never hides them.
            box.border_title = "Keys"
            box.border_subtitle = "Escape, q or ? closes"
            yield DataTable(id="help-table", cursor_type="none", show_cursor=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Key", width=KEY_WIDTH)
        table.add_column("What it does", width=WHAT_WIDTH)
        for group, keys in KEYS:
            table.add_row(Text(group, style="bold", end=""), Text(""))
            for key, what in keys:
                # Text, not str: a str cell is read as markup, and "[" would vanish.
                table.add_row(Text(f"  {key}", end=""), Text(what, end=""), height=None)
        table.focus()  # so the arrow keys scroll the list on a short terminal

    def action_close(self) -> None:
        """Back to where the player was."""
        self.dismiss(None)
