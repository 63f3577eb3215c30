"""The load screen: every save slot, newest file first, broken ones included and explained."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from game.play.language import N_, _, is_right_to_left, local_date, local_digits, local_moment
from game.play.saves import AUTOPLAY_SAVE, AUTOSAVE, PLAIN_AUTOSAVE, SaveStore, SlotInfo, autosave_base
from game.story.model import Story
from game.story.problems import SaveError
from game.ui.screens.confirm import ConfirmDialog
from game.ui.text import cell, plain, theme_style
from game.ui.widgets.footer import Footer
from game.ui.widgets.virtual_table import VirtualTable

EMPTY = N_("No saves yet. Press s during a game to save.")
BROKEN = "broken"
TIME_WIDTH = 16  # "2026-11-24 15:30"
CHOICES_WIDTH = 7
HEADINGS = (N_("Name"), N_("Chapter"), N_("Scene"), N_("Choices"), N_("Saved"))


def local_time(moment: datetime | None) -> str:
    """A save's time in the player's own time zone, to the minute ("" when unknown)."""
    return local_moment(moment.astimezone()) if moment else ""


AUTOSAVE_NAMES = {AUTOSAVE: N_("autosave"), PLAIN_AUTOSAVE: N_("plain-autosave"), AUTOPLAY_SAVE: N_("autoplay")}
"""The autosaves as the player reads them; in English exactly their slot names."""


def slot_label(name: str) -> str:
    """A slot's name as shown: an autosave's in the player's language (``autosave-3``: ``ذخیرهٔ خودکار-۳``)."""
    base = autosave_base(name)
    if base is None:
        return name
    return _(AUTOSAVE_NAMES[base]) + local_digits(name[len(base) :])


def delete_question(name: str) -> str:
    """The question asked before deleting a slot; the autosave is named as such."""
    if name == AUTOSAVE:
        return _("Delete the autosave (your game as of the last choice)? This cannot be undone.")
    if autosave_base(name):
        return _("Delete the earlier autosave “{name}”? This cannot be undone.").format(name=slot_label(name))
    return _("Delete the save “{name}”? This cannot be undone.").format(name=name)


class LoadScreen(Screen[str | None]):
    """Lists the slots; dismisses with the chosen slot's name, or None on Escape.

    The folder is listed once (names and file times only); a slot's file is read when its row
    first comes on screen, so a folder of ten thousand saves opens and resizes at once.
    """

    BINDINGS = [
        # Priority, so Enter reaches this screen (and shows in the footer) rather than the table.
        Binding("enter", "load", N_("Load"), priority=True),
        Binding("d,delete", "delete", N_("Delete")),
        Binding("escape", "cancel", N_("Back")),
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
    LoadScreen #load-detail {
        height: auto;
        max-height: 4;
        padding: 0 2;
        color: $text-muted;
    }
    """

    def __init__(self, store: SaveStore, story: Story):
        super().__init__()
        self.store = store
        self.story = story
        self.names: list[str] = []
        self.infos: dict[str, SlotInfo] = {}
        """The slots read so far, by name."""

    def compose(self) -> ComposeResult:
        yield Static(_("Load a saved game"), id="load-title", classes="screen-title")
        yield Static(_(EMPTY), id="load-empty")
        yield VirtualTable(tuple(_(heading) for heading in HEADINGS), column_widths, self.row, id="load-table")
        yield Static(id="load-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_slots()
        self.query_one(VirtualTable).focus()

    def refresh_slots(self) -> None:
        """List the folder again (a slot may have been deleted or written since)."""
        self.names = self.store.names()
        self.infos = {}
        table = self.query_one(VirtualTable)
        table.set_row_count(len(self.names))
        table.display = bool(self.names)
        self.query_one("#load-empty").display = not self.names
        self.show_detail()
        self.refresh_bindings()

    def info(self, index: int) -> SlotInfo:
        """The slot in a row, read from its file the first time it is needed."""
        name = self.names[index]
        if name not in self.infos:
            self.infos[name] = self.store.info(name, self.story)
        return self.infos[name]

    def row(self, index: int) -> tuple[Text, ...]:
        """One slot's cells; a broken slot says so and why, in place of chapter and scene."""
        info = self.info(index)
        name = cell(slot_label(info.name), "italic" if autosave_base(info.name) else "")
        saved = cell(local_time(info.saved_at))
        if info.problem:
            return name, cell(BROKEN, theme_style(self, "error")), cell(info.problem), cell(""), saved
        return name, cell(info.chapter), cell(info.scene), cell(local_digits(str(info.steps))), saved

    def on_virtual_table_highlighted(self, event: VirtualTable.Highlighted) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        """The highlighted slot in full, under the table: a long name or reason is never lost to the ellipsis."""
        info = self.highlighted()
        detail = self.query_one("#load-detail", Static)
        if info is None:
            detail.update("")
        elif info.problem:
            problem = _("{name}: cannot be loaded: {problem}").format(name=slot_label(info.name), problem=info.problem)
            detail.update(plain(problem))
        else:
            where = f"{info.chapter} › {info.scene}" if info.chapter else info.scene
            when = local_time(info.saved_at)
            if info.saved_at and is_right_to_left():  # the save list's short Solar date, then both calendars in full
                when += f" ({local_date(info.saved_at.astimezone().date().isoformat())})"
            sentence = _("{name}: {where}, {steps} choices, saved {when}")
            steps = local_digits(str(info.steps))
            detail.update(plain(sentence.format(name=slot_label(info.name), where=where, steps=steps, when=when)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide Load and Delete from the footer while there is nothing to load or delete."""
        return bool(self.names) or action not in ("load", "delete")

    def highlighted(self) -> SlotInfo | None:
        """The slot under the cursor, if there is one."""
        if not self.names:
            return None
        return self.info(self.query_one(VirtualTable).cursor)

    def on_virtual_table_selected(self, event: VirtualTable.Selected) -> None:
        """A click on the highlighted row loads it, as Enter does."""
        self.action_load()

    def action_load(self) -> None:
        """Load the highlighted slot, or say why a broken one cannot be loaded."""
        info = self.highlighted()
        if info is None:
            return
        if info.problem:
            self.notify(
                info.problem,
                title=_("Cannot load “{name}”").format(name=slot_label(info.name)),
                severity="error",
                timeout=8,
                markup=False,
            )
            return
        self.dismiss(info.name)

    def action_delete(self) -> None:
        """Ask, then delete the highlighted slot."""
        info = self.highlighted()
        if info is None:
            return
        self.app.push_screen(
            ConfirmDialog(delete_question(info.name), _("Delete"), _("Keep")), self.delete_answered(info)
        )

    def delete_answered(self, info: SlotInfo) -> Callable[[bool | None], None]:
        """The callback for the delete question about one slot."""

        def answered(delete: bool | None) -> None:
            if not delete:
                return
            try:
                self.store.delete(info.name)
            except SaveError as exc:
                self.notify(str(exc), title=_("Not deleted"), severity="error", timeout=8, markup=False)
            self.refresh_slots()

        return answered

    def action_cancel(self) -> None:
        """Back without loading."""
        self.dismiss(None)


def column_widths(width: int) -> list[int]:
    """Name, chapter, scene, choices and time, for a table this wide (each cell has padding of 1 a side)."""
    room = max(width - 2 * len(HEADINGS) - CHOICES_WIDTH - TIME_WIDTH, 30)
    name_width, chapter_width = room * 3 // 10, room * 3 // 10
    return [name_width, chapter_width, room - name_width - chapter_width, CHOICES_WIDTH, TIME_WIDTH]
