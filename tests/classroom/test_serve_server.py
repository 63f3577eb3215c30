"""`jangal serve`'s rules, checked against the real server app with aiohttp's client (no browser).

Who may connect (Host and Origin), how many games run, how big a terminal a page may ask for,
which save folder a page's game token opens, and the page itself (relative URLs, a viewport tag,
nothing from outside). Games here are real ``jangal play --served`` processes of the mini story.
"""

from __future__ import annotations

import asyncio
import io
import json
import re
import sys
import weakref
from pathlib import Path

import aiohttp
import pyte
import pytest
from aiohttp.test_utils import TestClient, TestServer

from game.classroom.serve import (
    MAX_COLUMNS,
    MAX_ROWS,
    AllowedHosts,
    SessionLimits,
    allowed_hosts,
    clamp_size,
    game_command,
    served_folder,
    split_host,
    student_addresses,
    tab_folder_name,
)
from game.classroom.serve_web import JangalServer, page_policy, shared_environment
from game.classroom.tab_forks import TabForks
from tests.conftest import MINI

TOKEN = "0123456789abcdef0123456789abcdef"
OTHER_TOKEN = "fedcba9876543210fedcba9876543210"


# The rules, as functions


def test_a_page_may_ask_for_a_terminal_no_bigger_than_the_limit() -> None:
    """20000x5000 (557 MB of game) becomes the largest allowed size; nonsense becomes the default."""
    assert clamp_size(20000, 5000) == (MAX_COLUMNS, MAX_ROWS)
    assert clamp_size("-5", "0") == (20, 8)
    assert clamp_size("wide", None) == (80, 24)
    assert clamp_size(10**400, "1e9") == (MAX_COLUMNS, 24)
    assert clamp_size(100, 30) == (100, 30)


def test_host_names_only_an_address_the_request_arrived_at() -> None:
    """Served on all addresses, a Host is accepted when it is the very address the socket was reached at."""
    hosts = AllowedHosts(8000, "0.0.0.0", frozenset({"teacher-pc", "teacher-pc.local"}))
    assert hosts.allows("192.168.1.5:8000", "192.168.1.5")
    assert hosts.allows("127.0.0.2:8000", "127.0.0.2")
    assert hosts.allows("teacher-pc.local:8000", "192.168.1.5")
    assert hosts.allows("localhost:8000", "127.0.0.1")
    assert not hosts.allows("192.168.1.6:8000", "192.168.1.5")  # not where it arrived
    assert not hosts.allows("evil.example:8000", "192.168.1.5")  # a rebound name
    assert not hosts.allows("localhost:8000", "192.168.1.5")
    assert not hosts.allows("192.168.1.5:9000", "192.168.1.5")  # another port
    assert not hosts.allows("", "192.168.1.5") and not hosts.allows(None, "192.168.1.5")
    assert not hosts.allows("[::1", "::1") and not hosts.allows("a:b:c", "::1")


def test_served_on_this_machine_only_no_machine_name_is_accepted() -> None:
    """Bound to 127.0.0.1 only the loopback address and localhost name the server."""
    hosts = allowed_hosts("127.0.0.1", 8000)
    assert hosts.names == frozenset()
    assert hosts.allows("127.0.0.1:8000", "127.0.0.1") and hosts.allows("localhost:8000", "127.0.0.1")


def test_a_websocket_must_come_from_the_page_of_the_host_it_names() -> None:
    hosts = AllowedHosts(8000, "0.0.0.0")
    assert hosts.origin_allowed("http://192.168.1.5:8000", "192.168.1.5:8000")
    assert not hosts.origin_allowed("http://evil.example", "192.168.1.5:8000")
    assert not hosts.origin_allowed("null", "192.168.1.5:8000")
    assert not hosts.origin_allowed(None, "192.168.1.5:8000")


def test_host_headers_split_into_name_and_port() -> None:
    assert split_host("Example:80") == ("example", 80)
    assert split_host("[::1]:8000") == ("::1", 8000)
    assert split_host("10.0.0.1") == ("10.0.0.1", None)
    assert split_host("x:y") == ("", None)


def test_games_are_capped_in_all_and_per_computer() -> None:
    limits = SessionLimits(total=3, per_client=2)
    limits.start("a", "10.0.0.1")
    limits.start("b", "10.0.0.1")
    assert "already has 2 games" in limits.refusal("10.0.0.1")
    assert limits.refusal("10.0.0.2") == ""
    limits.start("c", "10.0.0.2")
    assert "The class is full" in limits.refusal("10.0.0.3")
    limits.stop("a")
    assert limits.refusal("10.0.0.3") == ""


