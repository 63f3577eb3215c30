"""Markdown drawn as one renderable, for text that changes at every choice.

Textual's ``Markdown`` widget mounts a widget per paragraph and mounts them all again on every
update; on the play screen that was most of the time between a key and the next scene (bench row
``choice_to_paint``: 4.9x a bare text swap). Here the Markdown is parsed by Rich into one
renderable inside a ``Static``, styled from the app's theme, so a new scene is one refresh.
"""

from __future__ import annotations

import re

from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import BlockQuote, Markdown, MarkdownContext
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.theme import Theme
from textual.color import Color, ColorParseError
from textual.containers import ScrollableContainer
from textual.widgets import Static

from game.play.bidi import strip_bidi_controls
from game.story.printable import printable

QUOTE_BAR = "▌ "


class QuoteBlock(BlockQuote):
    """A block quote with a bar in the theme's colour and its text in the normal colour."""

    def on_enter(self, context: MarkdownContext) -> None:
        self.bar_style = context.console.get_style("markdown.block_quote.bar", default="none")
        super().on_enter(context)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        inner = options.update(width=options.max_width - len(QUOTE_BAR))
        lines: list[list[Segment]] = []
        for number, element in enumerate(self.elements):
            if number:
                lines.append([])  # paragraphs in a quote are kept apart, as they are outside one
            lines.extend(console.render_lines(element, inner))
        bar = Segment(QUOTE_BAR, self.bar_style)
        for line in lines:
            yield bar
            yield from line
            yield Segment.line()


class SceneMarkdown(Markdown):
    """Rich's Markdown with block quotes drawn as ``QuoteBlock``."""

    elements = {**Markdown.elements, "blockquote_open": QuoteBlock}


class ThemedMarkdown:
    """Markdown drawn under a theme of its own (Textual's console has Rich's defaults), in chunks.

    Each chunk is parsed and rendered the first time it is drawn at a width, and its lines are kept
    (``cache``), so measuring, painting and scrolling render it once; only the first ``shown``
    chunks are drawn, so a very long scene paints its first pages at once and the rest as the
    reader scrolls towards them (``MarkdownText.show_more``).
    """

    def __init__(self, chunks: list[str], theme: Theme, shown: int, cache: dict[tuple[int, int], list]):
        self.chunks = chunks
        self.theme = theme
        self.shown = shown
        self.cache = cache

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for number in range(min(self.shown, len(self.chunks))):
            if number:
                yield Segment.line()  # the blank line Markdown puts between two paragraphs
            for line in self.lines(number, console, options):
                yield from line
                yield Segment.line()

    def lines(self, number: int, console: Console, options: ConsoleOptions) -> list:
        """One chunk's lines at this width, rendered once."""
        key = (number, options.max_width)
        if key not in self.cache:
            # Rendered eagerly: the theme only applies while it is pushed.
            with console.use_theme(self.theme):
                markdown = SceneMarkdown(self.chunks[number], hyperlinks=True)
                self.cache[key] = console.render_lines(markdown, options, pad=False)
        return self.cache[key]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


CHUNK = 16_000
"""Characters of Markdown drawn at a time; a scene shorter than this is one chunk, drawn whole."""
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


def markdown_chunks(text: str, size: int = CHUNK) -> list[str]:
    """Markdown cut at blank lines (never inside a fenced code block) into pieces of about ``size``."""
    if len(text) <= size:
        return [text]
    chunks: list[str] = []
    current: list[str] = []
    length = 0
    fenced = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        if not line.strip() and not fenced and length >= size:
            chunks.append("\n".join(current))
            current, length = [], 0
            continue
        current.append(line)
        length += len(line) + 1
    if current:
        chunks.append("\n".join(current))
    return [chunk for chunk in chunks if chunk.strip()] or [text]


def markdown_theme(colours: dict[str, str]) -> Theme:
    """Rich styles for Markdown in the colours of a Textual theme (its CSS variables)."""
    primary = _colour(colours.get("primary"), "blue")
    accent = _colour(colours.get("accent"), primary)
    return Theme(
        {
            "markdown.h1": Style.parse(f"bold {primary}"),
            "markdown.h2": Style.parse(f"bold underline {primary}"),
            "markdown.h3": Style.parse(f"bold {primary}"),
            "markdown.h4": Style.parse("bold"),
            "markdown.block_quote": Style(),
            "markdown.block_quote.bar": Style.parse(primary),
            "markdown.code": Style.parse(f"bold {accent}"),
            "markdown.hr": Style.parse(accent),
            "markdown.item.bullet": Style.parse(f"bold {accent}"),
            "markdown.item.number": Style.parse(f"bold {accent}"),
            "markdown.link": Style.parse(f"underline {accent}"),
            "markdown.link_url": Style.parse(accent),
        },
        inherit=True,
    )


def _colour(value: str | None, fallback: str) -> str:
    """A theme colour as Rich reads it ("#rrggbb"), or the fallback."""
    try:
        return Color.parse(value).hex if value else fallback
    except ColorParseError:
        return fallback


class MarkdownText(Static):
    """A ``Static`` that shows Markdown; ``source`` is the Markdown last shown."""

    def __init__(self, markdown: str = "", *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self.source = ""
        self._themes: dict[str, Theme] = {}
        self.chunks: list[str] = [""]
        self.shown = 1
        if markdown:
            self.source = markdown

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.show_markdown(self.source))
        self.show_markdown(self.source)
        if isinstance(self.parent, ScrollableContainer):
            self.watch(self.parent, "scroll_y", self.keep_ahead, init=False)
            self.watch(self.parent, "virtual_size", self.keep_ahead, init=False)

    def keep_ahead(self, *_: object) -> None:
        """While scrolling a long text, draw its next chunk before the reader is two screens from its end."""
        scroll = self.parent
        if self.has_more and scroll.size.height and scroll.max_scroll_y - scroll.scroll_y < 2 * scroll.size.height:
            self.show_more()

    def show_markdown(self, markdown: str) -> None:
        """Draw this Markdown (text an author wrote: never read as Textual markup), its first chunk first."""
        self.source = markdown
        self.chunks = markdown_chunks(strip_bidi_controls(printable(markdown)))
        self.shown = 1
        self._cache: dict[tuple[int, int], list] = {}
        if self.is_mounted:
            self.update(ThemedMarkdown(self.chunks, self.theme(), self.shown, self._cache))

    @property
    def has_more(self) -> bool:
        """True while part of a long text is not drawn yet."""
        return self.shown < len(self.chunks)

    def show_all(self) -> None:
        """Draw every chunk (End: the reader asked for the very end)."""
        if self.has_more and self.is_mounted:
            self.shown = len(self.chunks)
            self.update(ThemedMarkdown(self.chunks, self.theme(), self.shown, self._cache))

    def show_more(self) -> None:
        """Draw the next chunk of a long text (the ones drawn already are not rendered again)."""
        if self.has_more and self.is_mounted:
            self.shown += 1
            self.update(ThemedMarkdown(self.chunks, self.theme(), self.shown, self._cache))

    def theme(self) -> Theme:
        """The Rich theme for the app's current Textual theme, made once per theme."""
        name = self.app.theme
        if name not in self._themes:
            self._themes[name] = markdown_theme(self.app.get_css_variables())
        return self._themes[name]
