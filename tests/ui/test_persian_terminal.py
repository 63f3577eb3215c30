"""The Persian game in a real pseudo-terminal (pexpect), its screen read by a terminal emulator (pyte) that, like
most terminals, does no bidi: what it shows must already read right to left."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pexpect
import pyte
import pytest

from game.play.bidi import visual_line
from tests.conftest import ROOT
from tests.ui.persian import PERSIAN


class PersianTerminal:
    """``jangal --lang fa`` over the Persian story, its output fed to a pyte screen."""

    def __init__(self, saves: Path, columns: int, lines: int):
        env = {**os.environ, "JANGAL_SAVES": str(saves), "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        env.pop("NO_COLOR", None)
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "game", "--lang", "fa", "--scenes", str(PERSIAN)],
            cwd=str(ROOT),
            env=env,
            dimensions=(lines, columns),
        )

    def rows(self) -> list[str]:
        return list(self.screen.display)

    def pump(self) -> None:
        try:
            while True:
                self.stream.feed(self.child.read_nonblocking(65536, timeout=0.05))
        except (pexpect.TIMEOUT, pexpect.EOF):
            pass

    def wait_for(self, shown: str, timeout: float = 30) -> None:
        """Poll until the screen shows these characters, left to right (never a fixed sleep)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump()
            if any(shown in row for row in self.rows()):
                return
        raise AssertionError(f"{shown!r} never appeared; the screen was:\n" + "\n".join(self.rows()))


def shown(text: str) -> str:
    """A written Persian phrase as a terminal without bidi must show it."""
    return visual_line(text).text


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
@pytest.mark.parametrize(("columns", "lines"), [(80, 24), (100, 30)])
def test_the_persian_play_screen_reads_right_to_left(tmp_path: Path, columns: int, lines: int) -> None:
    """Title, scene and status panel in visual order: the panel on the left, Persian from the right, "Rasht" and
    "1920" in their place inside the Persian sentence."""
    terminal = PersianTerminal(tmp_path / "saves", columns, lines)
    try:
        terminal.wait_for(shown("بازی تازه"))
        terminal.child.send("\r")  # New game
        terminal.wait_for(shown("وضع امور"))
        terminal.wait_for("Rasht")
        terminal.wait_for("Ctrl+P")  # the palette's key as written, not "p^" as "^p" is ordered
        rows = terminal.rows()
    finally:
        terminal.child.close(force=True)
    status_row = next(row for row in rows if shown("وضع امور") in row)
    assert status_row.index(shown("وضع امور")) < columns // 3  # the state of things, on the left
    title_row = next(row for row in rows if shown("در اسکله") in row and "›" not in row and "‹" not in row)
    assert title_row.index(shown("در اسکله")) > columns // 3  # the story, on the right
    rasht_row = next(row for row in rows if "Rasht" in row)
    written_order = [word for word in (shown("انزلی"), "Rasht", "1920") if word in rasht_row]
    assert len(written_order) >= 2
    places = [rasht_row.index(word) for word in written_order]
    assert places == sorted(places, reverse=True)  # read from the right: انزلی, then Rasht, then 1920
    choice_row = next(row for row in rows if shown("به ملوانان خوشامد بگو") in row)
    assert choice_row.rstrip(" │").endswith(shown("۱. به ملوانان خوشامد بگو"))  # its number on the right
