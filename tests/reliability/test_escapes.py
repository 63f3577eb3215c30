"""Text from files never reaches a terminal as control sequences, nor Rich's emoji codes as emoji.

A story, a save, a transcript and a file's name are each given terminal escape sequences (OSC 52
writes the clipboard, OSC 8 plants a hidden link, OSC 0 sets the window title, CSI 2J clears the
screen, and the one-byte C1 CSI); each entry point that shows them is read back: `check`, plain
mode, the Textual UI, `verify` and `class-report`. What comes out holds no control character but
newlines, tabs and the colour codes Rich and Textual write themselves.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import MappingProxyType

import pytest
from textual.content import Content

from game.classroom.render import render
from game.classroom.transcript import transcript_of
from game.cli.common import rich_console
from game.cli.main import main
from game.cli.plain import PlainGame
from game.play.engine import Engine
from game.play.saves import SaveStore
from game.story.files import read_title_card
from game.story.loader import load_or_raise, load_story
from game.story.printable import CONTROL, printable
from game.story.prose import plain_prose
from game.ui.screens.load import LoadScreen
from tests.conftest import MINI, ROOT

ESCAPES = {
    "clipboard": "\x1b]52;c;cm0gLXJmIH4=\x07",
    "hidden link": "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\",
    "window title": "\x1b]0;you have been pwned\x07",
    "clear screen": "\x1b[2J\x1b[H",
    "C1 CSI": "\x9b31m",
    "NUL, backspace, DEL": "a\x00b\x08c\x7f",
}
OWN_CODES = re.compile(r"\x1b\[[0-9;:]*[mHK]")
"""The codes Rich and Textual write themselves: colours and styles, cursor moves, line erasing."""


def foreign_controls(output: str) -> list[str]:
    """The control characters in an output that Rich or Textual did not put there."""
    return CONTROL.findall(OWN_CODES.sub("", output))


def test_printable_shows_every_control_character_and_keeps_the_rest() -> None:
    """C0 (but newline and tab), DEL and C1 become visible stand-ins; everything else is kept as it is."""
    controls = [chr(code) for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)] if chr(code) not in "\n\t"]
    shown = printable("".join(controls))
    assert CONTROL.search(shown) is None
    assert printable("\x1b]0;t\x07") == "␛]0;t␇" and printable("\x9b") == "\ufffd" and printable("\x7f") == "␡"
    assert len(shown) == len(controls)
    kept = "line\n\ttab [bold] :x: Ünïcødé ‮ 💯"
    assert printable(kept) is kept


def story_with(tmp_path: Path, title: str) -> Path:
    """The small story with its first scene's title replaced (a YAML double-quoted string, escapes and all)."""
    folder = tmp_path / "story"
    shutil.copytree(MINI, folder)
    scenes = folder / "scenes.yaml"
    scenes.write_text(scenes.read_text().replace("title: At the dock", f"title: {title}", 1), encoding="utf-8")
    return folder


