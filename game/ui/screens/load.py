"""The load screen: every save slot, newest first, broken ones included and explained."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme
from textual.widgets import DataTable, Footer, Static

from game.play.saves import AUTOSAVE, SaveStore, SlotInfo
from game.story.model import Story
from game.story.problems import SaveError
from game.ui.screens.confirm import ConfirmDialog
from game.ui.text import cell, theme_style

EMPTY = "No saves yet. Press s during a game to save."
BROKEN = "broken"
TIME_WIDTH = 16  # "2026-11-24 15:30"
CHOICES_WIDTH = 7
# Room the table's padding (two cells a column), scrollbar and screen edges take from the width.
CHROME = 16


def local_time(moment: datetime | None) -> str:
    """A save's time in the player's own time zone, to the minute ("" when unknown)."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else ""


def delete_question(name: str) -> str:
    """The question asked before deleting a slot; the autosave is named as such."""
    if name == AUTOSAVE:
        return "Delete the autosave (your game as of the last choice)? This cannot be undone."
    return f"Delete the save “{name}”? This cannot be undone."


class LoadScreen(Screen[str | None]):
    """Lists the slots; dismisses with the chosen slot's name, or None on Escape."""

    BINDINGS = [
        # Priority, so Enter reaches this screen (and shows in the footer) rather than the table.
        Binding("enter", "load", "Load", priority=True),
        Binding("d,delete", "delete", "Delete"),
        Binding("escape", "cancel", "Back"),
    ]

    DEFAULT_CSS = """
    LoadScreen #load-empty {
        color: $text-muted;
        padding: 1 2;
    }
    LoadScreen #load-table {
        height: 1fr;
        margin: 1 1 0 1;
    }
    """

    def __init__(self, store: SaveStore, story: Story):
        super().__init__()
        self.store = store
        self.story = story
        self.infos: dict[str, SlotInfo] = {}
        self.laid_out_width = 0

    def compose(self) -> ComposeResult:
        yield Static("Load a saved game", id="load-title", classes="screen-title")
        yield Static(EMPTY, id="load-empty")
        yield DataTable(id="load-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_slots()
        self.app.theme_changed_signal.subscribe(self, self.on_theme_changed)
        self.query_one(DataTable).focus()

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self.laid_out_width:
            self.fill_table()

    def on_theme_changed(self, theme: Theme) -> None:
        """Redraw the broken marks in the new theme's colours."""
        self.fill_table()

    def refresh_slots(self) -> None:
        """Read the folder again (a slot may have been deleted or written since)."""
        self.infos = {info.name: info for info in self.store.slots(self.story)}
        self.fill_table()

    def fill_table(self) -> None:
        """Lay the slots out for the current width; reasons for broken slots wrap instead of running off."""
        width = self.app.size.width
        self.laid_out_width = width
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        room = max(width - CHROME - CHOICES_WIDTH - TIME_WIDTH, 36)
        name_width, chapter_width = room * 3 // 10, room * 3 // 10
        table.clear(columns=True)
        table.add_column("Name", width=name_width)
        table.add_column("Chapter", width=chapter_width)
        table.add_column("Scene", width=room - name_width - chapter_width)
        table.add_column("Choices", width=CHOICES_WIDTH)
        table.add_column("Saved", width=TIME_WIDTH)
        for info in self.infos.values():
            table.add_row(*self.row(info), key=info.name, height=None)
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        table.display = bool(self.infos)
        self.query_one("#load-empty").display = not self.infos
        self.refresh_bindings()

    def row(self, info: SlotInfo) -> tuple[Text, ...]:
        """One slot's cells; a broken slot says so and why, in place of chapter and scene."""
        name = cell(info.name, "italic" if info.name == AUTOSAVE else "")
        saved = cell(local_time(info.saved_at))
        if info.problem:
            return name, cell(BROKEN, theme_style(self, "error")), cell(info.problem), cell(""), saved
        return name, cell(info.chapter), cell(info.scene), cell(str(info.steps)), saved

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide Load and Delete from the footer while there is nothing to load or delete."""
        return bool(self.infos) or action not in ("load", "delete")

    def highlighted(self) -> SlotInfo | None:
        """The slot under the cursor, if there is one."""
        table = self.query_one(DataTable)
        if not self.infos or table.cursor_row < 0:
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        return self.infos.get(key or "")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """A click on the highlighted row loads it, as Enter does."""
        self.action_load()

    def action_load(self) -> None:
        """Load the highlighted slot, or say why a broken one cannot be loaded."""
        info = self.highlighted()
        if info is None:
            return
        if info.problem:
            self.notify(info.problem, title=f"Cannot load “{info.name}”", severity="error", timeout=8, markup=False)
            return
        self.dismiss(info.name)

    def action_delete(self) -> None:
        """Ask, then delete the highlighted slot."""
        info = self.highlighted()
        if info is None:
            return
        self.app.push_screen(ConfirmDialog(delete_question(info.name), "Delete", "Keep"), self.delete_answered(info))

    def delete_answered(self, info: SlotInfo) -> Callable[[bool | None], None]:
        """The callback for the delete question about one slot."""

        def answered(delete: bool | None) -> None:
            if not delete:
                return
            try:
                self.store.delete(info.name)
            except SaveError as exc:
                self.notify(str(exc), title="Not deleted", severity="error", timeout=8, markup=False)
            self.refresh_slots()

        return answered

    def action_cancel(self) -> None:
        """Back without loading."""
        self.dismiss(None)
