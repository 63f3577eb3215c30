"""`jangal check` as an author runs it: exit codes, the shape of each problem line, and the summary."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).parents[2]
FIXTURES = Path("tests/checker/fixtures")
PROBLEM_LINE = re.compile(
    r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning): (?P<m>.+)$"
)


def run(*arguments: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m game ...` from the project root, with plain (uncoloured) output."""
    env = {key: value for key, value in os.environ.items() if key not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    env.update(NO_COLOR="1", TERM="dumb", COLUMNS="200")
    return subprocess.run(
        [sys.executable, "-m", "game", *arguments], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60
    )


def test_check_passes_a_sound_story() -> None:
    """A story without a problem exits 0 and the only line is the all-clear summary."""
    result = run("check", "tests/stories/rejoin")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == ["ok: no problems in 2 files, 3 scenes"]


def test_warnings_alone_exit_0() -> None:
    """The mini story's two loop warnings are printed, and the check still passes (it fails with --strict)."""
    result = run("check", "tests/stories/mini")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "0 errors, 2 warnings in 2 files, 4 scenes"
    assert run("check", "--strict", "tests/stories/mini").returncode == 1


def test_check_fails_on_an_error() -> None:
    """A story with one error exits 1 and prints `path:line:col: error: message`, the line, the hint and a summary."""
    story = FIXTURES / "start_scene_unknown" / "story.yaml"
    result = run("check", str(story.parent))
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{story.as_posix()}:5:10: error: the start scene `dok` does not exist"
    assert lines[1:3] == ["      start: dok", "             ^"]
    assert lines[3] == "  hint: did you mean `dock`?"
    assert lines[-1] == "1 error, 0 warnings in 2 files, 3 scenes"
    assert len(lines) == 5


def test_every_problem_line_has_the_editor_format() -> None:
    """An error and a warning each print `path:line:col: severity: message`, then the line, then `  hint: `."""
    result = run("check", str(FIXTURES / "goto_unknown_scene"))
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    headers = [(number, match) for number, match in enumerate(map(PROBLEM_LINE.match, lines)) if match]
    assert [match["severity"] for _, match in headers] == ["error", "warning"], result.stdout
    assert [match["m"] for _, match in headers] == [
        "`goto` leads to `victroy`, which does not exist",
        "ending `victory` can never be reached",
    ]
    for number, match in headers:
        assert Path(match["path"]) == FIXTURES / "goto_unknown_scene" / "scenes.yaml"
        assert lines[number + 2].strip() == "^"
        assert lines[number + 3].startswith("  hint: ")
    assert "  hint: did you mean `victory`?" in lines
    assert lines[-1] == "1 error, 1 warning in 2 files, 3 scenes"
    assert len(lines) == 2 * 4 + 1


def test_warnings_alone_pass_unless_strict() -> None:
    """A story with only a warning exits 0, and 1 with --strict; the summary counts the warning."""
    folder = str(FIXTURES / "unused_variable")
    relaxed, strict = run("check", folder), run("check", "--strict", folder)
    assert relaxed.returncode == 0, relaxed.stdout + relaxed.stderr
    assert strict.returncode == 1, strict.stdout + strict.stderr
    for result in (relaxed, strict):
        lines = result.stdout.splitlines()
        assert PROBLEM_LINE.match(lines[0])["severity"] == "warning"
        assert lines[0].endswith(":12:5: warning: variable `funds` is declared but never used")
        assert lines[-1] == "0 errors, 1 warning in 2 files, 3 scenes"


def test_check_never_imports_textual() -> None:
    """`check` runs without importing Textual (which is installed), so it stays fast and works without a terminal."""
    assert find_spec("textual") is not None
    code = (
        "import sys; from game.cli.main import main; code = main(['check', 'tests/stories/mini']); "
        "print(code, any(name == 'textual' or name.startswith('textual.') for name in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "0 False"


def test_check_takes_folders_with_scenes_as_every_command_does() -> None:
    """`check --scenes DIR` is `check DIR`, for an author who learnt `--scenes` from the other commands."""
    by_option = run("check", "--scenes", "tests/stories/mini")
    assert by_option.returncode == 0, by_option.stdout + by_option.stderr
    assert by_option.stdout == run("check", "tests/stories/mini").stdout
    broken = run("check", "--scenes", str(FIXTURES / "start_scene_unknown"))
    assert broken.returncode == 1 and "the start scene `dok` does not exist" in broken.stdout
