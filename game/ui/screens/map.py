"""The map (`m`): a sketch of Gilan and its neighbours, marking where the player is and has been."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from game.play.state import GameState
from game.story.model import Story

# A sketch, not a survey: rows and columns of each place on a 64x17 grid, north at the top.
PLACES: dict[str, tuple[int, int]] = {
    "Baku": (0, 2),
    "Astara": (3, 2),
    "Talesh": (5, 3),
    "Anzali": (8, 22),
    "Rasht": (9, 30),
    "Mazandaran": (9, 50),
    "Fuman": (10, 14),
    "Molla Sara": (11, 5),
    "Masuleh": (12, 9),
    "Manjil": (13, 26),
    "Qazvin": (15, 24),
    "Tehran": (16, 46),
}
COAST = [
    (1, "              ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~"),
    (2, "              ~ ~ ~ ~ ~ ~ ~  the Caspian Sea  ~ ~ ~ ~ ~ ~"),
    (3, "              ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~"),
    (4, "              ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~"),
    (5, "                ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~"),
    (6, "                  ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~"),
    (7, "                      ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~"),
    (12, "                                ^ ^ Alborz ^ ^ ^ ^ ^"),
]
WIDTH, HEIGHT = 64, 18


def place_of(text: str) -> str | None:
    """The mapped place a scene's `place` names first, if any."""
    found = [(text.find(name), name) for name in PLACES if name in text]
    return min(found)[1] if found else None


def draw(current: str | None, visited: set[str]) -> Content:
    """The sketch with ● for where the player is and ○ for where they have been."""
    grid = [[" "] * WIDTH for _ in range(HEIGHT)]
    for row, line in COAST:
        for column, char in enumerate(line[:WIDTH]):
            grid[row][column] = char
    marks = []
    for name, (row, column) in PLACES.items():
        mark = "●" if name == current else ("○" if name in visited else "·")
        label = f"{mark} {name}"
        for offset, char in enumerate(label):
            if column + offset < WIDTH:
                grid[row][column + offset] = char
        marks.append((row, column, len(label), mark))
    lines = ["".join(row).rstrip() for row in grid]
    content = Content("\n".join(lines))
    for row, column, length, mark in marks:
        if mark != "·":
            start = sum(len(line) + 1 for line in lines[:row]) + column
            content = content.stylize("bold $accent" if mark == "●" else "$success", start, start + length)
    return content


class MapScreen(Screen[None]):
    """Where the story has taken the player so far; Escape closes it."""

    BINDINGS = [Binding("escape,m", "close", "Back")]

    DEFAULT_CSS = """
    MapScreen #map { padding: 1 2; width: auto; }
    MapScreen #map-legend { padding: 0 2; color: $text-muted; }
    """

    def __init__(self, story: Story, state: GameState):
        super().__init__()
        self.story = story
        self.game_state = state

    def compose(self) -> ComposeResult:
        scenes = [self.story.scenes[s] for s in self.game_state.scenes_seen() if s in self.story.scenes]
        visited = {place for place in (place_of(scene.place) for scene in scenes) if place}
        here = place_of(self.story.scenes[self.game_state.scene].place)
        yield Static("Map · where the story has taken you", classes="screen-title")
        yield Static(draw(here, visited), id="map")
        now = self.story.scenes[self.game_state.scene].place or "somewhere unnamed"
        yield Static(f"● you are here ({now})   ○ you have been here   · not yet", id="map-legend", markup=False)
        yield Footer()

    def action_close(self) -> None:
        self.app.pop_screen()
