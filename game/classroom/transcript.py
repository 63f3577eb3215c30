"""Transcripts: the record of one game's path that a teacher can check.

A transcript names the story version (its fingerprint), the chapter the game began in, the
choices made (scene id and choice index, in order) and the student's name; one played in a
translation also names its language and the translation's fingerprint (``translation_fingerprint``). From these the
engine replays the whole game, so nothing else needs to be stored; the verification code is a
digest of them. Rendering lives in ``game.classroom.render``, checking in
``game.classroom.verify``. This module imports no UI.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from game import __version__
from game.play.engine import Engine
from game.play.language import _, local_digits
from game.play.state import GameState
from game.story.model import Story
from game.story.problems import ChoiceError
from game.story.strings import story_strings

FORMAT = "jangal-transcript"
VERSION = 2
"""The transcript format this code writes for a game in the story's own language; bump it when rendering changes.

Changelog: 1, the first; 2, texts show the paragraphs the player's path selects, and history is spoken of
only at scenes with ``decision:`` (quoting it); 3 (``TRANSLATED_VERSION``), a transcript played in a
translation: format 2 with its language and the translation's fingerprint in the data, both sealed in its
code. A transcript in English is still written as format 2, which it is unchanged from, so a Jangal that
knows no translations still verifies it, and says of a Persian one that a newer Jangal wrote it. A
format-1 transcript is still read: its code is checked as format 1 wrote it, and its text compared with
what this code writes (see ``verify``)."""
TRANSLATED_VERSION = 3
"""The format of a transcript played in a translation, the newest this code reads."""
ORIGINAL = "en"
"""The language stories are written in; a transcript in it names no language."""
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?")
CODE_PREFIX = "JG"
MAX_NAME = 80


class ReplayError(Exception):
    """A path that the story does not allow: the message says which choice and why."""


@dataclass(frozen=True, slots=True)
class Pick:
    """One choice of a transcript: the scene it was made in and the choice's index there."""

    scene: str
    index: int


@dataclass(frozen=True, slots=True)
class Transcript:
    """What a transcript certifies; everything else in it is replayed from the story."""

    story_id: str
    story_title: str
    fingerprint: str
    origin: str | None
    """The chapter the game began in (chapter select), None for the start of the story."""
    picks: tuple[Pick, ...]
    name: str = ""
    """The student's name; empty when none was given."""
    jangal: str = __version__
    """The Jangal version that exported it (rendering may differ between versions)."""
    version: int = VERSION
    """The transcript format it was written in (part of its code)."""
    language: str = ORIGINAL
    """The language it was played and written in (``fa``: Persian)."""
    translation: str = ""
    """The fingerprint of the translation its texts come from ("" in the story's own language)."""

    @property
    def code(self) -> str:
        """The verification code of this transcript."""
        return verification_code(
            self.fingerprint,
            self.story_id,
            self.origin,
            self.picks,
            self.name,
            self.version,
            language=self.language,
            translation=self.translation,
        )

    @property
    def shown_name(self) -> str:
        """The name as a heading shows it."""
        return self.name or "(no name given)"

    def to_json(self) -> dict[str, Any]:
        """The machine-readable block embedded in every transcript."""
        translated = {"language": self.language, "translation": self.translation} if self.translated else {}
        return {
            "format": FORMAT,
            "version": self.version,
            "jangal": self.jangal,
            "story": {"id": self.story_id, "title": self.story_title, "fingerprint": self.fingerprint},
            **translated,
            "origin": self.origin,
            "name": self.name,
            "choices": [[pick.scene, pick.index] for pick in self.picks],
            "code": self.code,
        }

    @property
    def translated(self) -> bool:
        """True when it was played in a translation, not in the story's own language."""
        return self.language != ORIGINAL


def clean_name(name: str | None) -> str:
    """A student name fit for a transcript: one line of printable text; ValueError saying why not."""
    name = unicodedata.normalize("NFC", (name or "").strip())
    if len(name) > MAX_NAME:
        too_long = _("a name can be at most {most} characters (this one has {count})")
        raise ValueError(too_long.format(most=local_digits(str(MAX_NAME)), count=local_digits(str(len(name)))))
    if any(unicodedata.category(char).startswith("C") for char in name):
        raise ValueError(_("a name cannot contain line breaks or control characters"))
    return name


def transcript_of(story: Story, state: GameState, name: str = "", language: str = ORIGINAL) -> Transcript:
    """The transcript of a game state's path in a story (``story`` translated into ``language`` already)."""
    picks = tuple(Pick(step.scene, step.choice) for step in state.path)
    if language == ORIGINAL:
        return Transcript(story.id, story.title, story.fingerprint, state.origin, picks, clean_name(name))
    return Transcript(
        story.id,
        story.title,
        story.fingerprint,
        state.origin,
        picks,
        clean_name(name),
        version=TRANSLATED_VERSION,
        language=language,
        translation=translation_fingerprint(story),
    )


