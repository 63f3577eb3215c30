"""Markdown drawn as one renderable, for text that changes at every choice.

Textual's ``Markdown`` widget mounts a widget per paragraph and mounts them all again on every
update; on the play screen that was most of the time between a key and the next scene (bench row
``choice_to_paint``: 4.9x a bare text swap). Here the Markdown is parsed by Rich into one
renderable inside a ``Static``, styled from the app's theme, so a new scene is one refresh.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import BlockQuote, Markdown, MarkdownContext
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.theme import Theme
from textual.color import Color, ColorParseError
from textual.widgets import Static

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
    """A Markdown renderable drawn under a theme of its own (Textual's console has Rich's defaults)."""

    def __init__(self, markdown: Markdown, theme: Theme):
        self.markdown = markdown
        self.theme = theme

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # Rendered eagerly: the theme only applies while it is pushed.
        with console.use_theme(self.theme):
            lines = console.render_lines(self.markdown, options, pad=False)
        for line in lines:
            yield from line
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


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
        if markdown:
            self.source = markdown

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.show_markdown(self.source))
        self.show_markdown(self.source)

    def show_markdown(self, markdown: str) -> None:
        """Draw this Markdown (text an author wrote: never read as Textual markup)."""
        self.source = markdown
        if self.is_mounted:
            self.update(ThemedMarkdown(SceneMarkdown(printable(markdown), hyperlinks=True), self.theme()))

    def theme(self) -> Theme:
        """The Rich theme for the app's current Textual theme, made once per theme."""
        name = self.app.theme
        if name not in self._themes:
            self._themes[name] = markdown_theme(self.app.get_css_variables())
        return self._themes[name]
