"""The title and play screens, driven by keys as a player would, checked against the engine and the files."""

from __future__ import annotations

import json

from textual.widgets import OptionList, Static

from game.play.saves import AUTOSAVE
from game.ui.screens.confirm import ConfirmDialog
from game.ui.screens.play import PlayScreen
from game.ui.screens.title import TitleScreen
from game.ui.screens.too_small import TooSmallScreen
from game.ui.widgets.history_lens import HistoryLens
from game.ui.widgets.markdown_text import MarkdownText

SIZE = (100, 30)


def menu_ids(app) -> dict[str, bool]:
    menu = app.screen.query_one("#menu", OptionList)
    return {option.id: not option.disabled for option in menu.options}


async def test_title_offers_the_menu_and_continue_only_with_a_save(make_app) -> None:
    """Without a save, Continue is disabled and New game is highlighted."""
    app = make_app()
    async with app.run_test(size=SIZE):
        assert isinstance(app.screen, TitleScreen)
        enabled = menu_ids(app)
        assert list(enabled) == ["continue", "new", "chapters", "load", "codex", "endings", "settings", "help", "quit"]
        assert enabled["continue"] is False
        assert app.screen.query_one("#menu", OptionList).highlighted == 1


async def test_new_game_shows_the_first_scene(make_app) -> None:
    """Enter on New game opens the play screen at the start scene, with its header."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, PlayScreen)
        assert app.session.state.scene == "dock"
        header = str(app.screen.query_one("#scene-header", Static).render())
        assert "The landing" in header and "At the dock" in header and "18 May 1920" in header


async def test_number_keys_choose_and_autosave(make_app, tmp_path) -> None:
    """Pressing 1 makes the first choice; the autosave file holds the new state."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1")
        assert app.session.state.scene == "road"
        saved = json.loads((tmp_path / "saves" / f"{AUTOSAVE}.json").read_text(encoding="utf-8"))
        assert saved["state"]["scene"] == "road"
        assert saved["state"]["path"][0]["choice"] == 0


async def test_arrows_and_enter_choose(make_app) -> None:
    """Down then Enter picks the second choice."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "down", "enter")
        assert app.session.state.path[-1].choice == 1


async def test_closed_choice_is_shown_and_refused(make_app) -> None:
    """A closed choice is listed disabled with its reason; its number does nothing."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        choices = app.screen.query_one("#choices", OptionList)
        closed = choices.get_option_at_index(2)
        assert closed.disabled and "Nobody listens to you yet." in str(closed.prompt)
        await pilot.press("3")
        assert app.session.state.scene == "dock"


async def test_undo_goes_back_with_u_and_ctrl_z(make_app) -> None:
    """u and ctrl+z each undo one choice."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1", "3")
        assert len(app.session.state.path) == 2
        await pilot.press("u")
        assert len(app.session.state.path) == 1
        await pilot.press("ctrl+z")
        assert app.session.state.path == ()


async def test_lens_toggles_with_h(make_app) -> None:
    """h hides and shows the history lens; after a choice it says whether history agreed."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "2")
        lens = app.screen.query_one(HistoryLens)
        scene_text = app.screen.query_one("#scene-text", MarkdownText)
        assert lens.display and "Reliability" not in lens.source  # the road has no note
        assert "History went another way:** A test decision, made at dock by history." in scene_text.source
        assert "History's choice here: Welcome the sailors" in scene_text.source
        await pilot.press("h")
        assert not lens.display
        assert "History went another way" not in scene_text.source
        await pilot.press("h")
        assert lens.display


async def test_quit_in_the_middle_asks_once(make_app) -> None:
    """q mid-game asks; n stays, y quits."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1", "q")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert isinstance(app.screen, PlayScreen)
        await pilot.press("q", "y")
    assert app.return_code == 0


async def test_quit_before_any_choice_does_not_ask(make_app) -> None:
    """q on the title screen quits at once."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_ctrl_c_quits_with_the_autosave_current(make_app, tmp_path) -> None:
    """ctrl+c leaves at once, and the autosave holds the last choice."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1", "ctrl+c")
        await pilot.pause()
        assert not app.is_running
    saved = json.loads((tmp_path / "saves" / f"{AUTOSAVE}.json").read_text(encoding="utf-8"))
    assert saved["state"]["scene"] == "road"


async def test_escape_to_title_then_continue(make_app) -> None:
    """Escape goes to the title; Continue is now offered and picks the game up."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1", "escape")
        assert isinstance(app.screen, TitleScreen)
        assert menu_ids(app)["continue"] is True
        assert app.screen.query_one("#menu", OptionList).highlighted == 0
        await pilot.press("enter")
        assert isinstance(app.screen, PlayScreen)
        assert app.session.state.scene == "road"


