"""Small helpers that turn model text into Textual content safely.

Text an author or a player wrote is never parsed as Textual markup by accident: titles, choices
and names go through ``plain``; only scene text, notes and epilogues are Markdown on purpose.
Both make control characters visible (``game.story.printable``): Textual would write them to the
terminal as they are.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text
from textual.color import Color, ColorParseError
from textual.content import Content
from textual.dom import DOMNode

from game.story.printable import printable


def plain(text: str) -> Content:
    """Text shown exactly as written: square brackets stay square brackets, control characters are made visible."""
    return Content(printable(text))


def quote_markdown(text: str) -> str:
    """Markdown text as a block quote."""
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())


def cell(text: str, style: str | Style = "") -> Text:
    """A table cell shown as written: DataTable reads plain strings as markup, Text it does not."""
    return Text(printable(text), style=style, end="")


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
