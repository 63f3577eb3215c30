"""No control character from a file reaches the terminal from any screen of the Textual game.

The hostile test story is given terminal escapes (OSC 52, OSC 8, OSC 0, CSI 2J, a C1 CSI, NUL,
backspace, DEL) in every text a player sees: titles, blurb, viewpoint, scene text and places,
choices, reasons and consequences, notes and sources, codex names and entries, timeline events,
the map, variables and facts, chapter titles and summaries, endings, explanations and questions.
The loader refuses such a story, so the model is changed after loading, as if another way in had
been found. A save's summary and the settings file carry them too. Each screen is opened with
``App.run_test`` and what it writes to the terminal is read back: no control character but the
colour and cursor codes Textual writes itself, and the escapes shown as visible stand-ins (``␛``).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import pytest
from textual.content import Content
from textual.widgets import Static

from game.play.engine import Engine
from game.play.saves import SaveStore
from game.play.session import Session
from game.story.loader import load_or_raise
from game.story.model import (
    Chapter,
    Choice,
    CodexEntry,
    Ending,
    Explanation,
    Flag,
    Note,
    Scene,
    Story,
    TimelineEvent,
    Variable,
)
from game.story.prose import Prose
from game.story.story_map import MapPlace, StoryMap
from game.ui.app import JangalApp
from game.ui.screens.chapters import ChapterSelectScreen
from game.ui.screens.codex import CodexScreen
from game.ui.screens.ending import EndingScreen
from game.ui.screens.endings import EndingsScreen
from game.ui.screens.load import LoadScreen
from game.ui.screens.log import LogScreen
from game.ui.screens.map import MapScreen
from game.ui.screens.play import PlayScreen
from game.ui.screens.settings import SettingsScreen
from game.ui.screens.timeline import TimelineScreen
from game.ui.screens.title import TitleScreen
from game.ui.text import HideControlCharacters
from tests.conftest import TESTS
from tests.reliability.test_escapes import ESCAPES, OWN_CODES, foreign_controls, screen_output

HOSTILE = TESTS / "stories" / "hostile"
BAD = "".join(ESCAPES.values())
SHOWN = "␛]52;c;cm0gLXJmIH4=␇"
"""How the clipboard escape looks once made visible."""
SIZE = (160, 60)

SHOWN_FIELDS: Mapping[type, tuple[str, ...]] = {
    Story: ("title", "blurb", "viewpoint"),
    Chapter: ("title", "summary"),
    Scene: ("title", "text", "place"),
    Note: ("text", "sources"),
    Choice: ("text", "consequence", "locked_reason"),
    Ending: ("title", "epilogue", "what_really_happened", "questions"),
    Explanation: ("who", "view"),
    TimelineEvent: ("event", "place"),
    CodexEntry: ("name", "text"),
    Variable: ("label",),
    Flag: ("label",),
    StoryMap: ("title", "drawing"),
    MapPlace: ("name",),
}
"""The text a player is shown, by the model's class; ids and names that other parts refer to are left alone."""


def with_escapes(value):
    """The model with every escape, then the field's name, put before each text a player is shown (before each
    item of a list of texts): ``\x1b]52;...\x7fepilogue: The republic fell...``."""
    if isinstance(value, Mapping):
        return MappingProxyType({key: with_escapes(item) for key, item in value.items()})
    if isinstance(value, tuple):
        return tuple(with_escapes(item) for item in value)
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    shown = SHOWN_FIELDS.get(type(value), ())
    changes = {}
    for field in dataclasses.fields(value):
        item = getattr(value, field.name)
        if field.name in shown and isinstance(item, str) and item:
            changes[field.name] = f"{BAD}{field.name}: {item}"
        elif field.name in shown and isinstance(item, Prose):  # each paragraph of a text that can differ by path
            blocks = tuple(
                dataclasses.replace(block, text=f"{BAD}{field.name}: {block.text}" if block.text else "")
                for block in item.blocks
            )
            changes[field.name] = Prose(blocks)
        elif field.name in shown and isinstance(item, tuple):
            changes[field.name] = tuple(f"{BAD}{field.name}: {text}" for text in item)
        elif field.name != "location":
            changes[field.name] = with_escapes(item)
    return dataclasses.replace(value, **changes)


@pytest.fixture(scope="module")
def hostile_story() -> Story:
    """The hostile test story with escapes in every text it shows."""
    return with_escapes(load_or_raise([HOSTILE]))


@pytest.fixture
def app_with_escapes(tmp_path: Path, hostile_story: Story):
    """An app over that story whose save folder has a save with escapes in its summary, a slot file whose name
    holds one, and a settings file whose theme is an escape."""
    store = SaveStore(tmp_path / "saves")
    store.save("evil", Engine(hostile_story).new_game(), hostile_story)
    document = json.loads(store.path("evil").read_text())
    document["summary"].update(chapter=BAD, scene=":x: " + BAD)
    store.path("evil").write_text(json.dumps(document))
    (store.folder / f"named{ESCAPES['window title']}.json").write_text("{}")
    (store.folder / ".settings.json").write_text(json.dumps({"theme": BAD}))

    def build(**options) -> JangalApp:
        return JangalApp(Session(hostile_story, store), store.folder, **options)

    return build


