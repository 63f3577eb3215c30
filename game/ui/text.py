"""Small helpers that turn model text into Textual content safely.

Text an author or a player wrote is never parsed as Textual markup by accident: titles, choices
and names go through ``plain``; only scene text, notes and epilogues are Markdown on purpose.
Both make control characters visible (``game.story.printable``): Textual would write them to the
terminal as they are.
"""

from __future__ import annotations

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
