"""The play screen: header, scene text, history lens, choices, and the state of things."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import OptionList, Static

from game.play.bidi import RLM, strip_bidi_controls
from game.play.language import N_, _, local_date, local_digits, mirrored
from game.play.session import Session
from game.play.settings import Settings
from game.story.printable import printable
from game.story.problems import ChoiceError
from game.ui.text import fit_header, quote_markdown
from game.ui.widgets.choice_list import END_OPTION, ChoiceList
from game.ui.widgets.footer import Footer
from game.ui.widgets.history_lens import HistoryLens, verdict_markdown
from game.ui.widgets.markdown_text import MarkdownText
from game.ui.widgets.problems_panel import ProblemsPanel
from game.ui.widgets.status_panel import StatusPanel

NARROW = 80
"""Below this width the side panel is hidden so the scene text keeps a readable width."""
WIDE = 150
"""From this width the side panel and the margins grow."""
HEADER_PADDING = 2
MORE_BELOW = N_("▼ more text below: PgDn or Space")
MORE_ABOVE = N_("▲ more text above: PgUp or Home")


class PlayScreen(Screen):
    """Drawn entirely from ``app.session``; every key acts on the session, then the screen redraws."""

    BINDINGS = [
        *(Binding(str(n), f"choose_number({n})", show=False) for n in range(1, 10)),
        Binding("h", "toggle_lens", N_("Lens")),
        Binding("u,ctrl+z", "undo", N_("Undo")),
        Binding("l", "app.log", N_("Log")),
        Binding("s", "app.save", N_("Save")),
        Binding("c", "app.codex", N_("Codex")),
        Binding("t", "app.timeline", N_("Timeline")),
        Binding("m", "app.map", N_("Map")),
        Binding("x", "app.hand_in", N_("Hand in")),
        Binding("escape", "app.to_title", N_("Menu")),
        Binding("q", "app.request_quit", N_("Quit")),
        # Priority: the story text scrolls whatever has focus; the arrows and Enter stay with the choices.
        Binding("pageup", "scroll_text('page_up')", show=False, priority=True),
        Binding("pagedown,space", "scroll_text('page_down')", show=False, priority=True),
        Binding("home", "scroll_text('home')", show=False, priority=True),
        Binding("end", "scroll_text('end')", show=False, priority=True),
    ]

    lens_on: reactive[bool] = reactive(True)

    def __init__(self, session: Session, settings: Settings | None = None):
        super().__init__()
        self.session = session
        self.settings = settings or Settings()
        self.changes: dict[str, int] = {}
        """How the last choice changed each variable, shown beside its bar until the next change."""

    def compose(self) -> ComposeResult:
        yield Static(id="scene-header")
        with Horizontal(id="play-body"):
            if mirrored():  # right to left: the state of things on the left, the story on the right
                yield from self.side()
            with Vertical(id="main"):
                with VerticalScroll(id="scene-scroll"):
                    yield MarkdownText(id="scene-text")
                    yield HistoryLens(id="lens")
                yield ChoiceList(id="choices")
            if not mirrored():
                yield from self.side()
        if getattr(self.app, "story_watch", None) is not None:  # only --watch finds problems
            yield ProblemsPanel(id="problems")
        yield Footer()

    def side(self) -> ComposeResult:
        with VerticalScroll(id="side"):
            yield StatusPanel(id="status")

    def on_mount(self) -> None:
        if getattr(self.app, "served", None):  # a class's game: hand-in is in the footer
            self._bindings.key_to_bindings["x"] = [Binding("x", "app.hand_in", N_("Hand in"))]
            self.refresh_bindings()
        self.apply_settings(self.settings)
        scroll = self.query_one("#scene-scroll", VerticalScroll)
        self.watch(scroll, "scroll_y", self.show_more_cue, init=False)
        self.watch(scroll, "virtual_size", self.show_more_cue, init=False)
        self.redraw()
        self.query_one(ChoiceList).focus()

    def on_screen_resume(self) -> None:
        self.redraw()

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "narrow")
        self.set_class(self.size.width >= WIDE, "wide")
        if self.session.state is not None:
            self.query_one("#scene-header", Static).update(self.header_text())
        self.call_after_refresh(self.show_more_cue)

    def apply_settings(self, settings: Settings) -> None:
        """Show or hide the side panel, and mark history's choice or not, as the settings say."""
        self.settings = settings
        self.set_class(not settings.status_panel, "no-status")
        if self.is_mounted and self.session.state is not None:
            self.redraw()

    def show_more_cue(self, *_unused: object) -> None:
        """Say on the choices' border when the story text goes on below what is shown, or above it."""
        if not self.is_attached:
            return  # a play screen replaced before this call came round
        scroll = self.query_one("#scene-scroll", VerticalScroll)
        text = self.query_one("#scene-text", MarkdownText)
        below = scroll.scroll_y < scroll.max_scroll_y or text.has_more
        above = scroll.scroll_y > 0
        choices = self.query_one(ChoiceList)
        if below:
            choices.border_title = _(MORE_BELOW)
        elif above:
            choices.border_title = _(MORE_ABOVE)
        else:
            choices.border_title = None

    def redraw(self) -> None:
        """Draw everything from the session's current state."""
        session = self.session
        if session.state is None:
            return
        view = session.view()
        self.query_one("#scene-header", Static).update(self.header_text())
        self.query_one("#scene-text", MarkdownText).show_markdown(self.scene_markdown())
        self.query_one(ChoiceList).show(view, self.marked_choice())
        divergence = session.engine.divergence(session.state)
        self.query_one(StatusPanel).show(session.story, session.state, divergence, self.changes)
        self.draw_lens()
        self.query_one("#scene-scroll", VerticalScroll).scroll_home(animate=False)
        self.call_after_refresh(self.show_more_cue)

    def marked_choice(self) -> int | None:
        """History's choice, to mark before the player picks: only with the setting on, the lens on, at a decision."""
        session = self.session
        if not (self.settings.history_before_choice and self.lens_on):
            return None
        if not session.engine.is_decision(session.view().scene):
            return None
        return session.engine.historical_choice(session.state)

    def draw_lens(self) -> None:
        lens = self.query_one(HistoryLens)
        lens.display = self.lens_on
        if self.lens_on:
            lens.show(self.session.view().scene)

    def header_text(self):
        """Chapter, title, date and place as plain text, fitted to the width (parts dropped by priority)."""
        scene = self.session.view().scene
        chapter = self.session.story.chapters.get(scene.chapter)
        chapter_title = chapter.title if chapter else scene.chapter
        date = local_date(scene.date)
        width = (self.size.width or self.app.size.width) - HEADER_PADDING
        parts = [strip_bidi_controls(printable(part)) for part in (scene.title, chapter_title, date, scene.place)]
        if mirrored():  # each part ends with a right-to-left mark: an English title never takes the date's number
            parts = [part + RLM if part else part for part in parts]
        return Content(fit_header(width, *parts))

    def scene_markdown(self) -> str:
        """The consequence of the last choice (as a quote), then the scene's own text."""
        scene = self.session.view().scene
        turn = self.session.last_turn
        parts = []
        state = self.session.state
        if not state.path and state.origin is None and self.session.story.viewpoint:
            parts.append(quote_markdown(self.session.story.viewpoint))  # who the player is, said once at the start
        if turn is not None:
            said = [
                _("*You chose:* {choice}").format(choice=turn.choice.text),
                self.session.engine.consequence_text(turn.step, turn.state),
            ]
            if self.lens_on:
                said.append(verdict_markdown(self.session.engine, turn))
            parts.append(quote_markdown("\n\n".join(part for part in said if part)))
        parts.append(f"# {scene.title}")
        parts.append(self.session.engine.scene_text(state))
        return "\n\n".join(parts)

    def watch_lens_on(self) -> None:
        if self.is_mounted:
            self.query_one("#scene-text", MarkdownText).show_markdown(self.scene_markdown())
            self.query_one(ChoiceList).show(self.session.view(), self.marked_choice())
            self.draw_lens()

    def action_toggle_lens(self) -> None:
        self.lens_on = not self.lens_on
        self.notify(_("History lens on.") if self.lens_on else _("History lens off."), timeout=2)

    def action_choose_number(self, number: int) -> None:
        if self.session.view().ending is not None:
            self.app.action_ending()  # the only way on from an ending
            return
        index = self.query_one(ChoiceList).index_for_number(number)
        if index is None:
            self.notify(
                local_digits(_("Choice {number} is not open here.").format(number=number)),
                severity="warning",
                timeout=3,
            )
            return
        self.choose(index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == END_OPTION:
            self.app.action_ending()
        else:
            self.choose(int(event.option.id))

    def choose(self, index: int) -> None:
        """Make a choice through the session, report saving trouble, redraw."""
        before = self.session.state.variables
        try:
            turn, autosaved = self.session.choose(index)
        except ChoiceError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        self.changes = variable_changes(before, turn.state.variables)
        self.app.report_autosave(autosaved)
        if self.session.view().ending is not None:
            record = getattr(self.app, "record_ending", None)
            if record is not None:
                record(self.session.state.scene)
        self.redraw()

    def action_undo(self) -> None:
        autosaved = self.session.undo()
        if autosaved is None:
            self.notify(_("There is nothing to undo yet."), timeout=3)
            return
        self.app.report_autosave(autosaved)
        self.changes = {}
        self.notify(_("Undone: back one choice."), timeout=2)
        self.redraw()

    def action_scroll_text(self, how: str) -> None:
        """Scroll the story text (PgUp, PgDn or Space, Home, End), wherever the focus is."""
        scroll = self.query_one("#scene-scroll", VerticalScroll)
        if how == "page_up":
            scroll.scroll_page_up(animate=False)
        elif how == "page_down":
            scroll.scroll_page_down(animate=False)
        elif how == "home":
            scroll.scroll_home(animate=False)
        else:
            self.query_one("#scene-text", MarkdownText).show_all()  # a very long scene is drawn to its end first
            scroll.call_after_refresh(scroll.scroll_end, animate=False)


def variable_changes(before: Mapping[str, int], after: Mapping[str, int]) -> dict[str, int]:
    """How much each variable moved, for the ones that moved."""
    return {name: value - before.get(name, 0) for name, value in after.items() if value != before.get(name, value)}
