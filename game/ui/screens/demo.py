"""The projector demo: one path shown wide and slowly, stopping at each decision for the class.

At a decision the class sees every choice first and is asked what it would do; space reveals
which choice the path takes and which history took, and space again goes on. Scenes without a
decision go on by themselves at the chosen pace, unless the teacher pauses. `h` shows the scene's
historical note (its reliability and sources) in place of the scene, and `h` again the scene. At the
ending, space steps on through the historians' explanations and then the questions for discussion.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from game.classroom.demo import EndingStep, Stop, ending_steps
from game.classroom.words import words_in
from game.play.engine import Engine
from game.play.language import _, language, local_digits
from game.ui.text import plain, quote_markdown
from game.ui.widgets.history_lens import lens_markdown
from game.ui.widgets.markdown_text import MarkdownText


def next_words(kind: str) -> str:
    """What the status line says space shows next, where the ending's steps change kind."""
    return _("the historians' explanations") if kind == "explanation" else _("the questions for discussion")


class DemoScreen(Screen):
    """Steps through a list of stops; holds only the position, the step at the ending, the note, the pause
    and the countdown."""

    # The words are read when this module is imported: the demo chooses its language (``use_language``) first.
    BINDINGS = [
        # Priority: the scrolling text would otherwise take the arrow keys for itself.
        Binding("space", "forward", _("Go on / reveal"), priority=True),
        Binding("right", "forward", show=False, priority=True),
        Binding("left", "back", _("Back"), priority=True),
        Binding("h", "note", _("History lens")),
        Binding("p", "pause", _("Pause")),
        Binding("pageup", "scroll_text(-1)", show=False),
        Binding("pagedown", "scroll_text(1)", show=False),
        Binding("q,escape", "app.quit", _("Quit")),
    ]

    def __init__(self, engine: Engine, stops: list[Stop], *, pace: float, chooser: str | None = None):
        """``chooser`` names whose path this is (a student's); None when the demo follows history."""
        super().__init__()
        self.engine = engine
        self.stops = stops
        self.pace = pace
        self.chooser = chooser
        self.position = 0
        self.ending_page = 0
        """0: the ending's own text; n: the n-th of its explanations and questions."""
        self.showing_note = False
        self.revealed = False
        self.paused = False
        self.countdown = pace
        self.ticker: Timer | None = None
        """The once-a-second clock of the pace (None at pace 0)."""

    def compose(self) -> ComposeResult:
        yield Static(id="demo-header")
        with VerticalScroll(id="demo-scroll"):
            yield MarkdownText(id="demo-text")
        yield Static(id="demo-choices")
        yield Static(id="demo-status")
        yield Footer()

    def on_mount(self) -> None:
        self.redraw()
        if self.pace > 0:
            self.ticker = self.set_interval(1, self.tick)

    @property
    def stop(self) -> Stop:
        return self.stops[self.position]

    @property
    def later_steps(self) -> tuple[EndingStep, ...]:
        """The explanations and questions that follow this stop's ending (none away from an ending)."""
        ending = self.engine.scene(self.stop.state).ending
        return ending_steps(ending) if ending is not None and self.stop.taken is None else ()

    @property
    def waiting_for_teacher(self) -> bool:
        """At a decision, at the end, or while the note is read, the demo never moves on by itself."""
        return self.stop.taken is None or self.stop.is_decision or self.showing_note

    def tick(self) -> None:
        if self.paused or self.waiting_for_teacher:
            return
        self.countdown -= 1
        if self.countdown <= 0:
            self.action_forward()
        else:
            self.draw_status()

    # Keys

    def action_forward(self) -> None:
        """Reveal the decision if it is still hidden, else the ending's next step, else the next stop."""
        if self.stop.is_decision and not self.revealed:
            self.revealed = True
            self.draw_choices()
            self.draw_status()
        elif self.ending_page < len(self.later_steps):
            self.turn_ending_page(self.ending_page + 1)
        elif self.position + 1 < len(self.stops):
            self.move_to(self.position + 1)

    def action_back(self) -> None:
        """The ending's step before, else the stop before."""
        if self.ending_page > 0:
            self.turn_ending_page(self.ending_page - 1)
        elif self.position > 0:
            self.move_to(self.position - 1)

    def action_note(self) -> None:
        """Show the scene's historical note instead of its text, or the text again."""
        self.showing_note = not self.showing_note
        self.draw_text()
        self.draw_status()

    def action_pause(self) -> None:
        self.paused = not self.paused
        self.draw_status()

    def action_scroll_text(self, direction: int) -> None:
        scroll = self.query_one("#demo-scroll", VerticalScroll)
        scroll.scroll_page_down() if direction > 0 else scroll.scroll_page_up()

    def move_to(self, position: int) -> None:
        """Go to a stop: its decision hidden again, its own text shown (not the note), the countdown anew."""
        self.position = position
        self.ending_page = 0
        self.showing_note = False
        self.revealed = False
        self.countdown = self.pace
        self.redraw()

    def turn_ending_page(self, page: int) -> None:
        self.ending_page = page
        self.showing_note = False
        self.draw_text()
        self.draw_status()

    # Drawing

    def redraw(self) -> None:
        scene = self.engine.scene(self.stop.state)
        chapter = self.engine.story.chapters.get(scene.chapter)
        date = words_in(language()).date(scene.date) if scene.date else ""
        where = " · ".join(part for part in (date, scene.place) if part)
        title = f"{chapter.title if chapter else scene.chapter}  ›  {scene.title}"
        self.query_one("#demo-header", Static).update(plain(title + (f"    {where}" if where else "")))
        self.draw_text()
        self.draw_choices()
        self.draw_status()

    def draw_text(self) -> None:
        """The note, the ending's current step, or the scene, from the top."""
        if self.showing_note:
            markdown = lens_markdown(self.engine.scene(self.stop.state))
        elif self.ending_page:
            markdown = self.later_steps[self.ending_page - 1].markdown
        else:
            markdown = self.scene_markdown()
        self.query_one("#demo-text", MarkdownText).show_markdown(markdown)
        self.query_one("#demo-scroll", VerticalScroll).scroll_home(animate=False)

    def scene_markdown(self) -> str:
        """The last choice's consequence, the scene, and at the end what really happened."""
        scene = self.engine.scene(self.stop.state)
        parts = []
        state = self.stop.state
        if self.position == 0 and state.origin is None and self.engine.story.viewpoint:
            parts.append(quote_markdown(self.engine.story.viewpoint))  # who "you" are, as the game says it
        if self.position > 0:
            before = self.stops[self.position - 1]
            choice = self.engine.scene(before.state).choices[before.taken]
            consequence = self.engine.consequence_text(state.path[-1], state)
            chose = _("*{chooser} chose:* {choice}") if self.chooser else _("*History chose:* {choice}")
            said = [chose.format(chooser=self.chooser, choice=choice.text), consequence]
            parts.append(quote_markdown("\n\n".join(part for part in said if part)))
        parts += [f"# {scene.title}", self.engine.scene_text(state)]
        if scene.ending is not None:
            parts += [f"## {scene.ending.title}", self.engine.epilogue_text(state)]
            happened = _("What really happened")
            parts += [f"## {happened}", scene.ending.what_really_happened]
        return "\n\n".join(parts)

    def draw_choices(self) -> None:
        """Every choice; once revealed (or where there is no decision), the one taken and history's."""
        stop, shown = self.stop, self.query_one("#demo-choices", Static)
        shown.display = stop.taken is not None
        if stop.taken is None:
            return
        choices = self.engine.scene(stop.state).choices
        reveal = self.revealed or not stop.is_decision
        lines = [Content.styled(_("What would you do?") if not reveal else _("The choices here"), "bold $accent")]
        for number, choice in enumerate(choices, start=1):
            marks = []
            if reveal and number - 1 == stop.taken and self.chooser:  # history's own path needs no second mark
                marks.append((f"  ◀ {self.chooser}", "bold $success"))
            if reveal and stop.is_decision and number - 1 == stop.historical:
                history_did = _("what history did")
                marks.append((f"  ★ {history_did}", "bold $warning"))
            style = "bold" if reveal and number - 1 == stop.taken else ""
            lines.append(
                Content.assemble((f"{local_digits(str(number))}. ", "bold"), plain(choice.text, style), *marks)
            )
        if reveal and stop.is_decision:  # what was really decided, by whom and when
            decided = self.engine.decision_sentence(stop.state.scene)
            lines.append(plain(_("History: {decision}").format(decision=decided), "italic"))
        shown.update(Content("\n").join(lines))

    def draw_status(self) -> None:
        """Where the demo stands and what the next key does."""
        stop = self.stop
        where = _("Scene {number} of {total}").format(
            number=local_digits(str(self.position + 1)), total=local_digits(str(len(self.stops)))
        )
        if stop.taken is None:
            hint = self.ending_hint()
        elif stop.is_decision and not self.revealed:
            hint = _("a decision: ask the class, then space reveals what happened")
        elif stop.is_decision or self.pace <= 0:
            hint = _("space: go on  ·  ← back")
        elif self.showing_note:
            hint = _("space: next")  # the clock waits while the class reads the note
        elif self.paused:
            hint = _("paused  ·  p: go on by itself  ·  space: next")
        else:
            seconds = local_digits(str(max(int(self.countdown), 0)))
            hint = _("next in {seconds} s  ·  p: pause  ·  space: next now").format(seconds=seconds)
        if self.showing_note:
            hint = _("the history lens (h: back to the scene)  ·  {hint}").format(hint=hint)
        self.query_one("#demo-status", Static).update(plain(f"{where}  ·  {hint}"))

    def ending_hint(self) -> str:
        """At the end: which step this is, and what space shows next."""
        steps, page = self.later_steps, self.ending_page
        now = steps[page - 1].label if page else _("the end")
        if page == len(steps):
            return _("{now}  ·  ← back  ·  q quit").format(now=now)
        upcoming = steps[page]
        new_kind = page == 0 or steps[page - 1].kind != upcoming.kind
        shows = next_words(upcoming.kind) if new_kind else _("next")
        return _("{now}  ·  space: {next}  ·  ← back").format(now=now, next=shows)
