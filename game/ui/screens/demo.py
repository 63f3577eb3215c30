"""The projector demo: one path shown wide and slowly, stopping at each decision for the class.

At a decision the class sees every choice first and is asked what it would do; space reveals
which choice the path takes and which history took, and space again goes on. Scenes without a
decision go on by themselves at the chosen pace, unless the teacher pauses.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from game.classroom.demo import Stop
from game.play.engine import Engine
from game.story.dates import format_date
from game.ui.text import plain, quote_markdown
from game.ui.widgets.markdown_text import MarkdownText


class DemoScreen(Screen):
    """Steps through a list of stops; holds only the position, the pause and the countdown."""

    BINDINGS = [
        # Priority: the scrolling text would otherwise take the arrow keys for itself.
        Binding("space", "forward", "Go on / reveal", priority=True),
        Binding("right", "forward", show=False, priority=True),
        Binding("left", "back", "Back", priority=True),
        Binding("p", "pause", "Pause"),
        Binding("pageup", "scroll_text(-1)", show=False),
        Binding("pagedown", "scroll_text(1)", show=False),
        Binding("q,escape", "app.quit", "Quit"),
    ]

    def __init__(self, engine: Engine, stops: list[Stop], *, pace: float, chooser: str | None = None):
        """``chooser`` names whose path this is (a student's); None when the demo follows history."""
        super().__init__()
        self.engine = engine
        self.stops = stops
        self.pace = pace
        self.chooser = chooser
        self.position = 0
        self.revealed = False
        self.paused = False
        self.countdown = pace

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
            self.set_interval(1, self.tick)

    @property
    def stop(self) -> Stop:
        return self.stops[self.position]

    @property
    def waiting_for_teacher(self) -> bool:
        """At a decision or at the end, the demo never moves on by itself."""
        return self.stop.taken is None or self.stop.is_decision

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
        """Reveal the decision if it is still hidden, else go on to the next stop."""
        if self.stop.is_decision and not self.revealed:
            self.revealed = True
            self.draw_choices()
            self.draw_status()
        elif self.position + 1 < len(self.stops):
            self.move_to(self.position + 1)

    def action_back(self) -> None:
        if self.position > 0:
            self.move_to(self.position - 1)

    def action_pause(self) -> None:
        self.paused = not self.paused
        self.draw_status()

    def action_scroll_text(self, direction: int) -> None:
        scroll = self.query_one("#demo-scroll", VerticalScroll)
        scroll.scroll_page_down() if direction > 0 else scroll.scroll_page_up()

    def move_to(self, position: int) -> None:
        self.position = position
        self.revealed = False
        self.countdown = self.pace
        self.redraw()

    # Drawing

    def redraw(self) -> None:
        scene = self.engine.scene(self.stop.state)
        chapter = self.engine.story.chapters.get(scene.chapter)
        where = " · ".join(part for part in (format_date(scene.date) if scene.date else "", scene.place) if part)
        title = f"{chapter.title if chapter else scene.chapter}  ›  {scene.title}"
        self.query_one("#demo-header", Static).update(plain(title + (f"    {where}" if where else "")))
        self.query_one("#demo-text", MarkdownText).show_markdown(self.scene_markdown())
        self.draw_choices()
        self.draw_status()
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
            said = [f"*{self.chooser or 'History'} chose:* {choice.text}", choice.consequence]
            parts.append(quote_markdown("\n\n".join(part for part in said if part)))
        parts += [f"# {scene.title}", scene.text]
        if scene.ending is not None:
            parts += [f"## {scene.ending.title}", scene.ending.epilogue]
            parts += ["## What really happened", scene.ending.what_really_happened]
        return "\n\n".join(parts)

    def draw_choices(self) -> None:
        """Every choice; once revealed (or where there is no decision), the one taken and history's."""
        stop, shown = self.stop, self.query_one("#demo-choices", Static)
        shown.display = stop.taken is not None
        if stop.taken is None:
            return
        choices = self.engine.scene(stop.state).choices
        reveal = self.revealed or not stop.is_decision
        lines = [Content.styled("What would you do?" if not reveal else "The choices here", "bold $accent")]
        for number, choice in enumerate(choices, start=1):
            marks = []
            if reveal and number - 1 == stop.taken and self.chooser:  # history's own path needs no second mark
                marks.append((f"  ◀ {self.chooser}", "bold $success"))
            if reveal and stop.is_decision and number - 1 == stop.historical:
                marks.append(("  ★ what history did", "bold $warning"))
            style = "bold" if reveal and number - 1 == stop.taken else ""
            lines.append(Content.assemble((f"{number}. ", "bold"), (choice.text, style), *marks))
        shown.update(Content("\n").join(lines))

    def draw_status(self) -> None:
        stop = self.stop
        where = f"Scene {self.position + 1} of {len(self.stops)}"
        if stop.taken is None:
            hint = "the end  ·  ← back  ·  q quit"
        elif stop.is_decision and not self.revealed:
            hint = "a decision: ask the class, then space reveals what happened"
        elif stop.is_decision or self.pace <= 0:
            hint = "space: go on  ·  ← back"
        elif self.paused:
            hint = "paused  ·  p: go on by itself  ·  space: next"
        else:
            hint = f"next in {max(int(self.countdown), 0)} s  ·  p: pause  ·  space: next now"
        self.query_one("#demo-status", Static).update(plain(f"{where}  ·  {hint}"))
