"""What an editor asks of a story file, answered from the text around the cursor.

No YAML parsing here: the file being typed is usually not valid YAML yet. The key that governs
the cursor (the one on its line, or the nearest one above at a smaller indent) says what kind of
name belongs there; ``game.authoring.story_index`` knows the names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from game.story.files import story_key_at
from game.story.safe_files import read_limited

SCENE_KEYS = frozenset({"goto", "start", "scene", "from"})
"""Keys whose value is a scene id: a choice's `goto`, the story's and a chapter's `start`, a timeline
event's `scene`, a pack branch's `from`."""
CONDITION_KEYS = frozenset({"if", "assumes"})
EFFECT_VARIABLE_KEYS = frozenset({"set", "add"})
EFFECT_FLAG_KEYS = frozenset({"set_flags", "clear_flags"})

_KEY_LINE = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*:(?:\s|$)")
_ITEM_OR_BARE_WORD = re.compile(r"^(\s*)(?:-\s*)?[A-Za-z0-9_.-]*$")
_IN_VISITED = re.compile(r"visit(?:ed|s)\(\s*[\"']?[A-Za-z0-9_.-]*$")
_AFTER_FLAGS = re.compile(r"flags\.[A-Za-z0-9_]*$")
_WORD = re.compile(r"[A-Za-z0-9_.-]+")
STORY_SEARCH_DEPTH = 4
"""How many folders up from a file the story block is looked for, before the file is taken for a pack's."""


def names_wanted(lines: Sequence[str], line: int, character: int) -> str | None:
    """The kind of name that belongs at the cursor (0-based line and character), or None.

    One of ``scene``, ``chapter``, ``codex``, ``flag``, ``variable`` or ``condition`` (a
    variable, ``flags.`` with a flag, or ``visited("…")`` with a scene).
    """
    if not 0 <= line < len(lines):
        return None
    before = lines[line][:character]
    if _IN_VISITED.search(before):
        return "scene"
    if _AFTER_FLAGS.search(before):
        return "flag"
    return _kind_of_key(_governing_key(lines, line, before))


def _kind_of_key(key: str | None) -> str | None:
    if key in SCENE_KEYS:
        return "scene"
    if key in CONDITION_KEYS:
        return "condition"
    if key in EFFECT_VARIABLE_KEYS:
        return "variable"
    if key in EFFECT_FLAG_KEYS:
        return "flag"
    return {"chapter": "chapter", "codex": "codex"}.get(key or "")


def _governing_key(lines: Sequence[str], line: int, before: str) -> str | None:
    """The key on the cursor's line; for a list item or a bare word being typed, the key it sits under."""
    own = _KEY_LINE.match(before)
    if own:
        return own.group(2)
    bare = _ITEM_OR_BARE_WORD.match(before)
    if bare is None:
        return None
    indent, is_item = len(bare.group(1)), before.lstrip().startswith("-")
    for above in reversed(lines[:line]):
        stripped = above.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        found = _KEY_LINE.match(above)
        if found is None:  # an item of the same list, or a line of a text: go on up, unless it is less indented
            if len(above) - len(stripped) < indent and not stripped.startswith("-"):
                return None
            continue
        column = found.start(2)
        if column < indent or (is_item and column == indent):
            return found.group(2) if not above[found.end() :].strip() else None
    return None


def word_at(text: str, character: int) -> tuple[str, int, int] | None:
    """The id-like word that the cursor touches on a line, with its start and end, or None."""
    for match in _WORD.finditer(text):
        if match.start() <= character <= match.end():
            return match.group(), match.start(), match.end()
    return None


def story_folders(document: Path, configured: Sequence[Path], campaign: Sequence[Path]) -> list[Path]:
    """The folders a file is checked with.

    The folders the editor configured, when it did; else the nearest folder above the file (itself
    included) that holds the story block; else the file is a pack's, checked with the campaign.
    """
    if configured:
        return list(configured)
    folder = document.parent
    for candidate in (folder, *folder.parents)[:STORY_SEARCH_DEPTH]:
        if _declares_the_story(candidate):
            return [candidate]
    return [*campaign, folder]


def _declares_the_story(folder: Path) -> bool:
    for path in sorted(folder.glob("*.y*ml")):
        try:
            if story_key_at(read_limited(path, 1024 * 1024)) is not None:
                return True
        except OSError:
            continue
    return False
