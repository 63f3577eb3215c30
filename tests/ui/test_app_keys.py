"""Every screen reached from the game by its key, checked against the screen stack, the engine and the files."""

from __future__ import annotations

from game.play.saves import SaveStore
from game.ui.screens.codex import CodexScreen
from game.ui.screens.ending import EndingScreen
from game.ui.screens.help import HelpScreen
from game.ui.screens.load import LoadScreen
from game.ui.screens.log import LogScreen
from game.ui.screens.play import PlayScreen
from game.ui.screens.save import SaveDialog
from game.ui.screens.timeline import TimelineScreen
from game.ui.screens.title import TitleScreen
from tests.stories import SHOWCASE

SIZE = (100, 30)


async def test_help_opens_with_question_mark_and_f1(make_app) -> None:
    """? and F1 open the help from the title and from a game; Escape closes it."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "enter", "f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, PlayScreen)


async def test_codex_from_a_game_shows_only_what_was_met(make_app) -> None:
    """c in a game opens the codex with the entries met so far; from the title it shows all of them."""
    app = make_app(SHOWCASE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "down", "enter")  # Codex, three below New game
        assert isinstance(app.screen, CodexScreen) and app.screen.showing_all
        await pilot.press("escape", "enter")  # back on the title, New game is highlighted again
        assert isinstance(app.screen, PlayScreen)
        await pilot.press("c")
        assert isinstance(app.screen, CodexScreen)
        assert [entry.id for entry in app.screen.entries] == ["anzali", "kuchik_khan", "jangalis", "edalat"]


async def test_timeline_and_log_keys(make_app) -> None:
    """t opens the timeline and l the log of the current game; Escape returns to the game."""
    app = make_app(SHOWCASE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1", "t")
        assert isinstance(app.screen, TimelineScreen)
        await pilot.press("escape", "l")
        assert isinstance(app.screen, LogScreen)
        assert app.screen.game_state == app.session.state
        await pilot.press("escape")
        assert isinstance(app.screen, PlayScreen)


async def test_save_key_writes_a_named_slot(make_app, tmp_path) -> None:
    """s opens the save dialog with the scene's title; Enter writes that slot."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1", "s")
        assert isinstance(app.screen, SaveDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
    slot = SaveStore(tmp_path / "saves").load("On the road", app.session.story)
    assert slot.state == app.session.state


async def test_load_from_the_title_continues_that_game(make_app, tmp_path) -> None:
    """Load on the title lists the slots; Enter continues the chosen one."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "2", "s", "enter", "escape")  # a game saved at "On the road"
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("down", "down", "down", "enter")
        assert isinstance(app.screen, LoadScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, PlayScreen)
        assert app.session.state.scene == "road" and app.session.state.path[-1].choice == 1


async def test_a_broken_continue_is_never_offered(make_app, tmp_path) -> None:
    """A damaged newest file is listed as broken on the load screen, and Continue skips it."""
    (tmp_path / "saves").mkdir()
    (tmp_path / "saves" / "autosave.json").write_text("{", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE):
        continue_option = app.screen.query_one("#menu").get_option_at_index(0)
        assert continue_option.disabled


async def test_ending_key_leads_to_the_ending_screen_and_back_to_the_title(make_app) -> None:
    """At an ending Enter opens the ending screen; Escape goes to the title."""
    app = make_app(SHOWCASE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1", "1", "enter")
        assert isinstance(app.screen, EndingScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, TitleScreen)


async def test_command_palette_offers_the_game_actions(make_app) -> None:
    """The command palette lists New game, Chapter select, Load, Codex, Timeline and High contrast."""
    app = make_app()
    async with app.run_test(size=SIZE):
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for wanted in ("New game", "Chapter select", "Load", "Codex", "Timeline", "High contrast"):
            assert wanted in titles
