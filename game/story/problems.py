"""Problems found in a story, and (from ``game.story.errors``) the exceptions shared by the whole engine.

Problems found in a story are *collected*, never raised one at a time: the checker reports
every one of them. Exceptions are for things a front end must react to::

    JangalError
    ├── StoryError          the story has errors and cannot be played (carries the problems)
    ├── ChoiceError         a front end asked for a choice that is not open
    └── SaveError           a save could not be written, read or used
        ├── SlotNameError   the slot name is not allowed
        ├── SaveNotFound    no save in that slot
        ├── CorruptSave     the file is not a readable Jangal save
        ├── ForeignSave     the save belongs to another story
        └── TooNewSave      the save was written by a newer Jangal

All of them are plain data: rendering (colours, snippets) happens in the front ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from game.story.errors import (
    ChoiceError,
    CorruptSave,
    ForeignSave,
    JangalError,
    SaveError,
    SaveNotFound,
    SlotNameError,
    StoryError,
    TooNewSave,
)

__all__ = [
    "ChoiceError",
    "CorruptSave",
    "ForeignSave",
    "JangalError",
    "Location",
    "Problem",
    "SaveError",
    "SaveNotFound",
    "Severity",
    "SlotNameError",
    "StoryError",
    "TooNewSave",
]


class Severity(StrEnum):
    """How bad a problem is: errors stop a story from loading, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a source file; line and column count from 1, as editors do."""

    path: str
    """The file, as the author named it (relative where possible)."""
    line: int = 0
    """Line number from 1; 0 when the problem concerns the whole file."""
    column: int = 0
    """Column number from 1; 0 when unknown."""

    def shifted(self, columns: int) -> Location:
        """The place ``columns`` characters further along the same line."""
        return Location(self.path, self.line, self.column + columns) if self.line else self

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.column or 1}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One mistake or doubtful thing in a story, with where it is and how to fix it."""

    severity: Severity
    """Error or warning."""
    message: str
    """What is wrong: what was expected and what was found."""
    location: Location
    """Where it is."""
    hint: str = ""
    """How to fix it, when there is something useful to say."""

    @property
    def is_error(self) -> bool:
        """True for errors, False for warnings."""
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        text = f"{self.location}: {self.severity.value}: {self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text


def error(message: str, location: Location, hint: str = "") -> Problem:
    """Make an error problem."""
    return Problem(Severity.ERROR, message, location, hint)


def warning(message: str, location: Location, hint: str = "") -> Problem:
    """Make a warning problem."""
    return Problem(Severity.WARNING, message, location, hint)