async def test_chapter_select_starts_with_the_preset(make_app) -> None:
    """Chapter select starts chapter two at its scene with history's state by then."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")  # Chapter select
        await pilot.press("down", "enter")  # The march
        assert isinstance(app.screen, PlayScreen)
        assert app.session.state.scene == "road"
        assert app.session.state.origin == "two"
        assert "trusts_abukov" in app.session.state.flags


async def test_ending_reached_offers_the_ending(make_app) -> None:
    """At an ending the only option leads on to the ending screen."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1", "1")
        choices = app.screen.query_one("#choices", OptionList)
        assert choices.option_count == 1
        assert "The end" in str(choices.get_option_at_index(0).prompt)
        assert not app.session.in_progress


async def test_too_small_terminal_is_covered_then_restored(make_app) -> None:
    """Below 60x20 a message covers the game; growing the terminal brings the game back unchanged."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1")
        await pilot.resize_terminal(50, 15)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "50×15" in str(app.screen.query_one("#too-small-message", Static).render())
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.session.state.scene == "road"


async def test_narrow_layout_hides_the_side_panel(make_app) -> None:
    """At 60x20 the state panel gives its room to the scene text."""
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.has_class("narrow")
        assert not app.screen.query_one("#side").display


async def test_high_contrast_theme_is_remembered(make_app) -> None:
    """Choosing the high-contrast theme is saved, and the next start uses it."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.action_high_contrast()
        await pilot.pause()
    again = make_app()
    async with again.run_test(size=SIZE):
        assert again.theme == "jangal-high-contrast"


async def test_markup_in_a_story_is_shown_literally(make_app, tmp_path) -> None:
    """Square brackets in a choice are shown as written, not taken as markup."""
    from tests.conftest import MINI

    folder = tmp_path / "story"
    folder.mkdir()
    for source in MINI.iterdir():
        text = source.read_text(encoding="utf-8").replace("Turn them away", "Turn them [b]away[/b]")
        (folder / source.name).write_text(text, encoding="utf-8")
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        prompt = app.screen.query_one("#choices", OptionList).get_option_at_index(1).prompt
        assert "Turn them [b]away[/b]" in str(prompt)


async def test_a_game_started_before_the_app_opens_on_the_play_screen(make_app) -> None:
    """`jangal play --scene` hands the app a game already under way: it opens there, not on the title."""
    app = make_app()
    app.session.start()
    app.session.choose(0)
    async with app.run_test(size=SIZE):
        assert isinstance(app.screen, PlayScreen)
        assert "On the road" in str(app.screen.query_one("#scene-header", Static).render())


def styled_words(widget: MarkdownText, word: str) -> list:
    """The styles of the segments drawing ``word`` in a widget's rendered lines."""
    lines = widget.render_lines(widget.region.reset_offset)
    return [segment.style for line in lines for segment in line if word in segment.text]


async def test_scene_text_is_markdown_in_the_theme_colours(make_app) -> None:
    """The title is a heading in the theme's primary colour; a theme change restyles the text at once."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        scene_text = app.screen.query_one("#scene-text", MarkdownText)
        assert scene_text.source.splitlines()[-3:] == ["# At the dock", "", "Ships in the harbour."]
        [heading] = styled_words(scene_text, "At the dock")
        assert heading.bold and heading.color.triplet.hex.lower() == app.current_theme.primary.lower()
        app.theme = "textual-light"
        await pilot.pause()
        [heading] = styled_words(scene_text, "At the dock")
        assert heading.color.triplet.hex.lower() == app.current_theme.primary.lower()


async def test_a_choice_redraws_the_scene_without_mounting_widgets(make_app) -> None:
    """The next scene is drawn into the same widgets: nothing is mounted or removed per choice."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        before = list(app.screen.query("*"))
        await pilot.press("1")
        assert app.session.state.scene == "road"
        assert "# On the road" in app.screen.query_one("#scene-text", MarkdownText).source
        assert list(app.screen.query("*")) == before
