"""The play screen: header, scene text, history lens, choices, and the state of things."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static

from game.play.session import Session
from game.story.dates import format_date
from game.story.problems import ChoiceError
from game.ui.text import plain, quote_markdown
from game.ui.widgets.choice_list import END_OPTION, ChoiceList
from game.ui.widgets.history_lens import HistoryLens, verdict_markdown
from game.ui.widgets.markdown_text import MarkdownText
from game.ui.widgets.problems_panel import ProblemsPanel
from game.ui.widgets.status_panel import StatusPanel

NARROW = 80
"""Below this width the side panel is hidden so the scene text keeps a readable width."""
WIDE = 150
"""From this width the side panel and the margins grow."""


class PlayScreen(Screen):
    """Drawn entirely from ``app.session``; every key acts on the session, then the screen redraws."""

    BINDINGS = [
        *(Binding(str(n), f"choose_number({n})", show=False) for n in range(1, 10)),
        Binding("h", "toggle_lens", "Lens"),
        Binding("u,ctrl+z", "undo", "Undo"),
        Binding("l", "app.log", "Log"),
        Binding("s", "app.save", "Save"),
        Binding("c", "app.codex", "Codex"),
        Binding("t", "app.timeline", "Timeline"),
        Binding("m", "app.map", "Map"),
        Binding("x", "app.hand_in", "Hand in", show=False),
        Binding("escape", "app.to_title", "Menu"),
        Binding("q", "app.request_quit", "Quit"),
        # priority: the focused choice list would otherwise take PgUp/PgDn to move its highlight
        Binding("pageup", "scroll_text(-1)", show=False, priority=True),
        Binding("pagedown", "scroll_text(1)", show=False, priority=True),
    ]

    lens_on: reactive[bool] = reactive(True)

    def __init__(self, session: Session):
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Static(id="scene-header")
        with Horizontal(id="play-body"):
            with Vertical(id="main"):
                with VerticalScroll(id="scene-scroll"):
                    yield MarkdownText(id="scene-text")
                    yield HistoryLens(id="lens")
                yield ChoiceList(id="choices")
            with VerticalScroll(id="side"):
                yield StatusPanel(id="status")
        yield ProblemsPanel(id="problems")
        yield Footer()

    def on_mount(self) -> None:
        if getattr(self.app, "served", None):  # a class's game: hand-in is in the footer
            self._bindings.key_to_bindings["x"] = [Binding("x", "app.hand_in", "Hand in")]
            self.refresh_bindings()
        self.redraw()
        self.query_one(ChoiceList).focus()

    def on_screen_resume(self) -> None:
        self.redraw()

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "narrow")
        self.set_class(self.size.width >= WIDE, "wide")

    def redraw(self) -> None:
        """Draw everything from the session's current state."""
        session = self.session
        if session.state is None:
            return
        view = session.view()
        self.query_one("#scene-header", Static).update(self.header_text())
        self.query_one("#scene-text", MarkdownText).show_markdown(self.scene_markdown())
        self.query_one(ChoiceList).show(view)
        self.query_one(StatusPanel).show(session.story, session.state, session.engine.divergence(session.state))
        self.draw_lens()
        self.query_one("#scene-scroll", VerticalScroll).scroll_home(animate=False)

    def draw_lens(self) -> None:
        lens = self.query_one(HistoryLens)
        lens.display = self.lens_on
        if self.lens_on:
            lens.show(self.session.view().scene)

    def header_text(self):
        """Chapter, then title, date and place, as plain text."""
        scene = self.session.view().scene
        chapter = self.session.story.chapters.get(scene.chapter)
        where = " · ".join(part for part in (format_date(scene.date) if scene.date else "", scene.place) if part)
        chapter_title = chapter.title if chapter else scene.chapter
        return plain(f"{chapter_title}  ›  {scene.title}" + (f"    {where}" if where else ""))

    def scene_markdown(self) -> str:
        """The consequence of the last choice (as a quote), then the scene's own text."""
        scene = self.session.view().scene
        turn = self.session.last_turn
        parts = []
        state = self.session.state
        if not state.path and state.origin is None and self.session.story.viewpoint:
            parts.append(quote_markdown(self.session.story.viewpoint))  # who the player is, said once at the start
        if turn is not None:
            said = [f"*You chose:* {turn.choice.text}", turn.choice.consequence]
            if self.lens_on:
                said.append(verdict_markdown(self.session.engine, turn))
            parts.append(quote_markdown("\n\n".join(part for part in said if part)))
        parts.append(f"# {scene.title}")
        parts.append(scene.text)
        return "\n\n".join(parts)

    def watch_lens_on(self) -> None:
        if self.is_mounted:
            self.query_one("#scene-text", MarkdownText).show_markdown(self.scene_markdown())
            self.draw_lens()

    def action_toggle_lens(self) -> None:
        self.lens_on = not self.lens_on
        self.notify("History lens on." if self.lens_on else "History lens off.", timeout=2)

    def action_choose_number(self, number: int) -> None:
        if self.session.view().ending is not None:
            self.app.action_ending()  # the only way on from an ending
            return
        index = self.query_one(ChoiceList).index_for_number(number)
        if index is None:
            self.notify(f"Choice {number} is not open here.", severity="warning", timeout=3)
            return
        self.choose(index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == END_OPTION:
            self.app.action_ending()
        else:
            self.choose(int(event.option.id))

    def choose(self, index: int) -> None:
        """Make a choice through the session, report saving trouble, redraw."""
        try:
            _, autosaved = self.session.choose(index)
        except ChoiceError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        self.app.report_autosave(autosaved)
        self.redraw()

    def action_undo(self) -> None:
        autosaved = self.session.undo()
        if autosaved is None:
            self.notify("There is nothing to undo yet.", timeout=3)
            return
        self.app.report_autosave(autosaved)
        self.notify("Undone: back one choice.", timeout=2)
        self.redraw()

    def action_scroll_text(self, direction: int) -> None:
        scroll = self.query_one("#scene-scroll", VerticalScroll)
        scroll.scroll_page_down() if direction > 0 else scroll.scroll_page_up()
