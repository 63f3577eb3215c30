"""One screen per file."""

from __future__ import annotations

import sys

from textual.screen import Screen


def is_play_screen(screen: Screen) -> bool:
    """True for the play screen, without importing it (and Rich's Markdown, markdown-it) before a game starts.

    Until its module is imported no play screen can exist, so the answer is then simply no.
    """
    play = sys.modules.get("game.ui.screens.play")
    return play is not None and isinstance(screen, play.PlayScreen)
