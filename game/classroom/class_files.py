"""Finding a class's transcripts: in a folder, its sub-folders and the .zip files there, read safely.

An LMS's bulk download puts each student's hand-in in a folder of its own or in a zip, or is one
zip. Nothing is extracted to disk, and no name found in a folder or a zip is ever used as a path
to open or write: a zip member is read from the archive straight into memory. The bounds are far
above any class and far below what would hurt the laptop:

- a zip is opened only when its end record declares at most ``MAX_MEMBERS`` members and a list of
  members (the central directory) of at most ``MAX_DIRECTORY_BYTES``, and the members really
  found are counted again;
- a transcript member is read only when it declares at most ``MAX_TRANSCRIPT_BYTES``, and is read
  no further than that whatever it declares (a zip bomb declares gigabytes, or lies and fails
  its checksum); all reading stops after ``MAX_TOTAL_BYTES``;
- a zip inside a zip is not opened, and member names that are too long or climb out of the
  archive (``../``, ``/etc/…``, ``C:…``) are refused;
- folders are read ``MAX_DEPTH`` deep, links are not followed, and everything stops after
  ``MAX_ENTRIES`` files and members.

Every name shown is cleaned first (``shown_name``), so a file name cannot drive the terminal.
Hidden files, and the ``__MACOSX`` folder a Mac adds to zips, are skipped.
"""

from __future__ import annotations

import os
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from game.classroom.verify import MAX_TRANSCRIPT_BYTES, UnreadableTranscript, decode_transcript
from game.story.safe_files import TooLarge, open_regular, read_limited

TRANSCRIPT_SUFFIXES = (".md", ".html", ".htm")
MAX_DEPTH = 6
"""Sub-folders below the folder given (an LMS uses one or two)."""
MAX_ENTRIES = 20_000
"""Files, folders and zip members looked at in all."""
MAX_MEMBERS = 5_000
"""Members of one zip."""
MAX_DIRECTORY_BYTES = 4 * 1024 * 1024
"""A zip's list of members: 5,000 members with long names take about 2 MB."""
MAX_TOTAL_BYTES = 512 * 1024 * 1024
"""Transcript bytes read in all (a class of 30 hands in a few MB)."""
MAX_NAME = 300
"""Characters in a zip member's name."""
SHOWN_NAME = 120
"""Characters of a name the report shows."""
END_RECORD, ZIP64_LOCATOR, ZIP64_RECORD = b"PK\x05\x06", b"PK\x06\x07", b"PK\x06\x06"
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a file was found: its path under the folder given and, inside a zip, the member's name."""

    file: str
    """The path from the folder given, parts joined by ``/`` and cleaned for showing; a zip's own path."""
    member: str = ""
    """The member's name inside the zip (cleaned for showing), or empty for a plain file."""

    @property
    def label(self) -> str:
        """``ali/ali.html``, or ``class.zip › ali/ali.html`` for a zip's member."""
        return f"{self.file} › {self.member}" if self.member else self.file

    @property
    def place(self) -> str:
        """The zip or sub-folder it was found in (``.`` for the folder itself), to group sources by."""
        if self.member:
            return self.file
        return self.file.rpartition("/")[0] + "/" if "/" in self.file else "."


@dataclass(frozen=True, slots=True)
class Candidate:
    """A file that may be a transcript: its text, or why it could not be read."""

    source: Source
    text: str = ""
    problem: str = ""
    """Empty when the text was read."""


def shown_name(name: str) -> str:
    """A name made safe to show: control, bidi and unencodable characters become ``?``; long names are cut."""
    cleaned = "".join(
        "?" if unicodedata.category(char) in ("Cc", "Cs") or char in BIDI_CONTROLS else char for char in name
    )
    return cleaned if len(cleaned) <= SHOWN_NAME else cleaned[: SHOWN_NAME - 1] + "…"


def is_transcript_name(name: str) -> bool:
    """True for the suffixes Jangal writes transcripts with."""
    return name.lower().endswith(TRANSCRIPT_SUFFIXES)


