"""A story's map (the top-level ``map:`` block): a drawing, its places, and the scenes at each place.

Self-contained on purpose: the model, how it is read from the file, how it is checked against the
scenes and its JSON Schema all live here; the loader only hands it the block and the scenes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from game.story.problems import Location, Problem, error

if TYPE_CHECKING:  # the map's model is read back from the cache without the YAML parser (model_json)
    import yaml

    from game.story.node_reader import NodeReader

MAX_WIDTH, MAX_HEIGHT = 120, 60
"""A map bigger than this would not fit any terminal the game runs in."""


@dataclass(frozen=True)
class MapPlace:
    """A named place on the map, where its label starts, and the scenes that happen there."""

    name: str
    row: int
    column: int
    scenes: tuple[str, ...]
    location: Location = field(default_factory=lambda: Location("<memory>"), compare=False)
    scene_locations: tuple[Location, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class StoryMap:
    """What the map screen draws: a background drawing of ``height`` lines of ``width`` columns, and places."""

    width: int
    height: int
    places: tuple[MapPlace, ...]
    drawing: tuple[str, ...] = ()
    title: str = ""
    location: Location = field(default_factory=lambda: Location("<memory>"), compare=False)

    def place_of_scene(self, scene_id: str) -> MapPlace | None:
        """The place a scene happens at, or None when it is at none of them."""
        for place in self.places:
            if scene_id in place.scenes:
                return place
        return None


def build_map(reader: NodeReader, node: yaml.Node) -> StoryMap | None:
    """The ``map:`` block of a file, or None (with the problems noted) when it cannot be used."""
    keys = ("title", "width", "height", "drawing", "places")
    found = reader.fields(node, "`map`", keys, required=("width", "height", "places"))
    if found is None or not {"width", "height", "places"} <= found.keys():
        return None
    width = _size(reader, found["width"], "the map's `width`", MAX_WIDTH)
    height = _size(reader, found["height"], "the map's `height`", MAX_HEIGHT)
    title = reader.line(found["title"], "the map's `title`") if "title" in found else ""
    if width is None or height is None or title is None:
        return None
    drawing = _drawing(reader, found.get("drawing"), width, height)
    places = [_place(reader, item, width, height) for item in reader.items(found["places"], "the map's `places`")]
    if drawing is None or None in places:
        return None
    _no_name_twice(reader, places)
    return StoryMap(width, height, tuple(places), drawing, title, reader.at(node))


def _size(reader: NodeReader, node: yaml.Node, what: str, largest: int) -> int | None:
    value = reader.integer(node, what)
    if value is not None and not 1 <= value <= largest:
        reader.fail(node, f"{what} is {value}, but it must be from 1 to {largest}")
        return None
    return value


def _drawing(reader: NodeReader, node: yaml.Node | None, width: int, height: int) -> tuple[str, ...] | None:
    if node is None:
        return ()
    lines = []
    for item in reader.items(node, "the map's `drawing`"):
        line = reader.scalar(item, "a line of the drawing")
        if line is None:
            return None
        if any(ord(char) < 32 or ord(char) == 127 for char in line):
            reader.fail(item, "a line of the drawing holds a control character", "draw with printable characters")
            return None
        if len(line) > width:
            reader.fail(item, f"a line of the drawing is {len(line)} characters, wider than the map's {width}")
            return None
        lines.append(line)
    if len(lines) > height:
        reader.fail(node, f"the drawing has {len(lines)} lines, more than the map's height of {height}")
        return None
    return tuple(lines)


def _place(reader: NodeReader, node: yaml.Node, width: int, height: int) -> MapPlace | None:
    keys = ("name", "row", "column", "scenes")
    found = reader.fields(node, "a place on the map", keys, required=keys)
    if found is None or not set(keys) <= found.keys():
        return None
    name = reader.line(found["name"], "the place's `name`")
    row = reader.integer(found["row"], "the place's `row`")
    column = reader.integer(found["column"], "the place's `column`")
    scene_nodes = reader.items(found["scenes"], "the place's `scenes`")
    scenes = [reader.identifier(item, "a scene id") for item in scene_nodes]
    if name is None or row is None or column is None or None in scenes:
        return None
    if not (0 <= row < height and 0 <= column < width):
        where = f"row {row}, column {column}"
        reader.fail(
            node, f"`{name}` is at {where}, off the map", f"rows are 0 to {height - 1}, columns 0 to {width - 1}"
        )
        return None
    locations = tuple(reader.at(item) for item in scene_nodes)
    return MapPlace(name, row, column, tuple(scenes), reader.at(node), locations)


def _no_name_twice(reader: NodeReader, places: list[MapPlace]) -> None:
    seen: dict[str, MapPlace] = {}
    for place in places:
        if place.name in seen:
            hint = f"the first is at {seen[place.name].location}; list its scenes once, under one place"
            reader.problems.append(error(f"the map has two places called `{place.name}`", place.location, hint))
        seen.setdefault(place.name, place)


def map_problems(maps: list[StoryMap], scenes: Mapping[str, object], *, complete: bool) -> list[Problem]:
    """One map at most; every scene it names exists (when every file was read) and is at one place only."""
    problems = []
    for extra in maps[1:]:
        problems.append(
            error("a second `map:` block", extra.location, f"the map is already drawn at {maps[0].location}")
        )
    if not maps:
        return problems
    at: dict[str, MapPlace] = {}
    for place in maps[0].places:
        for scene_id, where in zip(place.scenes, place.scene_locations, strict=True):
            if complete and scene_id not in scenes:
                from game.story.node_reader import suggest

                hint = suggest(scene_id, scenes) or "name a scene by its `id`"
                problems.append(
                    error(f"the map puts scene `{scene_id}` at {place.name}, but it does not exist", where, hint)
                )
            elif scene_id in at and at[scene_id] is not place:
                message = f"scene `{scene_id}` is at two places on the map: {at[scene_id].name} and {place.name}"
                problems.append(error(message, where, "a scene happens in one place: keep it under one"))
            at.setdefault(scene_id, place)
    return problems


def map_schema(identifier: dict, text: dict) -> dict:
    """The JSON Schema of the ``map:`` block (the caller passes its id and text types)."""
    size = {"type": "integer", "minimum": 1}
    place = {
        "type": "object",
        "properties": {
            "name": {**text, "description": "The place's name, written on the map."},
            "row": {"type": "integer", "minimum": 0, "description": "Its line on the drawing; 0 is the top line."},
            "column": {"type": "integer", "minimum": 0, "description": "Where its label starts; 0 is the left edge."},
            "scenes": {
                "type": "array",
                "items": identifier,
                "description": "The scenes that happen there (`[]` for a landmark).",
            },
        },
        "required": ["name", "row", "column", "scenes"],
        "additionalProperties": False,
        "description": "One place on the map.",
    }
    return {
        "type": "object",
        "properties": {
            "title": {**text, "description": "A heading for the map screen."},
            "width": {
                **size,
                "maximum": MAX_WIDTH,
                "description": f"The drawing's width in characters, 1 to {MAX_WIDTH}.",
            },
            "height": {
                **size,
                "maximum": MAX_HEIGHT,
                "description": f"The drawing's height in lines, 1 to {MAX_HEIGHT}.",
            },
            "drawing": {
                "type": "array",
                "items": {"type": "string"},
                "description": "The background, top line first, each at most `width` wide (quote each line).",
            },
            "places": {
                "type": "array",
                "items": place,
                "description": "Each place: its `name`, `row` and `column`, and the `scenes` there.",
            },
        },
        "required": ["width", "height", "places"],
        "additionalProperties": False,
        "description": "The story's map: a drawing, and the places on it with the scenes at each (docs/authoring.md).",
    }
