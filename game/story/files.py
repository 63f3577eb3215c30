"""Finding a story's files, and reading its title card without loading the story.

Kept apart from the loader, which imports the whole model: ``jangal`` paints its title screen
from the title card alone and loads the story right after the first frame.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from game.story.printable import CONTROL, printable
from game.story.problems import Location, Problem, error
from game.story.reader import MappingNode, ScalarNode, compose
from game.story.safe_files import MAX_PATH_CHARACTERS, read_limited

YAML_SUFFIXES = (".yaml", ".yml")
TITLE_CARD_LIMIT = 1024 * 1024
"""A file larger than this is not searched for a title card (the full load reads it, with its limits)."""

STORY_KEY = re.compile(rb"""^["']?story["']?[ \t]*:""", re.M)
"""A top-level `story:` key, found without parsing, so the story block can be read first."""
_STORY_LINE = re.compile(rb"""\n["']?story["']?[ \t]*:""")
"""``STORY_KEY`` after the first line: a pattern that starts with a character is searched for five times as fast."""
_NEXT_TOP_LEVEL = re.compile(rb"""\n(?=[^\s#])""")
"""Where the next top-level key (or document marker) starts: a line that begins with neither space nor comment."""


def shown_path(path: Path, cwd: Path | None = None) -> str:
    """A path as the author would type it: relative when inside the working folder (``cwd``), else absolute."""
    cwd = cwd or Path.cwd()
    absolute = path if path.is_absolute() else cwd / path
    try:
        return str(absolute.relative_to(cwd))
    except ValueError:
        return str(absolute)


def find_story_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """The YAML files in the given folders and files, in a stable order.

    A folder is searched through, but never out of: a link inside it that leads outside it is a
    problem (a story folder from someone else could otherwise show ``check`` any file of yours),
    and so is a sub-folder that cannot be read (its scenes would be missing without a word).
    """
    files: list[Path] = []
    problems = []
    for path in paths:
        if len(str(path)) > MAX_PATH_CHARACTERS:
            message = f"the path is {len(str(path)):,} characters long, over the limit of {MAX_PATH_CHARACTERS:,}"
            problems.append(error(message, Location(str(path)[:80] + "…"), "give a shorter path"))
            continue
        if path.is_dir():
            found = sorted(_yaml_files_in(path, problems))
            if not found:
                problems.append(
                    error("no .yaml files in this folder", Location(shown_path(path)), "is this the right folder?")
                )
            files.extend(found)
        elif path.exists():  # a file, or a pipe or device that reading refuses by name
            files.append(path)
        else:
            problems.append(
                error("no such file or folder", Location(shown_path(path)), "check the spelling of the path")
            )
    return list(dict.fromkeys(files)), problems


def _yaml_files_in(folder: Path, problems: list[Problem]) -> Iterable[Path]:
    """The YAML files under a folder, staying inside it; what cannot be searched goes to ``problems``."""
    root = folder.resolve()
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as entries:
                listed = sorted(entries, key=lambda entry: entry.name)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            where = Location(printable(shown_path(current)))
            hint = "let your user read it, or move it out of the story's folder"
            problems.append(error(f"cannot read this folder: {reason}", where, hint))
            continue
        for entry in listed:
            path = Path(entry.path)
            if entry.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root):
                    if path.suffix not in YAML_SUFFIXES and not target.is_dir():
                        continue  # not a story file: never read, so it cannot show anything
                    message = f"this link leads out of the story's folder, to {printable(str(target))}"
                    hint = "copy the file into the folder instead of linking to it"
                    problems.append(error(message, Location(printable(shown_path(path))), hint))
                    continue
                if target.is_dir():
                    continue  # a folder inside this one: it is searched as itself
            if entry.is_dir():
                pending.append(path)
            elif path.suffix in YAML_SUFFIXES:  # a pipe or device too: reading refuses it by name (safe_files)
                yield path


def story_key_at(data: bytes) -> int | None:
    """Where the top-level `story:` key starts in a file's bytes, or None."""
    if STORY_KEY.match(data):
        return 0
    found = _STORY_LINE.search(data)
    return found.start() + 1 if found else None


def read_title_card(paths: Iterable[Path]) -> tuple[str, str] | None:
    """The story's title and blurb, read from its `story:` block alone; None when that is not simple to do.

    None sends the caller the long way round (load first, then paint), which also reports any
    mistake with its place in the file: this never judges the story, it only looks for a card.
    """
    files, problems = find_story_files(paths)
    if problems:
        return None
    for path in files:
        try:
            data = read_limited(path, TITLE_CARD_LIMIT)
        except OSError:  # too large, not a file, unreadable: the full load reads it and says why
            return None
        start = story_key_at(data)
        if start is not None:
            return _card_from_block(data, start)
    return None


def _card_from_block(data: bytes, start: int) -> tuple[str, str] | None:
    # Only the card's few lines are composed, by the loader's own (safe) reader.
    following = _NEXT_TOP_LEVEL.search(data, start + 1)
    root, problems = compose(data[start : following.start() if following else len(data)], "<title card>")
    story = _mapping(root).get("story") if not problems else None
    fields = _mapping(story)
    title, blurb = _text(fields.get("title")), _text(fields.get("blurb")) if "blurb" in fields else ""
    if not title or blurb is None:
        return None
    return title, blurb


def _mapping(node) -> dict:
    """A mapping node's plain-text keys and their value nodes ({} for anything else)."""
    if node.__class__ is not MappingNode:
        return {}
    return {key.value: value for key, value in node.value if key.__class__ is ScalarNode}


def _text(node) -> str | None:
    """A scalar's text as the loader reads it (stripped; ``1920`` stays the text "1920"), else None.

    A tag or a control character is None: the loader refuses them, with their place."""
    if node.__class__ is not ScalarNode or node.tag != "tag:yaml.org,2002:str" or CONTROL.search(node.value):
        return None
    return node.value.strip()
