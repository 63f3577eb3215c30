"""A cache of what unchanged story files give: ``jangal check``'s clean verdict, the title card, the story.

``jangal check`` spends most of its time importing the YAML parser and the model and loading the story;
an author who runs it again on files that have not changed gets the same line. And ``jangal`` imports
the YAML parser before its first frame only to read the title and blurb from the ``story:`` block. So a
clean verdict (no error, no warning) and the title card are kept, keyed by everything they depend on:

- every file and folder under the story's paths: each one's path, and each file's size, modification
  time and BLAKE2b hash of its bytes (so an edit that keeps the size and the time is still seen, and so
  are a file added, removed or renamed, and a file merely touched);
- the checker itself: Jangal's version, the Python version, and the size and modification time of
  every module of the ``game`` package (an edited checker may judge differently).

The title card alone has a quicker key (``title_card_stamp``): paths, sizes and times, no hash, since it
is shown only until the story has loaded a moment later and is then drawn again from the story.

A clean story itself (built and validated, with no problem at all) is kept too, for ``jangal play``'s
plain mode, which would otherwise spend most of its start reading YAML: as JSON (``game.story.model_json``,
plain data, never code), one file per stamp and working folder (the model names files as the author's folder shows
them) in a ``stories`` folder beside the verdicts, the newest ``KEPT_STORIES`` of them.

A story whose folders hold a link, or a file too big to hash quickly, is never cached, nor is a verdict
with any problem (it is printed by Rich, in colour, and is quick to get anyway). The cache is one small
JSON file in the user's cache folder (``JANGAL_CACHE`` names another), written to a temporary file and
renamed over the old one, as ruff and mypy keep theirs; one that cannot be read is ignored and replaced.
It holds plain JSON data only, and never changes an answer: a miss only means the story is checked as before.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
from _blake2 import blake2b  # hashlib would load OpenSSL, which costs more than all the hashing here
from collections.abc import Iterable, Mapping
from pathlib import Path

import game

CACHE_ENVIRONMENT = "JANGAL_CACHE"
CACHE_NAME = "story-cache.json"
MAX_ENTRIES = 64
"""Entries kept (the oldest go first): a few stories, each at a few versions."""
MAX_HASHED_BYTES = 16 * 1024 * 1024
"""A story with a file bigger than this is not cached (hashing it would cost what checking saves)."""
FORMAT = 2
KEPT_STORIES = 4
"""Stories kept whole: each is most of a megabyte."""
GAME_PACKAGE = Path(game.__file__).resolve().parent


def cache_file(environ: Mapping[str, str] = os.environ) -> Path:
    """Where the verdicts are kept: ``JANGAL_CACHE`` if set, else the user's cache folder."""
    if environ.get(CACHE_ENVIRONMENT):
        return Path(environ[CACHE_ENVIRONMENT]) / CACHE_NAME
    from platformdirs import user_cache_path

    return user_cache_path("jangal", appauthor=False) / CACHE_NAME


def story_stamp(paths: Iterable[Path]) -> str | None:
    """A digest of everything a verdict on these story paths depends on; None when they are not cached."""
    return _digest([FORMAT, game.__version__, sys.version_info[:2], _code_stamp()], paths, hashed=True)


def title_card_stamp(paths: Iterable[Path]) -> str | None:
    """A quicker key for the title card alone: each file's path, size and modification time, without hashes.

    The card is painted only until the story has loaded, right after the first frame, and the title
    screen is then drawn again from the story itself: a card kept across an edit that left a file's
    size and time as they were (which takes a deliberate ``touch -d``) would show for that moment
    only. Hashing the campaign's 1.9 MB took 3 of the 24 ms Jangal may add to its first frame.
    """
    return _digest(["card", FORMAT, game.__version__], paths, hashed=False)


def _digest(header: list, paths: Iterable[Path], hashed: bool) -> str | None:
    """A digest of ``header`` and every entry under the paths (see ``_entries``); None when one is not cached."""
    stamp = blake2b(digest_size=20)
    stamp.update(json.dumps(header).encode())
    for path in paths:
        entries = _entries(Path(path), hashed)
        if entries is None:
            return None
        stamp.update(json.dumps([str(Path(path).absolute()), entries]).encode("utf-8", "surrogateescape"))
    return stamp.hexdigest()


