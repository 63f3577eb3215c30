"""Reading a file that someone else may have planted: only a regular file, and never more than a limit.

Every file Jangal reads (story files, saves, settings, transcripts) goes through ``read_limited``.
A named pipe (FIFO) would block the open or the read forever, a device such as /dev/zero would be
read until memory runs out, and a folder named like a file cannot be read at all: each is refused
with a reason that names what it is. The file is opened without blocking and checked on the open
descriptor (``fstat``), so a name swapped for a pipe between a check and the open changes nothing,
and at most ``limit`` bytes are read even if the file grows while it is read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

MAX_PATH_CHARACTERS = 1024
"""The longest path Jangal opens: far above any real one, and below every system's own limit."""
_CHUNK = 1024 * 1024
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


class RefusedFile(OSError):
    """A file Jangal will not read; ``str()`` and ``strerror`` give the reason in plain words."""

    def __init__(self, reason: str):
        super().__init__(errno.EINVAL, reason)

    def __str__(self) -> str:
        return self.strerror


class NotAFile(RefusedFile):
    """The name is a folder, a pipe, a device or a socket, not a regular file."""


class TooLarge(RefusedFile):
    """The file holds more bytes than the limit."""

    def __init__(self, reason: str, limit: int):
        super().__init__(reason)
        self.limit = limit


class PathTooLong(RefusedFile):
    """The path is longer than ``MAX_PATH_CHARACTERS``."""


def check_path_length(path: Path | str) -> None:
    """PathTooLong when a path is longer than Jangal opens."""
    length = len(str(path))
    if length > MAX_PATH_CHARACTERS:
        raise PathTooLong(f"the path is {length:,} characters long, over the limit of {MAX_PATH_CHARACTERS:,}")


def size_text(limit: int) -> str:
    """A limit in words: ``16 MB``, ``64 KB``."""
    if limit >= 1024 * 1024 and limit % (1024 * 1024) == 0:
        return f"{limit // (1024 * 1024)} MB"
    return f"{limit // 1024} KB" if limit >= 1024 else f"{limit} bytes"


def read_limited(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    NotAFile for a folder, pipe, device or socket; TooLarge over the limit; PathTooLong for a path
    over ``MAX_PATH_CHARACTERS``; otherwise the OSError of the system (FileNotFoundError and so on).
    """
    descriptor, size = _open_regular(path)
    try:
        if size > limit:
            raise TooLarge(f"it is {size:,} bytes, over the {size_text(limit)} limit", limit)
        return _read_at_most(descriptor, limit)
    finally:
        os.close(descriptor)


def open_regular(path: Path | str) -> BinaryIO:
    """A regular file opened for reading in binary, for readers that seek (a zip); errors as ``read_limited``."""
    descriptor, _ = _open_regular(path)
    return os.fdopen(descriptor, "rb")


def _open_regular(path: Path | str) -> tuple[int, int]:
    """The open descriptor of a regular file and its size; NotAFile (nothing left open) for anything else."""
    check_path_length(path)
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        details = os.fstat(descriptor)
        if not stat.S_ISREG(details.st_mode):
            kind = next((name for test, name in _KINDS if test(details.st_mode)), "not a regular file")
            raise NotAFile(f"it is {kind}, not a file" if kind.startswith("a ") else f"it is {kind}")
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor, details.st_size


def _read_at_most(descriptor: int, limit: int) -> bytes:
    """Every byte up to ``limit``; TooLarge when there are more (the file grew after ``fstat``)."""
    chunks, total = [], 0
    while True:
        chunk = os.read(descriptor, min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise TooLarge(f"it grew past the {size_text(limit)} limit while it was read", limit)
