"""The log: the player's path so far, scene by scene, with what history did at each choice."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from game.play.engine import Engine
from game.play.language import N_, _, local_date
from game.play.state import GameState, Step
from game.ui.text import cell, plain, theme_style
from game.ui.widgets.footer import Footer
from game.ui.widgets.virtual_table import VirtualTable


def scene_title_and_date(engine: Engine, scene_id: str) -> tuple[str, str]:
    """A scene's title and shown date (its id and no date when the story no longer has it)."""
    scene = engine.story.scenes.get(scene_id)
    return engine.scene_title(scene_id), local_date(scene.date) if scene else ""


def history_marker(engine: Engine, step: Step) -> str:
    """✓ when the player did what history did, ✗ and history's choice when not, · when unknown."""
    if step.followed_history is None:
        return "·"
    if step.followed_history:
        return _("✓ as history")
    historical = engine.historical_text(step)
    return _("✗ history: {choice}").format(choice=historical) if historical else _("✗ history went another way")


class LogScreen(Screen[None]):
    """Every choice made so far, oldest first, ending with the scene the player is in now.

    Rows are drawn as they come on screen (``VirtualTable``), so a path of any length opens at
    once; the highlighted row is shown in full under the table.
    """

    BINDINGS = [Binding("escape", "close", N_("Back"))]

    DEFAULT_CSS = """
    LogScreen #log-summary {
        padding: 0 1;
        margin-bottom: 1;
    }
    LogScreen #log-table {
        height: 1fr;
        margin: 0 1;
    }
    LogScreen #log-detail {
        height: auto;
        max-height: 5;
        padding: 0 2;
        color: $text-muted;
    }
    """

    def __init__(self, engine: Engine, state: GameState):
        super().__init__()
        self.engine = engine
        self.game_state = state
        self.dates = self.date_width()

    def compose(self) -> ComposeResult:
        yield Static(_("Log · your path so far"), id="log-title", classes="screen-title")
        yield Static(plain(self.engine.divergence_sentence(self.game_state)), id="log-summary")
        yield VirtualTable(
            (_("Scene"), _("Date"), _("Your choice"), _("History")), self.column_widths, self.row, id="log-table"
        )
        yield Static(id="log-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(VirtualTable)
        rows = len(self.game_state.path) + 1
        table.set_row_count(rows, cursor=rows - 1)  # the present, where the player left off
        table.focus()

    def marker_cell(self, step: Step) -> Text:
        """The history mark, coloured with the theme's success and warning colours."""
        variable = {True: "success", False: "warning"}.get(step.followed_history)
        return cell(history_marker(self.engine, step), theme_style(self, variable or ""))

    def date_width(self) -> int:
        """The width of the longest date on the path, so short dates leave room for the choices."""
        dates = [scene_title_and_date(self.engine, scene_id)[1] for scene_id in self.game_state.scenes_seen()]
        return max([len(_("Date"))] + [len(date) for date in dates])

    def column_widths(self, width: int) -> list[int]:
        """Scene, date, choice and history for a table this wide (each cell has padding of 1 a side)."""
        room = max(width - 2 * 4 - self.dates, 30)
        scene_width, choice_width = room * 3 // 10, room * 35 // 100
        return [scene_width, self.dates, choice_width, room - scene_width - choice_width]

    def row(self, index: int) -> tuple[Text, ...]:
        """One step's cells; the last row is the scene the player is in now."""
        path = self.game_state.path
        if index < len(path):
            step = path[index]
            title, date = scene_title_and_date(self.engine, step.scene)
            return cell(title), cell(date), cell(self.engine.choice_text(step)), self.marker_cell(step)
        title, date = scene_title_and_date(self.engine, self.game_state.scene)
        return cell(_("now: {scene}").format(scene=title), "bold"), cell(date), cell(""), cell("")

    def on_virtual_table_highlighted(self, event: VirtualTable.Highlighted) -> None:
        """The highlighted step in full: what was chosen, what history decided there, and what followed."""
        scene, date, choice, _mark = (str(part) for part in self.row(event.index))
        shown = " · ".join(part for part in (scene, date) if part)
        if choice:
            step = self.game_state.path[event.index]
            shown += "\n" + _("You chose: {choice}").format(choice=choice)
            verdict = self.engine.verdict(step)
            if verdict:
                shown += "\n" + (
                    _("✓ History: {verdict}") if step.followed_history else _("✗ History: {verdict}")
                ).format(verdict=verdict)
            consequence = self.engine.consequence_text(step, self.state_after(event.index))
            if consequence:
                shown += "\n" + " ".join(consequence.split())  # the paragraph this path was shown, on one line
        self.query_one("#log-detail", Static).update(plain(shown))

    def state_after(self, index: int) -> GameState:
        """The state the choice at ``index`` led to (what its consequence was shown with)."""
        return self.engine.entered_state(self.game_state, index + 1)

    def action_close(self) -> None:
        """Back to the game."""
        self.app.pop_screen()
