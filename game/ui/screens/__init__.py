"""One screen per file; here, what the app asks of screens without importing them, and the smallest size it lays out."""

from __future__ import annotations

import sys

from textual.screen import Screen


def is_play_screen(screen: Screen) -> bool:
    """True for the play screen, without importing it (and Rich's Markdown, markdown-it) before a game starts.

    Until its module is imported no play screen can exist, so the answer is then simply no.
    """
    return _is_loaded(screen, "game.ui.screens.play", "PlayScreen")


MIN_WIDTH, MIN_HEIGHT = 60, 20
"""The smallest terminal the game is laid out for; below it ``TooSmallScreen`` covers the game."""


def below_minimum_size(width: int, height: int) -> bool:
    """True below the smallest size the game is laid out for (not ``too_small``: that is a module's name here)."""
    return width < MIN_WIDTH or height < MIN_HEIGHT


def is_too_small_screen(screen: Screen) -> bool:
    """True for the too-small cover, without importing it before a terminal is too small (as ``is_play_screen``)."""
    return _is_loaded(screen, "game.ui.screens.too_small", "TooSmallScreen")


def _is_loaded(screen: Screen, module: str, name: str) -> bool:
    """Whether ``screen`` is a ``name`` of ``module``: never, while that module is not imported."""
    found = sys.modules.get(module)
    return found is not None and isinstance(screen, getattr(found, name))
