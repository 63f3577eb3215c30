"""The problems panel of ``jangal play --watch``: what is wrong with the edited story, until it is fixed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.story.printable import printable

if TYPE_CHECKING:
    from game.story.problems import Problem

SHOWN = 20
"""More problems than this are counted, not listed: the first ones are usually the cause of the rest."""


def problems_content(problems: Sequence[Problem]) -> Content:
    """A heading that says what the game is doing about them, then each problem with its hint."""
    errors = sum(problem.is_error for problem in problems)
    warnings = len(problems) - errors
    if errors:
        heading = Content.styled(
            f"The edited story has {_count(errors, 'error')}: still playing the last version that loaded. "
            "Save the fixed file and this panel goes away.",
            "bold $error",
        )
    else:
        heading = Content.styled(f"Reloaded with {_count(warnings, 'warning')}.", "bold $warning")
    lines = [heading]
    for problem in problems[:SHOWN]:
        colour = "$error" if problem.is_error else "$warning"
        lines.append(
            Content.assemble(
                (printable(str(problem.location)), "bold"),
                ": ",
                (problem.severity.value, colour),
                ": ",
                printable(problem.message),
            )
        )
        if problem.hint:
            lines.append(Content.assemble("    ", ("hint:", "$accent"), " ", printable(problem.hint)))
    if len(problems) > SHOWN:
        lines.append(Content(f"… and {len(problems) - SHOWN} more: `jangal check` lists them all."))
    return Content("\n").join(lines)


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


class ProblemsPanel(VerticalScroll):
    """Hidden while the story is sound; otherwise docked under the game, scrollable."""

    def compose(self):
        yield Static(id="problems-text")

    def on_mount(self) -> None:
        self.show(getattr(self.app, "story_problems", ()))

    def show(self, problems: Sequence[Problem]) -> None:
        """List these problems, or hide when there are none."""
        self.display = bool(problems)
        if problems:
            self.query_one("#problems-text", Static).update(problems_content(problems))
