"""Checking a transcript: is it exactly what Jangal wrote for a game that can really be played?

The embedded data names the story version, the starting chapter, the choices and the name.
Verifying recomputes the verification code, then replays those choices on the engine (in time
linear in their number), then writes the whole document again from the replay and compares it
with the file. So an edit anywhere, in the data block or in the visible text ("followed history",
the ending, the name), is caught.
No UI is imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from game import __version__
from game.classroom.contents import LongerThanLimit, NoTranscriptData, extract
from game.classroom.render import render
from game.classroom.transcript import VERSION, Embedded, ReplayError, Transcript, clean_name, from_json, replay
from game.play.state import GameState
from game.story.model import Story
from game.story.safe_files import NotAFile, TooLarge, read_limited

MAX_TRANSCRIPT_BYTES = 8 * 1024 * 1024
"""Far above any real transcript (the whole campaign is about 0.3 MB of HTML)."""
MIN_CHARACTERS_PER_CHOICE = 48
"""Fewer characters than any choice takes in a transcript Jangal writes (its data line, its heading, "You
chose", its verdict): a data block with more choices than the text has room for is refused unplayed."""
SHOWN_DIFFERENCE = 60
"""How many characters of a changed line a message quotes."""


class Status(StrEnum):
    """The verdict on a transcript."""

    GENUINE = "genuine"
    NOT_GENUINE = "not genuine"
    """Edited, or not something Jangal could have written for this story."""
    CANNOT_VERIFY = "cannot verify"
    """Unreadable, not a transcript, or made with another story or Jangal version."""


@dataclass(frozen=True, slots=True)
class Verification:
    """What verifying found; ``transcript`` and ``state`` are set when the data could be read."""

    status: Status
    reason: str = ""
    transcript: Transcript | None = None
    state: GameState | None = None

    @property
    def genuine(self) -> bool:
        """True when the transcript is exactly what Jangal wrote for a playable game."""
        return self.status is Status.GENUINE

    def line(self, story: Story) -> str:
        """One line for the terminal: ``genuine: ...`` or ``not genuine: <reason>``."""
        if not self.genuine:
            return f"{self.status.value}: {self.reason}"
        transcript, state = self.transcript, self.state
        count = len(transcript.picks)
        scene = story.scenes[state.scene]
        if scene.ending is not None:
            ending = f"ending “{scene.ending.title}” ({scene.ending.kind.value})"
        else:
            ending = f"ending not reached (the game stands at “{scene.title}”)"
        choices = f"{count} choice{'' if count == 1 else 's'}"
        return f"genuine: {transcript.shown_name}, {choices}, {ending}, story “{story.title}” {story.fingerprint[:8]}"


class UnreadableTranscript(Exception):
    """A file that cannot be read as text: missing, a folder, a pipe or device, too large, not UTF-8."""


def read_transcript_file(path: Path) -> str:
    """A transcript file's text; UnreadableTranscript with a plain reason when it cannot be read."""
    try:
        data = read_limited(path, MAX_TRANSCRIPT_BYTES)
    except NotAFile as exc:
        raise UnreadableTranscript(f"{path} is not a transcript file: {exc}") from None
    except TooLarge:
        raise UnreadableTranscript(f"{path} is too large to be a Jangal transcript") from None
    except FileNotFoundError:
        raise UnreadableTranscript(f"there is no file {path}") from None
    except OSError as exc:
        raise UnreadableTranscript(f"could not read {path}: {exc.strerror or exc}") from None
    return decode_transcript(data, str(path))


def decode_transcript(data: bytes, shown: str) -> str:
    """A transcript's bytes as text (a byte-order mark dropped); UnreadableTranscript when not UTF-8.

    ``shown`` is how the message names the file: a path, or a member of a zip.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableTranscript(f"{shown} is not a text file (it is not UTF-8)") from None


def verify_file(story: Story, path: Path) -> Verification:
    """Verify a transcript file against a story."""
    try:
        text = read_transcript_file(path)
    except UnreadableTranscript as exc:
        return Verification(Status.CANNOT_VERIFY, str(exc))
    return verify_text(story, text)


def verify_text(story: Story, text: str) -> Verification:
    """Verify a transcript's text against a story: data, story version, code, replay, then every character."""
    text = "\n".join(normalized_lines(text))  # what mail and editors change silently is not an edit
    try:
        fmt, data = extract(text)
    except NoTranscriptData:
        return Verification(
            Status.CANNOT_VERIFY, "it is not a Jangal transcript: it holds no transcript data (was it re-saved?)"
        )
    except ValueError as exc:
        return Verification(Status.NOT_GENUINE, str(exc))
    try:
        embedded = from_json(data)
    except ValueError as exc:
        return Verification(Status.NOT_GENUINE, f"its data block is damaged: {exc}")
    refusal = _story_refusal(story, embedded)
    if refusal is not None:
        return refusal
    transcript = embedded.transcript
    # The code is checked before the replay: it is cheap, and an edited block is refused without playing it.
    if embedded.code != transcript.code or not _name_is_clean(transcript.name):
        return Verification(
            Status.NOT_GENUINE, "its verification code does not match its data: the data block was edited", transcript
        )
    if len(transcript.picks) * MIN_CHARACTERS_PER_CHOICE > len(text):
        return Verification(Status.NOT_GENUINE, _too_many_choices(transcript, len(text)), transcript)
    try:
        state = replay(story, transcript.origin, transcript.picks)
    except ReplayError as exc:
        return Verification(Status.NOT_GENUINE, f"its choices cannot be played in this story: {exc}", transcript)
    try:
        expected = render(story, transcript, state, fmt, limit=2 * len(text) + 4096)
    except LongerThanLimit:
        return Verification(Status.NOT_GENUINE, "its text is far shorter than the game its data records", transcript)
    return _compare(text, expected, transcript, state)


def _too_many_choices(transcript: Transcript, length: int) -> str:
    count = len(transcript.picks)
    return (
        f"its data block records {count:,} choices, more than a text of {length:,} characters can show "
        f"(each choice takes at least {MIN_CHARACTERS_PER_CHOICE} characters)"
    )


def _name_is_clean(name: str) -> bool:
    """True when the name is one Jangal would have written (one line, not too long, normalised)."""
    try:
        return clean_name(name) == name
    except ValueError:
        return False


def _story_refusal(story: Story, embedded: Embedded) -> Verification | None:
    """Why a transcript cannot be checked against this story, or None when it belongs to it."""
    transcript = embedded.transcript
    if embedded.version > VERSION:
        return Verification(
            Status.CANNOT_VERIFY,
            f"it was written by a newer Jangal ({transcript.jangal}, transcript format {embedded.version}): "
            "verify it with that version",
            transcript,
        )
    if transcript.story_id != story.id:
        return Verification(
            Status.CANNOT_VERIFY,
            f"it belongs to another story, “{transcript.story_title}”, not “{story.title}”",
            transcript,
        )
    if transcript.fingerprint != story.fingerprint:
        return Verification(
            Status.CANNOT_VERIFY,
            f"it belongs to another version of the story: it was made with version {transcript.fingerprint[:8]}, "
            f"the story here is version {story.fingerprint[:8]}; verify it with the story files it was made with",
            transcript,
        )
    return None


def normalized_lines(text: str) -> list[str]:
    """The lines of a text, ignoring what editors and mail change silently: line endings and trailing spaces."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _compare(text: str, expected: str, transcript: Transcript, state: GameState) -> Verification:
    """Genuine when the file reads exactly as the replayed game; otherwise say where it differs."""
    found, wanted = normalized_lines(text), normalized_lines(expected)
    if found == wanted:
        return Verification(Status.GENUINE, "", transcript, state)
    difference = first_difference(found, wanted)
    if transcript.version < VERSION:
        return Verification(
            Status.CANNOT_VERIFY,
            f"it was written in transcript format {transcript.version} by Jangal {transcript.jangal}, before texts "
            f"followed the player's path and history was marked with `decision:`; its code and choices fit this "
            f"story, but its text is not what this Jangal writes ({difference}): verify it with Jangal "
            f"{transcript.jangal}",
            transcript,
        )
    if transcript.jangal != __version__:
        return Verification(
            Status.CANNOT_VERIFY,
            f"its text differs from what this Jangal ({__version__}) writes ({difference}); it was exported by "
            f"Jangal {transcript.jangal}: verify it with that version",
            transcript,
        )
    return Verification(Status.NOT_GENUINE, f"its text was changed: {difference}", transcript)


def first_difference(found: list[str], wanted: list[str]) -> str:
    """Where two texts first differ, quoting both versions of the line."""
    for number, (mine, theirs) in enumerate(zip(found, wanted, strict=False), start=1):
        if mine != theirs:
            shown, replayed = _excerpt(mine, theirs), _excerpt(theirs, mine)
            return f"line {number} reads “{shown}” where the game it records gives “{replayed}”"
    if len(found) > len(wanted):
        return f"line {len(wanted) + 1} and after were added (“{_excerpt(found[len(wanted)], '')}”)"
    return f"it stops at line {len(found)}, before the end of the game it records"


def _excerpt(line: str, other: str) -> str:
    """The part of a line around where it first differs from another."""
    start = next((i for i, (a, b) in enumerate(zip(line, other, strict=False)) if a != b), min(len(line), len(other)))
    begin = max(0, start - SHOWN_DIFFERENCE // 3)
    excerpt = line[begin : begin + SHOWN_DIFFERENCE]
    return ("…" if begin else "") + excerpt + ("…" if begin + SHOWN_DIFFERENCE < len(line) else "")