def is_zip_name(name: str) -> bool:
    return name.lower().endswith(".zip")


def skipped(name: str) -> bool:
    """Hidden files (``.DS_Store``, ``._x.html``) and the ``__MACOSX`` folder: never anyone's hand-in."""
    return (name.startswith(".") and name not in (".", "..")) or name == "__MACOSX"


class ClassFiles:
    """Walks a folder (or one zip) and yields each possible transcript; counts what it passes over.

    One walk per object: ``ignored`` and the byte and entry counts belong to it.
    """

    def __init__(self) -> None:
        self.ignored = 0
        """Files that are neither transcripts nor zips."""
        self.entries = 0
        self.bytes_read = 0
        self.stopped = False

    def candidates(self, root: Path) -> Iterator[Candidate]:
        """Every possible transcript under ``root`` (a folder or a .zip file), in name order."""
        if root.is_file() and is_zip_name(root.name):
            yield from self._zip(root, shown_name(root.name))
        else:
            yield from self._folder(root, "", 0)

    def _over_budget(self, source: Source) -> Candidate | None:
        """The one candidate that says the walk stopped, the first time a bound is passed."""
        self.entries += 1
        if self.stopped or (self.entries <= MAX_ENTRIES and self.bytes_read <= MAX_TOTAL_BYTES):
            return None
        self.stopped = True
        if self.entries > MAX_ENTRIES:
            what = f"more than {MAX_ENTRIES:,} files"
        else:
            what = f"more than {MAX_TOTAL_BYTES // 2**20} MB of transcripts"
        return Candidate(source, problem=f"stopped here: {what}; the rest was not read")

    def _folder(self, folder: Path, prefix: str, depth: int) -> Iterator[Candidate]:
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as exc:
            yield Candidate(Source(prefix or "."), problem=f"could not read the folder: {exc.strerror or exc}")
            return
        for entry in entries:
            if self.stopped:
                return
            if skipped(entry.name):
                continue
            source = Source(prefix + shown_name(entry.name))
            if (stop := self._over_budget(source)) is not None:
                yield stop
                return
            yield from self._entry(entry, source, depth)

    def _entry(self, entry: os.DirEntry, source: Source, depth: int) -> Iterator[Candidate]:
        if entry.is_symlink():
            if entry.name.lower().endswith((*TRANSCRIPT_SUFFIXES, ".zip")) or entry.is_dir():
                yield Candidate(source, problem="a link: not followed (put the file itself in the folder)")
        elif entry.is_dir():
            if depth >= MAX_DEPTH:
                yield Candidate(source, problem=f"more than {MAX_DEPTH} folders deep: not read")
            else:
                yield from self._folder(Path(entry.path), source.file + "/", depth + 1)
        elif is_zip_name(entry.name):
            yield from self._zip(Path(entry.path), source.file)
        elif is_transcript_name(entry.name):
            yield self._file(Path(entry.path), source)
        else:
            self.ignored += 1

    def _file(self, path: Path, source: Source) -> Candidate:
        try:
            data = read_limited(path, MAX_TRANSCRIPT_BYTES)  # a pipe or device named like a transcript is refused
        except TooLarge:
            return Candidate(source, problem="too large to be a Jangal transcript")
        except OSError as exc:
            return Candidate(source, problem=f"could not be read: {exc.strerror or exc}")
        self.bytes_read += len(data)
        return _decoded(source, data)

    def _zip(self, path: Path, shown: str) -> Iterator[Candidate]:
        """A zip's transcript members, read into memory one at a time; the zip refused whole when it is unsafe."""
        try:
            with open_regular(path) as stream:
                refusal = _directory_refusal(stream)
                if refusal:
                    yield Candidate(Source(shown), problem=refusal)
                    return
                with zipfile.ZipFile(stream) as archive:
                    members = archive.infolist()
                    if len(members) > MAX_MEMBERS:
                        problem = f"it holds {len(members):,} files, more than {MAX_MEMBERS:,}: not read"
                        yield Candidate(Source(shown), problem=problem)
                        return
                    yield from self._members(archive, sorted(members, key=lambda info: info.filename), shown)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
            yield Candidate(Source(shown), problem="not a zip file that can be read (it is damaged, or not a zip)")
        except OSError as exc:
            yield Candidate(Source(shown), problem=f"could not be read: {exc.strerror or exc}")

    def _members(self, archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], shown: str) -> Iterator[Candidate]:
        for info in members:
            if self.stopped:
                return
            name = info.filename
            parts = name.replace("\\", "/").split("/")
            refusal = _member_refusal(name, parts)
            if info.is_dir() or (not refusal and any(skipped(part) for part in parts if part)):
                continue
            source = Source(shown, shown_name(name))
            if (stop := self._over_budget(source)) is not None:
                yield stop
                return
            if refusal:
                yield Candidate(source, problem=refusal)
            elif is_zip_name(name):
                yield Candidate(source, problem="a zip inside a zip: not opened (unzip the outer one first)")
            elif is_transcript_name(name):
                yield self._member(archive, info, source)
            else:
                self.ignored += 1

    def _member(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: Source) -> Candidate:
        """One member's bytes, bounded by its declared size and, whatever it declares, by the largest transcript."""
        if info.file_size > MAX_TRANSCRIPT_BYTES:
            return Candidate(source, problem=f"it would unpack to {info.file_size:,} bytes: too large (a zip bomb?)")
        try:
            with archive.open(info) as member:
                data = member.read(MAX_TRANSCRIPT_BYTES + 1)
        except RuntimeError:  # zipfile's word for an encrypted member
            return Candidate(source, problem="it is encrypted: hand it in without a password")
        except NotImplementedError:
            return Candidate(source, problem="it is compressed in a way Jangal cannot read")
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
            return Candidate(source, problem="it is damaged in the zip (its data does not match its checksum)")
        self.bytes_read += len(data)
        if len(data) > MAX_TRANSCRIPT_BYTES:
            return Candidate(source, problem="it unpacks to more than it declares: not read (a zip bomb?)")
        return _decoded(source, data)


