"""The timeline: history's events in date order, with the scenes the player has passed through."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from game.play.language import N_, _, local_date
from game.play.state import GameState
from game.story.dates import date_key
from game.story.model import Reliability, Story, TimelineEvent
from game.story.printable import printable
from game.ui.text import cell
from game.ui.widgets.footer import Footer

# What the table's margins (2), scrollbar (2) and cell padding (2 a column) take from the screen width.
CHROME = 4 + 2 * 3
RELIABILITY_MARKS = {Reliability.DISPUTED: N_(" (disputed)"), Reliability.INVENTED: N_(" (invented)")}
LEGEND_PLAYED = N_("✓ you were there · (disputed) historians disagree · Your path: your scenes, placed by their date")
LEGEND_HISTORY = N_("(disputed) historians disagree · start a game to see your own path beside history")
LEGEND_EMPTY = N_("This story has no timeline yet.")


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """One row of the table, with the key it is sorted by."""

    sort_key: str
    """The ISO date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), which sorts as text."""
    date: str
    """The date as shown."""
    happened: Text
    """The event, or the place of a scene of the player's."""
    path: Text
    """What the player's path has to do with it."""


def event_row(story: Story, event: TimelineEvent, played: list[str]) -> TimelineRow:
    """A history row, marked when the player was in the scene that tells it."""
    happened = cell(event.event)
    if event.reliability in RELIABILITY_MARKS:
        happened.append(_(RELIABILITY_MARKS[event.reliability]), style="italic")
    if event.place:
        happened.append(printable(f" — {event.place}"), style="dim")
    path = cell("")
    if event.scene in played and event.scene in story.scenes:
        path = cell(_("✓ you were there ({scene})").format(scene=story.scenes[event.scene].title))
    return TimelineRow(event.date, local_date(event.date), happened, path)


def scene_rows(story: Story, state: GameState, skip: set[str]) -> list[TimelineRow]:
    """Rows for the player's scenes no event already marks; an undated scene sorts after the one before it."""
    rows = []
    sort_key = ""
    for scene_id in state.scenes_seen():
        scene = story.scenes.get(scene_id)
        if scene is None:
            continue
        sort_key = scene.date or sort_key
        if scene_id in skip:
            continue
        now = _(" (now)") if scene_id == state.scene else ""
        date = local_date(scene.date)
        rows.append(TimelineRow(sort_key, date, cell(scene.place, "italic dim"), cell(scene.title + now, "bold")))
    return rows


def timeline_rows(story: Story, state: GameState | None) -> list[TimelineRow]:
    """History's events and the player's scenes, merged by date (history first on the same date)."""
    played = state.scenes_seen() if state is not None else []
    rows = [event_row(story, event, played) for event in story.timeline]
    if state is not None:
        told = {event.scene for event in story.timeline if event.scene in played}
        rows += scene_rows(story, state, told)
    return sorted(rows, key=lambda row: date_key(row.sort_key))


class TimelineScreen(Screen[None]):
    """History's timeline, beside the player's own path when there is a game."""

    BINDINGS = [Binding("escape", "close", N_("Back"))]

    DEFAULT_CSS = """
    TimelineScreen #timeline-table {
        height: 1fr;
        margin: 0 1;
    }
    TimelineScreen #timeline-legend {
        color: $text-muted;
        padding: 0 1;
    }
    """

    def __init__(self, story: Story, state: GameState | None = None):
        super().__init__()
        self.story = story
        self.game_state = state
        self.rows = timeline_rows(story, state)
        self.laid_out_width = 0

    def compose(self) -> ComposeResult:
        where = _("Timeline · History only") if self.game_state is None else _("Timeline · history beside your path")
        yield Static(where, id="timeline-title", classes="screen-title")
        yield DataTable(id="timeline-table", cursor_type="row", zebra_stripes=True)
        yield Static(self.legend(), id="timeline-legend")
        yield Footer()

    def legend(self) -> str:
        """The line under the table that explains its marks."""
        if not self.rows:
            return _(LEGEND_EMPTY)
        return _(LEGEND_HISTORY) if self.game_state is None else _(LEGEND_PLAYED)

    def on_mount(self) -> None:
        self.fill_table(self.app.size.width)
        self.query_one(DataTable).focus()

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self.laid_out_width:
            self.fill_table(event.size.width)

    def fill_table(self, width: int) -> None:
        """Lay the rows out for a screen width: long events wrap instead of running off the edge."""
        self.laid_out_width = width
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        date_width = max([len(_("Date"))] + [len(row.date) for row in self.rows])
        room = max(width - CHROME - date_width, 30)
        path_width = room * 35 // 100
        table.clear(columns=True)
        table.add_column(_("Date"), width=date_width)
        table.add_column(_("What happened"), width=room - path_width)
        table.add_column(_("Your path"), width=path_width)
        for row in self.rows:
            table.add_row(cell(row.date), row.happened, row.path, height=None)
        if self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))

    def action_close(self) -> None:
        """Back to where the timeline was opened from."""
        self.app.pop_screen()
