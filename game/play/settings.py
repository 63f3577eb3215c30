"""Player settings that outlive a game (for now, the colour theme), kept as JSON beside the saves."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from game.play.saves import write_atomically
from game.story.safe_files import read_limited

SETTINGS_FILE = ".settings.json"
"""Starts with a dot, so the save list never mistakes it for a slot."""
MAX_SETTINGS_BYTES = 64 * 1024
"""The settings are a few words: a larger file is not Jangal's, and is ignored like a damaged one."""


@dataclass(frozen=True, slots=True)
class Settings:
    """What the player chose last time."""

    theme: str = "textual-dark"
    """The Textual theme name."""


def load_settings(folder: Path) -> Settings:
    """The saved settings, or the defaults when there are none, the file is damaged or it is not a regular file."""
    try:
        data = json.loads(read_limited(folder / SETTINGS_FILE, MAX_SETTINGS_BYTES).decode("utf-8-sig"))
        theme = data.get("theme") if isinstance(data, dict) else None
        return Settings(theme) if isinstance(theme, str) else Settings()
    except (OSError, ValueError):
        return Settings()


def save_settings(folder: Path, settings: Settings) -> bool:
    """Write the settings; False when the folder cannot be written (the game goes on)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(folder / SETTINGS_FILE, json.dumps(asdict(settings)).encode("utf-8"))
    except OSError:
        return False
    return True
