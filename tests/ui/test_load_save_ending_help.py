"""The load, save, ending and help screens, each pushed on a tiny host app and driven by keys."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import Button, DataTable, Input, Markdown, Static

from game.play.engine import Engine
from game.play.saves import AUTOSAVE, SaveStore
from game.play.state import GameState
from game.story.loader import load_or_raise
from game.story.model import Story
from game.ui.screens.confirm import ConfirmDialog
from game.ui.screens.ending import EndingScreen
from game.ui.screens.help import HelpScreen
from game.ui.screens.load import EMPTY, LoadScreen
from game.ui.screens.save import SaveDialog
from game.ui.widgets.virtual_table import VirtualTable
from tests.conftest import MINI

SIZE = (100, 30)
ENDING_EXTRAS = """
      explanations:
        - who: The first school
          view: The republic fell because **Moscow** changed its mind.
        - who: The second school
          view: It fell because the [bold]movement[/bold] split.
        - who: The third school
          view: It fell because Tehran grew strong.
      questions:
        - Which explanation convinces you most, and why?
        - Could the [red]alliance[/red] have held?
"""


class Host(App):
    """A bare app that shows one screen and keeps what it was dismissed with, and every notification."""

    def __init__(self, screen: Screen):
        super().__init__()
        self.under_test = screen
        self.results: list[object] = []
        self.notices: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(self.under_test, self.results.append)

    def notify(self, message: str, **options) -> None:
        self.notices.append(message)
        super().notify(message, **options)


def text_of(widget: Static) -> str:
    """What a Static shows, as plain text."""
    return str(widget.content)


def rows(table: DataTable | VirtualTable) -> list[list[str]]:
    """Every row of a table as plain strings (a VirtualTable's rows come from its screen, one by one)."""
    if isinstance(table, VirtualTable):
        return [[str(value) for value in table.screen.row(index)] for index in range(table.row_count)]
    return [[str(value) for value in table.get_row_at(index)] for index in range(table.row_count)]


# Load


def clock_at(*moments: datetime):
    """A save-store clock that returns the given moments one after another."""
    remaining = list(moments)
    return lambda: remaining.pop(0)


@pytest.fixture
def filled(tmp_path: Path, engine: Engine) -> SaveStore:
    """A save folder with an older save, a newer one, the autosave and a damaged file."""
    first = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    second = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)
    third = datetime(2026, 11, 25, 8, 5, tzinfo=UTC)
    store = SaveStore(tmp_path / "saves", clock=clock_at(first, second, third))
    state = engine.new_game()
    store.save("older", state, engine.story)
    store.save("newer", engine.choose(state, 0).state, engine.story)
    store.save(AUTOSAVE, engine.choose(state, 1).state, engine.story)
    (store.folder / "damaged.json").write_text("{not json", encoding="utf-8")
    # The list is ordered by file time (no file is opened to sort it): give each file its save's time.
    for name, moment in (("older", first), ("newer", second), (AUTOSAVE, third)):
        os.utime(store.folder / f"{name}.json", (moment.timestamp(), moment.timestamp()))
    os.utime(store.folder / "damaged.json", (first.timestamp() - 60, first.timestamp() - 60))
    return store


async def test_load_lists_slots_newest_first_with_broken_ones_last(filled: SaveStore, mini: Story) -> None:
    """The table shows name, chapter, scene, choices and local time, newest first; the broken file says why."""
    app = Host(LoadScreen(filled, mini))
    async with app.run_test(size=SIZE):
        listed = rows(app.screen.query_one(VirtualTable))
        assert [row[0] for row in listed] == [AUTOSAVE, "newer", "older", "damaged"]
        newest = datetime(2026, 11, 25, 8, 5, tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")
        assert listed[0] == [AUTOSAVE, "The march", "On the road", "1", newest]
        assert listed[2][1:4] == ["The landing", "At the dock", "0"]
        assert listed[3][1] == "broken" and "it is not readable JSON" in listed[3][2]


async def test_enter_loads_the_highlighted_slot(filled: SaveStore, mini: Story) -> None:
    """Down then Enter dismisses with the second slot's name."""
    app = Host(LoadScreen(filled, mini))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")
        assert app.results == ["newer"]


async def test_enter_on_a_broken_slot_explains_and_stays(filled: SaveStore, mini: Story) -> None:
    """A broken slot cannot be loaded: Enter shows the reason and the screen stays."""
    app = Host(LoadScreen(filled, mini))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "down", "enter")
        assert app.results == []
        assert isinstance(app.screen, LoadScreen)
        assert any("not readable JSON" in notice for notice in app.notices)


async def test_escape_dismisses_with_none(filled: SaveStore, mini: Story) -> None:
    """Escape leaves the load screen without a slot."""
    app = Host(LoadScreen(filled, mini))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        assert app.results == [None]


