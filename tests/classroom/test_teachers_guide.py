"""docs/teachers.md: every command it tells a teacher to type is one the game accepts."""

from __future__ import annotations

import re
import shlex

import pytest

from game.cli.main import build_parser
from tests.conftest import ROOT

GUIDE = (ROOT / "docs" / "teachers.md").read_text(encoding="utf-8")
MENTIONED = re.findall(r"^(jangal [^\n]+)$", GUIDE, re.M) + re.findall(r"`(jangal [^`]+)`", GUIDE)
COMMANDS = sorted({command for command in MENTIONED if len(command.split()) > 2})
"""Commands written out with their arguments (a bare `jangal transcript` in prose names one, it is not typed)."""


@pytest.mark.parametrize("command", COMMANDS)
def test_the_guides_commands_parse(command: str) -> None:
    """Each `jangal ...` line of the guide is accepted by the command-line parser."""
    arguments = build_parser().parse_args(shlex.split(command)[1:])
    assert arguments.command in {"demo", "serve", "transcript", "verify", "class-report", "play"}


def test_the_guide_has_a_lesson_per_chapter_with_questions() -> None:
    """Three lesson plans, one per chapter of the campaign, each with questions for discussion."""
    assert GUIDE.count("### Chapter ") == 3
    assert GUIDE.count("Questions for discussion:") == 3
    for chapter in ("uprising", "qazvin", "reza_khan"):
        assert f"jangal demo --chapter {chapter}" in GUIDE
