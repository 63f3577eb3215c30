"""`jangal serve`: the game in a real browser (Debian's Chromium driven by Playwright), and what it exposes.

xterm.js draws the terminal on a canvas, so the page has no text to read. The test mirrors the
websocket frames the server sends (the game's terminal output) into a `pyte` screen instead,
and reads that, as the student's browser would show it.
"""

from __future__ import annotations

import json
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyte
import pytest

from game.classroom.serve import exposure_warning, game_command, is_local, session_folder
from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def test_only_loopback_addresses_count_as_local() -> None:
    """The default 127.0.0.1 and `localhost` stay on this machine; 0.0.0.0 or a LAN address do not."""
    assert is_local("127.0.0.1") and is_local("localhost") and is_local("::1")
    assert not is_local("0.0.0.0") and not is_local("192.168.1.20") and not is_local("classroom.local")


def test_the_warning_says_what_a_network_address_exposes(tmp_path: Path) -> None:
    """Serving to the network names who can reach it, what runs, where saves go, and how to stop it."""
    text = exposure_warning("0.0.0.0", 8000, tmp_path)
    assert "anyone on this network" in text and str(tmp_path) in text and "Ctrl+C" in text


def test_each_tab_runs_this_python_with_its_own_save_folder(tmp_path: Path) -> None:
    """The served command is quoted safely, and two tabs started in the same second never share saves."""
    folder = tmp_path / "with space"
    command = shlex.split(game_command([folder / "scenes"], folder / "saves"))
    assert command[:6] == [sys.executable, "-P", "-m", "game", "play", "--served"]
    assert str(folder / "scenes") in command
    assert session_folder(tmp_path) != session_folder(tmp_path)


PLANTED = "import pathlib\npathlib.Path('planted-ran').write_text('the planted game/ ran')\n"


