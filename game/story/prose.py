"""The texts of a story: paragraphs, some shown only on some paths (conditional text).

A ``Prose`` is what a scene's ``text``, an ending's ``epilogue`` and a choice's ``consequence`` hold. It is
built once at load, like the rest of the model; ``select`` gives the text one state shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.story.problems import Location

if TYPE_CHECKING:
    from game.story.conditions import Condition, ConditionState

NOWHERE = Location("<story>")


@dataclass(frozen=True, slots=True)
class TextBlock:
    """One paragraph of a text: always shown, or shown (``text``) or replaced (``otherwise``) by a condition."""

    text: str
    """The paragraph (Markdown); empty for an ``if:`` block with only ``else:``."""
    condition: Condition | None = None
    """When ``text`` is shown; None: always."""
    otherwise: str = ""
    """Shown instead when the condition is false (``else:``); empty: nothing."""
    location: Location = NOWHERE
    """Where the block is written."""

    def select(self, state: ConditionState) -> str:
        """The paragraph this state shows ("" when none)."""
        if self.condition is None or self.condition(state):
            return self.text
        return self.otherwise


@dataclass(frozen=True, slots=True)
class Prose:
    """A text of the story (a scene's, an epilogue, a consequence): paragraphs, some shown only on some paths."""

    blocks: tuple[TextBlock, ...] = ()
    """The paragraphs in order."""

    @property
    def conditional(self) -> bool:
        """True when some paragraph depends on the state."""
        return any(block.condition is not None for block in self.blocks)

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """The conditions of its blocks, in order."""
        return tuple(block.condition for block in self.blocks if block.condition is not None)

    def select(self, state: ConditionState) -> str:
        """The text a state shows: the paragraphs it selects, joined by blank lines."""
        return "\n\n".join(shown for block in self.blocks if (shown := block.select(state)))

    def every_paragraph(self) -> str:
        """Every paragraph any path can show, for a search or a word count (never for players)."""
        parts = (part for block in self.blocks for part in (block.text, block.otherwise) if part)
        return "\n\n".join(parts)

    def __bool__(self) -> bool:
        return bool(self.blocks)


def plain_prose(text: str) -> Prose:
    """A text with a single paragraph that every path shows ("" gives no paragraph)."""
    return Prose((TextBlock(text),)) if text else NO_PROSE


NO_PROSE = Prose()
