"""The side panel: the story's variables and flags, and how far the path has left history."""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content
from textual.widgets import Static

from game.play.engine import Divergence
from game.play.language import _, local_digits
from game.play.state import GameState
from game.story.model import Story, Variable
from game.ui.text import plain

BAR_WIDTH = 12


def bar(variable: Variable, value: int, width: int = BAR_WIDTH) -> str:
    """A text bar for a ranged variable: filled part for the value."""
    span = max(variable.maximum - variable.minimum, 1)
    filled = round((value - variable.minimum) / span * width)
    return "█" * filled + "░" * (width - filled)


class StatusPanel(Static):
    """Redrawn from the state after every change; holds nothing itself."""

    RIGHT_TO_LEFT_BASE = True
    """Mirrored line by line in a right-to-left language, English labels too: its bars fill from the right."""

    def show(
        self, story: Story, state: GameState, divergence: Divergence, changes: Mapping[str, int] | None = None
    ) -> None:
        """Draw the variables (with the last choice's ``changes`` beside them), the flags set, and the divergence."""
        changes = changes or {}
        parts: list[Content] = [Content.styled(_("State of things"), "bold"), Content("\n")]
        for name, variable in story.variables.items():
            value = state.variables.get(name, variable.start)
            parts.append(plain(f"\n{variable.label}\n"))
            if variable.ranged:
                parts.append(Content.styled(bar(variable, value), "$accent"))
                parts.append(Content(local_digits(f" {value}/{variable.maximum}")))
            else:
                parts.append(Content(local_digits(f"{value}")))
            if changes.get(name):
                parts.append(change_content(changes[name]))
        flags = [flag.label for name, flag in story.flags.items() if name in state.flags]
        if flags:
            parts.append(Content("\n\n"))
            parts.append(Content.styled(_("Facts"), "bold"))
            parts.extend(plain(f"\n• {label}") for label in flags)
        parts.append(Content("\n\n"))
        parts.append(Content.styled(_("History"), "bold"))
        parts.append(Content(f"\n{divergence_summary(divergence)}"))
        self.update(Content.assemble(*parts))


def change_content(change: int) -> Content:
    """A variable's change after a choice: "+1" in the success colour, "−1" (a true minus) in the warning colour."""
    text = local_digits(f"  +{change}" if change > 0 else f"  −{-change}")
    return Content.styled(text, "bold $success" if change > 0 else "bold $warning")


def divergence_summary(divergence: Divergence) -> str:
    """One short line: how many decisions followed history."""
    if not divergence.decisions:
        return _("No decisions yet.")
    if not divergence.count:
        sentence = _("On history's path: {followed} of {decisions} decisions.")
        return local_digits(sentence.format(followed=divergence.followed, decisions=divergence.decisions))
    sentence = _("Left history at {count} of {decisions} decisions.")
    return local_digits(sentence.format(count=divergence.count, decisions=divergence.decisions))
