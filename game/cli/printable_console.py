"""A Rich console that never writes a control character it was given as text."""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.text import Text

from game.story.printable import CONTROL, printable


class PrintableConsole(Console):
    """``rich.console.Console`` for text from files: control characters in any text it prints
    (strings, ``Text``, tables, Markdown) are shown as visible stand-ins.

    Strings and ``Text`` are made printable before Rich lays them out (a stand-in takes one cell,
    where Rich counts a control character as none); every segment is checked again as it is
    rendered, which covers any other renderable. Rich's own styles and control codes are added
    after that, so they still work.
    """

    def render_str(self, text: str, **options) -> Text:
        """A string as Rich reads it, once its control characters are made visible."""
        return super().render_str(printable(text), **options)

    def render(self, renderable, options=None):
        """Rich's segments, with any control character in their text made visible."""
        if isinstance(renderable, Text) and CONTROL.search(renderable.plain):
            renderable = renderable.copy()
            renderable.plain = printable(renderable.plain)  # one character for one: the styles stay in place
        for segment in super().render(renderable, options):
            if segment.control is None and CONTROL.search(segment.text):
                yield Segment(printable(segment.text), segment.style)
            else:
                yield segment
