"""`jangal serve`: the game in a real browser (Debian's Chromium driven by Playwright), and what it exposes.

xterm.js draws the terminal on a canvas, so the page has no text to read. The test mirrors the
websocket frames the server sends (the game's terminal output) into a `pyte` screen instead,
and reads that, as the student's browser would show it.
"""

from __future__ import annotations

import shlex
import shutil
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


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)")
def test_a_student_plays_from_the_title_through_a_choice_in_a_browser(tmp_path: Path) -> None:
    """Open the served page, start a new game with the keyboard, make a choice, and see its consequence."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    saves = tmp_path / "saves"
    command = [sys.executable, "-m", "game", "serve", "--port", str(port), "--saves-dir", str(saves)]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for_port(port, server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch_persistent_context(
                str(tmp_path / "chromium-profile"),
                executable_path=CHROMIUM,
                headless=True,
                args=CHROMIUM_FLAGS,
                viewport={"width": 1280, "height": 800},
            )
            try:
                page = browser.new_page()
                terminal = MirroredTerminal()
                page.on("websocket", terminal.attach)
                page.goto(f"http://127.0.0.1:{port}/")
                page.wait_for_selector(".xterm-helper-textarea", state="attached", timeout=30_000)
                page.focus(".xterm-helper-textarea")
                wait_for_text(page, terminal, "New game")
                page.keyboard.press("Enter")
                wait_for_text(page, terminal, "The wind at Manjil")
                page.keyboard.press("2")
                shown = wait_for_text(page, terminal, "You chose")
                assert "Tell him what you saw" in shown
            finally:
                browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    tabs = list((saves / "served").iterdir())
    assert len(tabs) == 1 and (tabs[0] / "autosave.json").exists()
    shutil.rmtree(saves)
