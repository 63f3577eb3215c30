"""docs/teachers.md: every command it tells a teacher to type is one the game accepts."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest

from game.cli.arguments import build_parser
from tests.conftest import ROOT

GUIDE = (ROOT / "docs" / "teachers.md").read_text(encoding="utf-8")
MENTIONED = re.findall(r"^(jangal [^\n]+)$", GUIDE, re.M) + re.findall(r"`(jangal [^`]+)`", GUIDE)
COMMANDS = sorted({command for command in MENTIONED if len(command.split()) > 2})
"""Commands written out with their arguments (a bare `jangal transcript` in prose names one, it is not typed)."""


@pytest.mark.parametrize("command", COMMANDS)
def test_the_guides_commands_parse(command: str) -> None:
    """Each `jangal ...` line of the guide is accepted by the command-line parser."""
    arguments = build_parser().parse_args(shlex.split(command)[1:])
    assert arguments.command in {"demo", "serve", "transcript", "verify", "class-report", "play", "export"}


def test_the_guide_has_a_lesson_per_chapter_with_questions() -> None:
    """Three lesson plans, one per chapter of the campaign, each with questions for discussion."""
    assert GUIDE.count("### Chapter ") == 3
    assert GUIDE.count("Questions for discussion:") == 3
    for chapter in ("uprising", "qazvin", "reza_khan"):
        assert f"jangal demo --chapter {chapter}" in GUIDE


def guide_command(start: str) -> list[str]:
    """The guide's one command that starts so, as arguments for ``python -m game``."""
    [command] = [command for command in COMMANDS if command.startswith(start)]
    return [sys.executable, "-m", "game", *shlex.split(command)[1:]]


def test_the_homework_workflow_as_the_guide_types_it(tmp_path) -> None:
    """A student's game, then the guide's transcript, verify and class-report commands, each doing what it says."""
    environment = {**os.environ, "JANGAL_SAVES": str(tmp_path / "saves")}

    def run(arguments: list[str]) -> subprocess.CompletedProcess:
        return subprocess.run(arguments, capture_output=True, text=True, cwd=tmp_path, env=environment, timeout=120)

    played = run([sys.executable, "-m", "game", "play", "--plain", "--auto", "history"])
    assert played.returncode == 0
    # Autoplay keeps its own slot; a student's game at home is the full-screen game's autosave.
    (tmp_path / "saves" / "autoplay.json").rename(tmp_path / "saves" / "autosave.json")

    handed = run(guide_command("jangal transcript autosave"))
    page = tmp_path / "autosave.html"
    assert handed.returncode == 0 and "Wrote autosave.html (verification code JG-" in handed.stderr
    code = re.search(r"JG-[A-Z0-9-]+", handed.stderr)[0]
    assert "Their Name" in page.read_text(encoding="utf-8") and code in page.read_text(encoding="utf-8")

    verify = guide_command("jangal verify FILE")
    checked = run([*verify[:-1], str(page)])
    assert checked.returncode == 0 and checked.stdout.startswith("genuine: Their Name,")
    assert "(historical)" in checked.stdout

    folder = tmp_path / "saves" / "served" / "handed-in"
    folder.mkdir(parents=True)
    shutil.copy(page, folder / "a-their-name.html")
    shutil.copy(page, folder / "b-again.html")  # the same file handed in twice
    as_markdown = run(guide_command("jangal transcript autosave")[:-2])  # the same game, exported as Markdown
    (folder / "c-their-name.md").write_text(as_markdown.stdout, encoding="utf-8")
    (folder / "d-edited.html").write_text(page.read_text(encoding="utf-8").replace("Their Name", "Other"), "utf-8")
    report = run(guide_command("jangal class-report saves/served/handed-in --html"))
    assert report.returncode == 0
    assert report.stdout.startswith("Class report: 1 transcript counted, 3 not counted")
    assert "b-again.html: duplicate: the same file as a-their-name.html" in report.stdout
    assert f"c-their-name.md: duplicate: the same game as a-their-name.html (verification code {code})" in report.stdout
    assert "d-edited.html: " in report.stdout.split("Not counted:")[1]
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Their Name" in html and "The man from the forest dies in the snow" in html

    tampered = run([*verify[:-1], str(folder / "d-edited.html")])
    assert tampered.returncode == 1 and tampered.stdout.startswith("not genuine:")
