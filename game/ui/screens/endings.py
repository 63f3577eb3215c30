"""Endings found: every ending of the story, found ones by title and date, the rest hidden with a hint.

What has been found is kept across games in the settings file, so a class sees how much of the
story is still unexplored without being told what the other endings are.
"""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from game.play.language import N_, _, local_date, local_digits
from game.story.model import Scene, Story
from game.ui.text import plain
from game.ui.widgets.footer import Footer

HIDDEN = "? ? ?"


def found_on(text: str) -> str:
    """A date found as the player reads it ("2 December 2026"), or the text as kept if it is not a date."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return text
    return local_date(day.isoformat())


def endings_content(story: Story, endings: list[Scene], found: dict[str, str]) -> Content:
    """One line an ending: found ones with their title and date; the others hidden, with their chapter."""
    lines: list[Content] = []
    hidden = 0
    for number, scene in enumerate(endings, start=1):
        if scene.id in found:
            lines.append(
                Content.assemble(
                    (local_digits(f"{number}. "), "bold"),
                    plain(scene.ending.title, "bold $success"),
                    ("  " + _("found {date}").format(date=found_on(found[scene.id])), "$text-muted"),
                )
            )
            continue
        hidden += 1
        chapter = story.chapters.get(scene.chapter)
        hint = chapter.title if chapter else scene.chapter
        lines.append(
            Content.assemble(
                (local_digits(f"{number}. {HIDDEN}"), "bold $text-muted"),
                plain("  " + _("in “{chapter}”").format(chapter=hint), "italic"),
            )
        )
    if hidden:
        lines.append(Content(""))
        lines.append(
            plain(local_digits(_("{hidden} still hidden: each is reached by a different path.").format(hidden=hidden)))
        )
    return Content("\n").join(lines)


class EndingsScreen(Screen[None]):
    """The list of endings; Escape closes it."""

    BINDINGS = [Binding("escape,e", "close", N_("Back"))]

    DEFAULT_CSS = """
    EndingsScreen #endings-box { padding: 1 2; height: 1fr; }
    EndingsScreen #endings-list { margin-top: 1; }
    """

    def __init__(self, story: Story, endings: list[Scene], found: dict[str, str]):
        super().__init__()
        self.story = story
        self.endings = endings
        self.found = found

    def compose(self) -> ComposeResult:
        count = sum(scene.id in self.found for scene in self.endings)
        with VerticalScroll(id="endings-box"):
            yield Static(
                local_digits(_("Endings found · {count} of {total}").format(count=count, total=len(self.endings))),
                classes="screen-title",
            )
            yield Static(endings_content(self.story, self.endings, self.found), id="endings-list")
        yield Footer()

    def action_close(self) -> None:
        """Back to where the list was opened from."""
        self.app.pop_screen()
