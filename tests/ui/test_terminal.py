"""Jangal in a real pseudo-terminal: spawned with pexpect, its screen read through pyte."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pexpect
import pyte
import pytest

from tests.conftest import MINI, ROOT

COLUMNS, LINES = 100, 30


class Terminal:
    """A spawned jangal whose output is fed into a pyte screen, polled for text."""

    def __init__(self, saves: Path):
        env = {**os.environ, "JANGAL_SAVES": str(saves), "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        env.pop("NO_COLOR", None)
        self.raw = bytearray()
        """Every byte the game wrote to the terminal."""
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = pyte.ByteStream(self.screen)
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "game", "--scenes", str(MINI)],
            cwd=str(ROOT),
            env=env,
            dimensions=(LINES, COLUMNS),
        )

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def pump(self) -> None:
        try:
            while True:
                data = self.child.read_nonblocking(65536, timeout=0.05)
                self.raw += data
                self.stream.feed(data)
        except (pexpect.TIMEOUT, pexpect.EOF):
            pass

    def wait_for(self, words: str, timeout: float = 20) -> None:
        """Poll the screen until the words appear (never a fixed sleep)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump()
            if words in self.text():
                return
        raise AssertionError(f"{words!r} never appeared; the screen was:\n{self.text()}")

    def press(self, keys: str) -> None:
        self.child.send(keys)
        self.pump()  # a short gap after a key that triggers a binding


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_play_from_the_title_to_an_ending_in_a_real_terminal(tmp_path: Path) -> None:
    """Keys typed into a real terminal take the player from the title to the ending screen, autosaving."""
    terminal = Terminal(tmp_path / "saves")
    try:
        terminal.wait_for("New game")
        terminal.press("\r")  # New game
        terminal.wait_for("Ships in the harbour.")
        terminal.press("1")  # welcome the sailors
        terminal.wait_for("Dust and rumours.")
        terminal.press("1")  # march on: the historical ending
        terminal.wait_for("The end")
        terminal.press("\r")  # on to the ending screen
        terminal.wait_for("The march fails")
        terminal.press("\x03")  # ctrl+c: leave at once
        terminal.child.expect(pexpect.EOF, timeout=20)
    finally:
        terminal.child.close(force=True)
    assert (tmp_path / "saves" / "autosave.json").is_file()


ALTERNATE_SCREEN_OFF, MOUSE_REPORTING_OFF = b"\x1b[?1049l", b"\x1b[?1000l"


@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals and a pseudo-terminal")
@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
def test_closing_the_terminal_restores_it_and_keeps_the_game(tmp_path: Path, signal_name: str) -> None:
    """SIGTERM (the game asked to stop) or SIGHUP (the terminal window closed) mid-game: the game exits on its
    own, after leaving the alternate screen and turning mouse reporting off, with the autosave at the last choice."""
    import json
    import signal

    terminal = Terminal(tmp_path / "saves")
    try:
        terminal.wait_for("New game")
        terminal.press("\r")
        terminal.wait_for("Ships in the harbour.")
        terminal.press("1")
        terminal.wait_for("Dust and rumours.")
        before = len(terminal.raw)
        terminal.child.kill(getattr(signal, signal_name))
        terminal.child.expect(pexpect.EOF, timeout=20)
        terminal.raw += terminal.child.before or b""
        terminal.child.close()
    finally:
        terminal.child.close(force=True)
    after = bytes(terminal.raw[before:])
    assert terminal.child.signalstatus is None, "the game was killed by the signal instead of exiting"
    assert ALTERNATE_SCREEN_OFF in after and MOUSE_REPORTING_OFF in after
    autosave = json.loads((tmp_path / "saves" / "autosave.json").read_text())
    assert len(autosave["state"]["path"]) == 1
