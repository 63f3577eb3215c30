"""Small helpers that turn model text into Textual content safely.

Text an author or a player wrote is never parsed as Textual markup by accident: titles, choices
and names go through ``plain``; only scene text, notes and epilogues are Markdown on purpose.
"""

from __future__ import annotations

from textual.content import Content

from game.model import Reliability

RELIABILITY_LABELS = {
    Reliability.DOCUMENTED: "documented",
    Reliability.DISPUTED: "disputed — historians disagree",
    Reliability.INVENTED: "invented for the game",
}


def plain(text: str) -> Content:
    """Text shown exactly as written: square brackets stay square brackets."""
    return Content(text)


def quote_markdown(text: str) -> str:
    """Markdown text as a block quote."""
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())
