"""Right-to-left text for terminals that show characters in the order they are written.

Most terminals neither reorder right-to-left text nor join Persian letters: they paint
characters left to right as they come. So each line is made *visual* here, one wrapped line at a
time (wrapping first, on the text as written, so a word or a joined pair of letters is never
cut): its letters are shaped into their joined forms (arabic-reshaper), then put in the order
the Unicode Bidirectional Algorithm gives for a right-to-left paragraph (python-bidi, the
binding of the Rust unicode-bidi crate), with brackets mirrored where they run right to left.

The Rust binding gives the order but not which character went where, which styles (bold,
colour) need to follow their letters; python-bidi's own Python implementation of the algorithm
gives that, and is used when its order agrees with the Rust one (it does on every line of the
campaign; when it does not, the Rust order is kept and the line's styles are lost,
``VisualLine.positions`` is None).

Terminals that do bidi themselves (mlterm, Konsole, GNOME Terminal with bidi on) get the text
as written: ``logical_line`` only moves the line's padding, so it stays right-aligned.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import NamedTuple

ZWNJ = "\u200c"
"""The zero-width non-joiner (نیم‌فاصله): it keeps two letters apart while they are shaped, then has no use."""
BIDI_CONTROLS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Marks, embeddings, overrides and isolates: a file's text could use them to show one thing and mean another."""
RLM = "\u200f"
"""The right-to-left mark: Jangal's own, between the parts of a line (a scene's English title, then its Persian
date), so a number is not taken into the Latin run before it. File text never brings one: ``game.ui.text``
strips every bidi control from it."""
_REORDERING = BIDI_CONTROLS - {RLM}
_RIGHT_TO_LEFT_CLASSES = frozenset({"R", "AL"})
_MIRRORED = {
    **dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹", strict=True)),
    # Box drawing and half blocks, for a mirrored layout: not mirrored by the algorithm, but a frame or
    # a quote bar drawn for left-to-right text reads backwards when its line is turned round.
    **dict(zip("┌┐└┘╭╮╰╯┏┓┗┛├┤┣┫▌▐╔╗╚╝", "┐┌┘└╮╭╯╰┓┏┛┗┤├┫┣▐▌╗╔╝╚", strict=True)),
}


class VisualLine(NamedTuple):  # not a dataclass: it is defined before the first frame, in a fifth of the time
    """One line as a terminal that does no bidi must be given it."""

    text: str
    """The characters left to right on the screen."""
    positions: tuple[int, ...] | None
    """For each character of ``text``, the index of the character of the written line it shows (None: unknown)."""


def has_right_to_left(text: str) -> bool:
    """Whether the text holds a letter written right to left (Persian, Arabic, Hebrew)."""
    return any(unicodedata.bidirectional(character) in _RIGHT_TO_LEFT_CLASSES for character in text)


def strip_bidi_controls(text: str) -> str:
    """The text without bidi control characters (a story file's cannot reorder what Jangal shows)."""
    if not BIDI_CONTROLS.intersection(text):
        return text
    return "".join(character for character in text if character not in BIDI_CONTROLS)


@lru_cache(maxsize=1)
def _reshaper():
    import arabic_reshaper  # only for a right-to-left game

    # Harakat kept and no ligatures: one shaped character for each written one, so styles and
    # positions stay in step (the ligature لا is two joined forms instead of one glyph).
    return arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False, "support_ligatures": False})


def shape(text: str) -> str:
    """Persian and Arabic letters in the joined forms their neighbours call for, one for one."""
    if not has_right_to_left(text):
        return text
    shaped = _reshaper().reshape(text)
    return shaped if len(shaped) == len(text) else text  # a one-for-one shaping, or none


@lru_cache(maxsize=4096)
def visual_line(text: str, shaping: bool = True) -> VisualLine:
    """One written line (no newline in it) as shown on a right-to-left screen: shaped, then reordered."""
    from bidi import get_display

    text = "".join(character for character in text if character not in _REORDERING)
    shaped = shape(text) if shaping else text
    # Once shaped, a non-joiner (and any other character the algorithm ignores, class BN) has done its work;
    # the two implementations place such characters differently, so they are left out before ordering.
    kept = [index for index, character in enumerate(shaped) if unicodedata.bidirectional(character) != "BN"]
    ordered = "".join(shaped[index] for index in kept)
    order = get_display(ordered, base_dir="R")
    positions = _positions(ordered)
    if positions is None or "".join(ordered[index] for index in positions) != order:
        return VisualLine(order.replace(RLM, ""), None)
    shown = [(index, level) for index, level in positions.items() if ordered[index] != RLM]  # a mark has no glyph
    characters = "".join(_mirror(ordered[index]) if level % 2 else ordered[index] for index, level in shown)
    return VisualLine(characters, tuple(kept[index] for index, _level in shown))


def _positions(text: str) -> dict[int, int] | None:
    """Logical index -> resolved level, in visual order, from python-bidi's Python implementation."""
    from bidi import algorithm

    storage = algorithm.get_empty_storage()
    storage["base_level"], storage["base_dir"] = 1, "R"
    try:
        algorithm.get_embedding_levels(text, storage)
        for index, character in enumerate(storage["chars"]):
            character["index"] = index
        algorithm.explicit_embed_and_overrides(storage)
        algorithm.resolve_weak_types(storage)
        algorithm.resolve_neutral_types(storage, False)
        algorithm.resolve_implicit_levels(storage, False)
        algorithm.reorder_resolved_levels(storage, False)
    except (KeyError, IndexError, ValueError):  # an edge of the old implementation: the Rust order alone
        return None
    if len(storage["chars"]) != len(text):
        return None
    return {character["index"]: character["level"] for character in storage["chars"]}


def _mirror(character: str) -> str:
    return _MIRRORED.get(character, character)


def logical_line(text: str) -> str:
    """A written line for a terminal that does bidi: as written, its trailing padding moved before it."""
    text = strip_bidi_controls(text)
    core = text.rstrip(" ")
    return " " * (len(text) - len(core)) + core


def cell_width(text: str) -> int:
    """Columns the text takes in a terminal: none for a joining mark or a format character, two for a wide one."""
    width = 0
    for character in text:
        if unicodedata.combining(character) or unicodedata.category(character) in ("Cf", "Mn", "Me"):
            continue
        width += 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
    return width


def wrap(text: str, width: int) -> list[str]:
    """Written text cut into lines of at most ``width`` cells, between words only (a longer word gets a line)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for word in paragraph.split(" "):
            size = cell_width(word)
            if line and used + 1 + size > width:
                lines.append(line)
                line, used = word, size
            else:
                line, used = (f"{line} {word}", used + 1 + size) if line else (word, size)
        lines.append(line)
    return lines


def visual_lines(text: str, width: int, reorder: bool = True) -> list[str]:
    """Text wrapped at ``width``, then each line shaped, reordered and right-aligned (``reorder`` off: as
    written, right-aligned, for a terminal that does bidi)."""
    shown = []
    for line in wrap(strip_bidi_controls(text), width):
        padding = " " * max(width - cell_width(line), 0)
        shown.append(padding + (visual_line(line).text if reorder else line))
    return shown
