"""The project's standing promises: one quality gate, the same commands in README and CI, safe code."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", quick_start)


def test_readme_gives_exactly_two_commands_and_ci_runs_the_test_one() -> None:
    """README's quick start has a play command and a test command; .ci/run runs the latter verbatim."""
    play, test = readme_commands()
    assert play.endswith(".venv/bin/jangal")
    assert test.endswith(".venv/bin/pytest")
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci_lines


def test_campaign_passes_the_strict_check() -> None:
    """`jangal check --strict scenes` finds no error and no warning in the shipped story."""
    result = subprocess.run(
        [sys.executable, "-m", "game", "check", "--strict", "scenes"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("ok: no problems")


@pytest.mark.skipif(shutil.which("ruff") is None and not (ROOT / ".venv/bin/ruff").exists(), reason="ruff missing")
def test_ruff_is_clean() -> None:
    """ruff finds no lint problem and nothing to reformat."""
    ruff = shutil.which("ruff") or str(ROOT / ".venv/bin/ruff")
    for command in ([ruff, "check", "."], [ruff, "format", "--check", "."]):
        result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 0, result.stdout + result.stderr


FORBIDDEN = re.compile(
    r"\b(eval|exec)\(|\bpickle\b|\bmarshal\b|yaml\.(unsafe_)?load\(|Loader=yaml\.(Full|Unsafe)?Loader\b"
)


def test_no_path_to_eval_pickle_or_unsafe_yaml() -> None:
    """The package never calls eval, exec, pickle, marshal or a non-safe YAML loader."""
    hits = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in (ROOT / "game").rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if FORBIDDEN.search(line)
    ]
    assert hits == []


RUNS_TEXT_AS_CODE = re.compile(
    r"(?<![.\w])(?<!def )(compile|__import__)\(|\bos\.(system|popen|exec\w*|spawn\w*)\(|\bshell\s*=\s*True\b"
    r"|yaml\.(full_load|load_all|unsafe_load_all|full_load_all)\(|\bshelve\b"
)


def test_no_other_path_to_running_text_as_code() -> None:
    """Nor does it compile or import code from text, start a shell, or use YAML's other non-safe loaders."""
    hits = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in (ROOT / "game").rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if RUNS_TEXT_AS_CODE.search(line)
    ]
    assert hits == []
    assert RUNS_TEXT_AS_CODE.search('subprocess.run("ls", shell=True)')
    assert not RUNS_TEXT_AS_CODE.search('re.compile("x")')


def test_every_file_of_the_package_that_is_not_python_is_packaged() -> None:
    """A style sheet, a page or a catalog left out of `package-data` is missing from a built wheel: the game
    then fails to start wherever it was installed without `-e`. Each such file of `game/` matches a pattern."""
    import tomllib
    from fnmatch import fnmatch

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    patterns = patterns["package-data"]
    data = [
        path
        for path in (ROOT / "game").rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    ]
    assert data, "the package has data files (its style sheets at least)"
    unpackaged = []
    for path in data:
        package_path = path.parent.relative_to(ROOT)
        covered = False
        for package, globs in patterns.items():
            folder = ROOT.joinpath(*package.split("."))
            if folder in path.parents:
                inside = path.relative_to(folder).as_posix()
                covered = covered or any(fnmatch(inside, pattern) for pattern in globs)
        if not covered:
            unpackaged.append(f"{package_path}/{path.name}")
    assert not unpackaged, f"not in [tool.setuptools.package-data]: {unpackaged}"
