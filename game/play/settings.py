"""Player settings that outlive a game, kept as JSON beside the saves.

The file holds the colour theme, the options of the Settings screen, and the endings found in
each story (by story id, then ending scene id, with the date found), so the Endings screen
remembers them across games. A damaged or missing file, or a damaged key, falls back to the
default for that key: settings are never a reason the game cannot start.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from game.play.saves import write_atomically
from game.story.safe_files import read_limited

SETTINGS_FILE = ".settings.json"
"""Starts with a dot, so the save list never mistakes it for a slot."""
MAX_SETTINGS_BYTES = 64 * 1024
"""The settings are a few words: a larger file is not Jangal's, and is ignored like a damaged one."""
DEMO_PACES = (0.0, 10.0, 20.0, 30.0, 60.0)
"""The paces the Settings screen offers for ``jangal demo`` (seconds a scene; 0 waits for space)."""
DEFAULT_DEMO_PACE = 30.0
LANGUAGES = ("en", "fa")
"""The languages the Settings screen offers: those Jangal's own words are translated into."""


@dataclass(frozen=True, slots=True)
class Settings:
    """What the player chose last time."""

    theme: str = "textual-dark"
    """The Textual theme name."""
    history_before_choice: bool = False
    """With the lens on, mark history's choice at a decision before the player picks."""
    demo_pace: float = DEFAULT_DEMO_PACE
    """Seconds a scene for ``jangal demo`` when ``--pace`` is not given."""
    status_panel: bool = True
    """Whether the play screen shows the side panel with the state of things."""
    language: str = "en"
    """The language Jangal speaks and the story is told in, where translated (one of ``LANGUAGES``)."""
    bidi: str = "jangal"
    """Who orders right-to-left text: ``jangal`` (shaped and reordered) or ``terminal`` (one that does bidi)."""
    endings: dict[str, dict[str, str]] = field(default_factory=dict)
    """Endings found: story id -> ending scene id -> the ISO date it was first reached."""

    def endings_found(self, story_id: str) -> dict[str, str]:
        """The endings found in one story, scene id -> date found."""
        return self.endings.get(story_id, {})

    def with_ending(self, story_id: str, scene_id: str, found_on: date) -> Settings:
        """These settings with one more ending found (the first date it was found is kept)."""
        found = dict(self.endings_found(story_id))
        if scene_id in found:
            return self
        found[scene_id] = found_on.isoformat()
        return replace(self, endings={**self.endings, story_id: found})


def load_settings(folder: Path) -> Settings:
    """The saved settings, or the defaults when there are none, the file is damaged or it is not a regular file."""
    try:
        data = json.loads(read_limited(folder / SETTINGS_FILE, MAX_SETTINGS_BYTES).decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return Settings()
    return settings_from(data) if isinstance(data, dict) else Settings()


def settings_from(data: dict[str, Any]) -> Settings:
    """Settings from a decoded file, key by key: a key of the wrong type keeps its default."""
    defaults = Settings()
    pace = data.get("demo_pace")
    pace_ok = isinstance(pace, int | float) and not isinstance(pace, bool) and math.isfinite(pace) and pace >= 0
    return Settings(
        theme=_typed(data, "theme", str, defaults.theme),
        history_before_choice=_typed(data, "history_before_choice", bool, defaults.history_before_choice),
        demo_pace=float(pace) if pace_ok else defaults.demo_pace,
        status_panel=_typed(data, "status_panel", bool, defaults.status_panel),
        language=_one_of(data, "language", LANGUAGES, defaults.language),
        bidi=_one_of(data, "bidi", ("jangal", "terminal"), defaults.bidi),
        endings=_endings(data.get("endings")),
    )


def _typed(data: dict[str, Any], key: str, kind: type, default: Any) -> Any:
    value = data.get(key)
    return value if isinstance(value, kind) else default


def _one_of(data: dict[str, Any], key: str, allowed: tuple[str, ...], default: str) -> str:
    value = data.get(key)
    return value if value in allowed else default


def _endings(value: Any) -> dict[str, dict[str, str]]:
    """The endings found, keeping only well-formed entries."""
    if not isinstance(value, dict):
        return {}
    endings = {}
    for story_id, found in value.items():
        if isinstance(story_id, str) and isinstance(found, dict):
            endings[story_id] = {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, str)}
    return endings


def save_settings(folder: Path, settings: Settings) -> bool:
    """Write the settings; False when the folder cannot be written (the game goes on)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(folder / SETTINGS_FILE, json.dumps(asdict(settings), ensure_ascii=False).encode("utf-8"))
    except OSError:
        return False
    return True


def update_settings(folder: Path, **changes: Any) -> Settings:
    """Read the settings, change some keys, write them back; the new settings (kept even if not written)."""
    settings = replace(load_settings(folder), **changes)
    save_settings(folder, settings)
    return settings


def record_ending(folder: Path, story_id: str, scene_id: str, found_on: date | None = None) -> bool:
    """Note that an ending was reached; True when it is newly found."""
    settings = load_settings(folder)
    updated = settings.with_ending(story_id, scene_id, found_on or date.today())
    if updated is settings:
        return False
    save_settings(folder, updated)
    return True
