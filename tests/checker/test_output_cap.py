"""A badly broken file: `check` prints its first problems and a count of the rest, and still fails.

A 270 KB file once printed 90,000 problems (34 s, 26 MB of output), and working out a "did you mean"
for each of thousands of bad references compared each with every scene. Both are bounded now.
"""

from __future__ import annotations

from pathlib import Path

import game.story.node_reader as node_reader
from game.authoring.report import MAX_SHOWN_PER_FILE
from game.story.loader import load_story
from game.story.validate import MAX_SUGGESTIONS
from tests.checker.test_cli_check import PROBLEM_LINE, run

HEADER = """\
story:
  id: broken
  title: Broken
  start: s0
  chapters:
    - {id: c, title: C, start: s0}
scenes:
"""


def broken_story(folder: Path, scenes: int) -> Path:
    """One file of scenes that each go to a scene that does not exist (one error each)."""
    folder.mkdir()
    lines = [HEADER]
    for number in range(scenes):
        lines.append(
            f"  - {{id: s{number}, chapter: c, title: T, date: 1920-05-18, place: Rasht, text: x,"
            f" choices: [{{text: a, goto: nowhere{number}}}]}}\n"
        )
    (folder / "scenes.yaml").write_text("".join(lines), encoding="utf-8")
    (folder / "small.yaml").write_text(
        "scenes:\n  - {id: t, chapter: c, title: T, date: 1920-05-18, place: Rasht, text: x,"
        " choices: [{text: a, goto: gone}]}\n",
        encoding="utf-8",
    )
    return folder


def test_check_prints_the_first_problems_of_a_file_and_counts_the_rest(tmp_path) -> None:
    """300 errors in one file: 50 problems printed, then "… and N more problems in …"; the other file whole; exit 1."""
    folder = broken_story(tmp_path / "story", 300)
    result = run("check", str(folder))
    assert result.returncode == 1
    problems = [PROBLEM_LINE.match(line) for line in result.stdout.splitlines()]
    paths = [match["path"] for match in problems if match]
    big = [path for path in paths if path.endswith("scenes.yaml")]
    assert len(big) == MAX_SHOWN_PER_FILE
    in_big_file = [
        problem for problem in load_story([folder]).problems if problem.location.path.endswith("scenes.yaml")
    ]
    assert len(in_big_file) >= 300
    assert f"… and {len(in_big_file) - MAX_SHOWN_PER_FILE:,} more problems in {big[0]}" in result.stdout
    assert any(path.endswith("small.yaml") for path in paths)
    assert "301 errors" in result.stdout.splitlines()[-1]


def test_did_you_mean_is_worked_out_for_the_first_misspellings_only(tmp_path, monkeypatch) -> None:
    """1,000 unknown `goto`s among 1,000 scenes: at most MAX_SUGGESTIONS comparisons with every scene."""
    compared = []
    real = node_reader.closest
    monkeypatch.setattr(node_reader, "closest", lambda word, options: compared.append(word) or real(word, options))
    result = load_story([broken_story(tmp_path / "story", 1000)])
    assert len(result.errors) == 1001
    assert 0 < len(compared) <= MAX_SUGGESTIONS
