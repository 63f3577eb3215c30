"""The codex, timeline and log screens, each pushed on a tiny host app and driven by keys."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import DataTable, Input, Markdown, OptionList, Static
from textual.widgets.markdown import MarkdownBlock

from game.play.engine import Engine
from game.play.state import GameState, Step
from game.story.loader import load_or_raise
from game.story.model import Story
from game.ui.screens.codex import NOTHING_MET, CodexScreen
from game.ui.screens.log import LogScreen
from game.ui.screens.timeline import TimelineScreen
from game.ui.widgets.virtual_table import VirtualTable
from tests.conftest import MINI
from tests.reliability.test_markup import screen_text

SIZE = (100, 30)

# The small test story gains a few codex entries (one of each kind, one name with brackets)
# and a timeline written out of order, so the screens have something to group and sort.
EXTRA = """\
codex:
  - id: kuchik
    kind: person
    name: Mirza Kuchik Khan
    text: Leader of the Jangalis, from Rasht.
  - id: yahya
    kind: person
    name: Yahya [the scribe]
    reliability: invented
    text: An invented letter-writer.
  - id: jangalis
    kind: faction
    name: Jangalis
    text: The men of the forest.
  - id: soviet
    kind: term
    name: Soviet
    text: A council; the Bolshevik sailors landed at Anzali.
timeline:
  - date: 1921-09
    event: Government forces retake Rasht.
  - date: 1920-05-18
    event: The Soviet flotilla lands at Anzali.
    place: Anzali
    scene: dock
  - date: 1920-06-05
    event: The republic is proclaimed in Rasht.
    reliability: disputed
"""


class Host(App):
    """An empty app that opens one screen, as the game would."""

    def __init__(self, screen: Screen):
        super().__init__()
        self.screen_under_test = screen

    def on_mount(self) -> None:
        self.push_screen(self.screen_under_test)


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Story:
    """The small test story with the extra codex entries and timeline."""
    folder = tmp_path_factory.mktemp("story")
    for source in MINI.glob("*.yaml"):
        shutil.copy(source, folder / source.name)
    (folder / "extra.yaml").write_text(EXTRA, encoding="utf-8")
    return load_or_raise([Path(folder)])


def play(engine: Engine, *choices: int) -> GameState:
    """A new game with these choices made."""
    state = engine.new_game()
    for index in choices:
        state = engine.choose(state, index).state
    return state


def listed(screen: Screen) -> list[str]:
    """The codex list as a player reads it, headings included."""
    return [str(option.prompt).strip() for option in screen.query_one("#codex-list", OptionList).options]


def shown(screen: Screen) -> str:
    """The text of the codex entry pane as rendered."""
    markdown = screen.query_one("#codex-entry", Markdown)
    return "\n".join(str(block.content) for block in markdown.query(MarkdownBlock))


def rows(screen: Screen) -> list[list[str]]:
    """Every row of the screen's table as plain text (the log's table draws rows on demand: ask it for each)."""
    virtual = screen.query(VirtualTable)
    if virtual:
        return [[str(value) for value in screen.row(index)] for index in range(virtual.first().row_count)]
    table = screen.query_one(DataTable)
    return [[str(value) for value in table.get_row_at(index)] for index in range(table.row_count)]


async def test_codex_groups_entries_and_shows_the_highlighted_one(story) -> None:
    """The whole codex lists People, Places, Factions and Terms, and shows the first entry's text."""
    async with Host(CodexScreen(story)).run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        assert listed(screen) == [
            "People", "Mirza Kuchik Khan", "Yahya [the scribe]",
            "Places", "Anzali",
            "Factions", "Jangalis",
            "Terms", "Soviet",
        ]  # fmt: skip
        assert "Mirza Kuchik Khan" in shown(screen)
        assert "Person · documented" in shown(screen)
        assert "Leader of the Jangalis" in shown(screen)


async def test_codex_moving_down_the_list_shows_that_entry_as_written(story) -> None:
    """Enter moves to the list; Down shows the next entry, brackets and reliability included."""
    async with Host(CodexScreen(story)).run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # from the search box to the list
        assert isinstance(pilot.app.focused, OptionList)
        await pilot.press("down")  # Kuchik Khan -> Yahya
        await pilot.pause()
        assert "Yahya [the scribe]" in shown(pilot.app.screen)
        assert "Person · invented for the game" in shown(pilot.app.screen)


async def test_codex_search_narrows_by_name_and_text(story) -> None:
    """Typing "anzali" keeps the place called Anzali and the term whose text mentions it."""
    async with Host(CodexScreen(story)).run_test(size=SIZE) as pilot:
        await pilot.press(*"ANZali")  # the search ignores case
        await pilot.pause()
        assert listed(pilot.app.screen) == ["Places", "Anzali", "Terms", "Soviet"]
        assert "A port on the Caspian." in shown(pilot.app.screen)


async def test_codex_search_with_no_match_says_so(story) -> None:
    """A search that matches nothing empties the list and says what was searched for."""
    async with Host(CodexScreen(story)).run_test(size=SIZE) as pilot:
        await pilot.press(*"tehran")
        await pilot.pause()
        assert listed(pilot.app.screen) == []
        assert "Nothing in the codex matches “tehran”." in shown(pilot.app.screen)


async def test_codex_down_and_slash_move_between_search_and_list(story) -> None:
    """Down leaves the search box for the list, and / puts the cursor back in the search box."""
    async with Host(CodexScreen(story)).run_test(size=SIZE) as pilot:
        await pilot.press("down")
        assert isinstance(pilot.app.focused, OptionList)
        await pilot.press("slash")
        assert isinstance(pilot.app.focused, Input)


