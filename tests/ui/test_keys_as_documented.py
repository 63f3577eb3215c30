"""The keys README and the help screen list are the keys the game really has, and each does what they say.

Both are checked against the running app (its active bindings, and what pressing a key opens), never
against the list the help screen is drawn from.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Input

from game.ui.app import JangalApp
from game.ui.screens.codex import CodexScreen
from game.ui.screens.confirm import ConfirmDialog
from game.ui.screens.hand_in import HandInDialog
from game.ui.screens.help import HelpScreen
from game.ui.screens.load import LoadScreen
from game.ui.screens.log import LogScreen
from game.ui.screens.map import MapScreen
from game.ui.screens.play import PlayScreen
from game.ui.screens.save import SaveDialog
from game.ui.screens.timeline import TimelineScreen
from game.ui.screens.title import TitleScreen
from game.ui.widgets.choice_list import ChoiceList
from tests.conftest import ROOT
from tests.stories import SHOWCASE

SIZE = (60, 20)  # the smallest the game allows: the first scene's long text then needs PgDn
NAMES = {"↑": "up", "↓": "down", "pgup": "pageup", "pgdn": "pagedown", "?": "question_mark", "/": "slash"}
"""How README and the help screen write a key -> how Textual names it."""


def keys_in(cell: str) -> list[str]:
    """The keys a cell of a keys table names (`u` or `ctrl+z`, 1–9, ↑/↓ then Enter), in Textual's names."""
    keys: list[str] = []
    for part in re.split(r",? or | then |, ", cell.replace("`", "").strip()):
        span = re.fullmatch(r"(\d)–(\d)", part)
        if span:
            keys += [str(number) for number in range(int(span[1]), int(span[2]) + 1)]
            continue
        for key in [part] if part == "/" else part.split("/"):
            keys.append(NAMES.get(key.lower(), key.lower()))
    return keys


def readme_key_rows() -> list[list[str]]:
    """The keys of each row of README's "Keys in the game" table."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("### Keys in the game", 1)[1].split("\n\n", 2)[1]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    return [keys_in(row.split(" | ")[0].removeprefix("| ")) for row in rows]


def declared_game_keys() -> set[str]:
    """Every key Jangal itself binds for a game in progress (not Textual's defaults)."""
    bindings = [*JangalApp.BINDINGS, *PlayScreen.BINDINGS]
    return {key.strip() for binding in bindings for key in binding.key.split(",")}


@pytest.fixture
def long_story(tmp_path: Path) -> Path:
    """The showcase story with a first scene too long for a 60x20 terminal."""
    folder = tmp_path / "story"
    shutil.copytree(SHOWCASE, folder)
    scenes = folder / "scenes.yaml"
    long_text = " ".join(["Ships in the harbour, and rumours on the quay."] * 40)
    scenes.write_text(scenes.read_text(encoding="utf-8").replace("Ships in the harbour.", long_text), encoding="utf-8")
    return folder


async def in_a_game(app: JangalApp, pilot) -> PlayScreen:
    """A new game on the long first scene; a check that needs a path makes its own choice first."""
    app.start_game()
    await pilot.pause()
    assert isinstance(app.screen, PlayScreen)
    return app.screen


async def test_readme_keys_table_matches_the_game_key_by_key(make_app) -> None:
    """Every key in README's table works in a game, every key the game binds is in README, one row per action."""
    rows = readme_key_rows()
    assert len(rows) >= 10
    app = make_app(SHOWCASE)
    async with app.run_test(size=(100, 30)) as pilot:
        app.start_game()
        await pilot.pause()
        active = {key: bound.binding.action for key, bound in app.screen.active_bindings.items()}
    listed = {key for row in rows for key in row}
    assert sorted(listed - active.keys()) == [], "README lists keys the game does not have"
    assert sorted(declared_game_keys() - listed) == [], "the game binds keys README does not list"
    actions_of_rows = [{active[key].split("(")[0] for key in row} for row in rows]
    for number, actions in enumerate(actions_of_rows):
        others = set().union(*(other for at, other in enumerate(actions_of_rows) if at != number))
        assert not actions & others, f"README row {rows[number]} shares an action with another row"


Check = Callable[[JangalApp, object, str], Awaitable[None]]


async def opens(app: JangalApp, pilot, key: str, screen_type: type) -> None:
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, screen_type), f"{key} opened {type(app.screen).__name__}"


def opens_screen(screen_type: type) -> Check:
    async def check(app, pilot, key):
        await opens(app, pilot, key, screen_type)

    return check


async def chooses_that_number(app, pilot, key):
    choices = app.screen.query_one(ChoiceList)
    expected = choices.index_for_number(int(key))
    await pilot.press(key)
    path = app.session.state.path
    if expected is None:
        assert path == (), f"{key} made a choice that is not open"
    else:
        assert path[-1].choice == expected, f"{key} made choice {path[-1].choice}"


