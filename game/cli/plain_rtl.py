"""Plain mode in a right-to-left language: each printed line shaped, reordered and right-aligned.

Plain mode prints with a Rich console; here every print is first rendered to lines at the
console's width (Rich wraps the text as written, between words), and each line is turned as the
full-screen game turns its lines (``game.ui.rtl.mirror_lines``), bold and colours kept. Only when
Jangal orders the text: with ``--bidi terminal``, or into a pipe or a file, the text is printed
as written, for the terminal or the reader to order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.segment import Segment, Segments
from rich.text import Text

from game.ui.rtl import mirror_lines

if TYPE_CHECKING:
    from rich.console import Console


class RightToLeftPrinter:
    """A Rich console's stand-in whose ``print`` writes right-to-left lines; everything else is the console's."""

    def __init__(self, console: Console):
        self.console = console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.console, name)

    def print(self, *objects: Any, end: str = "\n", markup: bool | None = None, style: Any = None, **options) -> None:
        """Print as the console would, but line by line from the right (a prompt, ``end=""``, stays as it is)."""
        if end != "\n" or not objects:
            self.console.print(*objects, end=end, markup=markup, style=style, **options)
            return
        shown = Group(*(self._renderable(thing, markup, style) for thing in objects))
        lines = self.console.render_lines(shown, self.console.options, pad=True)
        for line in mirror_lines(lines):
            self.console.print(Segments([*line, Segment.line()]), end="")

    def _renderable(self, thing: Any, markup: bool | None, style: Any):
        if not isinstance(thing, str):
            return thing
        text = Text.from_markup(thing) if markup is not False else Text(thing)
        if style:
            text.stylize(style)
        return text
