"""The log: the player's path so far, scene by scene, with what history did at each choice."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme
from textual.widgets import DataTable, Footer, Static

from game.play.engine import Engine
from game.play.state import GameState, Step
from game.story.dates import format_date
from game.ui.text import cell, plain, theme_style

# What the table's margins (2), scrollbar (2) and cell padding (2 a column) take from the screen width.
CHROME = 4 + 2 * 4


def scene_title_and_date(engine: Engine, scene_id: str) -> tuple[str, str]:
    """A scene's title and shown date (its id and no date when the story no longer has it)."""
    scene = engine.story.scenes.get(scene_id)
    return engine.scene_title(scene_id), format_date(scene.date) if scene else ""


def history_marker(engine: Engine, step: Step) -> str:
    """✓ when the player did what history did, ✗ and history's choice when not, · when unknown."""
    if step.followed_history is None:
        return "·"
    if step.followed_history:
        return "✓ as history"
    historical = engine.historical_text(step)
    return f"✗ history: {historical}" if historical else "✗ history went another way"


class LogScreen(Screen[None]):
    """Every choice made so far, oldest first, ending with the scene the player is in now."""

    BINDINGS = [Binding("escape", "close", "Back")]

    DEFAULT_CSS = """
    LogScreen #log-summary {
        padding: 0 1;
        margin-bottom: 1;
    }
    LogScreen #log-table {
        height: 1fr;
        margin: 0 1;
    }
    """

    def __init__(self, engine: Engine, state: GameState):
        super().__init__()
        self.engine = engine
        self.game_state = state
        self.laid_out_width = 0

    def compose(self) -> ComposeResult:
        yield Static("Log · your path so far", id="log-title", classes="screen-title")
        yield Static(plain(self.engine.divergence_sentence(self.game_state)), id="log-summary")
        yield DataTable(id="log-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.fill_table(self.app.size.width)
        self.app.theme_changed_signal.subscribe(self, self.on_theme_changed)
        table = self.query_one(DataTable)
        table.move_cursor(row=table.row_count - 1)  # the present, where the player left off
        table.focus()

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self.laid_out_width:
            self.fill_table(event.size.width)

    def on_theme_changed(self, theme: Theme) -> None:
        """Redraw the ✓ and ✗ marks in the new theme's colours."""
        self.fill_table(self.laid_out_width)

    def marker_cell(self, step: Step) -> Text:
        """The history mark, coloured with the theme's success and warning colours."""
        variable = {True: "success", False: "warning"}.get(step.followed_history)
        return cell(history_marker(self.engine, step), theme_style(self, variable or ""))

    def date_width(self) -> int:
        """The width of the longest date on the path, so short dates leave room for the choices."""
        dates = [scene_title_and_date(self.engine, scene_id)[1] for scene_id in self.game_state.scenes_seen()]
        return max([len("Date")] + [len(date) for date in dates])

    def fill_table(self, width: int) -> None:
        """Lay the path out for a screen width: long choices wrap instead of running off the edge."""
        self.laid_out_width = width
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        date_width = self.date_width()
        room = max(width - CHROME - date_width, 30)
        scene_width, choice_width = room * 3 // 10, room * 35 // 100
        table.clear(columns=True)
        table.add_column("Scene", width=scene_width)
        table.add_column("Date", width=date_width)
        table.add_column("Your choice", width=choice_width)
        table.add_column("History", width=room - scene_width - choice_width)
        for step in self.game_state.path:
            title, date = scene_title_and_date(self.engine, step.scene)
            table.add_row(
                cell(title), cell(date), cell(self.engine.choice_text(step)), self.marker_cell(step), height=None
            )
        title, date = scene_title_and_date(self.engine, self.game_state.scene)
        table.add_row(cell(f"now: {title}", "bold"), cell(date), cell(""), cell(""), height=None)
        table.move_cursor(row=min(cursor, table.row_count - 1))

    def action_close(self) -> None:
        """Back to the game."""
        self.app.pop_screen()
