"""Issue 17, the player's experience: scrolling the story, keys where the footer says, nothing lost
without a question, endings found, what a choice changed, history before you choose, settings."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static

from game.play.saves import AUTOSAVE, KEPT_AUTOSAVES, SaveStore
from game.play.settings import Settings, load_settings, save_settings
from game.ui.screens.chapters import ChapterSelectScreen
from game.ui.screens.confirm import ConfirmDialog
from game.ui.screens.ending import EndingScreen
from game.ui.screens.endings import EndingsScreen
from game.ui.screens.play import MORE_BELOW, PlayScreen
from game.ui.screens.save import SaveDialog
from game.ui.screens.settings import SettingsScreen
from game.ui.screens.title import TitleScreen
from game.ui.widgets.choice_list import HISTORY_MARK, ChoiceList
from game.ui.widgets.status_panel import StatusPanel
from tests.conftest import MINI

SIZE = (100, 30)
LONG = "\n\n".join(f"Paragraph {n} of the long scene, with enough words to wrap a line or two here." for n in range(40))


@pytest.fixture
def long_story(tmp_path: Path) -> Path:
    """The mini story whose first scene is far longer than any screen, ending with a line to find."""
    folder = tmp_path / "long"
    shutil.copytree(MINI, folder)
    scenes = folder / "scenes.yaml"
    text = LONG + "\n\nTHE LAST LINE OF THE SCENE."
    block = "\n".join("      " + line if line else "" for line in text.splitlines())
    scenes.write_text(
        scenes.read_text(encoding="utf-8").replace("    text: Ships in the harbour.", f"    text: |\n{block}", 1),
        encoding="utf-8",
    )
    return folder


def scroll_of(app) -> VerticalScroll:
    return app.screen.query_one("#scene-scroll", VerticalScroll)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_page_down_scrolls_the_story_and_1_still_picks_the_first_choice(make_app, long_story, size) -> None:
    """PgDn scrolls the text with the choices focused; the number keys and Enter still choose."""
    app = make_app(long_story)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        choices = app.screen.query_one(ChoiceList)
        assert app.focused is choices
        assert str(choices.border_title) == MORE_BELOW  # the cue says there is more below
        highlighted = choices.highlighted
        await pilot.press("pagedown")
        await pilot.pause()
        assert scroll_of(app).scroll_y > 0
        assert choices.highlighted == highlighted  # PgDn no longer moves the highlight
        await pilot.press("1")
        assert app.session.state.scene == "road"
        assert app.session.state.path[-1].choice == 0


async def test_space_home_end_and_page_up_scroll_whatever_has_focus(make_app, long_story) -> None:
    """Space and PgDn go down a page, End to the bottom (the cue goes), Home and PgUp back up."""
    app = make_app(long_story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        scroll = scroll_of(app)
        await pilot.press("space")
        await pilot.pause()
        first_page = scroll.scroll_y
        assert first_page > 0
        await pilot.press("end")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y
        assert "more text below" not in str(app.screen.query_one(ChoiceList).border_title)
        await pilot.press("pageup")
        await pilot.pause()
        assert 0 < scroll.scroll_y < scroll.max_scroll_y
        await pilot.press("home")
        await pilot.pause()
        assert scroll.scroll_y == 0
        await pilot.press("down", "enter")  # the arrows and Enter stay with the choices
        assert app.session.state.path[-1].choice == 1


async def test_a_short_scene_has_no_more_below_cue(make_app) -> None:
    """A scene that fits shows no cue."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(ChoiceList).border_title in (None, "")


async def test_number_keys_on_chapter_select(make_app) -> None:
    """2 on Chapter select starts the second chapter; a number with no chapter says so."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")
        assert isinstance(app.screen, ChapterSelectScreen)
        await pilot.press("7")
        assert isinstance(app.screen, ChapterSelectScreen)
        await pilot.press("2")
        assert isinstance(app.screen, PlayScreen)
        assert app.session.state.scene == "road"


async def test_hand_in_is_in_the_play_footer(make_app) -> None:
    """x is shown in the play screen's footer."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        shown_keys = {binding.key for (_, binding, enabled, _) in app.screen.active_bindings.values() if binding.show}
        assert "x" in shown_keys


@pytest.mark.parametrize("width", [60, 80, 100])
async def test_the_header_fits_its_width(make_app, width) -> None:
    """At 100 columns and below, the header is never cut: parts go by priority, the title stays."""
    app = make_app()
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        header = app.screen.query_one("#scene-header", Static)
        text = str(header.render())
        assert "At the dock" in text
        assert len(text) <= width - 2