async def test_codex_shows_only_met_entries_and_counts_them(story) -> None:
    """Given the entries met, the codex lists only those and says how many of all are unlocked."""
    met = [story.codex["anzali"], story.codex["soviet"]]
    async with Host(CodexScreen(story, met)).run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        assert listed(screen) == ["Places", "Anzali", "Terms", "Soviet"]
        assert "2 of 5 entries unlocked" in str(screen.query_one("#codex-title", Static).render())


async def test_codex_with_nothing_met_explains_why(story) -> None:
    """An empty codex tells the player that entries appear as the story introduces them."""
    async with Host(CodexScreen(story, [])).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert listed(pilot.app.screen) == []
        assert NOTHING_MET in shown(pilot.app.screen)


@pytest.mark.parametrize("make_screen", ["codex", "timeline", "log"])
async def test_escape_closes_the_screen(story, make_screen) -> None:
    """Escape goes back to the screen underneath, even from the codex search box."""
    engine = Engine(story)
    screen = {
        "codex": lambda: CodexScreen(story),
        "timeline": lambda: TimelineScreen(story),
        "log": lambda: LogScreen(engine, play(engine, 0)),
    }[make_screen]()
    async with Host(screen).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert pilot.app.screen is screen
        await pilot.press("escape")
        assert pilot.app.screen is not screen


async def test_timeline_without_a_game_is_history_in_date_order(story) -> None:
    """With no game, the rows are history's events sorted by date and the path column is empty."""
    async with Host(TimelineScreen(story)).run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        assert "History only" in str(screen.query_one("#timeline-title", Static).render())
        assert rows(screen) == [
            ["18 May 1920", "The Soviet flotilla lands at Anzali. — Anzali", ""],
            ["5 June 1920", "The republic is proclaimed in Rasht. (disputed)", ""],
            ["September 1921", "Government forces retake Rasht.", ""],
        ]


async def test_timeline_places_the_players_scenes_by_date(story) -> None:
    """An event told in a scene the player saw is marked; other scenes of the path slot in by date."""
    state = play(Engine(story), 0)  # the dock, then the road (June 1921), where the player is now
    async with Host(TimelineScreen(story, state)).run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = rows(pilot.app.screen)
        assert [row[0] for row in table] == ["18 May 1920", "5 June 1920", "June 1921", "September 1921"]
        assert table[0][2] == "✓ you were there (At the dock)"
        assert table[2] == ["June 1921", "Road to Qazvin", "On the road (now)"]
        assert table[1][2] == table[3][2] == ""


async def test_log_marks_each_choice_against_history(story) -> None:
    """The log lists every choice with ✓ or ✗ and history's choice, then the scene the player is in."""
    engine = Engine(story)
    state = play(engine, 0, 2)  # welcome the sailors (history), then go back (history marched on)
    async with Host(LogScreen(engine, state)).run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        summary = str(screen.query_one("#log-summary", Static).render())
        assert summary == "You followed history at 1 of 2 decisions."
        assert rows(screen) == [
            ["At the dock", "18 May 1920", "Welcome the sailors", "✓ as history"],
            ["On the road", "June 1921", "Go back", "✗ history: March on"],
            ["now: At the dock", "18 May 1920", "", ""],
        ]


async def test_log_shows_a_dot_where_history_marks_no_choice(story) -> None:
    """A step where history's choice is unknown is marked with a dot and not counted."""
    engine = Engine(story)
    state = dataclasses.replace(engine.new_game(), path=(Step("dock", 1, None, {}, frozenset()),))
    async with Host(LogScreen(engine, state)).run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        assert rows(screen)[0][3] == "·"
        assert "You made no decision where history's choice is known." in str(
            screen.query_one("#log-summary", Static).render()
        )


async def test_log_scrolls_a_long_path_to_the_present(story) -> None:
    """A path longer than the screen scrolls, and opens at the current scene."""
    engine = Engine(story)
    state = play(engine, *[0, 2] * 15)  # back and forth between the dock and the road
    async with Host(LogScreen(engine, state)).run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = pilot.app.screen.query_one(VirtualTable)
        assert table.row_count == 31
        assert table.cursor == 30
        assert table.max_scroll_y > 0 and table.scroll_y > 0


@pytest.mark.parametrize("make_screen", ["codex", "timeline", "log"])
async def test_screens_render_in_a_small_terminal(story, make_screen) -> None:
    """At 60x20 each screen still shows its entries or rows and the way back."""
    engine = Engine(story)
    state = play(engine, 0)
    screen = {
        "codex": lambda: CodexScreen(story),
        "timeline": lambda: TimelineScreen(story, state),
        "log": lambda: LogScreen(engine, state),
    }[make_screen]()
    async with Host(screen).run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert pilot.app.screen is screen
        text = screen_text(pilot.app)
    for wanted in SMALL_TERMINAL_SHOWS[make_screen]:
        assert wanted in text, (wanted, text)


SMALL_TERMINAL_SHOWS = {
    "codex": ["People", "Mirza Kuchik Khan", "Yahya [the scribe]", "Soviet", "Leader of the Jangalis", "esc Back"],
    "timeline": ["18 May 1920", "The Soviet flotilla", "✓ you were", "5 June 1920", "On the road", "esc Back"],
    "log": ["You followed history at 1 of 1 decisions", "At the dock", "Welcome the", "✓ as history", "esc Back"],
}
"""What a player must still see of each screen at 60x20: its list, the entry or rows, and the way back."""
