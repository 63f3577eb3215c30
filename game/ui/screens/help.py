"""The help screen: every key of the game, grouped by where it works."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable

from game.play.language import N_, _, local_digits

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        N_("Anywhere"),
        [
            (N_("? or F1"), N_("help: this list of keys")),
            (N_("ctrl+p"), N_("command palette: every command by name")),
            (N_("ctrl+q or ctrl+c"), N_("quit at once — your progress is autosaved")),
        ],
    ),
    (
        N_("Playing"),
        [
            (N_("1–9"), N_("make the choice with that number")),
            (N_("↑/↓ then Enter"), N_("make the highlighted choice")),
            (N_("PgUp/PgDn, Space"), N_("scroll the story text, whatever has focus")),
            (N_("Home/End"), N_("the top or the end of the story text")),
            (N_("h"), N_("history lens: what really happened, on or off")),
            (N_("u or ctrl+z"), N_("undo the last choice")),
            (N_("l"), N_("log: your path so far, beside history's")),
            (N_("s"), N_("save the game under a name")),
            (N_("c"), N_("codex: people, places, factions and terms")),
            (N_("t"), N_("timeline: history's dates beside your path")),
            (N_("m"), N_("map: where you are and where you have been")),
            (N_("x"), N_("hand in: your path as a transcript for your teacher")),
            (N_("escape"), N_("back to the title menu (the game is autosaved)")),
            (N_("q"), N_("quit (asks once in the middle of a game)")),
        ],
    ),
    (
        N_("Lists"),
        [
            (N_("1–9 (Chapter select)"), N_("start the chapter with that number")),
            (N_("/"), N_("search the codex")),
            (N_("d or Delete"), N_("delete a save (asks first)")),
            (N_("u (an ending)"), N_("back to your last decision, to choose again")),
            (N_("Enter/Space (Settings)"), N_("change the highlighted setting")),
        ],
    ),
]
"""Every key of the game as (group, [(key, what it does)]); the README and the app reuse it."""
KEY_WIDTH = 18
WHAT_WIDTH = 48  # the box is 76 wide: borders, padding, cell padding and a scrollbar take the rest


class HelpScreen(ModalScreen[None]):
    """A table of the keys; Escape, q, ? or F1 closes it."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "close", N_("Close"))]

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
            box.border_title = _("Keys")
            box.border_subtitle = _("Escape, q or ? closes")
            yield DataTable(id="help-table", cursor_type="none", show_cursor=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("Key"), width=KEY_WIDTH)
        table.add_column(_("What it does"), width=WHAT_WIDTH)
        for group, keys in KEYS:
            table.add_row(Text(_(group), style="bold", end=""), Text(""))
            for key, what in keys:
                # Text, not str: a str cell is read as markup, and "[" would vanish.
                table.add_row(Text(f"  {local_digits(_(key))}", end=""), Text(_(what), end=""), height=None)
        table.focus()  # so the arrow keys scroll the list on a short terminal

    def action_close(self) -> None:
        """Back to where the player was."""
        self.dismiss(None)
