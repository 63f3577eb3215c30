"""Player settings that outlive a game (for now, the colour theme), kept as JSON beside the saves."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from game.play.saves import write_atomically

SETTINGS_FILE = ".settings.json"
"""Starts with a dot, so the save list never mistakes it for a slot."""


@dataclass(frozen=True, slots=True)
class Settings:
    """What the player chose last time."""

    theme: str = "textual-dark"
    """The Textual theme name."""


def load_settings(folder: Path) -> Settings:
    """The saved settings, or the defaults when there are none or the file is damaged."""
    try:
        data = json.loads((folder / SETTINGS_FILE).read_text(encoding="utf-8-sig"))
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