def test_a_game_token_names_one_folder_and_only_a_token_does() -> None:
    """The folder is a hash of the token (the folder names do not give tokens away); anything else is refused."""
    assert tab_folder_name(TOKEN) == tab_folder_name(TOKEN) != tab_folder_name(OTHER_TOKEN)
    assert TOKEN not in tab_folder_name(TOKEN)
    for bad in ("../../etc", TOKEN.upper(), TOKEN + "0", ""):
        with pytest.raises(ValueError):
            tab_folder_name(bad)


def test_a_game_saves_in_its_tokens_folder_and_never_outside_the_served_folder(tmp_path: Path) -> None:
    """The environment names a folder; a name that is not a token's is replaced by a fresh folder."""
    assert served_folder(tmp_path, tab_folder_name(TOKEN)) == tmp_path / tab_folder_name(TOKEN)
    for bad in ("../escape", "/etc", "tab-../../x", None, ""):
        folder = served_folder(tmp_path, bad)
        assert folder.parent == tmp_path and folder.name.startswith("tab-")


def test_the_addresses_to_type_are_this_machines_own_with_the_port() -> None:
    assert student_addresses("0.0.0.0", 8000, ["192.168.1.5", "10.0.0.7"]) == [
        "http://192.168.1.5:8000",
        "http://10.0.0.7:8000",
    ]
    assert student_addresses("192.168.1.5", 80) == ["http://192.168.1.5"]


def test_demo_tabs_get_the_demos_options(tmp_path: Path) -> None:
    from game.classroom.serve import DemoOptions

    command = game_command([MINI], tmp_path, demo=DemoOptions("ch2", 5.0, tmp_path / "t.html"))
    assert "demo --chapter ch2 --pace 5.0 --transcript" in command and str(tmp_path / "t.html") in command


# The server app


class Served:
    """A JangalServer's app on a free port of 127.0.0.1, with a client whose requests name that address."""

    def __init__(self, saves: Path, forks: bool = False, **options) -> None:
        self.saves = saves
        command = game_command([MINI], saves / "served")  # as `jangal serve --saves-dir saves` runs it
        tab_forks = TabForks([MINI], saves / "served") if forks else None  # games forked, as `jangal serve` does
        self.server = JangalServer(command, host="127.0.0.1", port=0, forks=tab_forks, **options)
        self.client: TestClient | None = None

    async def __aenter__(self) -> Served:
        if self.server.forks is not None:
            assert await self.server.forks.start(shared_environment())
        test_server = TestServer(await self.server._make_app(), host="127.0.0.1", port=0)
        self.client = TestClient(test_server)
        await self.client.start_server()
        self.server.listening(test_server.port)
        return self

    async def settled(self) -> None:
        """Wait for every game to save and quit (a generous bound, only against a hang)."""
        for _ in range(600):
            if not self.server.limits.running:
                break
            await asyncio.sleep(0.1)

    async def __aexit__(self, *exc) -> None:
        for game in list(self.server.games.values()):
            await game.websocket.close()
        await self.settled()
        await self.client.close()
        assert not self.server.limits.running
        if self.server.forks is not None:
            await self.server.forks.close()
        if sys.platform == "linux":  # and every game process was waited for: none is left behind
            for _ in range(300):  # a process the server has reaped may still be leaving /proc on a busy machine
                if not (_children_running("--served") or _children_running("demo")):
                    break
                await asyncio.sleep(0.1)
            assert _children_running("--served") == [] and _children_running("demo") == []

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    async def open_game(self, path: str = f"/ws/{TOKEN}", origin: str | None = "same", **headers):
        if origin == "same":
            origin = self.origin
        if origin is not None:
            headers["Origin"] = origin
        return await self.client.ws_connect(path, headers=headers, max_msg_size=0)


