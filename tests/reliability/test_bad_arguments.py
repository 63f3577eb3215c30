"""Every command, given bad arguments and bad paths, says what is wrong and exits with a documented code.

Each case runs `python -m game ...` as a user would, in a folder of traps (a regular file where a
folder is expected, a folder where a file is expected, a pack whose scenes file is a folder), and
fails on a traceback or on an exit code other than the documented ones: 0 (done), 1 (refused, with
the reason) and 2 (a command line argparse refuses, with the usage). Paths under a regular file or
in /proc stand for read-only places, since the tests may run as root, who may write anywhere else.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINI, ROOT

DOCUMENTED_CODES = {0, 1, 2}
UNREADABLE = Path("/proc/1/map_files")
"""A folder even root may not list (on Linux); the case using it is skipped where it can be listed."""

CASES = [
    # check
    ("check", "missing"),
    ("check", "a_file"),
    ("check", "/proc/version"),
    ("check", "binary.yaml"),
    ("check", "--saves", "missing"),
    ("check", "--saves", "a_file"),
    # schema
    ("schema", "--output", "missing/schema.json"),
    ("schema", "--output", "."),
    ("schema", "--output", "/proc/version"),
    ("schema", "--output", "a_file/schema.json"),
    # new
    ("new", "pack", "a_file"),
    ("new", "pack", "Not A Name"),
    ("new", "scene", "fresh", "--pack", "pack_with_folder"),
    ("new", "scene", "fresh", "--pack", "missing"),
    ("new", "scene", "fresh", "--pack", "a_file"),
    ("new", "scene", "../escape", "--pack", "pack_with_folder"),
    # serve (each refused before anything listens)
    ("serve", "--port", "99999"),
    ("serve", "--port", "-1"),
    ("serve", "--port", "eighty"),
    # demo (each refused before the screen opens)
    ("demo", "--pace", "inf"),
    ("demo", "--pace", "1e400"),
    ("demo", "--pace", "nan"),
    ("demo", "--pace", "-1"),
    ("demo", "--pace", "soon"),
    ("demo", "--chapter", "nowhere"),
    ("demo", "--transcript", "missing.md"),
    ("demo", "--transcript", "a_file"),
    ("demo", "--transcript", "."),
    # explore
    ("explore", "--random", "-1"),
    ("explore", "--random", "0"),
    ("explore", "--limit", "0"),
    ("explore", "--chapter", "nowhere"),
    ("explore", "--scenes", "missing"),
    # lsp (standard input is empty: the editor has gone before it said anything)
    ("lsp", "--scenes", "missing"),
    ("lsp", "--scenes", "a_file"),
    ("lsp", "--stdio-nonsense"),
    # graph
    ("graph", "--chapter", "nowhere"),
    ("graph", "--format", "png"),
    ("graph", "--scenes", "a_file"),
    # transcript
    ("transcript", "../../etc/passwd"),
    ("transcript", "no_such_slot"),
    ("transcript", "autosave", "--output", "/proc/version"),
    ("transcript", "autosave", "--output", "missing/t.md"),
    ("transcript", "autosave", "--output", "a_file/t.md"),
    ("transcript", "autosave", "--format", "pdf"),
    # verify
    ("verify", "missing.md"),
    ("verify", "."),
    ("verify", "a_file"),
    ("verify", "binary.yaml"),
    ("verify", "/proc/version"),
    # class-report
    ("class-report", "missing"),
    ("class-report", "a_file"),
    ("class-report", str(UNREADABLE)),
    ("class-report", ".", "--html", "/proc/version"),
    ("class-report", ".", "--html", "missing/report.html"),
    # play (plain mode, or refused before the screen opens)
    ("--plain", "--load", "../../etc/passwd"),
    ("--plain", "--load", "no_such_slot"),
    ("--plain", "--chapter", "nowhere"),
    ("--plain", "--scene", "nowhere"),
    ("--plain", "--saves-dir", "a_file"),
    ("--plain", "--saves-dir", "/proc/version"),
    ("--plain", "--auto", "sideways"),
    ("--plain", "--seed", "x"),
    ("--plain", "--scenes", "missing"),
    # the command line itself
    ("--no-such-option",),
    ("no-such-command",),
]


@pytest.fixture(scope="module")
def traps(tmp_path_factory) -> Path:
    """A working folder of traps, and an autosave for the commands that read one."""
    folder = tmp_path_factory.mktemp("traps")
    (folder / "a_file").write_text("just text\n")
    (folder / "binary.yaml").write_bytes(bytes(range(256)) * 4)
    (folder / "pack_with_folder" / "scenes.yaml").mkdir(parents=True)
    subprocess.run(
        [sys.executable, "-m", "game", "--plain", "--scenes", str(MINI), "--saves-dir", str(folder / "saves")],
        input="1\nq\n",
        text=True,
        capture_output=True,
        cwd=folder,
        timeout=60,
        check=True,
    )
    # Plain mode keeps its own slot; the commands under test read the full-screen game's autosave.
    (folder / "saves" / "plain-autosave.json").rename(folder / "saves" / "autosave.json")
    return folder


def run(folder: Path, arguments: tuple[str, ...], **env: str) -> subprocess.CompletedProcess:
    """`python -m game` with these arguments in the traps folder, saves beside it, stdin empty."""
    command = [sys.executable, "-m", "game", *arguments]
    if "--saves-dir" not in arguments and arguments[0] in ("transcript", "--plain"):
        command += ["--saves-dir", str(folder / "saves")]
    return subprocess.run(
        command,
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=60,
    )


@pytest.mark.parametrize("arguments", CASES, ids=[" ".join(case) for case in CASES])
def test_a_bad_argument_or_path_gets_a_message_not_a_traceback(traps, arguments) -> None:
    """No traceback, a documented exit code, and something said about it."""
    if str(UNREADABLE) in arguments and os.access(UNREADABLE, os.R_OK | os.X_OK) and _listable(UNREADABLE):
        pytest.skip(f"{UNREADABLE} can be listed here")
    done = run(traps, arguments)
    said = done.stdout + done.stderr
    assert "Traceback" not in said, said
    assert done.returncode in DOCUMENTED_CODES, said
    if done.returncode:
        assert said.strip(), "a refusal must say why"


def _listable(folder: Path) -> bool:
    try:
        os.listdir(folder)
    except OSError:
        return False
    return True


OUTPUTS = [
    ("--plain", "--auto", "history", "--scenes", str(ROOT / "scenes"), "--saves-dir", "campaign_saves"),
    ("graph",),
    ("graph", "--format", "dot"),
    ("transcript", "autosave", "--scenes", str(MINI), "--output", "-"),
    ("transcript", "autosave", "--scenes", str(MINI), "--format", "html", "--output", "-"),
    ("check", str(ROOT / "scenes"), "--saves", "saves"),
    ("explore", "--scenes", str(MINI), "--limit", "1000"),
    ("verify", "--scenes", str(MINI), "transcript.md"),
]


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("arguments", OUTPUTS, ids=[" ".join(case[:3]) for case in OUTPUTS])
def test_output_that_is_not_utf8_replaces_what_it_cannot_hold(traps, arguments, encoding) -> None:
    """Output redirected on Windows, or `PYTHONIOENCODING=ascii`: characters the encoding lacks become `?`."""
    if arguments[0] == "verify" and not (traps / "transcript.md").exists():
        made = run(traps, ("transcript", "autosave", "--scenes", str(MINI), "--output", "transcript.md"))
        assert made.returncode == 0, made.stderr
    done = run(traps, arguments, PYTHONIOENCODING=encoding)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in (0, 1), done.stderr
    assert done.stdout.strip()


def test_new_pack_in_a_folder_that_cannot_be_written(traps) -> None:
    """`jangal new pack` run from a folder nobody may write in (/proc: even root cannot make a folder there)."""
    done = subprocess.run(
        [sys.executable, "-m", "game", "new", "pack", "my_pack"],
        cwd="/proc",
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    said = " ".join((done.stdout + done.stderr).split())  # as one line: Rich wraps at 80 columns
    assert "Traceback" not in said and done.returncode == 1
    assert "Not written: cannot write my_pack/scenes.yaml" in said and "choose a folder you may write to" in said
