"""Saves: named slots of plain JSON in one folder, written so that none is ever half-written.

A save is a JSON object::

    {"format": "jangal-save", "version": 3, "readable_from": 1,
     "story": {"id": ..., "title": ..., "fingerprint": ...},
     "saved_at": "2026-11-24T15:00:00+00:00",
     "summary": {"chapter": ..., "scene": ..., "steps": ...},
     "state": {...GameState.to_json()...},
     "choice_ids": [...the identity of each step's choice, in path order...]}

Format changelog (``version``; ``readable_from`` is the oldest reader version that can read it):

* 1 — the first format.
* 2 — a step's ``historical`` is set only at scenes with ``decision:``.
* 3 — ``choice_ids`` holds the identity of each step's choice (its ``id:``, else its text), and each
  step is matched to its choice by it on loading: reordering a scene's choices no longer changes a save's path.

Files are written to a temporary file in the same folder, flushed to disk, then renamed over
the slot with ``os.replace``, which is atomic: a crash leaves the old save or the new one,
never a mix. Slot names are checked so that no name can reach outside the folder.
"""

from __future__ import annotations

import json
import os
import tempfile
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from game.play.folder_lock import claim
from game.story.errors import CorruptSave, ForeignSave, SaveError, SaveNotFound, SlotNameError, TooNewSave
from game.story.printable import printable
from game.story.safe_files import TooLarge, check_path_length, read_limited

if TYPE_CHECKING:
    from game.play.state import GameState
    from game.story.model import Story

FORMAT = "jangal-save"
VERSION = 3
"""The format this code writes. Changelog (also in docs/saves.md): 1, the first; 2, a step's ``historical`` is
set only at scenes with ``decision:``; 3, ``choice_ids``: each step's choice by its identity. A format-1 save
still loads: its history marks are read again from the story, and the player is told how many of its choices are
no longer counted as decisions. A save of format 1 or 2 is matched to the choices by position, and when the story
has been edited since, the player is told that its path may no longer mean what it meant."""
OLDEST_READABLE = 1
"""The oldest format this code can still read."""
AUTOSAVE = "autosave"
"""The full-screen game's autosave, behind Continue; older games rotate to ``autosave-2`` … ``autosave-10``."""
PLAIN_AUTOSAVE = "plain-autosave"
"""Plain mode's own autosave: a game played line by line never replaces the full-screen game's."""
AUTOPLAY_SAVE = "autoplay"
"""Where ``--auto`` runs keep their state: never Continue's."""
AUTOSAVE_BASES = (AUTOSAVE, PLAIN_AUTOSAVE, AUTOPLAY_SAVE)
KEPT_AUTOSAVES = 10
"""How many games each front end's autosave keeps: the current one and nine before it."""
MAX_SLOT_NAME = 64
MAX_SAVE_BYTES = 16 * 1024 * 1024
SUFFIX = ".json"
_EARLIEST, _LATEST = datetime(2, 1, 1, tzinfo=UTC), datetime(9998, 12, 31, tzinfo=UTC)
"""Save dates outside these are shown as unknown: a day nearer year 1 or 9999 overflows in local time."""
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


class SlotInfo(NamedTuple):  # not a dataclass: it is defined before the first frame, in a fifth of the time
    """What a load screen shows for one slot; ``problem`` is set when the file is broken."""

    name: str
    """The slot name."""
    saved_at: datetime | None = None
    """When it was written (None when unreadable)."""
    chapter: str = ""
    """The chapter title at the time of saving."""
    scene: str = ""
    """The scene title at the time of saving."""
    steps: int = 0
    """How many choices had been made."""
    problem: str = ""
    """Why the save cannot be loaded; empty for a healthy save."""


class Loaded(NamedTuple):  # not a dataclass: it is defined before the first frame, in a fifth of the time
    """A save read back: the state, its slot, and what had to be repaired (if anything)."""

    state: GameState
    info: SlotInfo
    messages: tuple[str, ...] = ()


def check_slot_name(name: str) -> str:
    """The name if it can be a slot; SlotNameError saying why not otherwise."""
    if not isinstance(name, str) or not name.strip():
        raise SlotNameError("a save name cannot be empty")
    if len(name) > MAX_SLOT_NAME:
        raise SlotNameError(f"a save name can be at most {MAX_SLOT_NAME} characters (this one has {len(name)})")
    for char in name:
        if not (char.isalnum() or char in " _-.") or unicodedata.category(char).startswith("C"):
            shown = repr(char) if not char.isprintable() else f"“{char}”"
            raise SlotNameError(f"a save name cannot contain {shown}: use letters, digits, spaces, _ - and .")
    if name != name.strip() or name.startswith(".") or name.endswith("."):
        raise SlotNameError("a save name cannot start or end with a space or a dot")
    if name.lower().split(".")[0] in _WINDOWS_RESERVED:
        raise SlotNameError(f"“{name}” is a reserved file name on some systems: choose another")
    return name


def rotated_names(base: str) -> list[str]:
    """An autosave and the older games kept behind it, newest first: ``autosave``, ``autosave-2`` …"""
    return [base, *(f"{base}-{number}" for number in range(2, KEPT_AUTOSAVES + 1))]