def line_of(path: Path, fragment: str) -> tuple[int, int]:
    """The line and column (from 1) where a fragment is written in a file."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if fragment in line:
            return number, line.index(fragment) + 1
    raise AssertionError(fragment)


@pytest.mark.parametrize("sequence", ESCAPES.values(), ids=ESCAPES.keys())
def test_check_reports_an_escaped_control_character_at_its_line_and_column(tmp_path, capsys, sequence) -> None:
    """`\\e]52;...` written in quoted story text is an error at the text's place; the output holds no escape."""
    folder = story_with(tmp_path, json.dumps(sequence))  # a JSON string is a YAML double-quoted string
    line, column = line_of(folder / "scenes.yaml", json.dumps(sequence))
    assert main(["check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert re.search(rf"scenes\.yaml:{line}:{column}: error: a control character, U\+00[0-9A-F]{{2}} \(.+\)", out)
    assert foreign_controls(out) == []


@pytest.mark.parametrize("raw", ["\x00", "\x1b[2J", "\x9b", "\x7f"], ids=["NUL", "ESC", "C1", "DEL"])
def test_check_reports_a_raw_control_character_at_its_line_and_column(tmp_path, capsys, raw) -> None:
    """A control character written as it is (which YAML itself refuses without a line) is an error at its place."""
    folder = story_with(tmp_path, f"At the{raw} dock")
    line, column = line_of(folder / "scenes.yaml", raw)
    assert main(["check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert f"scenes.yaml:{line}:{column}: error: a control character" in out
    assert foreign_controls(out) == []


def test_keys_with_control_characters_are_reported_without_the_escape(tmp_path, capsys) -> None:
    """An unknown key is quoted back to the author; one holding an escape is reported without echoing it."""
    folder = story_with(tmp_path, 'At the dock\n    "\\e]0;x\\a": 1')
    assert main(["check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "a control character, U+001B (␛)" in out and foreign_controls(out) == []


def test_a_title_card_with_an_escape_is_not_painted(tmp_path) -> None:
    """The title screen is painted from the story block before the load: an escape there sends it the long way,
    where the loader refuses it."""
    folder = tmp_path / "story"
    shutil.copytree(MINI, folder)
    story = folder / "story.yaml"
    story.write_text(story.read_text().replace("title: A small test story", 'title: "\\e]0;x\\a"'), encoding="utf-8")
    assert read_title_card([folder]) is None
    assert load_story([folder]).story is None


def test_plain_mode_refuses_a_story_with_escapes_without_printing_them(tmp_path) -> None:
    """`jangal --plain` on such a story prints the problems, escape-free, and stops."""
    folder = story_with(tmp_path, json.dumps("".join(ESCAPES.values())))
    done = subprocess.run(
        [sys.executable, "-m", "game", "--plain", "--scenes", str(folder), "--saves-dir", str(tmp_path / "s")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert done.returncode == 1
    assert "control character" in done.stdout + done.stderr
    assert foreign_controls(done.stdout + done.stderr) == []


def hostile_model(story):
    """The small story with escapes in its title, a scene's title and text, a choice and a consequence,
    as if some other way into the model had been found: the front ends must still not pass them on."""
    dock = story.scenes["dock"]
    bad = "".join(ESCAPES.values())
    choice = dataclasses.replace(dock.choices[0], text=f"Welcome {bad}", consequence=plain_prose(f"Cheers {bad}"))
    scenes = dict(story.scenes)
    scenes["dock"] = dataclasses.replace(
        dock,
        title=f"At the dock {bad}",
        text=plain_prose(f"Ships {bad} :x: here."),
        choices=(choice, *dock.choices[1:]),
    )
    return dataclasses.replace(story, scenes=MappingProxyType(scenes))


def test_plain_mode_prints_no_escape_from_story_text_and_no_emoji(tmp_path) -> None:
    """Plain mode through jangal's console, with colours on: the escapes come out visible, `:x:` as written."""
    story = hostile_model(load_or_raise([MINI]))
    output = io.StringIO()
    console = rich_console(file=output, width=100, force_terminal=True, color_system="truecolor")
    PlainGame(story, SaveStore(tmp_path), console, iter(["1\n", "q\n"])).run(Engine(story).new_game())
    out = output.getvalue()
    shown = OWN_CODES.sub("", out)
    assert "At the dock ␛]52;c;" in shown and "Cheers ␛]52;c;" in shown
    assert shown.count("a␀b␈c␡") == 5  # title, text, choice, "You chose" and consequence: nothing cut off
    assert ":x:" in out and "❌" not in out
    assert foreign_controls(out) == []


def test_rich_emoji_codes_are_not_replaced_in_locations(tmp_path, capsys) -> None:
    """`x.yaml:100:1` prints as written, not as `x.yaml💯1`."""
    folder = tmp_path / "story"
    shutil.copytree(MINI, folder)
    scenes = folder / "scenes.yaml"
    lines = scenes.read_text().splitlines()
    scenes.write_text("\n".join([*(["# padding"] * 99), "bogus: 1", *lines]) + "\n", encoding="utf-8")
    assert main(["check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "scenes.yaml:100:1: error: unknown key `bogus`" in out
    assert "💯" not in out


def write_save(tmp_path: Path, name: str, chapter: str, scene: str) -> Path:
    """A save of the small story whose summary (what the Load screen lists) was edited to hold these."""
    story = load_or_raise([MINI])
    store = SaveStore(tmp_path / "saves")
    store.save(name, Engine(story).new_game(), story)
    path = store.path(name)
    document = json.loads(path.read_text())
    document["summary"].update(chapter=chapter, scene=scene)
    path.write_text(json.dumps(document))
    return path


def screen_output(app) -> str:
    """What the app writes to the terminal for its whole screen, dialogs and all."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return update.render_segments(app.console)


async def test_the_load_screen_shows_a_hostile_save_summary_without_escapes(make_app, tmp_path) -> None:
    """A save's summary with every escape is listed visibly; the terminal gets none of them."""
    write_save(tmp_path, "evil", "".join(ESCAPES.values()), ":x: " + ESCAPES["clipboard"])
    app = make_app()
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        app.action_load()
        await pilot.pause()
        assert isinstance(app.screen, LoadScreen)
        shown = screen_output(app)
        assert "␛]52;c;" in shown and ":x:" in shown
        assert foreign_controls(shown) == []
        app.notify(f"note {ESCAPES['window title']}", title=ESCAPES["clear screen"])
        await pilot.pause()
        assert foreign_controls(screen_output(app)) == []


async def test_the_play_screen_shows_hostile_story_text_without_escapes(tmp_path) -> None:
    """Scene title, text and choices with escapes (reached past the loader) reach the terminal visibly only."""
    from game.play.session import Session
    from game.ui.app import JangalApp

    store = SaveStore(tmp_path / "saves")
    app = JangalApp(Session(hostile_model(load_or_raise([MINI])), store), store.folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        shown = screen_output(app)
        assert "At the dock ␛]52;c;" in shown and "Welcome ␛]52;c;" in OWN_CODES.sub("", shown)
        assert foreign_controls(shown) == []


def test_text_helpers_make_control_characters_visible() -> None:
    """The UI's two ways of showing file text as written also show it without control characters."""
    from game.ui.text import cell, plain

    assert plain("a\x1b[2Jb").plain == "a␛[2Jb" and isinstance(plain("x"), Content)
    assert cell("a\x9bb").plain == "a\ufffdb"


@pytest.fixture
def hostile_transcripts(tmp_path):
    """A folder of transcripts: a genuine one in a file whose name holds an escape, a copy whose student
    name, story title and code were edited to hold every escape, and one whose text was edited to hold one."""
    story = load_or_raise([MINI])
    engine = Engine(story)
    state = engine.choose(engine.new_game(), 0).state
    folder = tmp_path / "class"
    folder.mkdir()
    genuine = folder / "student\x1b]0;title\x07.md"
    genuine.write_text(render(story, transcript_of(story, state, "Ana"), state, "md"), encoding="utf-8")
    bad = json.dumps("".join(ESCAPES.values()))  # escaped as JSON, so the data block still reads
    edited = genuine.read_text().replace('"Ana"', bad).replace('"A small test story"', bad)
    (folder / "edited.md").write_text(edited.replace('"JG-', bad[:-1] + "JG-"), encoding="utf-8")
    text = genuine.read_text().replace("Welcome", "Welcome" + ESCAPES["clear screen"])
    (folder / "text.md").write_text(text, encoding="utf-8")
    return folder, genuine


def test_verify_prints_no_escape_from_a_student_file(hostile_transcripts, capsys) -> None:
    """`jangal verify` quotes the student's name and the file's name only as visible text."""
    folder, genuine = hostile_transcripts
    for path in (genuine, folder / "edited.md", folder / "text.md"):
        main(["verify", "--scenes", str(MINI), str(path)])
        captured = capsys.readouterr()
        assert captured.out + captured.err
        assert foreign_controls(captured.out + captured.err) == []


def test_class_report_prints_no_escape_from_student_files(hostile_transcripts, capsys, tmp_path) -> None:
    """`jangal class-report` over those files, on the terminal, in its HTML page and in its CSV file
    (whose CRLF line ends stay)."""
    folder, _ = hostile_transcripts
    page, table = tmp_path / "report.html", tmp_path / "report.csv"
    arguments = ["class-report", "--scenes", str(MINI), str(folder), "--html", str(page), "--csv", str(table)]
    assert main(arguments) == 0
    captured = capsys.readouterr()
    assert "student" in captured.out
    assert foreign_controls(captured.out + captured.err) == []
    assert foreign_controls(page.read_text(encoding="utf-8")) == []
    rows = table.read_bytes().decode("utf-8-sig")
    assert rows.endswith("\r\n") and foreign_controls(rows.replace("\r\n", "\n")) == []
