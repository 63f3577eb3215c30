"""Right-to-left lines on screen: every rendered line of a widget, mirrored, its styles kept.

Textual lays text out left to right and wraps it to the width first, so a widget's rendered
lines are exactly the wrapped lines of the text as written: each is then turned into what a
terminal that does no bidi must be given (``game.play.bidi.visual_line``: shaped, reordered as
a right-to-left line, brackets and frame corners mirrored), each character keeping its style.
The padding turns round with the line, so text laid out flush left reads flush right, a quote's
bar stands on the right, a table's columns run from the right. With ``--bidi terminal`` the text
stays as written and only its padding moves, to keep it right-aligned.

A line with a Latin letter and no right-to-left one (a story text not translated yet, a source's
English title) stays as it is, left to right; a line with neither (a blank line, a bar) follows
the line above it. Tables and the status panel (``RIGHT_TO_LEFT_BASE``) turn every line, so
their columns and bars stay mirrored with English in them. Input fields are left as they are:
their cursor is placed in the text as written; so are drawings (a map, the title's banner: ``keep-ltr``).

``mirror_lines`` works on Rich segments alone: plain mode uses it for its printed lines too.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style

from game.play.bidi import BIDI_CONTROLS, RLM, has_right_to_left, visual_line
from game.play.language import jangal_reorders, mirrored

_LATIN = "L"


def line_direction(text: str) -> str | None:
    """ "R" for a line with right-to-left letters, "L" for one with only left-to-right ones, None with neither."""
    if has_right_to_left(text):
        return "R"
    import unicodedata

    return _LATIN if any(unicodedata.bidirectional(character) == "L" for character in text) else None


def mirror_lines(lines: Sequence[list[Segment]], every_line: bool = False) -> list[list[Segment]]:
    """Lines of segments as a right-to-left screen shows them (``every_line``: English lines turned too)."""
    texts = ["".join(segment.text for segment in line if not segment.control) for line in lines]
    directions = ["R"] * len(texts) if every_line else [line_direction(text) for text in texts]
    before = next((direction for direction in directions if direction), "R")
    reorder = jangal_reorders()
    shown = []
    for line, direction in zip(lines, directions, strict=True):
        before = direction or before
        shown.append(list(mirror_line(tuple(line), reorder)) if before == "R" else list(line))
    return shown


@lru_cache(maxsize=4096)
def mirror_line(line: tuple[Segment, ...], reorder: bool = True) -> tuple[Segment, ...]:
    """One line of segments, right to left: reordered by Jangal, or (``reorder`` off) only re-padded.

    Bidi control characters are dropped either way: a file's text cannot reorder what is shown.
    """
    controls = tuple(segment for segment in line if segment.control)
    characters = [
        (character, segment.style)
        for segment in line
        if not segment.control
        for character in segment.text
        if character not in BIDI_CONTROLS or character == RLM  # Jangal's own mark only (see game.play.bidi.RLM)
    ]
    text = "".join(character for character, _ in characters)
    if not reorder:
        core = len(text.rstrip(" "))
        return (*controls, *_joined(characters[core:] + characters[:core]))
    visual = visual_line(text)
    if visual.positions is None:  # styles cannot follow the letters: the line's first style for all
        return (*controls, Segment(visual.text, characters[0][1] if characters else None))
    placed = [(character, characters[index][1]) for character, index in zip(visual.text, visual.positions, strict=True)]
    return (*controls, *_joined(placed))


def _joined(placed: list[tuple[str, Style | None]]) -> list[Segment]:
    """Characters with their styles as few segments as the styles allow."""
    segments: list[Segment] = []
    run, style = "", None
    for character, character_style in placed:
        if run and character_style != style:
            segments.append(Segment(run, style))
            run = ""
        run, style = run + character, character_style
    if run:
        segments.append(Segment(run, style))
    return segments


def install() -> None:
    """Mirror every widget's lines while the language is right-to-left (once per process; a no-op after)."""
    from textual.strip import Strip
    from textual.widget import Widget
    from textual.widgets import DataTable, Input, TextArea

    if getattr(Widget.render_lines, "jangal_mirrors", False):
        return
    original = Widget.render_lines

    def render_lines(self: Widget, crop):
        if not mirrored() or isinstance(self, Input | TextArea) or self.has_class("keep-ltr"):
            return original(self, crop)
        width = self.region.width or crop.right
        whole = crop.x == 0 and crop.width == width
        strips = original(self, crop if whole else crop._replace(x=0, width=width))
        every = getattr(self, "RIGHT_TO_LEFT_BASE", False) or isinstance(self, DataTable)
        # The vertical scrollbar is drawn over the last columns: what is turned round stays clear of it.
        gutter = self.scrollbar_size_vertical if getattr(self, "show_vertical_scrollbar", False) else 0
        text = [strip.crop(0, strip.cell_length - gutter) if gutter else strip for strip in strips]
        lines = mirror_lines([list(strip) for strip in text], every)
        turned = [
            Strip.join([Strip(line, part.cell_length), strip.crop(part.cell_length, strip.cell_length)])
            if gutter
            else Strip(line, strip.cell_length)
            for line, part, strip in zip(lines, text, strips, strict=True)
        ]
        return turned if whole else [strip.crop(crop.x, crop.right) for strip in turned]

    render_lines.jangal_mirrors = True
    Widget.render_lines = render_lines
