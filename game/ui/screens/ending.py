"""The ending screen: how the story ended, what really happened, the player's path beside history's,
historians' explanations side by side, and questions for discussion."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.theme import Theme
from textual.widget import Widget
from textual.widgets import DataTable, Markdown, Static

from game.play.engine import Engine
from game.play.language import N_, _, local_digits
from game.play.state import GameState, Step
from game.story.model import Ending, EndingKind, Explanation
from game.ui.screens.log import scene_title_and_date
from game.ui.text import cell, markdown, plain, theme_style
from game.ui.widgets.footer import Footer

KIND_LABELS = {EndingKind.HISTORICAL: N_("The historical ending"), EndingKind.DIVERGENT: N_("A divergent ending")}
UNDO_HINT = N_("Press u to go back to your last decision and choose again.")
SIDE_BY_SIDE = 120
"""From this width explanations stand side by side, up to three in a row; below it they are stacked."""
MOST_COLUMNS = 3
MARK_WIDTH = 3
# Room the page's padding, the table's cell padding and the scrollbar take from the width.
CHROME = 16


def rows_of(explanations: tuple[Explanation, ...]) -> list[tuple[Explanation, ...]]:
    """Explanations split into rows of at most three, as even as can be (four make two rows of two)."""
    if not explanations:
        return []
    rows = -(-len(explanations) // MOST_COLUMNS)
    per_row = -(-len(explanations) // rows)
    return [explanations[start : start + per_row] for start in range(0, len(explanations), per_row)]


class EndingScreen(Screen[None]):
    """Shown when the story reaches an ending; everything on it is drawn from the engine and the state."""

    BINDINGS = [
        Binding("escape", "leave", N_("Title")),
        Binding("u", "back_to_decision", N_("Back to your last decision")),
        Binding("l", "log", N_("Log")),
        Binding("x", "app.hand_in", N_("Hand in")),
    ]

    DEFAULT_CSS = """
    EndingScreen #ending-page {
        height: 1fr;
        padding: 0 2;
    }
    EndingScreen #ending-title {
        text-style: bold;
        color: $accent;
        margin-top: 1;
    }
    EndingScreen #ending-kind {
        color: $text-muted;
        text-style: italic;
    }
    EndingScreen #ending-undo {
        color: $accent;
    }
    EndingScreen .ending-heading {
        text-style: bold;
        color: $primary;
        border-bottom: hkey $primary;
        margin-top: 1;
    }
    EndingScreen Markdown {
        margin: 0;
        padding: 0;
    }
    EndingScreen #epilogue {
        margin-top: 1;
    }
    /* A paragraph's bottom margin would leave a blank line before the next heading or a panel's border. */
    EndingScreen Markdown > MarkdownBlock:last-child {
        margin-bottom: 0;
    }
    EndingScreen #path-table {
        /* DataTable caps itself at the page's height and would scroll inside the page; here the page scrolls. */
        max-height: 1000;
        margin-top: 1;
    }
    EndingScreen #divergence {
        text-style: bold;
        margin-top: 1;
    }
    EndingScreen .explanation-row {
        height: auto;
    }
    EndingScreen.stacked .explanation-row {
        layout: vertical;
    }
    EndingScreen .explanation {
        width: 1fr;
        height: auto;
        border: round $panel;
        padding: 0 1;
        margin: 1 1 0 0;
    }
    EndingScreen .explanation-who {
        text-style: bold;
        color: $accent;
    }
    EndingScreen .question {
        margin-left: 2;
    }
    """

    def __init__(self, engine: Engine, state: GameState):
        ending = engine.scene(state).ending
        if ending is None:
            raise ValueError(f"the scene `{state.scene}` is not an ending")
        super().__init__()
        self.engine = engine
        self.game_state = state
        self.ending: Ending = ending
        self.laid_out_width = 0

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="ending-page"):
            yield Static(plain(self.ending.title), id="ending-title")
            yield Static(_(KIND_LABELS[self.ending.kind]), id="ending-kind")
            if self.check_action("back_to_decision", ()):
                yield Static(_(UNDO_HINT), id="ending-undo")
            yield Markdown(markdown(self.engine.epilogue_text(self.game_state)), id="epilogue")
            yield from self.compose_history()
            yield from self.compose_path()
            yield from self.compose_explanations()
            yield from self.compose_questions()
        yield Footer()

    def compose_history(self) -> ComposeResult:
        """What really happened, in the author's Markdown."""
        yield heading(_("What really happened"))
        yield Markdown(markdown(self.ending.what_really_happened), id="what-really-happened")

    def compose_path(self) -> ComposeResult:
        """The player's decisions beside history's, then how far they kept to it."""
        yield heading(_("Your path and history"))
        if self.decisions():
            table = DataTable(id="path-table", cursor_type="none", zebra_stripes=True)
            table.can_focus = False  # read-only: the keys scroll the page instead
            yield table
        yield Static(plain(self.engine.divergence_sentence(self.game_state)), id="divergence")

    def compose_explanations(self) -> ComposeResult:
        """Historians' explanations, one panel each, in rows the width decides how to lay out."""
        if not self.ending.explanations:
            return
        yield heading(_("Why did the republic fall?"))
        for row in rows_of(self.ending.explanations):
            with Horizontal(classes="explanation-row"):
                for explanation in row:
                    with Vertical(classes="explanation"):
                        yield Static(plain(explanation.who), classes="explanation-who")
                        yield Markdown(markdown(explanation.view))

    def compose_questions(self) -> ComposeResult:
        """The questions for discussion, numbered; they are shown exactly as written."""
        if not self.ending.questions:
            return
        yield heading(_("For discussion"))
        for number, question in enumerate(self.ending.questions, start=1):
            yield Static(plain(local_digits(f"{number}. ") + question), classes="question")

    def on_mount(self) -> None:
        self.lay_out(self.app.size.width)
        self.app.theme_changed_signal.subscribe(self, self.on_theme_changed)
        self.query_one("#ending-page").focus()

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self.laid_out_width:
            self.lay_out(event.size.width)

    def on_theme_changed(self, theme: Theme) -> None:
        """Redraw the ✓ and ✗ marks in the new theme's colours."""
        self.fill_table(self.laid_out_width)

    def lay_out(self, width: int) -> None:
        """Stack the explanations on narrow screens and fit the table's columns to the width."""
        self.laid_out_width = width
        self.set_class(width < SIDE_BY_SIDE, "stacked")
        self.fill_table(width)

    def decisions(self) -> list[Step]:
        """The steps where history's choice is known, the only ones that can be set side by side."""
        return [step for step in self.game_state.path if step.is_decision]

    def fill_table(self, width: int) -> None:
        """One row a decision: the scene, the player's choice, history's, and whether they match."""
        tables = self.query("#path-table").results(DataTable)
        table = next(tables, None)
        if table is None:
            return
        room = max(width - CHROME - MARK_WIDTH, 36)
        scene_width, choice_width = room * 3 // 10, room * 35 // 100
        table.clear(columns=True)
        table.add_column(_("Scene"), width=scene_width)
        table.add_column(_("Your choice"), width=choice_width)
        table.add_column(_("History's choice"), width=room - scene_width - choice_width)
        table.add_column("✓/✗", width=MARK_WIDTH)
        for step in self.decisions():
            table.add_row(*self.row(step), height=None)

    def row(self, step: Step) -> tuple[Text, ...]:
        """One decision's cells."""
        title, _date = scene_title_and_date(self.engine, step.scene)
        historical = self.engine.historical_text(step) or _("(no longer in the story)")
        if step.followed_history:
            mark = cell("✓", theme_style(self, "success"))
        else:
            mark = cell("✗", theme_style(self, "warning"))
        return cell(title), cell(self.engine.choice_text(step)), cell(historical), mark

    def action_leave(self) -> None:
        """Back to the title menu when the app has one, otherwise to the screen before."""
        to_title = getattr(self.app, "action_to_title", None)
        if to_title is not None:
            to_title()
        else:
            self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer "back to your last decision" only where the app can take the player back."""
        if action == "back_to_decision":
            return hasattr(self.app, "action_back_to_decision") and bool(self.game_state.path)
        return True

    def action_back_to_decision(self) -> None:
        """Undo back to the last decision and play on from there."""
        self.app.action_back_to_decision()

    def action_log(self) -> None:
        """Open the log, when the app offers one."""
        log = getattr(self.app, "action_log", None)
        if log is not None:
            log()


def heading(text: str) -> Widget:
    """A section heading of the ending page."""
    return Static(text, classes="ending-heading")
