"""Plain mode's Markdown: simple paragraphs printed as Rich's Markdown prints them, without importing it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.text import Text

from game.story.printable import printable

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult


def markdown(text: str):
    """How a scene's Markdown is printed: as ``rich.markdown.Markdown`` prints it.

    Scenes mostly hold paragraphs with some *emphasis* and **strong** words; those are printed
    by ``SimpleMarkdown``, the same to the byte, without importing Rich's Markdown (and
    markdown-it, pygments and Rich's tables), which took a third of plain mode's start. Control
    characters are made visible first (Rich's Markdown would drop some and pass the others on).
    """
    text = printable(text)
    paragraphs = simple_paragraphs(text)
    if paragraphs is not None:
        return SimpleMarkdown(paragraphs)
    from rich.markdown import Markdown as RichMarkdown

    return RichMarkdown(text)


class SimpleMarkdown:
    """Paragraphs of text with emphasis, rendered exactly as ``rich.markdown.Markdown`` renders them.

    Each piece is appended to the paragraph's ``Text`` as Rich appends markdown-it's tokens
    (a soft line break is a space), with the styles Rich stacks up: ``markdown.paragraph``,
    then ``markdown.em`` or ``markdown.strong``; a blank line goes between paragraphs.
    """

    def __init__(self, paragraphs: list[list[tuple[str, str | None]]]):
        self.paragraphs = paragraphs

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        options = options.update(height=None)
        paragraph = console.get_style("none", default="none") + console.get_style("markdown.paragraph", default="none")
        styles = {None: paragraph}
        for name in ("em", "strong"):
            styles[name] = paragraph + console.get_style(f"markdown.{name}", default="none")
        for number, pieces in enumerate(self.paragraphs):
            text = Text(justify="left")
            for piece, style in pieces:
                text.append(piece, styles[style])
            if number:
                yield Segment.line()
            yield from console.render(text, options)


_NOT_SIMPLE = re.compile(
    r"[\\`\[\]<>&_~|\x00-\x09\x0b-\x1f\x7f]"  # escapes, code, links, HTML, entities, other emphasis, tables
    r"|^(?:[#>+=-]|0*1[.)]|\*+(?:\s|$))"  # headings, quotes, lists, rules and underlines
    r"|(?:\A|\n\n)\n*\d{1,9}[.)]"  # a numbered list (only one from 1 can break into a paragraph)
    r"|\*\*\*",  # emphasis runs that nest
    re.MULTILINE,
)
_DELIMITER = re.compile(r"\*\*?")
_CLOSE_BEFORE = frozenset(" \n.,;:!?)\"'")
"""What may follow a closing ``*`` or ``**`` here (anything else is left to Rich's Markdown)."""


def simple_paragraphs(text: str) -> list[list[tuple[str, str | None]]] | None:
    """The pieces of each paragraph, each with its style (None, "em" or "strong"), when the text
    holds nothing but paragraphs with whole words in ``*emphasis*`` or ``**strong**``; else None.

    Only what CommonMark reads in one way is accepted: no character that could start anything
    else, no line that could open a block, no space at either end of a line, every ``*`` run
    opening after a space or a line start and closing before a space, a line end or punctuation,
    with no nesting. Anything else is None, and Rich's Markdown prints it.
    """
    if _NOT_SIMPLE.search(text):
        return None
    paragraphs = []
    for block in re.split(r"\n{2,}", text.strip("\n")):
        if any(line[:1].isspace() or line[-1:].isspace() or not line for line in block.split("\n")):
            return None
        pieces: list[tuple[str, str | None]] = []
        position, opened = 0, None
        for delimiter in _DELIMITER.finditer(block):
            start, end = delimiter.span()
            if opened is None:
                if not (start == 0 or block[start - 1] in " \n") or end == len(block) or block[end].isspace():
                    return None
                _add_pieces(pieces, block[position:start], None)
                opened = delimiter.group()
            else:
                if delimiter.group() != opened or block[start - 1].isspace():
                    return None
                if end < len(block) and block[end] not in _CLOSE_BEFORE:
                    return None
                _add_pieces(pieces, block[position:start], "em" if len(opened) == 1 else "strong")
                opened = None
            position = end
        if opened is not None:
            return None
        _add_pieces(pieces, block[position:], None)
        paragraphs.append(pieces)
    return paragraphs


def _add_pieces(pieces: list[tuple[str, str | None]], text: str, style: str | None) -> None:
    """A run of text as markdown-it hands it to Rich: its lines, and a space for each line break."""
    for number, line in enumerate(text.split("\n")):
        if number:
            pieces.append((" ", style))
        if line:
            pieces.append((line, style))
