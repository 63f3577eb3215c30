"""Plain mode in Persian, down history's path: into a pipe as written, with --bidi jangal turned line by line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.play.bidi import visual_line
from game.play.engine import Engine
from game.story.problems import ChoiceError
from tests.conftest import ROOT
from tests.ui.persian import PERSIAN, in_persian, persian_story


def play_in_persian(tmp_path: Path, *options: str) -> str:
    command = [sys.executable, "-m", "game", "play", "--plain", "--auto", "history", "--lang", "fa"]
    env = {**os.environ, "JANGAL_SAVES": str(tmp_path / "saves"), "COLUMNS": "80"}
    result = subprocess.run(
        [*command, "--scenes", str(PERSIAN), *options], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_plain_mode_in_persian_follows_historys_path(tmp_path: Path) -> None:
    """Into a pipe the text is as written, for whatever reads it: Persian words, dates in both calendars, the end."""
    shown = play_in_persian(tmp_path)
    assert "فصل: پیاده شدن" in shown
    assert "۲۸ اردیبهشت ۱۲۹۹ / ۱۸ مه ۱۹۲۰ · انزلی" in shown
    assert "  ۱. به ملوانان خوشامد بگو" in shown
    assert "انتخاب شما: به ملوانان خوشامد بگو" in shown
    assert "✓ تاریخ: تصمیمی آزمایشی که تاریخ در اسکله گرفت." in shown
    assert "پایان: پیشروی شکست می‌خورد (پایان تاریخی)" in shown
    assert "آنچه به‌راستی رخ داد" in shown


def test_plain_mode_with_jangal_bidi_prints_visual_lines(tmp_path: Path) -> None:
    """With --bidi jangal each line is shaped, reordered and right-aligned to the width."""
    lines = play_in_persian(tmp_path, "--bidi", "jangal").splitlines()
    heading = visual_line("فصل: پیاده شدن").text
    assert any(line.endswith(heading) and line.strip() == heading for line in lines)
    mixed = next(line for line in lines if "Rasht" in line)
    assert mixed.index("1920") < mixed.index("Rasht") < mixed.index(visual_line("انزلی").text)


def test_why_a_choice_cannot_be_made_is_said_in_persian() -> None:
    """The engine's reasons (a verify's, plain mode's) are Jangal's words too: in Persian, with Persian digits."""
    with in_persian():
        engine = Engine(persian_story())
        start = engine.new_game()
        with pytest.raises(ChoiceError, match="اینجا گزینهٔ ۹ نیست"):
            engine.choose(start, 8)
        with pytest.raises(ChoiceError, match="فصلی با نام `nowhere` نیست"):
            engine.new_game("nowhere")
        with pytest.raises(ChoiceError, match="انتخاب ۱ در صحنهٔ `road` انجام شده، اما بازی در آن لحظه در `dock` است"):
            engine.follow(start, [("road", 0)])