def autosave_base(name: str) -> str | None:
    """The autosave a slot belongs to (``autosave-3`` -> ``autosave``), or None for a slot the player named."""
    for base in AUTOSAVE_BASES:
        if name.casefold() == base:
            return base
        head, dash, number = name.casefold().rpartition("-")
        if dash and head == base and number.isdigit() and str(int(number)) == number and int(number) >= 2:
            return base
    return None


class SaveStore:
    """The save slots in one folder."""

    def __init__(self, folder: Path, clock: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self.folder = Path(folder)
        self.clock = clock

    def claim(self) -> str:
        """Take the folder for this game (``game.play.folder_lock``): "" when it may save, else why not."""
        return claim(self.folder)

    def path(self, name: str) -> Path:
        """The file of a slot (the name is checked first)."""
        return self.folder / (check_slot_name(name) + SUFFIX)

    def save(self, name: str, state: GameState, story: Story) -> SlotInfo:
        """Write a slot atomically; SaveError with a plain reason when the disk refuses or another game has it."""
        from game.play.reconcile import path_identities

        target = self.path(name)
        info = _summary(name, state, story, self.clock())
        document = {
            "format": FORMAT,
            "version": VERSION,
            "readable_from": OLDEST_READABLE,
            "story": {"id": story.id, "title": story.title, "fingerprint": story.fingerprint},
            "saved_at": info.saved_at.isoformat(),
            "summary": {"chapter": info.chapter, "scene": info.scene, "steps": info.steps},
            "state": state.to_json(),
            "choice_ids": path_identities(story, state),
        }
        data = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
        try:
            check_path_length(target)
            self.folder.mkdir(parents=True, exist_ok=True)
            refusal = claim(self.folder)
            if refusal:
                raise SaveError(refusal)
            write_atomically(target, data)
        except OSError as exc:
            raise SaveError(f"could not save to {self.folder}: {exc.strerror or exc}") from None
        return info

    def load(self, name: str, story: Story) -> Loaded:
        """Read a slot and fit it to the story; a specific SaveError when it cannot be used."""
        from game.play.reconcile import fit_to_story

        document, state = self._read_state(name, story)
        marks = [step.historical for step in state.path]
        state, messages = fit_to_story(story, state, _saved_identities(document))
        if document["version"] < 2 and marks != [step.historical for step in state.path]:
            before, after = sum(mark is not None for mark in marks), sum(step.is_decision for step in state.path)
            messages.append(
                f"this save was made before history was marked by `decision:` (save format {document['version']}): "
                f"its history marks are read again from the story ({before} of its choices counted as decisions, "
                f"now {after})"
            )
        edited = document["story"].get("fingerprint") != story.fingerprint
        if edited and document["version"] < 3 and state.path:
            messages.append(
                f"this save (format {document['version']}) remembers its choices by their place in each scene, "
                "and the story has been edited since: if choices were reordered, its path no longer means what "
                "it meant (saves made now remember each choice by its id or text)"
            )
        if edited and not messages:
            messages.append("the story has been edited since this save; everything still fits")
        return Loaded(state, _info_from(name, document), tuple(messages))

    def _read_state(self, name: str, story: Story | None) -> tuple[dict[str, Any], GameState]:
        # The state's module is imported at the first save read, not with this one: a title screen with no
        # save to continue is painted without it (bench row startup_headless).
        from game.play.state import GameState

        document = self._read(self.path(name))
        if story is not None:
            _check_story(document, story)
        try:
            return document, GameState.from_json(document.get("state"))
        except ValueError as exc:
            raise CorruptSave(f"the save “{name}” is damaged: {exc}") from None

    def info(self, name: str, story: Story | None = None) -> SlotInfo:
        """What a load screen shows for one slot; with a story, saves of other stories are broken."""
        try:
            return _info_from(name, self._read_state(name, story)[0])
        except SaveError as exc:
            return SlotInfo(name, problem=str(exc))

    def names(self) -> list[str]:
        """Every slot's name, newest file first, without opening any: one directory listing.

        Summaries are read when shown (the Load screen reads only the rows on screen), so a folder
        of ten thousand slots lists at once.
        """
        found: list[tuple[float, str]] = []
        try:
            with os.scandir(self.folder) as entries:
                for entry in entries:
                    name = entry.name[: -len(SUFFIX)]
                    if not entry.name.endswith(SUFFIX) or not _is_slot_name(name):
                        continue  # not a file Jangal wrote
                    try:
                        found.append((entry.stat().st_mtime, name))
                    except OSError:
                        found.append((0.0, name))
        except OSError:
            return []
        return [name for _, name in sorted(found, key=lambda item: (-item[0], item[1]))]

    def slots(self, story: Story | None = None) -> list[SlotInfo]:
        """Every slot in the folder, newest first; broken ones included, with their problem."""
        infos = [self.info(name, story) for name in self.names()]
        oldest = datetime.min.replace(tzinfo=UTC)
        return sorted(infos, key=lambda info: info.saved_at or oldest, reverse=True)

    def latest(
        self, story: Story | None = None, others: tuple[str, ...] = (PLAIN_AUTOSAVE, AUTOPLAY_SAVE)
    ) -> SlotInfo | None:
        """The most recent healthy slot, for Continue; the autosaves of the ``others`` front ends are passed over.

        Slots are opened newest file first until a healthy one turns up, not all of them.
        """
        for name in self.names():
            if autosave_base(name) in others:
                continue
            info = self.info(name, story)
            if not info.problem:
                return info
        return None

    def rotate(self, base: str) -> None:
        """Make room for a new game's autosave: ``base`` becomes ``base-2``, and so on; the oldest goes."""
        names = rotated_names(base)
        try:
            for older, newer in zip(reversed(names[1:]), reversed(names[:-1]), strict=True):
                source = self.path(newer)
                if source.is_file():
                    os.replace(source, self.path(older))
        except OSError as exc:
            raise SaveError(f"could not keep the earlier autosave in {self.folder}: {exc.strerror or exc}") from None

    def delete(self, name: str) -> None:
        """Remove a slot."""
        try:
            self.path(name).unlink()
        except FileNotFoundError:
            raise SaveNotFound(f"there is no save called “{name}”") from None
        except OSError as exc:
            raise SaveError(f"could not delete “{name}”: {exc.strerror or exc}") from None

    def _read(self, path: Path) -> dict[str, Any]:
        name = path.name[: -len(SUFFIX)]
        try:
            data = read_limited(path, MAX_SAVE_BYTES)
        except TooLarge:
            raise CorruptSave(f"the save “{name}” is too large to be a Jangal save") from None
        except FileNotFoundError:
            raise SaveNotFound(f"there is no save called “{name}”") from None
        except OSError as exc:
            raise SaveError(f"could not read “{name}”: {exc.strerror or exc}") from None
        try:
            document = json.loads(data.decode("utf-8-sig"))  # an editor may have added a byte-order mark
        except (ValueError, RecursionError):  # not UTF-8, not JSON, or a number too long for Python to read
            raise CorruptSave(f"the save “{name}” is damaged: it is not readable JSON") from None
        return _check_format(name, document)


def _is_slot_name(name: str) -> bool:
    try:
        check_slot_name(name)
    except SlotNameError:
        return False
    return True


def write_atomically(target: Path, data: bytes) -> None:
    """Write a file so that it is either the old one or the new one, never half of each."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (not possible on every system, hence the guard)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _check_format(name: str, document: Any) -> dict[str, Any]:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise CorruptSave(f"“{name}” is not a Jangal save")
    version, readable_from = document.get("version"), document.get("readable_from")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (version, readable_from)):
        raise CorruptSave(f"the save “{name}” is damaged: its format version is missing")
    if readable_from > VERSION:
        raise TooNewSave(
            f"the save “{name}” was made by a newer Jangal (format {version}, readable from {readable_from}; "
            f"this version reads up to {VERSION}): update Jangal to load it"
        )
    if version < OLDEST_READABLE:
        raise TooNewSave(
            f"the save “{name}” uses format {version}, but the oldest this Jangal reads is {OLDEST_READABLE}"
        )
    story = document.get("story")
    if not isinstance(story, dict) or not isinstance(story.get("id"), str):
        raise CorruptSave(f"the save “{name}” is damaged: it does not say which story it belongs to")
    return document


def _saved_identities(document: dict[str, Any]) -> list[str | None]:
    """What a save remembers each step's choice by (nothing for a save before format 3: it has positions only)."""
    identities = document.get("choice_ids")
    if document["version"] < 3 or not isinstance(identities, list):
        return []
    return [identity if isinstance(identity, str) else None for identity in identities]


def _check_story(document: dict[str, Any], story: Story) -> None:
    saved = document["story"]
    if saved["id"] != story.id:
        title = saved.get("title") if isinstance(saved.get("title"), str) else saved["id"]
        raise ForeignSave(f"this save belongs to another story, “{title}”, not “{story.title}”")


def _summary(name: str, state: GameState, story: Story, now: datetime) -> SlotInfo:
    scene = story.scenes[state.scene]
    chapter = story.chapters.get(scene.chapter)
    return SlotInfo(name, now, chapter.title if chapter else scene.chapter, scene.title, len(state.path))


def _moment(value: Any) -> datetime | None:
    """When a save was written; None when unreadable, or so near year 1 or 9999 that local time would overflow."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment if _EARLIEST <= moment <= _LATEST else None


def _info_from(name: str, document: dict[str, Any]) -> SlotInfo:
    summary = document.get("summary") if isinstance(document.get("summary"), dict) else {}
    saved_at = _moment(document.get("saved_at", ""))

    def text(key: str) -> str:
        value = summary.get(key, "")
        return printable(value) if isinstance(value, str) else ""  # shown on the Load screen and by `check --saves`

    steps = summary.get("steps", 0)
    return SlotInfo(name, saved_at, text("chapter"), text("scene"), steps if isinstance(steps, int) else 0)
