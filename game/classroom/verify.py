"""Checking a transcript: is it exactly what Jangal wrote for a game that can really be played?

The embedded data names the story version, the starting chapter, the choices and the name.
Verifying recomputes the verification code, then replays those choices on the engine (in time
linear in their number), then writes the whole document again from the replay and compares it
with the file. So an edit anywhere, in the data block or in the visible text ("followed history",
the ending, the name), is caught. A transcript played in a translation is written again in its
language, from the story translated as it is now (``game.classroom.editions``); when the translation
has changed since, and the text with it, the verdict says so rather than call the transcript edited.
Messages are in the language the teacher chose (``game.play.language``).
No UI is imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from game import __version__
from game.classroom.contents import LongerThanLimit, NoTranscriptData, extract
from game.classroom.editions import Edition, Editions
from game.classroom.render import render
from game.classroom.transcript import (
    TRANSLATED_VERSION,
    VERSION,
    Embedded,
    ReplayError,
    Transcript,
    clean_name,
    from_json,
    replay,
)
from game.classroom.words import words_in
from game.play.language import _, local_digits
from game.play.language import language as language_code
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
        """One line for the terminal: ``genuine: ...`` or ``not genuine: <reason>`` (in the teacher's language)."""
        if not self.genuine:
            return f"{status_word(self.status)}: {self.reason}"
        transcript, state = self.transcript, self.state
        count = len(transcript.picks)
        scene = story.scenes[state.scene]
        words = words_in(language_code())
        if scene.ending is not None:
            kind = _("historical") if scene.ending.kind.value == "historical" else _("divergent")
            ending = _("ending “{ending}” ({kind})").format(ending=scene.ending.title, kind=kind)
        else:
            ending = _("ending not reached (the game stands at “{scene}”)").format(scene=scene.title)
        choices = (_("{count} choice") if count == 1 else _("{count} choices")).format(count=local_digits(str(count)))
        name = transcript.name or _("(no name given)")
        line = _("genuine: {name}, {choices}, {ending}, story “{title}” {version}").format(
            name=name, choices=choices, ending=ending, title=story.title, version=story.fingerprint[:8]
        )
        if not transcript.translated:
            return line
        return _("{verdict}, played in {language}").format(verdict=line, language=words.name(transcript.language))


def status_word(status: Status) -> str:
    """``genuine``, ``not genuine`` or ``cannot verify`` in the teacher's language."""
    words = {
        Status.GENUINE: _("genuine"),
        Status.NOT_GENUINE: _("not genuine"),
        Status.CANNOT_VERIFY: _("cannot verify"),
    }
    return words[status]


class UnreadableTranscript(Exception):
    """A file that cannot be read as text: missing, a folder, a pipe or device, too large, not UTF-8."""


def read_transcript_file(path: Path) -> str:
    """A transcript file's text; UnreadableTranscript with a plain reason when it cannot be read."""
    try:
        data = read_limited(path, MAX_TRANSCRIPT_BYTES)
    except NotAFile as exc:
        raise UnreadableTranscript(
            _("{path} is not a transcript file: {reason}").format(path=path, reason=exc)
        ) from None
    except TooLarge:
        raise UnreadableTranscript(_("{path} is too large to be a Jangal transcript").format(path=path)) from None
    except FileNotFoundError:
        raise UnreadableTranscript(_("there is no file {path}").format(path=path)) from None
    except OSError as exc:
        reason = exc.strerror or exc
        raise UnreadableTranscript(_("could not read {path}: {reason}").format(path=path, reason=reason)) from None
    return decode_transcript(data, str(path))


def decode_transcript(data: bytes, shown: str) -> str:
    """A transcript's bytes as text (a byte-order mark dropped); UnreadableTranscript when not UTF-8.

    ``shown`` is how the message names the file: a path, or a member of a zip.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableTranscript(_("{file} is not a text file (it is not UTF-8)").format(file=shown)) from None


def verify_file(story: Story, path: Path, editions: Editions | None = None) -> Verification:
    """Verify a transcript file against a story (``editions``: the story in other languages, for translated ones)."""
    try:
        text = read_transcript_file(path)
    except UnreadableTranscript as exc:
        return Verification(Status.CANNOT_VERIFY, str(exc))
    return verify_text(story, text, editions)


def verify_text(story: Story, text: str, editions: Editions | None = None) -> Verification:
    """Verify a transcript's text against a story: data, story version, code, replay, then every character.

    ``story`` is the story as written; a transcript played in a translation is written again from its
    edition in ``editions`` (without one, it cannot be verified).
    """
    text = "\n".join(normalized_lines(text))  # what mail and editors change silently is not an edit
    try:
        fmt, data = extract(text)
    except NoTranscriptData:
        reason = _("it is not a Jangal transcript: it holds no transcript data (was it re-saved?)")
        return Verification(Status.CANNOT_VERIFY, reason)
    except ValueError as exc:
        return Verification(Status.NOT_GENUINE, str(exc))
    try:
        embedded = from_json(data)
    except ValueError as exc:
        return Verification(Status.NOT_GENUINE, _("its data block is damaged: {reason}").format(reason=exc))
    refusal = _story_refusal(story, embedded)
    if refusal is not None:
        return refusal
    transcript = embedded.transcript
    # The code is checked before the replay: it is cheap, and an edited block is refused without playing it.
    if embedded.code != transcript.code or not _name_is_clean(transcript.name):
        reason = _("its verification code does not match its data: the data block was edited")
        return Verification(Status.NOT_GENUINE, reason, transcript)
    if len(transcript.picks) * MIN_CHARACTERS_PER_CHOICE > len(text):
        return Verification(Status.NOT_GENUINE, _too_many_choices(transcript, len(text)), transcript)
    edition = (editions or Editions(story)).get(transcript.language)
    if edition is None or not edition.translated:
        return Verification(Status.CANNOT_VERIFY, _no_edition(transcript), transcript)
    try:
        state = replay(edition.story, transcript.origin, transcript.picks)
    except ReplayError as exc:
        reason = _("its choices cannot be played in this story: {reason}").format(reason=exc)
        return Verification(Status.NOT_GENUINE, reason, transcript)
    try:
        expected = render(edition.story, transcript, state, fmt, limit=2 * len(text) + 4096)
    except LongerThanLimit:
        reason = _("its text is far shorter than the game its data records")
        return Verification(Status.NOT_GENUINE, reason, transcript)
    return _compare(text, expected, transcript, state, edition)


def _no_edition(transcript: Transcript) -> str:
    language = words_in(language_code()).name(transcript.language)
    return _(
        "it was played in {language}, and this story has no {language} translation here to write it again from "
        "(translations/{code}.po in the story's folders)"
    ).format(language=language, code=transcript.language)


def _too_many_choices(transcript: Transcript, length: int) -> str:
    count = len(transcript.picks)
    return _(
        "its data block records {count} choices, more than a text of {length} characters can show "
        "(each choice takes at least {least} characters)"
    ).format(count=f"{count:,}", length=f"{length:,}", least=MIN_CHARACTERS_PER_CHOICE)


def _name_is_clean(name: str) -> bool:
    """True when the name is one Jangal would have written (one line, not too long, normalised)."""
    try:
        return clean_name(name) == name
    except ValueError:
        return False


def _story_refusal(story: Story, embedded: Embedded) -> Verification | None:
    """Why a transcript cannot be checked against this story, or None when it belongs to it."""
    transcript = embedded.transcript
    if embedded.version > TRANSLATED_VERSION:
        reason = _(
            "it was written by a newer Jangal ({jangal}, transcript format {version}): verify it with that version"
        ).format(jangal=transcript.jangal, version=embedded.version)
        return Verification(Status.CANNOT_VERIFY, reason, transcript)
    if transcript.story_id != story.id:
        reason = _("it belongs to another story, “{theirs}”, not “{ours}”").format(
            theirs=transcript.story_title, ours=story.title
        )
        return Verification(Status.CANNOT_VERIFY, reason, transcript)
    if transcript.fingerprint != story.fingerprint:
        reason = _(
            "it belongs to another version of the story: it was made with version {theirs}, the story here is "
            "version {ours}; verify it with the story files it was made with"
        ).format(theirs=transcript.fingerprint[:8], ours=story.fingerprint[:8])
        return Verification(Status.CANNOT_VERIFY, reason, transcript)
    return None


def normalized_lines(text: str) -> list[str]:
    """The lines of a text, ignoring what editors and mail change silently: line endings and trailing spaces."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _compare(text: str, expected: str, transcript: Transcript, state: GameState, edition: Edition) -> Verification:
    """Genuine when the file reads exactly as the replayed game; otherwise say where it differs."""
    found, wanted = normalized_lines(text), normalized_lines(expected)
    if found == wanted:
        return Verification(Status.GENUINE, "", transcript, state)
    difference = first_difference(found, wanted)
    if transcript.version < VERSION:
        reason = _(
            "it was written in transcript format {version} by Jangal {jangal}, before texts followed the player's "
            "path and history was marked with `decision:`; its code and choices fit this story, but its text is "
            "not what this Jangal writes ({difference}): verify it with Jangal {jangal}"
        ).format(version=transcript.version, jangal=transcript.jangal, difference=difference)
        return Verification(Status.CANNOT_VERIFY, reason, transcript)
    if transcript.translation != edition.translation:
        language = words_in(language_code()).name(transcript.language)
        reason = _(
            "its {language} translation has changed since it was written (it was made with translation {theirs}, "
            "the translation here is {ours}), and its text with it ({difference}): verify it with the "
            "translation file it was made with"
        ).format(
            language=language, theirs=transcript.translation[:8], ours=edition.translation[:8], difference=difference
        )
        return Verification(Status.CANNOT_VERIFY, reason, transcript)
    if transcript.jangal != __version__:
        reason = _(
            "its text differs from what this Jangal ({ours}) writes ({difference}); it was exported by Jangal "
            "{theirs}: verify it with that version"
        ).format(ours=__version__, difference=difference, theirs=transcript.jangal)
        return Verification(Status.CANNOT_VERIFY, reason, transcript)
    return Verification(
        Status.NOT_GENUINE, _("its text was changed: {difference}").format(difference=difference), transcript
    )


def first_difference(found: list[str], wanted: list[str]) -> str:
    """Where two texts first differ, quoting both versions of the line."""
    for number, (mine, theirs) in enumerate(zip(found, wanted, strict=False), start=1):
        if mine != theirs:
            shown, replayed = _excerpt(mine, theirs), _excerpt(theirs, mine)
            return _("line {number} reads “{shown}” where the game it records gives “{replayed}”").format(
                number=number, shown=shown, replayed=replayed
            )
    if len(found) > len(wanted):
        return _("line {number} and after were added (“{added}”)").format(
            number=len(wanted) + 1, added=_excerpt(found[len(wanted)], "")
        )
    return _("it stops at line {number}, before the end of the game it records").format(number=len(found))


def _excerpt(line: str, other: str) -> str:
    """The part of a line around where it first differs from another."""
    start = next((i for i, (a, b) in enumerate(zip(line, other, strict=False)) if a != b), min(len(line), len(other)))
    begin = max(0, start - SHOWN_DIFFERENCE // 3)
    excerpt = line[begin : begin + SHOWN_DIFFERENCE]
    return ("…" if begin else "") + excerpt + ("…" if begin + SHOWN_DIFFERENCE < len(line) else "")
