"""A class at once: N sessions of one ``jangal serve``, each playing a choice, and what they cost in memory.

``python -m bench.serve_load [--sessions 30] [--scenes DIR] [--timeout 300]`` starts ``jangal serve``
on a free port of 127.0.0.1 (its caps raised to N, since every session comes from this one
address) and opens N sessions the way a browser tab does, only cheaper: a websocket to
``/ws/TOKEN?width=100&height=30`` with the page's ``Origin``, as Jangal's page opens it, no
browser. Each session's terminal output (the binary frames) is read as the text it paints, its
escape sequences taken out (a C-speed regular expression: a ``pyte`` screen per session, as the
first version kept, was too slow for sixty on a busy machine, see ``ServedSession.read``).
Each session gives the student's name the game asks first, and waits for the title menu ("New
game"); when every title is up, each gets Enter (a new game), then ``1`` once its play screen is
up, and the script waits for "You chose". Then it reads ``VmRSS`` of every ``game play
--served`` process under the server (``/proc``, Linux only) and prints:

    sessions started, sessions that played a choice, sessions that failed (and why), time to
    the first screen (the name dialog, painted before the story loads) and to the title per
    session (median, max), total RSS, RSS per session (median, max), server RSS, wall time.

A session that fails (its websocket refused or reset, its game gone) is counted and its reason
printed; it never stops the others or the measurement.

The protocol (``textual_serve/server.py``): the client sends JSON text frames such as
``["stdin", "1"]`` or ``["resize", {"width": 100, "height": 30}]``; the server sends the game's
terminal output as binary frames and its own messages as text frames. Saves go to a temporary
folder unless ``--saves-dir`` says where; each session has its own folder, ``served/tab-*``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp  # textual-serve's own web library

ROOT = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 100, 30
NAME_MARK = "Your name"
"""The served game's first question."""
TITLE_MARK = "New game"
"""On the title menu: the session's game has started and painted."""
PLAY_MARK = "Undo"
"""In the play screen's footer: a new game is on screen and takes choices."""
CHOSEN_MARK = "You chose"
"""Over the next scene after a choice."""
ESCAPES = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()*+][0-9A-Za-z]|[0-?@-Z\\-_])")
"""CSI, OSC, character-set and two-byte escape sequences: what is left is the text the game paints."""
PAINTED_KEPT = 1 << 20
"""Bytes of painted text kept per session: the words looked for are on the latest screens."""
DEFAULT_SESSIONS = 30
DEFAULT_TIMEOUT = 300.0
"""Seconds for each phase (all titles, all choices): thirty Pythons start slowly on a small machine."""


# The server


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int, saves: Path, scenes: Sequence[Path] = (), sessions: int = 0) -> subprocess.Popen:
    """``jangal serve`` on the port (default host: this machine only), saving under ``saves``.

    With ``sessions``, its caps are raised to let that many games run from this one address.
    """
    command = [sys.executable, "-m", "game", "serve", "--port", str(port), "--saves-dir", str(saves)]
    if sessions:
        command += ["--max-sessions", str(sessions), "--max-per-client", str(sessions)]
    for folder in scenes:
        command += ["--scenes", str(folder)]
    # Its output goes to a file, never to a pipe nobody reads while sessions run: a full pipe (sixty games'
    # messages) would block the server's loop, and every session would be dropped for a late pong.
    log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115 (lives as long as the server)
    server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, text=True)
    server.log = log
    return server


def server_output(server: subprocess.Popen, limit: int = 4000) -> str:
    """The end of what the server printed."""
    server.log.seek(0)
    return server.log.read()[-limit:]


def wait_for_port(port: int, server: subprocess.Popen, seconds: float = 30) -> None:
    """Until the server accepts connections; RuntimeError with its output if it stops first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped: {server_output(server)}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"the server never listened on port {port}")


def stop_server(server: subprocess.Popen) -> None:
    """Ask the server to stop (as Ctrl+C does), then make sure it has."""
    server.terminate()
    try:
        server.wait(timeout=120)  # each game saves and quits first; sixty take a while on a busy machine
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=5)


# Processes and their memory (Linux /proc)


def parent_of(pid: int) -> int | None:
    """The parent's pid, or None when the process is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])  # the command in brackets may hold spaces