def test_fit_header_drops_place_then_chapter_then_date() -> None:
    """The order parts are dropped in, and a title too long alone is cut with an ellipsis."""
    from game.ui.text import fit_header

    full = fit_header(200, "Title", "Chapter", "1 May 1920", "Anzali")
    assert full == "Chapter  ›  Title    1 May 1920 · Anzali"
    assert fit_header(len(full) - 1, "Title", "Chapter", "1 May 1920", "Anzali") == "Chapter  ›  Title    1 May 1920"
    assert fit_header(28, "Title", "Chapter", "1 May 1920", "Anzali") == "Title    1 May 1920 · Anzali"
    assert fit_header(12, "Title", "Chapter", "1 May 1920", "Anzali") == "Title"
    assert fit_header(6, "A long title", "C") == "A lon…"


async def test_dialogs_are_centred_on_a_large_terminal(make_app) -> None:
    """At 200x60 each dialog sits in the middle of the screen."""
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.press("enter", "1")
        for key, box in (("q", ".dialog"), ("s", "#save-box"), ("x", "#save-box"), ("question_mark", "#help-box")):
            await pilot.press(key)
            await pilot.pause()
            region = app.screen.query_one(box).region
            assert abs((region.x + region.width / 2) - 100) <= 2, key
            assert abs((region.y + region.height / 2) - 30) <= 2, key
            await pilot.press("escape")


async def test_saving_over_a_slot_asks_and_says_what_it_holds(make_app, tmp_path) -> None:
    """A name that exists asks first, naming the scene, date and choices in it; Keep leaves it alone."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1")
        store = app.session.store
        store.clock = lambda: datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
        app.session.save("mine")
        store.clock = lambda: datetime.now(UTC)
        await pilot.press("u")  # back to the dock: a different state
        await pilot.press("s")
        assert isinstance(app.screen, SaveDialog)
        app.screen.query_one("Input").value = "mine"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        question = app.screen.question
        assert "“mine”" in question and "The march › On the road" in question
        assert "2026-11-02" in question and "1 choice made" in question
        await pilot.press("n")
        assert store.load("mine", app.session.story).state.scene == "road"  # kept
        await pilot.press("s")
        app.screen.query_one("Input").value = "mine"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        assert store.load("mine", app.session.story).state.scene == "dock"  # replaced


async def test_new_game_asks_before_replacing_unsaved_progress(make_app) -> None:
    """With choices not saved under a name, New game and Chapter select ask; Back keeps the game."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1", "escape")
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("down", "enter")  # New game (Continue is highlighted)
        assert isinstance(app.screen, ConfirmDialog)
        assert "On the road" in app.screen.question and "1 choice made" in app.screen.question
        await pilot.press("n")
        assert app.session.state.scene == "road"
        await pilot.press("down", "down", "enter", "2")  # Chapter select, chapter 2
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        assert isinstance(app.screen, PlayScreen) and app.session.state.origin == "two"


async def test_new_game_does_not_ask_when_the_game_is_saved(make_app) -> None:
    """After a named save, nothing is lost: New game starts at once."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1")
        app.session.save("kept")
        await pilot.press("escape", "down", "enter")
        assert isinstance(app.screen, PlayScreen) and not app.session.state.path


async def test_new_games_rotate_the_autosave(make_app, tmp_path) -> None:
    """Each new game moves the last one's autosave back, up to ten; Load lists them."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1")
        for _ in range(KEPT_AUTOSAVES + 1):
            app.session.start()
            app.session.choose(1)
        store = SaveStore(tmp_path / "saves")
        names = set(store.names())
        assert AUTOSAVE in names and f"{AUTOSAVE}-{KEPT_AUTOSAVES}" in names
        assert f"{AUTOSAVE}-{KEPT_AUTOSAVES + 1}" not in names
        assert store.load(f"{AUTOSAVE}-{KEPT_AUTOSAVES}", app.session.story).state.path[0].choice == 1


async def test_every_ending_offers_back_to_the_last_decision(make_app) -> None:
    """u on the ending screen undoes back to the last decision, on the play screen."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1", "1", "enter")
        assert isinstance(app.screen, EndingScreen)
        assert "go back to your last decision" in str(app.screen.query_one("#ending-undo", Static).render())
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.session.state.scene == "road" and len(app.session.state.path) == 1


async def test_endings_found_are_kept_and_counted_on_the_title(make_app, tmp_path) -> None:
    """An ending reached is kept in the settings file; the title menu counts it; the screen hides the rest."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1", "1")
        assert list(load_settings(tmp_path / "saves").endings_found("mini")) == ["defeat"]
        await pilot.press("escape")
        menu = app.screen.query_one("#menu", OptionList)
        assert "Endings: 1 of 2" in str(menu.get_option("endings").prompt)
        menu.highlighted = menu.get_option_index("endings")
        await pilot.press("enter")
        assert isinstance(app.screen, EndingsScreen)
        listed = str(app.screen.query_one("#endings-list", Static).render())
        assert "The march fails" in listed and "Against the odds" not in listed
        assert "? ? ?" in listed and "“The march”" in listed and "1 still hidden" in listed
    again = make_app()
    async with again.run_test(size=SIZE):
        assert "Endings: 1 of 2" in str(again.screen.query_one("#menu", OptionList).get_option("endings").prompt)


