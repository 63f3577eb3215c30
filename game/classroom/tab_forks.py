"""The server's side of ``jangal serve``'s fork server: one preloaded process, a game forked from it per tab.

Starting a tab's game as a fresh interpreter means importing Textual and loading the story again, for
every tab: two seconds each on a busy two-core machine, thirty times over when a class opens the page.
So the server starts one process at the beginning (``game.cli.tab_zygote``) that imports Textual and the
game and loads the story once, and asks it for each tab's game: it forks, and the child runs the tab's
game on the three pipes the server made for it (its standard input, output and error, as a subprocess's
would be), with the environment the server built for that tab (its save folder's name, its way back).

This module is the server's end: ``TabForks`` starts the preloaded process and asks it for games;
``ForkedGame`` is a game it forked, with what textual-serve's ``AppService`` uses of a subprocess
(``stdin``, ``stdout``, ``stderr``, ``wait``, ``kill``, ``returncode``). The requests go over a Unix
socket in a folder only this user can open; the pipes travel with them (``SCM_RIGHTS``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

READY = b"ready\n"
"""What the preloaded process prints once it listens, with Textual imported and the story loaded."""
START_SECONDS = 60.0
"""How long the server waits for the preloaded process to be ready before it starts games the old way."""
MAX_REQUEST = 256 * 1024
"""The largest request (the tab's environment, as JSON)."""


def zygote_command(scenes: Sequence[Path], saves: Path, socket_path: Path, language: str | None = None) -> list[str]:
    """The preloaded process: this Python (``-P``, as for a tab's game), the story, the save folder and the
    language every tab's game speaks."""
    command = [sys.executable, "-P", "-m", "game.cli.tab_zygote", "--socket", str(socket_path)]
    command += ["--saves-dir", str(saves.absolute())]
    command += ["--lang", language] if language else []
    for folder in scenes:
        command += ["--scenes", str(Path(folder).absolute())]
    return command


class ForkedGame:
    """A tab's game forked by the preloaded process, seen the way ``AppService`` sees a subprocess."""

    def __init__(
        self, pid: int, stdin, stdout, stderr, reports: tuple[asyncio.StreamReader, asyncio.StreamWriter]
    ) -> None:
        self.pid = pid
        self.stdin: asyncio.StreamWriter = stdin
        self.stdout: asyncio.StreamReader = stdout
        self.stderr: asyncio.StreamReader = stderr
        self.returncode: int | None = None
        self._reports, self._request = reports
        """The preloaded process writes the game's exit status here when it ends (the request's writer is kept
        with it: a writer that is collected closes the connection)."""

    async def wait(self) -> int:
        """Wait for the game to end; its exit status (-1 when the preloaded process itself went away)."""
        if self.returncode is None:
            line = await self._reports.readline()
            try:
                self.returncode = int(json.loads(line)["exit"])
            except (ValueError, KeyError, TypeError):
                self.returncode = -1
        return self.returncode

    def kill(self) -> None:
        """End the game at once (it is this user's process; the preloaded process reports its end)."""
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)


class TabForks:
    """The preloaded process of one server, and how to ask it for a tab's game."""

    def __init__(
        self, scenes: Sequence[Path], saves: Path, command: Sequence[str] | None = None, language: str | None = None
    ) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="jangal-tabs-"))  # 0700: only this user can reach the socket
        self.socket_path = self.folder / "forks"
        self.command = list(command) if command else zygote_command(scenes, saves, self.socket_path, language)
        """The preloaded process (another one for tests; it is given ``--socket PATH`` at the end)."""
        if command:
            self.command += ["--socket", str(self.socket_path)]
        self.process: asyncio.subprocess.Process | None = None

    async def start(self, environment: Mapping[str, str]) -> bool:
        """Start the preloaded process with the environment every tab shares; False when it did not get ready."""
        self.process = await asyncio.create_subprocess_exec(
            *self.command,
            stdin=asyncio.subprocess.PIPE,  # its lifeline: it ends when this end closes
            stdout=asyncio.subprocess.PIPE,
            env=dict(environment),
        )
        try:
            line = await asyncio.wait_for(self.process.stdout.readline(), START_SECONDS)
        except TimeoutError:
            line = b""
        if line != READY:
            await self.close()
            return False
        return True

    @property
    def running(self) -> bool:
        """Whether the preloaded process is there to fork games."""
        return self.process is not None and self.process.returncode is None

    async def spawn(self, environment: Mapping[str, str]) -> ForkedGame:
        """A new game with this environment, on three new pipes; OSError when the preloaded process cannot fork."""
        loop = asyncio.get_running_loop()
        stdin_read, stdin_write = os.pipe()
        stdout_read, stdout_write = os.pipe()
        stderr_read, stderr_write = os.pipe()
        request = json.dumps({"environment": dict(environment)}).encode("utf-8")
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            await loop.sock_connect(connection, str(self.socket_path))
            connection.setblocking(True)
            socket.send_fds(connection, [request], [stdin_read, stdout_write, stderr_write])
            connection.setblocking(False)
        except OSError:
            connection.close()
            for end in (stdin_write, stdout_read, stderr_read):
                os.close(end)
            raise
        finally:
            for end in (stdin_read, stdout_write, stderr_write):  # the game's ends: the child has its own copies
                os.close(end)
        reports = await asyncio.open_unix_connection(sock=connection)
        line = await reports[0].readline()
        try:
            pid = int(json.loads(line)["pid"])
        except (ValueError, KeyError, TypeError):
            for end in (stdin_write, stdout_read, stderr_read):
                os.close(end)
            reports[1].close()
            raise OSError("the preloaded process did not start the game") from None
        stdin = await _writer(loop, stdin_write)
        return ForkedGame(pid, stdin, await _reader(loop, stdout_read), await _reader(loop, stderr_read), reports)

    async def close(self) -> None:
        """End the preloaded process (games already forked go on until their tabs close) and remove the socket."""
        process, self.process = self.process, None
        if process is not None and process.returncode is None:
            with contextlib.suppress(Exception):
                process.stdin.close()
            try:
                await asyncio.wait_for(process.wait(), 10)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


async def _reader(loop: asyncio.AbstractEventLoop, end: int) -> asyncio.StreamReader:
    reader = asyncio.StreamReader(limit=2**16, loop=loop)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader, loop=loop), os.fdopen(end, "rb", 0))
    return reader


async def _writer(loop: asyncio.AbstractEventLoop, end: int) -> asyncio.StreamWriter:
    transport, protocol = await loop.connect_write_pipe(
        lambda: asyncio.streams.FlowControlMixin(loop=loop), os.fdopen(end, "wb", 0)
    )
    return asyncio.StreamWriter(transport, protocol, None, loop)
