"""The key bar at the foot of each screen, in the player's language.

Screens declare their key bindings in English when their module is imported (``N_`` marks them
for translators); the words are translated here, when the bar is drawn, so the language chosen
at start-up (or in a test, after the screens were imported) applies. In a right-to-left language
the keys run from the right, the most used first.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

from game.play.language import _, mirrored


class Footer(TextualFooter):
    """Textual's footer with each key's description (and tooltip) in the player's language."""

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        for key in keys:
            if isinstance(key, FooterKey):
                key.description = _(key.description)
                if key.tooltip:
                    key.tooltip = _(str(key.tooltip))
        yield from reversed(keys) if mirrored() else keys
