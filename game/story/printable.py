"""The one rule for text that comes from a file: it never reaches an output as control characters.

A story, a save, a transcript or a file's name could hold terminal escape sequences (ESC ``]52;``
writes the clipboard, ``]0;`` the window title, ``]8;`` plants a hidden link, ``[2J`` clears the
screen). Every control character (C0 but newline and tab, DEL, C1) is shown as a visible stand-in
instead, one character for one, so text keeps its length: C0 and DEL as their Unicode control
pictures (ESC is ``␛``), C1 (which has none) as the replacement character ``�``.

Stories refuse control characters outright (``control_at`` finds them for ``jangal check``);
saves, transcripts and file names are made ``printable`` where they are read and where they are
shown (the Rich consoles and Textual text of the front ends).
"""

from __future__ import annotations

import re

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""A control character: C0 but tab and newline, DEL, C1."""


_VISIBLE = {code: chr(0x2400 + code) for code in range(0x20) if chr(code) not in "\n\t"}  # ␀ ... ␟
_VISIBLE[0x7F] = "\u2421"  # ␡
_VISIBLE.update((code, "\ufffd") for code in range(0x80, 0xA0))


def printable(text: str) -> str:
    """``text`` with each control character replaced by a visible stand-in (newlines and tabs stay)."""
    if CONTROL.search(text) is None:
        return text
    return text.translate(_VISIBLE)


def printable_document(text: str) -> str:
    """``printable`` for a whole document: its CRLF line ends (a CSV file's) stay line ends."""
    if CONTROL.search(text) is None:
        return text
    return "\r\n".join(printable(line) for line in text.split("\r\n"))


def describe_control(character: str) -> str:
    """How a control character is named to an author: ``U+001B (␛)``."""
    return f"U+{ord(character):04X} ({printable(character)})"


def control_in(text: str) -> str | None:
    """The first control character in ``text``, or None."""
    found = CONTROL.search(text)
    return found.group() if found else None
