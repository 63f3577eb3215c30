"""The key bar at the foot of each screen, in the player's language.

Screens declare their key bindings in English when their module is imported (``N_`` marks them
for translators); the words are translated here, when the bar is drawn, so the language chosen
at start-up (or in a test, after the screens were imported) applies. In a right-to-left language
each key reads from the right (its words, then its key); the keys keep their order, so a narrow
terminal still cuts the least used ones.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

from game.play.language import N_, _, mirrored

TEXTUAL_WORDS = (N_("palette"),)
"""Words of Textual's own in the footer (the command palette's key), for translators."""


class Footer(TextualFooter):
    """Textual's footer with each key's description (and tooltip) in the player's language."""

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        for key in keys:
            if isinstance(key, FooterKey):
                key.description = _(key.description)
                if key.tooltip:
                    key.tooltip = _(str(key.tooltip))
        yield from keys  # in the order declared, right to left too: a narrow bar cuts the last ones
        if mirrored():
            self.call_after_refresh(self.drop_cut_keys)

    def on_resize(self) -> None:
        if mirrored():
            for key in self.query(FooterKey):
                key.display = True
            self.call_after_refresh(self.drop_cut_keys)

    def drop_cut_keys(self) -> None:
        """Right to left, hide a key the bar's edge would cut: a shaped word cut in two reads as another word."""
        keys = list(self.query(FooterKey))
        palette = [key.region.x for key in keys if key.has_class("-command-palette")]  # docked at the end
        left, right = self.region.x, min([self.region.right, *palette])
        for key in keys:
            if not key.has_class("-command-palette") and (key.region.x < left or key.region.right > right):
                key.display = False
