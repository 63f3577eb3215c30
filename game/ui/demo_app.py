"""``jangal demo``: the projector app, one screen that steps through a path."""

from __future__ import annotations

from game.classroom.demo import Stop
from game.play.engine import Engine
from game.ui.base import JangalBaseApp
from game.ui.screens.demo import DemoScreen


class DemoApp(JangalBaseApp):
    """The demo in the terminal (or in a browser, through `jangal serve --demo`)."""

    CSS_PATH = ["game.tcss", "demo.tcss"]
    TITLE = "Jangal: demo"

    def __init__(self, engine: Engine, stops: list[Stop], *, pace: float, chooser: str | None = None):
        super().__init__()
        self.demo = DemoScreen(engine, stops, pace=pace, chooser=chooser)

    def on_mount(self) -> None:
        self.push_screen(self.demo)
