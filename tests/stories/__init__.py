"""Small stories for tests: `mini` (the engine's), `showcase` (every screen)."""

from pathlib import Path

MINI = Path(__file__).parent / "mini"
SHOWCASE = Path(__file__).parent / "showcase"