def translation_fingerprint(story: Story) -> str:
    """16 hex digits of a SHA-256 over every text of a translated story with its identity.

    A translation file edited since a transcript was written shows here, even where the English did not
    change (the story's own fingerprint); a text left in English counts as it is.
    """
    texts = [[item.id, item.text] for item in story_strings(story)]
    return hashlib.sha256(json.dumps(texts, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def verification_code(
    fingerprint: str,
    story_id: str,
    origin: str | None,
    picks: tuple[Pick, ...],
    name: str,
    version: int = VERSION,
    *,
    language: str = ORIGINAL,
    translation: str = "",
) -> str:
    """``JG-XXXX-XXXX-XXXX``: 60 bits of a SHA-256 over everything the transcript certifies.

    Base32 has no 0, 1, 8 or 9, so the code reads aloud and copies by hand without confusion.
    The code detects edits; it is not a secret, so it proves consistency, not authorship.
    """
    payload = json.dumps(
        {
            "fingerprint": fingerprint,
            "story": story_id,
            "origin": origin,
            "choices": [[pick.scene, pick.index] for pick in picks],
            "name": name,
            **({"language": language, "translation": translation} if language != ORIGINAL else {}),
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    digest = hashlib.sha256(f"{FORMAT}-{version}\0{payload}".encode()).digest()
    letters = base64.b32encode(digest).decode("ascii")[:12]
    return "-".join([CODE_PREFIX, letters[0:4], letters[4:8], letters[8:12]])


def replay(story: Story, origin: str | None, picks: tuple[Pick, ...]) -> GameState:
    """Play the picks from the start (or the chapter); ReplayError naming the first that does not fit.

    The work is linear in the number of picks (``Engine.follow``): a transcript may hold very many.
    """
    engine = Engine(story)
    try:
        state = engine.new_game(origin)
    except ChoiceError as exc:
        raise ReplayError(f"the game began at a chapter the story does not have ({exc})") from None
    try:
        return engine.follow(state, ((pick.scene, pick.index) for pick in picks))
    except ChoiceError as exc:
        raise ReplayError(str(exc)) from None


@dataclass(frozen=True, slots=True)
class Embedded:
    """The data block read back from a file: the transcript and the code it claims."""

    transcript: Transcript
    code: str
    version: int


def from_json(data: Any) -> Embedded:
    """Read a data block; ValueError naming what is missing or malformed."""
    _expect(isinstance(data, dict) and data.get("format") == FORMAT, "it is not Jangal transcript data")
    version = data.get("version")
    _expect(isinstance(version, int) and not isinstance(version, bool), "its format version is missing")
    story = data.get("story")
    _expect(isinstance(story, dict), "it does not say which story it belongs to")
    origin = data.get("origin")
    _expect(origin is None or _is_text(origin), "its starting chapter is not a chapter id")
    transcript = Transcript(
        story_id=_text(story.get("id"), "the story id"),
        story_title=_text(story.get("title"), "the story title"),
        fingerprint=_text(story.get("fingerprint"), "the story fingerprint"),
        origin=origin,
        picks=_picks(data.get("choices")),
        name=_text(data.get("name", ""), "the name", allow_empty=True),
        jangal=_text(data.get("jangal"), "the Jangal version"),
        version=version,
        **_language(data, version),
    )
    return Embedded(transcript, _text(data.get("code"), "the verification code"), version)


def _language(data: dict, version: int) -> dict[str, str]:
    """The language and translation fields of a transcript in a translation; none for one in English."""
    if "language" not in data:
        return {}
    language = data.get("language")
    _expect(isinstance(language, str) and LANGUAGE_CODE.fullmatch(language) is not None, "its language is not a code")
    if language == ORIGINAL:
        return {}
    _expect(version >= TRANSLATED_VERSION, f"format {version} has no language other than English")
    return {"language": language, "translation": _text(data.get("translation"), "the translation's fingerprint")}


def _picks(value: Any) -> tuple[Pick, ...]:
    _expect(isinstance(value, list), "its choices are not a list")
    picks = []
    for item in value:
        _expect(
            isinstance(item, list) and len(item) == 2 and _is_text(item[0]) and _is_index(item[1]),
            "a choice is not a [scene, number] pair",
        )
        picks.append(Pick(item[0], item[1]))
    return tuple(picks)


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value)


def _is_index(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _text(value: Any, what: str, *, allow_empty: bool = False) -> str:
    _expect(isinstance(value, str) and (allow_empty or bool(value)), f"{what} is missing or not text")
    return value