@pytest.mark.parametrize("demo", [False, True], ids=["play", "demo"])
def test_a_game_folder_where_the_server_starts_cannot_run_instead_of_jangal(tmp_path: Path, demo: bool) -> None:
    """A `game/` package planted in the folder the teacher starts the server from is never imported by a tab:
    the command a tab runs is run from that folder, and the real Jangal answers (its --version)."""
    (tmp_path / "game").mkdir()
    for name in ("__init__.py", "__main__.py"):
        (tmp_path / "game" / name).write_text(PLANTED)
    command = shlex.split(game_command([ROOT / "scenes"], tmp_path / "saves", demo=demo))
    mode = command.index("demo" if demo else "play")
    done = subprocess.run([*command[:mode], "--version"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "jangal" in done.stdout.lower()
    assert not (tmp_path / "planted-ran").exists()
    shadowed = subprocess.run(
        [sys.executable, "-m", "game", "--version"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert (tmp_path / "planted-ran").exists(), "the planted package should run without -P: the test plants it well"
    assert shadowed.returncode == 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the server stopped: {server.stdout.read()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError("the server never listened")


class MirroredTerminal:
    """A pyte screen fed with the bytes the server sends to the browser's terminal."""

    def __init__(self) -> None:
        self.screen: pyte.Screen | None = None
        self.stream: pyte.ByteStream | None = None

    def attach(self, websocket) -> None:
        query = parse_qs(urlparse(websocket.url).query)
        self.screen = pyte.Screen(int(query["width"][0]), int(query["height"][0]))
        self.stream = pyte.ByteStream(self.screen)
        websocket.on("framereceived", self.feed)
        websocket.on("framesent", self.follow_resize)

    def follow_resize(self, payload) -> None:
        """The page tells the game its new size as the window changes: the mirror follows."""
        if isinstance(payload, str) and payload.startswith('["resize"'):
            size = json.loads(payload)[1]
            self.screen.resize(lines=size["height"], columns=size["width"])

    def feed(self, payload) -> None:
        if isinstance(payload, bytes):  # text frames are the server's own messages, not terminal output
            self.stream.feed(payload)

    def text(self) -> str:
        return "\n".join(self.screen.display) if self.screen else ""


def wait_for_text(page, terminal: MirroredTerminal, expected: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if expected in terminal.text():
            return terminal.text()
        page.wait_for_timeout(100)
    raise AssertionError(f"{expected!r} never appeared; the screen shows:\n{terminal.text()}")


SHOTS = Path("/tmp/serve-shots")
"""Screenshots of the served page, for a person to look at (the test reads the mirrored terminal)."""
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)"
)


class ServedOnAllAddresses:
    """`jangal serve --host 0.0.0.0` on a free port, reached through 127.0.0.2 as another computer would."""

    address = "127.0.0.2"

    def __init__(self, tmp_path: Path, *extra: str) -> None:
        self.port = free_port()
        self.saves = tmp_path / "saves"
        command = [sys.executable, "-m", "game", "serve", "--host", "0.0.0.0", "--port", str(self.port)]
        command += ["--saves-dir", str(self.saves), *extra]
        self.server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def __enter__(self) -> ServedOnAllAddresses:
        wait_for_port(self.port, self.server)
        return self

    def __exit__(self, *exc) -> None:
        self.server.terminate()
        self.server.wait(timeout=120)  # every game saves and quits first; a busy machine is slow

    @property
    def url(self) -> str:
        return f"http://{self.address}:{self.port}/"

    @property
    def origin(self) -> str:
        return f"{self.address}:{self.port}"


class Browser:
    """Debian's Chromium, every request to a host other than the server recorded and blocked."""

    def __init__(self, playwright, profile: Path, served: ServedOnAllAddresses, **context) -> None:
        self.served = served
        self.outside: list[str] = []
        self.context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS, **context
        )
        self.context.route("**/*", self.only_the_server)
        self.page = self.context.new_page()
        self.terminal = MirroredTerminal()
        self.sockets: list[str] = []
        self.page.on("websocket", self.attach)
        self.console: list[str] = []
        self.page.on("console", lambda message: self.console.append(message.text))

    def only_the_server(self, route) -> None:
        if urlparse(route.request.url).netloc == self.served.origin:
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def attach(self, websocket) -> None:
        self.sockets.append(websocket.url)
        self.terminal.attach(websocket)

    def open(self, query: str = "") -> None:
        self.page.goto(self.served.url + query)
        self.page.wait_for_selector(".xterm-helper-textarea", state="attached", timeout=30_000)
        self.page.focus(".xterm-helper-textarea")

    def shows(self, expected: str) -> str:
        return wait_for_text(self.page, self.terminal, expected)

    def screenshot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.wait_for_timeout(500)  # the terminal fades in over 0.3 s
        self.page.screenshot(path=str(SHOTS / name))


@needs_chromium
def test_from_another_address_a_student_names_plays_reloads_and_continues(tmp_path: Path) -> None:
    """Served on all addresses and opened through 127.0.0.2: the page works, plays a choice, and a reload continues.

    Every request the page makes goes to the server itself (anything else is blocked and recorded): the
    font, the script, the websocket. The student's name is asked once; the reload shows Continue.
    """
    from playwright.sync_api import sync_playwright

    with ServedOnAllAddresses(tmp_path) as served, sync_playwright() as playwright:
        browser = Browser(playwright, tmp_path / "profile", served, viewport={"width": 1280, "height": 800})
        try:
            browser.open()
            browser.shows("Your name")
            browser.page.keyboard.type("Ava Rahimi")
            browser.page.keyboard.press("Enter")
            shown = browser.shows("Playing as Ava Rahimi")
            browser.screenshot("title-through-127.0.0.2.png")
            assert "New game" in shown
            browser.page.keyboard.press("Enter")
            browser.shows("The wind at Manjil")
            assert "x Hand in" in browser.shows("Hand in")  # in the footer of a served game
            browser.page.keyboard.press("2")
            shown = browser.shows("You chose")
            assert "Tell him what you saw" in shown
            browser.screenshot("after-a-choice.png")
            browser.page.reload()
            browser.page.wait_for_selector(".xterm-helper-textarea", state="attached", timeout=30_000)
            browser.page.focus(".xterm-helper-textarea")
            shown = browser.shows("Continue —")
            assert "Playing as Ava Rahimi" in shown and "Your name" not in shown
            browser.screenshot("after-reload.png")
            browser.page.keyboard.press("Enter")  # Continue is highlighted
            assert "You chose" not in browser.shows("Undo")
            browser.page.keyboard.press("q")
            shown = browser.shows("Leave the game?")
            assert "reload" in shown and "Continue picks up" in " ".join(shown.split())
            browser.screenshot("leave-dialog.png")
        finally:
            browser.context.close()
        assert browser.outside == [], "the page reached beyond the server"
        assert len(browser.sockets) == 2 and len(set(browser.sockets)) == 1, "the reload reopened the same game"
        assert all(socket.startswith(f"ws://{served.origin}/ws/") for socket in browser.sockets)
        assert not [line for line in browser.console if "Content Security Policy" in line]
    tabs = list((served.saves / "served").glob("tab-*"))
    assert len(tabs) == 1 and (tabs[0] / "autosave.json").exists() and (tabs[0] / ".student.json").exists()


@needs_chromium
@pytest.mark.parametrize(
    ("name", "width", "height", "playable"),
    [("phone-landscape", 844, 390, True), ("phone-portrait", 390, 844, False)],
)
def test_on_a_phone_the_game_fits_the_window_or_says_it_is_too_small(
    tmp_path: Path, name: str, width: int, height: int, playable: bool
) -> None:
    """With the viewport tag the terminal is the phone's own size: never wider or taller than the window.

    In landscape the page picks a font small enough for the game's 60x20 (14 px instead of 16); in
    portrait no readable font fits 60 columns, and the game says it is too small. (Device pixel ratio 1:
    headless Chromium's software WebGL draws a ratio-2 canvas magnified in screenshots.)
    """
    from playwright.sync_api import sync_playwright

    with ServedOnAllAddresses(tmp_path) as served, sync_playwright() as playwright:
        phone = {"viewport": {"width": width, "height": height}, "is_mobile": True, "has_touch": True}
        browser = Browser(playwright, tmp_path / "profile", served, device_scale_factor=1, **phone)
        try:
            browser.open()
            browser.page.wait_for_timeout(100)
            for _ in range(300):  # the name dialog, or the too-small message (a generous bound for a hang)
                if "Your name" in browser.terminal.text() or "too small" in browser.terminal.text():
                    break
                browser.page.wait_for_timeout(100)
            box = browser.page.eval_on_selector(".xterm-screen", "e => e.getBoundingClientRect().toJSON()")
            window = browser.page.evaluate("() => [window.innerWidth, window.innerHeight]")
            browser.screenshot(f"{name}.png")
            screen = browser.terminal.screen
            assert box["right"] <= window[0] + 1 and box["bottom"] <= window[1] + 1, (box, window)
            assert window == [width, height]  # the viewport tag: no desktop-width page shrunk to fit
            shown = browser.terminal.text()
            assert (screen.columns >= 60 and screen.lines >= 20) == playable, (screen.columns, screen.lines)
            assert ("Your name" if playable else "too small") in shown
        finally:
            browser.context.close()
        assert browser.outside == []


@needs_chromium
def test_when_the_class_is_full_the_page_says_so(tmp_path: Path) -> None:
    """One game allowed: a second browser's page says the class is full (and starts nothing)."""
    from playwright.sync_api import sync_playwright

    with ServedOnAllAddresses(tmp_path, "--max-sessions", "1") as served, sync_playwright() as playwright:
        first = Browser(playwright, tmp_path / "first", served, viewport={"width": 1000, "height": 700})
        second = Browser(playwright, tmp_path / "second", served, viewport={"width": 1000, "height": 700})
        try:
            first.open()
            first.shows("Your name")
            second.page.goto(served.url)
            message = second.page.wait_for_selector(".closed-dialog .message", state="visible", timeout=30_000)
            assert "The class is full" in message.inner_text()
            second.screenshot("class-full.png")
        finally:
            first.context.close()
            second.context.close()
    assert len(list((served.saves / "served").glob("tab-*"))) <= 1


@needs_chromium
@pytest.mark.parametrize(("width", "height", "kept"), [(1920, 1080, True), (1280, 720, False)])
def test_a_projector_font_of_36_fits_a_1080p_screen_and_shrinks_on_a_smaller_one(
    tmp_path: Path, width: int, height: int, kept: bool
) -> None:
    """`?fontsize=36` (or `serve --fontsize 36`) is kept on 1920x1080 with the game's 60x20; 1280x720 gets less."""
    from playwright.sync_api import sync_playwright

    with ServedOnAllAddresses(tmp_path, "--demo", "--pace", "0") as served, sync_playwright() as playwright:
        browser = Browser(playwright, tmp_path / "profile", served, viewport={"width": width, "height": height})
        try:
            browser.open("?fontsize=36")
            browser.shows("Go on")
            size = int(browser.page.get_attribute("#terminal", "data-font-size"))
            browser.screenshot(f"projector-{width}x{height}.png")
            screen = browser.terminal.screen
            assert screen.columns >= 60 and screen.lines >= 20, (screen.columns, screen.lines)
            assert (size == 36) == kept and size >= 24, size
        finally:
            browser.context.close()
        assert browser.outside == []
