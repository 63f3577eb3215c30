"""Where Jangal finds its scenes and keeps its saves.

Nothing here is cached in a module global: each front end asks once at start-up and passes
the folders on.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def in_checkout() -> bool:
    """True when Jangal runs from a source checkout (editable install or ``python -m game``)."""
    return (PROJECT_ROOT / "pyproject.toml").is_file() and (PROJECT_ROOT / "scenes").is_dir()


def default_scenes() -> list[Path]:
    """The campaign: ``JANGAL_SCENES`` if set, else ``scenes/`` of the checkout."""
    configured = os.environ.get("JANGAL_SCENES")
    return [Path(configured)] if configured else [PROJECT_ROOT / "scenes"]


def saves_folder(override: str | os.PathLike | None = None, environ: Mapping[str, str] = os.environ) -> Path:
    """``--saves-dir`` if given, else ``JANGAL_SAVES``, else ``saves/`` in a checkout, else the user data folder."""
    if override:
        return Path(override)
    if environ.get("JANGAL_SAVES"):
        return Path(environ["JANGAL_SAVES"])
    if in_checkout():
        return PROJECT_ROOT / "saves"
    from platformdirs import user_data_path  # only needed outside a checkout

    return user_data_path("jangal", appauthor=False) / "saves"
