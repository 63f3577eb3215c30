"""Handing in a game from inside it: its transcript written where the teacher collects them.

The document is the same HTML transcript that ``jangal transcript`` writes, so ``jangal verify``
and ``jangal class-report`` accept it. A served game writes it on the teacher's machine, in
one folder for the whole class, and the browser also downloads a copy for the student.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from game.classroom.render import document_of
from game.play.saves import write_atomically
from game.play.state import GameState
from game.story.model import Story

MAX_STEM = 40
"""Characters of the student's name kept in the file name."""


@dataclass(frozen=True, slots=True)
class HandedIn:
    """A transcript handed in: where it was written, its text, and its code."""

    path: Path
    html: str
    code: str


def file_stem(name: str) -> str:
    """The student's name as a file name: letters of any script and digits, words joined by `-`."""
    words = "".join(char if char.isalnum() else " " for char in name).split()
    return "-".join(words)[:MAX_STEM].strip("-") or "student"


def hand_in(story: Story, state: GameState, name: str, folder: Path, language: str | None = None) -> HandedIn:
    """Write the game's HTML transcript into ``folder``, in ``language`` (by default the game's: ``--lang``).

    ``story`` is the story as the game plays it, in that language.
    ValueError for a bad name, ReplayError when the path no longer plays (a story edited under
    --watch), OSError when the folder cannot be written.
    """
    from game.play.language import base_language
    from game.play.language import language as game_language

    code = language or game_language()
    html, record = document_of(story, state, name, "html", "en" if base_language(code) == "en" else code)
    target = folder / f"{file_stem(record.name)}-{record.code}.html"
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(target, html.encode("utf-8"))
    return HandedIn(target, html, record.code)


STUDENT_FILE = ".student.json"
"""In a served game's save folder: the name the student gave once (a dot file, so never a save slot)."""
MAX_STUDENT_FILE = 4096


def remembered_name(folder: Path) -> str:
    """The name a served student gave in this save folder; "" when none (or the file is not a small, sound one)."""
    from game.classroom.transcript import clean_name

    path = folder / STUDENT_FILE
    try:
        if not path.is_file() or path.stat().st_size > MAX_STUDENT_FILE:
            return ""
        data = json.loads(path.read_text(encoding="utf-8"))
        return clean_name(data["name"]) if isinstance(data, dict) and isinstance(data.get("name"), str) else ""
    except (OSError, ValueError, UnicodeDecodeError):
        return ""


def remember_name(folder: Path, name: str) -> str:
    """Keep the student's (cleaned) name in the save folder, for hand-in and the title; ValueError for a bad name."""
    from game.classroom.transcript import clean_name

    name = clean_name(name)
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(folder / STUDENT_FILE, json.dumps({"name": name}, ensure_ascii=False).encode("utf-8"))
    return name
