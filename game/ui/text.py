"""The one way text from a file reaches a Textual screen: shown as written, never obeyed.

Text an author, a save, the settings file or a player wrote is never parsed as Textual markup by
accident: titles, choices and names go through ``plain`` (Textual content) or ``cell`` (a table's
Rich text); scene text, notes and epilogues are Markdown on purpose and go through ``markdown``.
Each makes control characters visible (``game.story.printable``): Textual would write them to the
terminal as they are, escape sequences and all. Each also drops bidi controls (embeddings,
overrides, isolates, marks: ``game.play.bidi.strip_bidi_controls``), with which a file's text
could show, on a terminal that does bidi or once reordered, something other than it says.

``HideControlCharacters`` is the last line filter of every Jangal app (``JangalBaseApp``): a
control character that reaches a rendered line anyway, from a screen that forgot these helpers or
a widget that draws text of its own, is removed there, before the line is written to the terminal.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.color import Color, ColorParseError
from textual.content import Content
from textual.dom import DOMNode
from textual.filter import LineFilter

from game.play.bidi import strip_bidi_controls
from game.story.printable import CONTROL, printable


def plain(text: str, style: str = "") -> Content:
    """Text shown exactly as written, in a Textual style: square brackets stay square brackets, control characters
    are made visible."""
    text = strip_bidi_controls(printable(text))
    return Content.styled(text, style) if style else Content(text)


def markdown(text: str) -> str:
    """Markdown an author wrote, ready for a Markdown widget: its control characters made visible."""
    return strip_bidi_controls(printable(text))


def quote_markdown(text: str) -> str:
    """Markdown text as a block quote."""
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())


def cell(text: str, style: str | Style = "") -> Text:
    """A table cell shown as written (DataTable reads plain strings as markup, Text it does not), control characters
    made visible."""
    return Text(strip_bidi_controls(printable(text)), style=style, end="")


class HideControlCharacters(LineFilter):
    """Removes any control character left in a rendered line, so none is ever written to the terminal.

    Removing keeps the line as wide as it was laid out: Rich gives a control character no cell. The
    helpers above show such characters visibly; this only catches what slipped past them.
    """

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if all(segment.control or CONTROL.search(segment.text) is None for segment in segments):
            return segments
        kept = []
        for segment in segments:
            if segment.control:
                kept.append(segment)  # Textual's own cursor moves and the like
            elif text := CONTROL.sub("", segment.text):
                kept.append(Segment(text, segment.style))  # a segment that was all control characters goes
        return kept


def theme_style(node: DOMNode, variable: str) -> Style:
    """A Rich style in one of the theme's colours (DataTable cells are Rich text, not Textual CSS)."""
    value = node.app.get_css_variables().get(variable, "")
    try:
        return Style(color=Color.parse(value).rich_color) if value else Style()
    except ColorParseError:
        return Style()


def fit_header(width: int, title: str, chapter: str = "", date: str = "", place: str = "") -> str:
    """The play header for a width: chapter › title, then date · place, dropping parts by priority.

    The scene's title matters most, then its date, then the chapter, then the place; what does not
    fit is dropped in the reverse order, and a title too long even alone is cut with an ellipsis.
    """
    candidates = []
    for keep_chapter, keep_date, keep_place in (
        (True, True, True),
        (True, True, False),
        (False, True, True),
        (False, True, False),
        (False, False, False),
    ):
        head = f"{chapter}  ›  {title}" if keep_chapter and chapter else title
        where = " · ".join(part for part in (date if keep_date else "", place if keep_place else "") if part)
        candidates.append(head + (f"    {where}" if where else ""))
    for candidate in candidates:
        if cell_len(candidate) <= width:
            return candidate
    return shorten(title, width)


def shorten(text: str, width: int) -> str:
    """Text cut to a number of cells, with an ellipsis when anything was cut."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, max(width - 1, 0)).rstrip() + "…"