def cached_verdict(stamp: str, file: Path | None = None) -> str | None:
    """The clean verdict kept for this stamp, or None."""
    verdict = _read(file or cache_file()).get("check:" + stamp)
    return verdict if isinstance(verdict, str) else None


def remember_verdict(stamp: str, verdict: str, file: Path | None = None) -> None:
    """Keep a clean verdict for this stamp (quietly nothing when the cache folder cannot be written)."""
    _remember("check:" + stamp, verdict, file or cache_file())


def cached_title_card(stamp: str, file: Path | None = None) -> tuple[str, str] | None:
    """The title and blurb kept for this stamp, or None."""
    card = _read(file or cache_file()).get("card:" + stamp)
    if isinstance(card, list) and len(card) == 2 and all(isinstance(part, str) for part in card):
        return card[0], card[1]
    return None


def remember_title_card(stamp: str, card: tuple[str, str], file: Path | None = None) -> None:
    """Keep a title card for this stamp."""
    _remember("card:" + stamp, list(card), file or cache_file())


def cached_story(stamp: str, folder: Path | None = None):
    """The clean story kept for this stamp (and this working folder), or None."""
    from game.story.model_json import story_from_json

    try:
        return story_from_json(_story_file(stamp, folder).read_bytes())
    except (OSError, ValueError):
        return None


def remember_story(stamp: str, story, folder: Path | None = None) -> None:
    """Keep a clean story for this stamp, and only the newest few stories."""
    from game.story.model_json import story_to_json

    file = _story_file(stamp, folder)
    try:
        text = story_to_json(story)
    except ValueError:
        return
    _write_atomically(file, text)
    with contextlib.suppress(OSError):
        kept = sorted(file.parent.glob("*.json"), key=lambda path: path.stat().st_mtime_ns, reverse=True)
        for old in kept[KEPT_STORIES:]:
            old.unlink()


def _story_file(stamp: str, folder: Path | None) -> Path:
    here = blake2b(os.fsencode(os.getcwd()), digest_size=8).hexdigest()
    return (folder or cache_file().parent / "stories") / f"{stamp}-{here}.json"


def _remember(key: str, value: object, file: Path) -> None:
    entries = _read(file)
    entries.pop(key, None)
    entries[key] = value
    kept = dict(list(entries.items())[-MAX_ENTRIES:])
    _write_atomically(file, json.dumps(kept))


def _write_atomically(file: Path, text: str) -> None:
    """Write to a temporary file beside ``file`` and rename it over (quietly nothing when that fails)."""
    import tempfile  # only when writing: a hit costs no more imports than it must

    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".verdicts-", dir=file.parent)
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, file)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _read(file: Path) -> dict[str, object]:
    try:
        found = json.loads(file.read_bytes())
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _entries(path: Path, hashed: bool) -> list | None:
    """Each file and folder at or under ``path`` with its size, time and (when ``hashed``) hash; None for a link
    or a big file."""
    try:
        if path.is_symlink():
            return None
        if path.is_file():
            return [_file_entry(path, path.name, hashed)]
        if not path.is_dir():
            return None
        found = []
        for folder, folders, files in os.walk(path, onerror=_raise):
            folders.sort()
            for name in sorted(folders):
                if os.path.islink(os.path.join(folder, name)):
                    return None
                found.append([os.path.relpath(os.path.join(folder, name), path), "folder"])
            for name in sorted(files):
                entry = _file_entry(Path(folder, name), os.path.relpath(os.path.join(folder, name), path), hashed)
                if entry is None:
                    return None
                found.append(entry)
        return found
    except OSError:
        return None


def _file_entry(path: Path, shown: str, hashed: bool) -> list | None:
    status = os.lstat(path)
    if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_HASHED_BYTES:
        return None
    entry = [shown, status.st_size, status.st_mtime_ns]
    return [*entry, blake2b(path.read_bytes()).hexdigest()] if hashed else entry


def _code_stamp() -> list:
    """The size and time of every module of the game package: a verdict of another checker is not this one's."""
    stamps = []
    for folder, folders, files in os.walk(GAME_PACKAGE):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                status = os.stat(os.path.join(folder, name))
                shown = os.path.relpath(os.path.join(folder, name), GAME_PACKAGE)
                stamps.append([shown, status.st_size, status.st_mtime_ns])
    return stamps


def _raise(error: OSError) -> None:
    raise error