async def moves_or_makes_the_highlighted_choice(app, pilot, key):
    choices = app.screen.query_one(ChoiceList)
    if key == "enter":
        choices.highlighted = 1
        await pilot.press(key)
        assert app.session.state.path[-1].choice == 1
        return
    choices.highlighted = 0 if key == "down" else 1  # the first two choices are open
    await pilot.press(key)
    assert choices.highlighted == (1 if key == "down" else 0), key


async def scrolls_the_scene_text(app, pilot, key):
    scroll = app.screen.query_one("#scene-scroll", VerticalScroll)
    assert scroll.max_scroll_y > 0  # the long first scene does not fit
    downwards = key in ("pagedown", "space", "end")
    if not downwards:  # PgUp and Home scroll back up from the end
        scroll.scroll_end(animate=False)
        await pilot.pause()
    before = scroll.scroll_y
    await pilot.press(key)
    await pilot.pause()
    assert (scroll.scroll_y > before) if downwards else (scroll.scroll_y < before), key


async def toggles_the_lens(app, pilot, key):
    before = app.screen.lens_on
    await pilot.press(key)
    await pilot.pause()
    assert app.screen.lens_on is not before and app.screen.query_one("#lens").display is not before


async def undoes(app, pilot, key):
    app.screen.choose(0)
    await pilot.press(key)
    assert app.session.state.path == ()


async def opens_hand_in(app, pilot, key):
    app.screen.choose(0)
    await opens(app, pilot, key, HandInDialog)


async def asks_before_quitting(app, pilot, key):
    app.screen.choose(0)
    await opens(app, pilot, key, ConfirmDialog)
    await pilot.press("n")
    assert isinstance(app.screen, PlayScreen) and app.is_running


async def quits_at_once(app, pilot, key):
    app.screen.choose(0)
    await pilot.press(key)
    await pilot.pause()
    assert app._exit, f"{key} did not quit"


async def searches_the_codex(app, pilot, key):
    app.action_codex()
    await pilot.pause()
    await pilot.press(key)
    assert isinstance(app.screen, CodexScreen) and isinstance(app.focused, Input)


async def deletes_a_save_after_asking(app, pilot, key):
    app.session.store.save("kept", app.session.state, app.session.story)
    app.action_load()
    await pilot.pause()
    assert isinstance(app.screen, LoadScreen)
    await opens(app, pilot, key, ConfirmDialog)


WHAT_EACH_DOES: list[tuple[str, Check]] = [
    ("help", opens_screen(HelpScreen)),
    ("command palette", opens_screen(CommandPalette)),
    ("quit at once", quits_at_once),
    ("make the choice with that number", chooses_that_number),
    ("make the highlighted choice", moves_or_makes_the_highlighted_choice),
    ("scroll the scene text", scrolls_the_scene_text),
    ("scroll the story text", scrolls_the_scene_text),
    ("the top or the end of the story text", scrolls_the_scene_text),
    ("history lens", toggles_the_lens),
    ("undo", undoes),
    ("log", opens_screen(LogScreen)),
    ("save", opens_screen(SaveDialog)),
    ("codex", opens_screen(CodexScreen)),
    ("timeline", opens_screen(TimelineScreen)),
    ("map", opens_screen(MapScreen)),
    ("hand in", opens_hand_in),
    ("back to the title menu", opens_screen(TitleScreen)),
    ("quit (asks once", asks_before_quitting),
    ("search the codex", searches_the_codex),
    ("delete a save", deletes_a_save_after_asking),
]
"""What a user sees when pressing the key of a help row, found by how the row starts."""


def check_for(what: str) -> Check:
    matches = [check for start, check in WHAT_EACH_DOES if what.startswith(start)]
    assert matches, f"no check for the help row {what!r}: add one to WHAT_EACH_DOES"
    return matches[0]


async def help_rows(make_app, story: Path) -> list[tuple[list[str], str]]:
    """(keys, what it does) of every row of the help screen, as the screen draws it."""
    app = make_app(story)
    async with app.run_test(size=(100, 30)) as pilot:
        app.action_help()
        await pilot.pause()
        table = app.screen.query_one("#help-table", DataTable)
        cells = [[str(value).strip() for value in table.get_row_at(index)] for index in range(table.row_count)]
    # A group heading has no second cell. A key for one screen only, "1–9 (Chapter select)", is pressed on that
    # screen by its own test (tests/ui/test_player_experience.py), not in a game.
    return [(keys_in(key), what) for key, what in cells if what and "(" not in key]


async def test_every_key_on_the_help_screen_does_what_it_says(make_app, long_story: Path) -> None:
    """Each key of each help row, pressed in a fresh game, opens the screen or makes the change its row names."""
    rows = await help_rows(make_app, long_story)
    shown = {key for keys, _ in rows for key in keys}
    assert sorted(declared_game_keys() - shown) == [], "the game binds keys the help screen does not list"
    for keys, what in rows:
        check = check_for(what)
        for key in keys:
            app = make_app(long_story)
            async with app.run_test(size=SIZE) as pilot:
                await in_a_game(app, pilot)
                await check(app, pilot, key)
