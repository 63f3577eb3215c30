"""The exceptions Jangal raises on purpose (their tree is drawn in ``game.story.problems``).

Apart from the problems and their dataclasses, so that what imports only an exception (the save
store, before the title screen is painted) does not build those classes too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.story.problems import Problem


class JangalError(Exception):
    """Base of every error Jangal raises on purpose."""


class StoryError(JangalError):
    """The story has errors; ``problems`` lists all of them, warnings included."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = sum(p.is_error for p in problems)
        super().__init__(f"the story has {errors} error{'s' if errors != 1 else ''}")


class ChoiceError(JangalError):
    """A choice was asked for that does not exist or is not open in this state."""


class SaveError(JangalError):
    """A save could not be written, read or used; the message says why in plain words."""


class SlotNameError(SaveError):
    """The slot name would escape the save folder or cannot be a file name."""


class SaveNotFound(SaveError):
    """There is no save in that slot."""


class CorruptSave(SaveError):
    """The file is damaged or is not a Jangal save at all."""


class ForeignSave(SaveError):
    """The save was made with another story."""


class TooNewSave(SaveError):
    """The save was written by a newer Jangal whose format this one cannot read."""