async def test_status_panel_shows_what_the_choice_changed(make_app) -> None:
    """After a choice each variable it moved shows +n or −n beside it; undo clears them."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "2")  # support -5 (clamped to 0 from 3), then +1 funds on the road
        panel = str(app.screen.query_one(StatusPanel).render())
        assert "−3" in panel and "+1" in panel
        await pilot.press("u")
        assert "−3" not in str(app.screen.query_one(StatusPanel).render())


async def test_history_before_you_choose_marks_the_choice_only_when_on(make_app, tmp_path) -> None:
    """Off by default; on, with the lens on, history's choice is marked at a decision; the lens off hides it."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        choices = app.screen.query_one(ChoiceList)
        assert HISTORY_MARK not in str(choices.get_option_at_index(0).prompt)
        app.change_settings(history_before_choice=True)
        await pilot.pause()
        choices = app.screen.query_one(ChoiceList)
        assert HISTORY_MARK in str(choices.get_option_at_index(0).prompt)
        assert HISTORY_MARK not in str(choices.get_option_at_index(1).prompt)
        await pilot.press("h")
        assert HISTORY_MARK not in str(app.screen.query_one(ChoiceList).get_option_at_index(0).prompt)


async def test_settings_screen_changes_and_keeps_each_setting(make_app, tmp_path) -> None:
    """From the title menu: Enter changes the highlighted setting; the file keeps it; the play screen follows."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        menu = app.screen.query_one("#menu", OptionList)
        menu.highlighted = menu.get_option_index("settings")
        await pilot.press("enter")
        assert isinstance(app.screen, SettingsScreen)
        theme = app.theme
        await pilot.press("enter")  # theme: the next one
        assert app.theme != theme
        await pilot.press("down", "enter")  # history before you choose: on
        await pilot.press("down", "space")  # demo pace: the next pace
        await pilot.press("down", "enter")  # status panel: hidden
        kept = load_settings(tmp_path / "saves")
        assert kept.theme == app.theme and kept.history_before_choice and not kept.status_panel
        assert kept.demo_pace != Settings().demo_pace
        await pilot.press("escape", "enter")  # New game (nothing to continue)
        await pilot.pause()
        assert not app.screen.query_one("#side").display


async def test_settings_from_the_palette(make_app) -> None:
    """The command palette offers Settings and Endings."""
    app = make_app()
    async with app.run_test(size=SIZE):
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Settings", "Endings"} <= titles


def test_a_damaged_settings_file_keeps_the_good_keys(tmp_path) -> None:
    """A key of the wrong type falls back to its default; the others are kept."""
    (tmp_path / ".settings.json").write_text(
        '{"theme": "nord", "demo_pace": "fast", "status_panel": false, "endings": {"mini": {"defeat": 3}}}'
    )
    settings = load_settings(tmp_path)
    assert settings.theme == "nord" and not settings.status_panel
    assert settings.demo_pace == Settings().demo_pace and settings.endings_found("mini") == {}
    assert save_settings(tmp_path, settings) and load_settings(tmp_path) == settings


def test_demo_pace_comes_from_the_settings_unless_given(tmp_path) -> None:
    """`jangal demo` without --pace uses the Settings screen's pace, kept beside the saves."""
    from argparse import Namespace

    from game.cli.classroom import settings_pace

    save_settings(tmp_path, Settings(demo_pace=10.0))
    assert settings_pace(Namespace(saves_dir=str(tmp_path))) == 10.0


def test_autosave_names_are_kept_for_the_autosaves(mini, store) -> None:
    """No save of the player's may take an autosave's name, in any front end."""
    from game.play.saves import autosave_base
    from game.play.session import Session
    from game.story.problems import SlotNameError
    from game.ui.screens.save import name_problem

    for name in ("autosave", "Autosave-3", "plain-autosave", "autoplay-10"):
        assert autosave_base(name) and "automatic saves" in name_problem(name)
        session = Session(mini, store)
        session.start()
        with pytest.raises(SlotNameError):
            session.save(name)
    for name in ("autosave-0", "autosaves", "my autosave", "autosave-02"):
        assert autosave_base(name) is None


def test_plain_mode_and_autoplay_never_touch_continue(mini, store) -> None:
    """Continue passes over plain mode's and autoplay's slots, even when they are newer."""
    from game.play.saves import AUTOPLAY_SAVE, PLAIN_AUTOSAVE
    from game.play.session import Session

    full = Session(mini, store)
    full.start()
    full.choose(0)
    for name in (PLAIN_AUTOSAVE, AUTOPLAY_SAVE):
        other = Session(mini, store, name)
        other.start()
        other.choose(1)
    assert {PLAIN_AUTOSAVE, AUTOPLAY_SAVE, AUTOSAVE} <= set(store.names())
    assert store.latest(mini).name == AUTOSAVE
