"""Chapter select: start any chapter with the state history had reached by then."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.play.language import N_, _, local_digits
from game.story.model import Story
from game.ui.text import plain
from game.ui.widgets.footer import Footer


class ChapterSelectScreen(Screen[str | None]):
    """Dismisses with the chosen chapter's id, or None."""

    BINDINGS = [
        Binding("escape", "cancel", N_("Back")),
        *(Binding(str(n), f"choose_number({n})", show=False) for n in range(1, 10)),
    ]

    def __init__(self, story: Story):
        super().__init__()
        self.story = story

    def compose(self) -> ComposeResult:
        with Vertical(id="chapters-box"):
            yield Static(_("Chapter select"), classes="screen-title")
            yield Static(_("Each chapter starts where history stood at that moment; it plays as a lesson on its own."))
            options = []
            for number, chapter in enumerate(self.story.chapters.values(), start=1):
                text = plain(local_digits(f"{number}. ") + chapter.title, "bold")
                if chapter.summary:
                    text = Content.assemble(text, "\n   ", plain(chapter.summary, "italic"))
                options.append(Option(text, id=chapter.id))
            yield OptionList(*options, id="chapter-list")
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_choose_number(self, number: int) -> None:
        """Start the chapter with the number shown beside it."""
        chapters = list(self.story.chapters)
        if 1 <= number <= len(chapters):
            self.dismiss(chapters[number - 1])
        else:
            self.notify(
                local_digits(_("There is no chapter {number}.").format(number=number)), severity="warning", timeout=3
            )

    def action_cancel(self) -> None:
        self.dismiss(None)