def descendants(root: int) -> list[int]:
    """Every process under ``root``: children, their children, and so on."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            parent = parent_of(int(entry.name))
            if parent is not None:
                children.setdefault(parent, []).append(int(entry.name))
    found, waiting = [], [root]
    while waiting:
        for child in children.get(waiting.pop(), []):
            found.append(child)
            waiting.append(child)
    return found


def arguments_of(pid: int) -> list[str]:
    """A process's command line as its arguments ([] when it is gone)."""
    try:
        return [part for part in Path(f"/proc/{pid}/cmdline").read_text().split("\0") if part]
    except OSError:
        return []


def is_served_game(pid: int) -> bool:
    """True for a tab's game: a ``python -m game play --served`` (not the ``sh -c`` that started it), or a
    game forked by the server's preloaded process (a child of it, so it has the same command line)."""
    arguments = arguments_of(pid)
    if "play" in arguments and "--served" in arguments:
        return True
    parent = parent_of(pid)
    return ZYGOTE in arguments and parent is not None and ZYGOTE in arguments_of(parent)


def is_preloaded(pid: int) -> bool:
    """True for the server's preloaded process itself."""
    return ZYGOTE in arguments_of(pid)


ZYGOTE = "game.cli.tab_zygote"
"""The module of ``jangal serve``'s preloaded process (game.classroom.tab_forks)."""


