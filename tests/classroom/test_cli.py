"""The three commands as a teacher and a student type them: output, files written, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from game.cli.main import main
from game.play.saves import SaveStore
from game.play.session import Session
from tests.classroom.conftest import self_contained
from tests.conftest import MINI, ROOT


@pytest.fixture
def saves(tmp_path, mini_story) -> Path:
    """A save folder whose autosave is a finished game of the mini story: welcome, go back, welcome, march on."""
    folder = tmp_path / "saves"
    session = Session(mini_story, SaveStore(folder))
    session.start()
    for index in (0, 2, 0, 0):
        session.choose(index)
    return folder


def story_options(saves: Path) -> list[str]:
    return ["--scenes", str(MINI), "--saves-dir", str(saves)]


def test_markdown_goes_to_standard_output_and_verifies(saves, tmp_path, capsys) -> None:
    """`transcript autosave --name` prints Markdown; saved to a file, `verify` calls it genuine."""
    assert main(["transcript", "autosave", "--name", "Ali Rezaei", *story_options(saves)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# Jangal transcript: A small test story\n\n- **Student:** Ali Rezaei\n")
    transcript = tmp_path / "ali.md"
    transcript.write_text(text, encoding="utf-8")
    assert main(["verify", str(transcript), "--scenes", str(MINI)]) == 0
    assert capsys.readouterr().out == (
        "genuine: Ali Rezaei, 4 choices, ending “The march fails” (historical), "
        f"story “A small test story” {_fingerprint()}\n"
    )


def test_html_is_written_to_slot_dot_html_by_default(saves, tmp_path, capsys, monkeypatch) -> None:
    """Without --output, HTML goes to SLOT.html in the current folder, and the code is said on standard error."""
    monkeypatch.chdir(tmp_path)
    assert main(["transcript", "autosave", "--format", "html", *story_options(saves)]) == 0
    written = tmp_path / "autosave.html"
    page = written.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and self_contained(page)
    assert capsys.readouterr().err.startswith("Wrote autosave.html (verification code JG-")
    assert main(["verify", "autosave.html", "--scenes", str(MINI)]) == 0


def test_the_output_suffix_chooses_the_format_and_dash_means_standard_output(saves, tmp_path, capsys) -> None:
    """--output x.html writes HTML without --format; --output - prints even HTML."""
    target = tmp_path / "x.html"
    assert main(["transcript", "autosave", "--output", str(target), *story_options(saves)]) == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    capsys.readouterr()
    assert main(["transcript", "autosave", "--format", "html", "--output", "-", *story_options(saves)]) == 0
    assert capsys.readouterr().out == target.read_text(encoding="utf-8")


def test_transcript_refuses_a_missing_save_and_a_bad_name(saves, capsys) -> None:
    """Plain messages and exit 1, no traceback."""
    assert main(["transcript", "nope", *story_options(saves)]) == 1
    assert capsys.readouterr().err.strip() == "Cannot export: there is no save called “nope”"
    assert main(["transcript", "autosave", "--name", "Ali\tRezaei", *story_options(saves)]) == 1
    assert "a name cannot contain line breaks or control characters" in capsys.readouterr().err


def test_verify_says_not_genuine_or_cannot_verify_with_exit_1(saves, tmp_path, capsys) -> None:
    """A tampered file, a missing file and a file without data each give one line and exit 1."""
    main(["transcript", "autosave", "--name", "Ali", *story_options(saves)])
    forged = tmp_path / "forged.md"
    forged.write_text(capsys.readouterr().out.replace("**Student:** Ali", "**Student:** Sara"), encoding="utf-8")
    assert main(["verify", str(forged), "--scenes", str(MINI)]) == 1
    assert capsys.readouterr().out.startswith("not genuine: its text was changed: line 3 reads “- **Student:** Sara”")
    assert main(["verify", str(tmp_path / "missing.md"), "--scenes", str(MINI)]) == 1
    assert capsys.readouterr().out.startswith("cannot verify: there is no file ")
    essay = tmp_path / "essay.md"
    essay.write_text("# What I did in Gilan\n", encoding="utf-8")
    assert main(["verify", str(essay), "--scenes", str(MINI)]) == 1
    assert capsys.readouterr().out.startswith("cannot verify: it is not a Jangal transcript")


def test_class_report_prints_tables_and_writes_html(saves, tmp_path, capsys) -> None:
    """Two students, one resubmission: counts in the terminal, the rejected file named, and an HTML page."""
    folder = tmp_path / "class"
    folder.mkdir()
    for name in ("Ali", "Sara"):
        main(["transcript", "autosave", "--name", name, "--output", str(folder / f"{name}.md"), *story_options(saves)])
    (folder / "Sara again.md").write_text((folder / "Sara.md").read_text(encoding="utf-8"), encoding="utf-8")
    capsys.readouterr()
    page = tmp_path / "report.html"
    assert main(["class-report", str(folder), "--html", str(page), "--scenes", str(MINI)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Class report: 2 transcripts counted, 1 not counted — “A small test story”")
    assert "Sara.md: duplicate: the same file as Sara again.md" in out
    assert "At the dock" in out and "The march fails" in out
    assert self_contained(page.read_text(encoding="utf-8"))
    assert main(["class-report", str(tmp_path / "nowhere"), "--scenes", str(MINI)]) == 1


def test_the_classroom_commands_never_import_textual() -> None:
    """transcript, verify and class-report run without loading Textual."""
    code = (
        "import sys, tempfile, pathlib\n"
        "from game.cli.main import main\n"
        "from game.play.session import Session\n"
        "from game.play.saves import SaveStore\n"
        "from game.story.loader import load_or_raise\n"
        "folder = pathlib.Path(tempfile.mkdtemp())\n"
        "session = Session(load_or_raise(['tests/stories/mini']), SaveStore(folder))\n"
        "session.start(); session.choose(0)\n"
        "out = str(folder / 'a.html')\n"
        "codes = [main(['transcript', 'autosave', '--scenes', 'tests/stories/mini', '--saves-dir', str(folder),\n"
        "               '--output', out]),\n"
        "         main(['verify', out, '--scenes', 'tests/stories/mini']),\n"
        "         main(['class-report', str(folder), '--scenes', 'tests/stories/mini'])]\n"
        "print(codes, any(name.split('.')[0] == 'textual' for name in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[0, 0, 0] False"


def _fingerprint() -> str:
    from game.story.loader import load_or_raise

    return load_or_raise([MINI]).fingerprint[:8]
