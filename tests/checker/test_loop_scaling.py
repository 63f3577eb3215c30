"""The check for loops that raise a variable looks for a route back only where a loop can raise something.

A route per choice made loading a 10,000-scene story take minutes and all the memory (a route is a walk of
the graph): the check now works out the loops once and walks only from a choice that adds on one.
"""

from __future__ import annotations

from pathlib import Path

import game.story.loop_checks as loop_checks
from game.story.loader import load_story

HEADER = """story:
  id: ring
  title: A ring
  start: s0
  variables:
    support: {label: Support, start: 0, min: 0, max: 5}
"""


def ring(folder: Path, scenes: int, adding: set[int]) -> Path:
    """Scenes in a ring of unconditional choices (each also leads back one), some choices adding support."""
    folder.mkdir()
    (folder / "story.yaml").write_text(HEADER, encoding="utf-8")
    lines = ["scenes:"]
    for n in range(scenes):
        effects = ", effects: {add: {support: 1}}" if n in adding else ""
        lines += [
            f"  - id: s{n}",
            "    chapter: one",
            f"    title: Scene {n}",
            "    text: On.",
            "    choices:",
            f"      - {{text: On to {n + 1}, goto: s{(n + 1) % scenes}{effects}}}",
            f"      - {{text: Back to {n - 1}, goto: s{(n - 1) % scenes}}}",
        ]
    (folder / "scenes.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_a_route_back_is_walked_only_from_a_choice_that_raises(tmp_path: Path, monkeypatch) -> None:
    walks = []
    real = loop_checks._open_route
    monkeypatch.setattr(loop_checks, "_open_route", lambda *args: walks.append(args[0]) or real(*args))
    quiet = load_story([ring(tmp_path / "quiet", 2000, set())])
    assert walks == [] and not [p for p in quiet.problems if "again and again" in p.message]
    raising = load_story([ring(tmp_path / "raising", 2000, {7})])
    assert walks == ["s8"]
    (warned,) = [p for p in raising.problems if "again and again" in p.message]
    assert "adds 1 to `support`" in warned.message and warned.location.line > 0