def assert_visible_only(app, screen: type, *fields: str) -> None:
    """The app is on that screen; the terminal gets no control character from a file, and sees the escapes before
    each of these fields drawn visibly (before any text, when no field is named)."""
    assert isinstance(app.screen, screen)
    output = screen_output(app)
    assert foreign_controls(output) == [], f"{screen.__name__} wrote control characters"
    drawn = OWN_CODES.sub("", output)
    assert SHOWN in drawn, f"{screen.__name__} did not show the escape visibly"
    hidden = [field for field in fields if f"c␡{field}:" not in drawn]
    assert not hidden, f"{screen.__name__} did not show the escape before {hidden} visibly"


async def test_title_chapters_codex_and_endings_show_escapes_visibly(app_with_escapes) -> None:
    """The screens of the title menu: the story's title and blurb, chapters, the whole codex, the endings list."""
    app = app_with_escapes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert_visible_only(app, TitleScreen, "title", "blurb")
        for action, screen, fields in (
            (app.action_menu_chapters, ChapterSelectScreen, ("title", "summary")),
            (app.action_menu_codex, CodexScreen, ("name", "text")),
            (app.action_endings, EndingsScreen, ("title",)),  # none found yet: each hidden one's chapter
            (app.action_settings, SettingsScreen, ()),  # the settings file's theme
        ):
            action()
            await pilot.pause()
            assert_visible_only(app, screen, *fields)
            await pilot.press("escape")
            await pilot.pause()


async def test_a_game_shows_escapes_visibly_on_every_screen(app_with_escapes) -> None:
    """Play (scene, choices, side panel, the history lens), log, timeline, map and load, after a choice."""
    app = app_with_escapes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert_visible_only(app, PlayScreen, "title", "viewpoint", "text", "locked_reason", "label", "sources")
        await pilot.press("1")
        await pilot.pause()
        assert_visible_only(app, PlayScreen, "consequence", "label")  # and the fact the choice set
        for key, screen, fields in (
            ("l", LogScreen, ("title",)),  # cells are cut to their column: the choice's field name is not reached
            ("t", TimelineScreen, ("event", "place")),
            ("m", MapScreen, ("title", "place")),  # the drawing and its labels are cut at the map's width: below
            ("c", CodexScreen, ("name", "text")),
        ):
            await pilot.press(key)
            await pilot.pause()
            assert_visible_only(app, screen, *fields)
            await pilot.press("escape")
            await pilot.pause()
        app.action_load()
        await pilot.pause()
        assert_visible_only(app, LoadScreen)
        assert "named␛]0;" not in OWN_CODES.sub("", screen_output(app))  # not a slot name Jangal writes: not listed


async def test_the_ending_shows_escapes_visibly(app_with_escapes) -> None:
    """The ending's title, epilogue, what really happened, the path table, explanations and questions."""
    app = app_with_escapes(chapter="closing")
    async with app.run_test(size=(120, 100)) as pilot:
        await pilot.press("1", "enter")
        await pilot.pause()
        assert_visible_only(app, EndingScreen, "title", "epilogue", "what_really_happened", "who", "view", "questions")


async def test_text_a_screen_forgot_to_make_visible_still_writes_no_control_character(app_with_escapes) -> None:
    """The app's last line filter removes any control character a widget would draw, keeping the rest of the line."""
    app = app_with_escapes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.screen.mount(Static(Content(f"before {BAD} after"), id="forgetful"))
        await pilot.pause()
        output = screen_output(app)
        assert foreign_controls(output) == []
        assert "before ]52;c;cm0gLXJmIH4=]8;;https://evil.example/" in OWN_CODES.sub("", output)


def test_the_map_draws_escapes_in_its_drawing_and_place_names_visibly() -> None:
    """A drawing line and a place's name holding escapes are drawn with stand-ins, marks and all."""
    from game.ui.screens.map import draw

    story_map = StoryMap(30, 3, (MapPlace("\x1b]0;x\x07Rasht", 2, 1, ("gate",)),), ("~ \x1b[2J sea",))
    drawn = draw(story_map, "\x1b]0;x\x07Rasht", set())
    assert drawn.plain.splitlines() == ["~ ␛[2J sea", "", " ● ␛]0;x␇Rasht"]
    assert foreign_controls(drawn.plain) == []


def test_the_filter_keeps_lines_without_control_characters_as_they_are() -> None:
    """A line with no control character is returned as it was, the same list."""
    from rich.segment import Segment
    from textual.color import Color

    segments = [Segment("plain text"), Segment("\n")]
    assert HideControlCharacters().apply(segments, Color(0, 0, 0)) is segments