_TERMINALS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""Each game's terminal (a pyte screen) for as long as its websocket lives: a frame after the first
redraws only what changed, so a fresh terminal per read would miss what is still on the screen."""


def _terminal(websocket, size: tuple[int, int]) -> tuple[pyte.Screen, pyte.ByteStream]:
    if websocket not in _TERMINALS:
        screen = pyte.Screen(*size)
        _TERMINALS[websocket] = (screen, pyte.ByteStream(screen))
    screen, stream = _TERMINALS[websocket]
    if (screen.columns, screen.lines) != size:
        screen.resize(lines=size[1], columns=size[0])
    return screen, stream


async def screen_until(
    websocket, words: str, seconds: float = 60, size: tuple[int, int] = (80, 24), gone: str | None = None
) -> str:
    """The game's screen (its output fed into the tab's terminal), read until it shows the words (and no longer
    shows ``gone``: a frame can arrive in several messages, and a dialog's last frame can show what lies under it).

    A generous timeout only catches a hang.
    """
    screen, stream = _terminal(websocket, size)

    async def read() -> str:
        async for message in websocket:
            if message.type == aiohttp.WSMsgType.BINARY:
                stream.feed(message.data)
                shown = "\n".join(screen.display)
                if words in shown and (gone is None or gone not in shown):
                    return shown
        raise AssertionError(f"the game closed before showing {words!r}")

    return await asyncio.wait_for(read(), seconds)


async def named_title(
    websocket, name: str = "Ava", size: tuple[int, int] = (80, 24), asks: str = "Your name", menu: str = "New game"
) -> str:
    """A new tab's game asks the student's name first (``asks``): give it, and return the title screen (the
    screen once it shows ``menu``)."""
    await screen_until(websocket, asks, size=size)
    await websocket.send_str(json.dumps(["stdin", name + "\r"]))
    return await screen_until(websocket, menu, size=size, gone=asks)  # the menu shows behind the dialog too


async def test_a_page_names_only_this_server_and_reaches_nothing_else(tmp_path: Path) -> None:
    """Relative URLs only (no http://0.0.0.0), a viewport tag, and a policy that forbids other hosts."""
    async with Served(tmp_path) as served:
        response = await served.client.get("/")
        page = await response.text()
        assert response.status == 200
        assert '<meta name="viewport" content="width=device-width, initial-scale=1"' in page
        assert not re.search(r"(src|href)=\"(https?:)?//", page), "every URL on the page is this server's"
        assert "googleapis" not in page and "/static/fonts/RobotoMono" in page
        assert response.headers["Content-Security-Policy"] == page_policy()
        assert "default-src 'none'" in page_policy() and "connect-src 'self'" in page_policy()
        for asset in re.findall(r"(?:src|href)=\"(/[^\"]+)\"", page):
            assert (await served.client.get(asset)).status == 200, asset


async def test_a_request_for_another_host_is_refused(tmp_path: Path) -> None:
    """DNS rebinding: a page from evil.example re-pointed at this machine names evil.example, and gets nothing."""
    async with Served(tmp_path) as served:
        response = await served.client.get("/", headers={"Host": f"evil.example:{served.server.port}"})
        assert response.status == 421
        response = await served.client.get("/", headers={"Host": f"localhost:{served.server.port}"})
        assert response.status == 200


async def test_a_websocket_from_another_origin_starts_no_game(tmp_path: Path) -> None:
    """A web page open in the teacher's browser cannot start games: its Origin is refused before any process."""
    async with Served(tmp_path) as served:
        for origin in ("http://evil.example", "null", None):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await served.open_game(origin=origin)
            assert refused.value.status == 403
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await served.open_game("/ws/not-a-token")
        assert served.server.limits.running == {}
    assert not (tmp_path / "served").exists()


async def test_one_game_too_many_is_refused_with_the_reason(tmp_path: Path) -> None:
    """With the cap reached one more websocket is closed with the reason, which the page shows."""
    async with Served(tmp_path, max_sessions=1, max_per_client=1) as served:
        first = await served.open_game()
        await named_title(first)
        second = await served.open_game(f"/ws/{OTHER_TOKEN}")
        message = await second.receive()
        assert message.type == aiohttp.WSMsgType.CLOSE and message.data == 4003
        assert "The class is full" in message.extra
        assert len(served.server.limits.running) == 1
        await first.close()


async def test_a_reload_with_the_same_token_takes_over_its_game_and_folder(tmp_path: Path) -> None:
    """The same token (a reload) replaces the running game rather than adding one, and reopens its folder."""
    async with Served(tmp_path, max_per_client=1) as served:
        first = await served.open_game()
        assert "Playing as Ava" in await named_title(first)
        await first.send_str('["stdin", "\\r"]')  # New game
        await screen_until(first, "Undo")
        await first.send_str('["stdin", "1"]')
        await screen_until(first, "You chose")
        again = await served.open_game()
        shown = await screen_until(again, "Playing as Ava")  # the name is asked once per game
        assert "Continue —" in shown  # Continue names the scene it picks up at
        assert len(served.server.limits.running) == 1
        folders = list((tmp_path / "served").iterdir())
        assert [folder.name for folder in folders] == [tab_folder_name(TOKEN)]
        assert (folders[0] / "autosave.json").is_file()
        await again.close()


@pytest.mark.skipif(sys.platform != "linux", reason="reads the game's environment from /proc")
async def test_a_huge_terminal_request_starts_a_game_of_the_largest_allowed_size(tmp_path: Path) -> None:
    async with Served(tmp_path) as served:
        websocket = await served.open_game(f"/ws/{TOKEN}?width=20000&height=5000")
        await screen_until(websocket, "Your name", size=(MAX_COLUMNS, MAX_ROWS))
        environments = [Path(f"/proc/{pid}/environ").read_bytes().split(b"\0") for pid in _children_running("--served")]
        assert environments and all(
            b"COLUMNS=%d" % MAX_COLUMNS in env and b"ROWS=%d" % MAX_ROWS in env for env in environments
        )
        await websocket.close()


def _children_running(marker: str) -> list[int]:
    import os

    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            arguments = (entry / "cmdline").read_bytes().split(b"\0")
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if marker.encode() in arguments and b"-c" not in arguments and _descends_from(parent, os.getpid()):
            found.append(int(entry.name))
    return found


def _descends_from(pid: int, ancestor: int) -> bool:
    while pid > 1:
        if pid == ancestor:
            return True
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            return False
    return False


def test_the_server_announces_its_real_port_and_how_to_stop(tmp_path: Path, monkeypatch) -> None:
    """--port 0 announces the port it got; on all addresses, each address to type and a QR code."""
    import game.classroom.serve

    monkeypatch.setattr(game.classroom.serve, "local_addresses", lambda: ["192.168.1.5", "10.0.0.7"])
    out = io.StringIO()
    server = JangalServer("true", host="0.0.0.0", port=0, announce=out, saves=tmp_path)
    server.listening(43210)
    server.announce()
    text = out.getvalue()
    assert "    http://192.168.1.5:43210\n    http://10.0.0.7:43210\n" in text and "Ctrl+C" in text
    assert "Up to 40 games at once, 3 per computer" in text
    assert "▀" in text or "█" in text  # the QR code, drawn with blocks


# serve --demo: the projector


async def test_a_demo_tab_starts_at_the_chapter_the_teacher_chose(tmp_path: Path) -> None:
    """`serve --demo --chapter two` runs `jangal demo --chapter two` in each tab: the chapter's first scene shows."""
    from game.classroom.serve import DemoOptions

    async with Served(tmp_path) as served:
        served.server.command = game_command([MINI], tmp_path, demo=DemoOptions("two", 0.0))
        websocket = await served.open_game()
        assert "On the road" in await screen_until(websocket, "On the road")
        await websocket.close()


async def test_the_page_font_is_the_teachers_size_within_bounds(tmp_path: Path) -> None:
    """--fontsize sets the page's font (a projector's 28); a page may ask for another, never beyond 8-64 px."""
    async with Served(tmp_path, font_size=28) as served:
        for query, size in (("", 28), ("?fontsize=36", 36), ("?fontsize=9999", 64), ("?fontsize=big", 28)):
            page = await (await served.client.get("/" + query)).text()
            assert f'data-font-size="{size}"' in page, query


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--chapter", "two"], "--chapter is for the demo"),
        (["--demo", "--chapter", "nine"], "There is no chapter `nine`"),
        (["--demo", "--transcript", "/nonexistent/t.html"], "Cannot show"),
    ],
)
def test_serve_refuses_demo_options_it_cannot_use_before_serving(tmp_path: Path, capsys, arguments, message) -> None:
    """A wrong demo option is said once, at the teacher's terminal, and nothing is served."""
    from game.cli.main import main

    code = main(["serve", "--scenes", str(MINI), "--saves-dir", str(tmp_path), "--port", "0", *arguments])
    assert code == 1
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("pace", ["nan", "inf", "1e400", "-1"])
def test_serve_refuses_a_demo_pace_that_is_not_seconds(pace: str, capsys) -> None:
    """`serve --demo --pace` is checked like `demo --pace`: a usage error naming the range, nothing served."""
    from game.cli.main import main

    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--demo", "--pace", pace])
    assert stopped.value.code == 2 and "the pace is from 0 (wait for space) to 3600 seconds" in capsys.readouterr().err


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_serve_refuses_a_port_that_is_not_one(port: str, capsys) -> None:
    from game.cli.main import main

    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--port", port])
    assert stopped.value.code == 2 and "--port" in capsys.readouterr().err