async def test_d_then_y_deletes_the_file(filled: SaveStore, mini: Story) -> None:
    """d asks about the highlighted slot; y deletes its file and the row goes."""
    app = Host(LoadScreen(filled, mini))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "d")
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.question == "Delete the save “newer”? This cannot be undone."
        await pilot.press("y")
        await pilot.pause()
        assert not (filled.folder / "newer.json").exists()
        assert [row[0] for row in rows(app.screen.query_one(VirtualTable))] == [AUTOSAVE, "older", "damaged"]


async def test_d_then_n_keeps_the_file(filled: SaveStore, mini: Story) -> None:
    """Answering no leaves the save on disk and in the list."""
    app = Host(LoadScreen(filled, mini))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "delete", "n")
        await pilot.pause()
        assert (filled.folder / "newer.json").exists()
        assert isinstance(app.screen, LoadScreen)
        assert app.screen.query_one(VirtualTable).row_count == 4


async def test_deleting_the_autosave_says_it_is_the_autosave(filled: SaveStore, mini: Story) -> None:
    """The question names the autosave as such, and the autosave can be deleted."""
    app = Host(LoadScreen(filled, mini))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        assert "autosave" in app.screen.question
        await pilot.press("y")
        await pilot.pause()
        assert not (filled.folder / f"{AUTOSAVE}.json").exists()


async def test_empty_folder_says_how_to_save(store: SaveStore, mini: Story) -> None:
    """With no saves, a friendly line replaces the table and Enter does nothing."""
    app = Host(LoadScreen(store, mini))
    async with app.run_test(size=SIZE) as pilot:
        message = app.screen.query_one("#load-empty", Static)
        assert message.display and text_of(message) == EMPTY == "No saves yet. Press s during a game to save."
        assert not app.screen.query_one(VirtualTable).display
        await pilot.press("enter", "d")
        assert app.results == [] and isinstance(app.screen, LoadScreen)


# Save


async def type_name(pilot, name: str) -> None:
    """Clear the input and type a name, key by key."""
    await pilot.press("ctrl+a", "backspace", *name)  # ctrl+a: select the suggested text; backspace: clear it


async def test_save_refuses_a_path_with_the_reason(tmp_path: Path) -> None:
    """ "../x" is refused as it is typed: the reason shows and Save is disabled; Enter does nothing."""
    app = Host(SaveDialog([]))
    async with app.run_test(size=SIZE) as pilot:
        await type_name(pilot, "../x")
        problem = text_of(app.screen.query_one("#save-problem", Static))
        assert "cannot contain “/”" in problem
        assert app.screen.query_one("#save", Button).disabled
        await pilot.press("enter")
        assert app.results == []


async def test_save_accepts_a_name_with_spaces() -> None:
    """A plain name enables Save and Enter dismisses with it."""
    app = Host(SaveDialog([]))
    async with app.run_test(size=SIZE) as pilot:
        await type_name(pilot, "before the march")
        assert not app.screen.query_one("#save", Button).disabled
        assert text_of(app.screen.query_one("#save-problem", Static)) == ""
        await pilot.press("enter")
        assert app.results == ["before the march"]


async def test_save_warns_before_replacing() -> None:
    """Typing the name of an existing save shows that it will be replaced; Save stays enabled."""
    app = Host(SaveDialog(["before the march"]))
    async with app.run_test(size=SIZE) as pilot:
        note = app.screen.query_one("#save-replace", Static)
        assert not note.display
        await type_name(pilot, "before the march")
        assert note.display and text_of(note) == "This will replace the save “before the march”."
        await pilot.click("#save")
        assert app.results == ["before the march"]


async def test_save_is_prefilled_and_escape_cancels() -> None:
    """The suggestion fills the input (characters a slot cannot hold taken out); Escape dismisses None."""
    app = Host(SaveDialog([], "Rasht: the [red] banner"))
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.query_one(Input).value == "Rasht the red banner"
        await pilot.press("escape")
        assert app.results == [None]


async def test_save_refuses_the_autosave_name() -> None:
    """The autosave's name is refused, since the next choice would overwrite it."""
    app = Host(SaveDialog([AUTOSAVE]))
    async with app.run_test(size=SIZE) as pilot:
        await type_name(pilot, AUTOSAVE)
        assert "automatic save" in text_of(app.screen.query_one("#save-problem", Static))
        assert app.screen.query_one("#save", Button).disabled


# Ending


@pytest.fixture(scope="module")
def explained(tmp_path_factory) -> Engine:
    """The small story, copied, with explanations and questions added to both endings."""
    folder = tmp_path_factory.mktemp("explained")
    shutil.copytree(MINI, folder, dirs_exist_ok=True)
    scenes = folder / "scenes.yaml"
    source = scenes.read_text(encoding="utf-8")
    marker = "      what_really_happened: The march failed.\n"
    assert source.count(marker) == 2
    scenes.write_text(source.replace(marker, marker + ENDING_EXTRAS.lstrip("\n")), encoding="utf-8")
    return Engine(load_or_raise([folder]))