def proc_figure(pid: int, file: str, key: str) -> int:
    """A figure in KiB from a ``/proc/<pid>`` file such as ``status`` (0 when the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_kib(pid: int) -> int:
    """Resident memory of a process in KiB (``VmRSS``): what ``top`` shows."""
    return proc_figure(pid, "status", "VmRSS")


def cpu_seconds(pid: int) -> float:
    """The CPU time a process has used so far (user and system), in seconds (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def private_kib(pid: int) -> int:
    """Its private memory in KiB (``Private_Clean`` + ``Private_Dirty``): pages no other process shares."""
    return proc_figure(pid, "smaps_rollup", "Private_Clean") + proc_figure(pid, "smaps_rollup", "Private_Dirty")


def pss_kib(pid: int) -> int:
    """Its proportional share in KiB (``Pss``): pages shared with other sessions count once in a sum."""
    return proc_figure(pid, "smaps_rollup", "Pss")


# Sessions: what a browser tab does, without the browser


@dataclass
class ServedSession:
    """One tab: a websocket to the server, and the text its terminal has painted (escape sequences taken out)."""

    number: int
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    websocket: aiohttp.ClientWebSocketResponse | None = None
    reader: asyncio.Task | None = None
    closed: bool = False
    failure: str = ""
    """Why the session failed ("" while it has not)."""
    title_seconds: float | None = None
    """From opening the websocket until the title menu was painted."""
    opened_at: float = 0.0
    first_seconds: float | None = None
    """From opening the websocket until the game's first screen (the name dialog) was painted."""

    def __post_init__(self) -> None:
        self.painted = bytearray()
        self.token = secrets.token_hex(16)  # as the page makes one: each tab its own game

    async def connect(self, http: aiohttp.ClientSession, port: int, attempts: int = 3) -> bool:
        """Open the websocket the page's script opens (the server starts this tab's game); False if it fails."""
        url = f"ws://127.0.0.1:{port}/ws/{self.token}?width={WIDTH}&height={HEIGHT}"
        for attempt in range(attempts):
            try:
                self.websocket = await http.ws_connect(url, max_msg_size=0, origin=f"http://127.0.0.1:{port}")
            except (aiohttp.ClientError, OSError) as exc:
                self.failure = f"could not connect: {type(exc).__name__}: {exc}"
                await asyncio.sleep(0.5 * (attempt + 1))  # a listen queue overflowing under a burst of connects
                continue
            self.failure = ""
            self.opened_at = time.monotonic()
            self.reader = asyncio.create_task(self.read())
            return True
        self.closed = True
        return False

    async def read(self) -> None:
        """Feed the game's output into the screen until the server closes the socket (or it breaks)."""
        try:
            async for message in self.websocket:
                if message.type == aiohttp.WSMsgType.BINARY:  # text frames are the server's own messages
                    # Kept cheap: the reader must come back to receive() at once, which answers the
                    # server's pings. Feeding sixty pyte screens here made pongs late on a busy machine,
                    # and the server dropped the sessions (the old ClientConnectionResetError).
                    self.painted += ESCAPES.sub(b"", message.data)
                    del self.painted[:-PAINTED_KEPT]
                    self.changed.set()
        except (aiohttp.ClientError, OSError) as exc:
            self.fail(f"connection lost: {type(exc).__name__}")
        if self.websocket.close_code not in (None, 1000) and not self.failure:
            self.fail(f"closed by the server (code {self.websocket.close_code})")
        self.closed = True
        self.changed.set()

    def fail(self, reason: str) -> None:
        if not self.failure:
            self.failure = reason

    def shows(self, words: str) -> bool:
        return words.encode("utf-8") in self.painted

    async def wait_for(self, words: str, deadline: float) -> bool:
        """Until the words are on the screen (True), or the deadline passes or the socket closes (False)."""
        while not self.shows(words):
            remaining = deadline - time.monotonic()
            if self.closed or remaining <= 0:
                self.fail(f"{words!r} never showed" + (" (the game closed)" if self.closed else " in time"))
                return False
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), remaining)
            except TimeoutError:
                continue
        return True

    async def press(self, keys: str) -> bool:
        """Type as xterm.js does (Enter is a carriage return); False when the socket is gone."""
        if self.closed or self.websocket is None:
            return False
        try:
            await self.websocket.send_str(json.dumps(["stdin", keys]))
        except (aiohttp.ClientError, OSError, RuntimeError) as exc:  # reset, or closed under our feet
            self.fail(f"could not send: {type(exc).__name__}")
            return False
        return True

    async def reach_title(self, deadline: float) -> bool:
        """Give the name the served game asks first, then wait for the title menu."""
        if not await self.wait_for(NAME_MARK, deadline):
            return False
        self.first_seconds = time.monotonic() - self.opened_at
        if not await self.press(f"Student {self.number}\r"):
            return False
        if not await self.wait_for(TITLE_MARK, deadline):
            return False
        self.title_seconds = time.monotonic() - self.opened_at
        return True

    async def play_a_choice(self, deadline: float) -> bool:
        """Enter on the title (New game), then 1 on the play screen; True when "You chose" shows."""
        if not await self.press("\r") or not await self.wait_for(PLAY_MARK, deadline):
            return False
        return await self.press("1") and await self.wait_for(CHOSEN_MARK, deadline)

    async def close(self) -> None:
        """Close the tab: the server tells its game to quit."""
        with contextlib.suppress(aiohttp.ClientError, OSError, RuntimeError):
            if self.websocket is not None:
                await self.websocket.close()
        if self.reader is not None:
            with contextlib.suppress(Exception):
                await self.reader


# The measurement