def _decoded(source: Source, data: bytes) -> Candidate:
    try:
        return Candidate(source, decode_transcript(data, "it"))
    except UnreadableTranscript as exc:
        return Candidate(source, problem=str(exc))


def _member_refusal(name: str, parts: list[str]) -> str:
    """Why a member's name is refused: too long, or pointing outside the archive; empty when it is fine."""
    if len(name) > MAX_NAME:
        return f"its name is {len(name):,} characters long: not read"
    if name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":"):
        return "its name points outside the zip: not read"
    return ""


def _directory_refusal(stream: BinaryIO) -> str:
    """Why a zip is not opened, from what its end record declares (as ``zipfile`` would read it), or empty."""
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    tail_start = max(size - (1 << 16) - 22, 0)
    stream.seek(tail_start)
    tail = stream.read()
    at = tail.rfind(END_RECORD)
    if at < 0 or len(tail) - at < 22:
        return "not a zip file that can be read (it is damaged, or not a zip)"
    members, directory = struct.unpack_from("<xxxxxxxxxxHI", tail, at)
    locator = tail_start + at - 20
    if locator >= 56:  # zipfile reads a ZIP64 record wherever a locator stands just before the end record
        stream.seek(locator - 56)
        record = stream.read(76)
        if record[56:60] == ZIP64_LOCATOR and record[:4] == ZIP64_RECORD:
            members, directory = struct.unpack_from("<32xQQ", record)
    if members > MAX_MEMBERS:
        return f"it declares {members:,} files, more than {MAX_MEMBERS:,}: not opened"
    if directory > MAX_DIRECTORY_BYTES:
        return f"its list of files declares {directory:,} bytes, far more than a class needs: not opened"
    return ""