def play(engine: Engine, *choices: int) -> GameState:
    """The state after making these choices from the start."""
    state = engine.new_game()
    for index in choices:
        state = engine.choose(state, index).state
    return state


def ending_app(engine: Engine, *choices: int) -> Host:
    return Host(EndingScreen(engine, play(engine, *choices)))


async def test_ending_shows_title_kind_epilogue_and_history(explained: Engine) -> None:
    """The title, the kind, the epilogue and what really happened are on the page."""
    app = ending_app(explained, 1, 0)
    async with app.run_test(size=SIZE):
        screen = app.screen
        assert text_of(screen.query_one("#ending-title", Static)) == "The march fails"
        assert text_of(screen.query_one("#ending-kind", Static)) == "The historical ending"
        assert screen.query_one("#epilogue", Markdown).source == "Everyone goes home."
        assert screen.query_one("#what-really-happened", Markdown).source == "The march failed."


async def test_ending_sets_each_decision_beside_history(explained: Engine) -> None:
    """One row a decision: the player's choice, history's, and ✓ or ✗; then how often history was followed."""
    app = ending_app(explained, 1, 0)
    async with app.run_test(size=SIZE):
        assert rows(app.screen.query_one("#path-table", DataTable)) == [
            ["At the dock", "Turn them away", "Welcome the sailors", "✗"],
            ["On the road", "March on", "March on", "✓"],
        ]
        assert text_of(app.screen.query_one("#divergence", Static)) == "You followed history at 1 of 2 decisions."


async def test_ending_on_history_s_path_says_so(explained: Engine) -> None:
    """Following history at every decision is named as such."""
    app = ending_app(explained, 0, 0)
    async with app.run_test(size=SIZE):
        assert (
            text_of(app.screen.query_one("#divergence", Static))
            == "You followed history at 2 of 2 decisions: your path is history's path."
        )


async def test_divergent_ending_is_named(explained: Engine) -> None:
    """The secret door leads to the divergent ending, and its page says so."""
    app = ending_app(explained, 0, 2, 3)
    async with app.run_test(size=SIZE):
        assert text_of(app.screen.query_one("#ending-kind", Static)) == "A divergent ending"


async def test_ending_shows_explanations_and_numbered_questions_as_written(explained: Engine) -> None:
    """Each explanation has its heading and Markdown view; questions are numbered, brackets kept."""
    app = ending_app(explained, 0, 0)
    async with app.run_test(size=SIZE):
        screen = app.screen
        who = [text_of(widget) for widget in screen.query(".explanation-who").results(Static)]
        assert who == ["The first school", "The second school", "The third school"]
        views = [panel.query_one(Markdown).source for panel in screen.query(".explanation")]
        assert views[0] == "The republic fell because **Moscow** changed its mind."
        questions = [text_of(widget) for widget in screen.query(".question").results(Static)]
        assert questions == [
            "1. Which explanation convinces you most, and why?",
            "2. Could the [red]alliance[/red] have held?",
        ]


async def test_explanations_stand_side_by_side_only_when_wide(explained: Engine) -> None:
    """At 120 columns the three panels share one row; at 100 they are stacked."""
    app = ending_app(explained, 0, 0)
    async with app.run_test(size=(120, 40)) as pilot:
        panels = list(app.screen.query(".explanation"))
        assert len({panel.region.y for panel in panels}) == 1
        await pilot.resize_terminal(100, 40)
        await pilot.pause()
        assert len({panel.region.x for panel in panels}) == 1
        assert len({panel.region.y for panel in panels}) == 3


async def test_ending_renders_on_a_small_terminal(explained: Engine) -> None:
    """At 60x20 the page lays out and scrolls to the end without error."""
    app = ending_app(explained, 1, 0)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("end")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        assert app.screen.query_one("#path-table", DataTable).row_count == 2


async def test_ending_escape_leaves_without_a_title_screen(explained: Engine) -> None:
    """In an app without a title menu, Escape goes back to the screen before."""
    app = ending_app(explained, 0, 0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        assert not isinstance(app.screen, EndingScreen)


# Help


async def test_help_lists_every_key_and_closes_on_escape() -> None:
    """The table lists undo; Escape closes it (tests/ui/test_keys_as_documented.py presses every key it lists)."""
    app = Host(HelpScreen())
    async with app.run_test(size=SIZE) as pilot:
        listed = rows(app.screen.query_one(DataTable))
        assert any("undo" in row[1] for row in listed)
        await pilot.press("escape")
        assert app.results == [None]