@dataclass
class LoadReport:
    """What a run found."""

    sessions: int
    """Sessions asked for."""
    started: int = 0
    """Sessions whose title menu was painted."""
    played: int = 0
    """Sessions that made a choice and saw its consequence."""
    game_rss_kib: list[int] = field(default_factory=list)
    """Resident memory of each ``game play --served`` process, measured with every session open."""
    game_pss_kib: list[int] = field(default_factory=list)
    """Their proportional memory: the sum is what the sessions really take together."""
    server_rss_kib: int = 0
    game_private_kib: list[int] = field(default_factory=list)
    """The memory each game holds alone (its pages copied from the preloaded process, and its own)."""
    game_cpu_seconds: list[float] = field(default_factory=list)
    """The CPU time each game had used by then (its start, the title, one choice)."""
    server_cpu_seconds: float = 0.0
    preloaded_rss_kib: int = 0
    """The RSS of the server's preloaded process, which the games are forked from (0 without one)."""
    preloaded_pss_kib: int = 0
    """Its PSS: its share of the pages the games still share with it."""
    title_seconds: float = 0.0
    """From starting the server until every title was painted (or the wait gave up)."""
    seconds: float = 0.0
    """From starting the server until every choice was made (or the wait gave up)."""
    save_folders: list[Path] = field(default_factory=list)
    """The sessions' own save folders, ``served/tab-*``."""
    first_each: list[float] = field(default_factory=list)
    """Each session's seconds from its websocket to its first screen, the name dialog."""
    title_each: list[float] = field(default_factory=list)
    """Each started session's seconds from its websocket to its title menu."""
    failures: list[str] = field(default_factory=list)
    """Why each failed session failed."""
    server_log: str = ""
    """The end of the server's output (printed when a session failed)."""
    load_average: tuple[float, float] = (0.0, 0.0)
    """The machine's 1-minute load average at the start and at the end: other work slows every figure."""

    def figures(self) -> dict:
        """The figures as plain data (for the bench's rows)."""
        return {
            "sessions": self.sessions,
            "started": self.started,
            "played": self.played,
            "failures": self.failures,
            "title_each": self.title_each,
            "first_each": self.first_each,
            "title_seconds": self.title_seconds,
            "game_rss_kib": self.game_rss_kib,
            "game_pss_kib": self.game_pss_kib,
            "game_private_kib": self.game_private_kib,
            "game_cpu_seconds": self.game_cpu_seconds,
            "server_cpu_seconds": self.server_cpu_seconds,
            "preloaded_rss_kib": self.preloaded_rss_kib,
            "preloaded_pss_kib": self.preloaded_pss_kib,
            "server_rss_kib": self.server_rss_kib,
            "load_average": self.load_average,
        }

    def lines(self) -> list[str]:
        """The figures, one a line."""
        games = self.game_rss_kib
        median = statistics.median(games) if games else 0
        figures = [
            ("sessions asked for", str(self.sessions)),
            ("sessions started (title shown)", str(self.started)),
            ("sessions that played a choice", str(self.played)),
            ("sessions that failed", str(len(self.failures))),
            ("time to first screen (name)", seconds_spread(self.first_each)),
            ("time to title per session", seconds_spread(self.title_each)),
            ("game processes measured", str(len(games))),
            ("total RSS of the games", mib(sum(games))),
            ("RSS per session", f"median {mib(median)}, max {mib(max(games, default=0))}"),
            ("total PSS of the games", f"{mib(sum(self.game_pss_kib))} (shared pages counted once)"),
            ("PSS per game", f"median {mib(statistics.median(self.game_pss_kib) if self.game_pss_kib else 0)}"),
            ("private memory per game", f"median {mib(statistics.median(self.game_private_kib or [0]))}"),
            ("CPU per game", f"median {statistics.median(self.game_cpu_seconds or [0]):.2f} s"),
            (
                "CPU of all the games, the server",
                f"{sum(self.game_cpu_seconds):.1f} s, {self.server_cpu_seconds:.1f} s",
            ),
            ("server RSS", mib(self.server_rss_kib)),
            ("preloaded process RSS / PSS", f"{mib(self.preloaded_rss_kib)} / {mib(self.preloaded_pss_kib)}"),
            ("wall time", f"{self.seconds:.1f} s (every title painted after {self.title_seconds:.1f} s)"),
            ("save folders (served/tab-*)", str(len(self.save_folders))),
            ("load average (start, end)", f"{self.load_average[0]:.1f}, {self.load_average[1]:.1f}"),
        ]
        lines = [f"{label + ':':<33}{value}" for label, value in figures]
        reasons = statistics.multimode(self.failures) if self.failures else []
        return lines + [f"  failed: {reason} ({self.failures.count(reason)})" for reason in reasons]


def seconds_spread(values: list[float]) -> str:
    if not values:
        return "-"
    return f"median {statistics.median(values):.1f} s, max {max(values):.1f} s"


def mib(kib: float) -> str:
    return f"{kib / 1024:.1f} MiB"


async def open_sessions(http: aiohttp.ClientSession, port: int, count: int) -> list[ServedSession]:
    """Connect ``count`` sessions at once; each that cannot connect is kept with its reason."""
    sessions = [ServedSession(number) for number in range(count)]
    await asyncio.gather(*(session.connect(http, port) for session in sessions))
    return sessions


