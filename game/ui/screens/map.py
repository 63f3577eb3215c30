"""The map (`m`): the story's own map (its `map:` block), marking where the player is and has been."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from game.play.language import N_, _
from game.play.state import GameState
from game.story.model import Story
from game.story.story_map import StoryMap
from game.ui.text import plain
from game.ui.widgets.footer import Footer

NO_MAP = N_("This story has no map. A story declares one with a `map:` block: see docs/authoring.md.")


def draw(story_map: StoryMap, current: str | None, visited: set[str]) -> Content:
    """The story's drawing with its places: ● where the player is, ○ where they have been, · the others."""
    width, height = story_map.width, story_map.height
    grid = [[" "] * width for _ in range(height)]
    for row, line in enumerate(story_map.drawing):
        for column, char in enumerate(line[:width]):
            grid[row][column] = char
    marks = []
    for place in story_map.places:
        mark = "●" if place.name == current else ("○" if place.name in visited else "·")
        label = f"{mark} {place.name}"
        for offset, char in enumerate(label):
            if place.column + offset < width:
                grid[place.row][place.column + offset] = char
        marks.append((place.row, place.column, min(len(label), width - place.column), mark))
    lines = ["".join(row).rstrip() for row in grid]
    content = plain("\n".join(lines))  # one character for one: the marks stay in place
    for row, column, length, mark in marks:
        if mark != "·":
            start = sum(len(line) + 1 for line in lines[:row]) + column
            content = content.stylize("bold $accent" if mark == "●" else "$success", start, start + length)
    return content


class MapScreen(Screen[None]):
    """Where the story has taken the player so far; Escape closes it."""

    BINDINGS = [Binding("escape,m", "close", N_("Back"))]

    DEFAULT_CSS = """
    MapScreen #map { padding: 1 2; width: auto; }
    MapScreen #map-legend { padding: 0 2; color: $text-muted; }
    """

    def __init__(self, story: Story, state: GameState):
        super().__init__()
        self.story = story
        self.game_state = state

    def compose(self) -> ComposeResult:
        story_map = self.story.map
        title = story_map.title if story_map and story_map.title else _("where the story has taken you")
        yield Static(plain(_("Map · {title}").format(title=title)), classes="screen-title")
        if story_map is None:
            yield Static(_(NO_MAP), id="map", markup=False)
        else:
            seen = self.game_state.scenes_seen()
            visited = {place.name for scene_id in seen if (place := story_map.place_of_scene(scene_id))}
            here = story_map.place_of_scene(self.game_state.scene)
            # A drawing of places: never turned round in a right-to-left language (keep-ltr).
            yield Static(draw(story_map, here.name if here else None, visited), id="map", classes="keep-ltr")
            now = self.story.scenes[self.game_state.scene].place or _("somewhere unnamed")
            legend = _("● you are here ({place})   ○ you have been here   · not yet").format(place=now)
            yield Static(plain(legend), id="map-legend")
        yield Footer()

    def action_close(self) -> None:
        self.app.pop_screen()
