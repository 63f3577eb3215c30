"""A scene that cannot be built still has the rest of it checked: one run shows every mistake in it.

Each folder in several/ is the mini story with several mistakes in one scene, each marked by a
`# mistake N:` comment on the line above it; the first makes the scene unbuildable (a bad date, a
missing required key), and the others must be reported in the same run, each on its line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.story.loader import load_story

SEVERAL = Path(__file__).parent / "several"

# (folder, [(line, words in the message)]): every error the run must print, and no other.
CASES = [
    (
        "bad_date",
        [
            (6, "the date `1920-13` is not a date"),
            (10, "codex entry `anzaly` does not exist"),
            (14, "`goto` leads to `defeet`"),
            (22, "uses `suport`, which is not a declared variable"),
        ],
    ),
    (
        "missing_title",
        [
            (3, "a scene is missing `title`"),
            (16, "`trusts_abukoff`, which is not a declared flag"),
            (18, "a choice is missing `goto`"),
            (22, "`goto` leads to `victroy`"),
        ],
    ),
]


@pytest.mark.parametrize(("folder", "expected"), CASES, ids=[case[0] for case in CASES])
def test_every_mistake_of_a_broken_scene_is_reported(folder: str, expected: list[tuple[int, str]]) -> None:
    """The mistake that breaks the scene and every other mistake in it, each on its own line, and nothing else."""
    problems = load_story([SEVERAL / folder]).problems
    found = [(p.location.line, p.message) for p in problems]
    assert len(found) == len(expected), found
    for (line, message), (want_line, words) in zip(found, expected, strict=True):
        assert line == want_line and words in message, found


@pytest.mark.parametrize("folder", [case[0] for case in CASES])
def test_each_mistake_is_marked_above_its_line(folder: str) -> None:
    """The fixture's `# mistake N:` comments sit just above the lines the table expects."""
    lines = (SEVERAL / folder / "scenes.yaml").read_text(encoding="utf-8").splitlines()
    marked = [number + 1 for number, text in enumerate(lines, start=1) if text.lstrip().startswith("# mistake")]
    assert marked == [line for line, _ in dict(CASES)[folder]]