async def measure(port: int, server: subprocess.Popen, report: LoadReport, started_at: float, timeout: float) -> None:
    """Open the sessions, wait for every title, play a choice in each, then read the processes' memory."""
    async with aiohttp.ClientSession() as http:
        sessions = await open_sessions(http, port, report.sessions)
        try:
            deadline = time.monotonic() + timeout
            titled = await asyncio.gather(*(session.reach_title(deadline) for session in sessions))
            report.started = sum(titled)
            report.title_seconds = time.monotonic() - started_at
            report.title_each = [session.title_seconds for session in sessions if session.title_seconds is not None]
            report.first_each = [session.first_seconds for session in sessions if session.first_seconds is not None]
            ready = [session for session, shown in zip(sessions, titled, strict=True) if shown]
            deadline = time.monotonic() + timeout
            played = await asyncio.gather(*(session.play_a_choice(deadline) for session in ready))
            report.played = sum(played)
            report.seconds = time.monotonic() - started_at
            games = [pid for pid in descendants(server.pid) if is_served_game(pid)]
            report.game_rss_kib = [rss_kib(pid) for pid in games]
            report.game_pss_kib = [pss_kib(pid) for pid in games]
            report.game_private_kib = [private_kib(pid) for pid in games]
            report.game_cpu_seconds = [cpu_seconds(pid) for pid in games]
            report.server_cpu_seconds = cpu_seconds(server.pid)
            report.server_rss_kib = rss_kib(server.pid)
            preloaded = [pid for pid in descendants(server.pid) if parent_of(pid) == server.pid and is_preloaded(pid)]
            report.preloaded_rss_kib = sum(rss_kib(pid) for pid in preloaded)
            report.preloaded_pss_kib = sum(pss_kib(pid) for pid in preloaded)
        finally:
            await asyncio.gather(*(session.close() for session in sessions), return_exceptions=True)
            report.failures = [session.failure for session in sessions if session.failure]


async def run_load(
    sessions: int = DEFAULT_SESSIONS,
    saves: Path | None = None,
    scenes: Sequence[Path] = (),
    timeout: float = DEFAULT_TIMEOUT,
    cap: int | None = None,
) -> LoadReport:
    """Serve on a free port, run the sessions, stop the server; saves go to a temporary folder by default.

    ``cap`` is the server's limit on games (default: as many as there are sessions).
    """
    with tempfile.TemporaryDirectory(prefix="jangal-serve-load-") as temporary:
        folder = Path(saves) if saves is not None else Path(temporary)
        report = LoadReport(sessions)
        load_at_start = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
        started_at = time.monotonic()
        port = free_port()
        server = start_server(port, folder, scenes, cap or sessions)
        try:
            await asyncio.to_thread(wait_for_port, port, server)
            await measure(port, server, report, started_at, timeout)
        finally:
            stop_server(server)
            report.server_log = server_output(server)
            server.log.close()
        report.save_folders = sorted((folder / "served").glob("tab-*"))
        report.load_average = (load_at_start, os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0)
        return report


def main(argv: Sequence[str] | None = None) -> int:
    """Run the measurement and print its figures; exit 1 unless every session played a choice."""
    parser = argparse.ArgumentParser(prog="python -m bench.serve_load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=DEFAULT_SESSIONS, help="sessions at once (default 30)")
    parser.add_argument("--scenes", type=Path, action="append", default=[], help="story folder (default: the campaign)")
    parser.add_argument("--saves-dir", type=Path, help="where the sessions save (default: a temporary folder)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per phase (default 300)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON line instead")
    options = parser.parse_args(argv)
    report = asyncio.run(run_load(options.sessions, options.saves_dir, options.scenes, options.timeout))
    if options.json:
        print(json.dumps(report.figures()))
        return 0 if report.played == options.sessions else 1
    print("\n".join(report.lines()))
    if report.failures and report.server_log.strip():
        print("\nThe end of the server's output:\n" + report.server_log)
    return 0 if report.played == options.sessions else 1


if __name__ == "__main__":
    sys.exit(main())
