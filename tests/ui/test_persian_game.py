"""The Persian game in Textual: Persian words, mirrored layout, Solar Hijri dates, down history's path."""

from __future__ import annotations

import re
from pathlib import Path

from textual.geometry import Region
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from game.play.bidi import visual_line
from game.play.saves import SaveStore
from game.play.session import Session
from game.story.strings import story_strings
from game.ui.app import JangalApp
from game.ui.screens.ending import EndingScreen
from game.ui.screens.play import PlayScreen
from game.ui.widgets.choice_list import ChoiceList
from tests.ui.persian import in_persian, persian_story

SIZE = (100, 30)


def persian_app(tmp_path: Path) -> JangalApp:
    store = SaveStore(tmp_path / "saves")
    return JangalApp(Session(persian_story(), store), store.folder)


def screen_lines(widget) -> list[str]:
    """A widget's lines as the terminal is given them (left to right on the screen)."""
    width, height = widget.region.size
    return [strip.text for strip in widget.render_lines(Region(0, 0, width, height))]


async def test_a_persian_playthrough_of_historys_path(tmp_path: Path) -> None:
    """Title, menu, choices, dates and the ending's headings in Persian, down history's path."""
    with in_persian():
        app = persian_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            assert str(app.screen.query_one("#story-title", Static).render()) == "داستان کوچک آزمایشی"
            menu = app.screen.query_one("#menu")
            assert menu.get_option_at_index(1).prompt.plain == "بازی تازه"
            await pilot.press("enter")  # New game (nothing to continue)
            assert isinstance(app.screen, PlayScreen)
            header = str(app.screen.query_one("#scene-header", Static).render())
            assert "۲۸ اردیبهشت ۱۲۹۹ / ۱۸ مه ۱۹۲۰" in header and "در اسکله" in header
            choices = app.screen.query_one(ChoiceList)
            assert choices.get_option_at_index(0).prompt.plain == "۱. به ملوانان خوشامد بگو"
            await pilot.press("1")  # history's choice
            assert "پیش برو" in app.screen.query_one(ChoiceList).get_option_at_index(0).prompt.plain
            await pilot.press("1", "enter")  # history's choice again, then on to the ending
            await pilot.pause()
            assert isinstance(app.screen, EndingScreen)
            assert str(app.screen.query_one("#ending-title", Static).render()) == "پیشروی شکست می‌خورد"
            assert str(app.screen.query_one("#ending-kind", Static).render()) == "پایان تاریخی"
            headings = [str(heading.render()) for heading in app.screen.query(".ending-heading")]
            assert headings[:2] == ["آنچه به‌راستی رخ داد", "راه شما و تاریخ"]


async def test_the_persian_play_screen_is_mirrored(tmp_path: Path) -> None:
    """The status panel stands left of the story; a choice's number is at its right end, in Persian digits."""
    with in_persian():
        app = persian_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")  # New game (nothing to continue)
            screen = app.screen
            assert screen.query_one("#side").region.x < screen.query_one("#main").region.x
            first_choice = next(line for line in screen_lines(screen.query_one(ChoiceList)) if "۱" in line)
            assert first_choice.rstrip(" │").endswith(visual_line("۱. به ملوانان خوشامد بگو").text)
            status = screen_lines(screen.query_one("#status"))
            assert status[0].strip() == visual_line("وضع امور").text


async def test_the_footer_and_help_speak_persian(tmp_path: Path) -> None:
    """Key descriptions declared in English when the screens were imported show in Persian."""
    with in_persian():
        app = persian_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")  # New game (nothing to continue)
            descriptions = {key.description for key in app.screen.query(FooterKey)}
            assert {"ذخیره", "گزارش راه", "ذره‌بین"} <= descriptions
            await pilot.press("question_mark")
            table = app.screen.query_one("#help-table")
            assert "راهنما: همین فهرست کلیدها" in {str(row[1]) for row in map(table.get_row_at, range(table.row_count))}


async def test_terminal_bidi_keeps_the_text_as_written(tmp_path: Path) -> None:
    """With --bidi terminal the text reaches the terminal as written (right-aligned), the panel still on the left."""
    with in_persian(bidi="terminal"):
        app = persian_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")  # New game (nothing to continue)
            screen = app.screen
            assert screen.query_one("#side").region.x < screen.query_one("#main").region.x
            status = screen_lines(screen.query_one("#status"))
            assert status[0].strip() == "وضع امور"
            assert status[0].endswith("وضع امور")


async def test_choosing_persian_in_settings_keeps_it_and_starts_again(tmp_path: Path) -> None:
    """Settings → Language: the choice is kept beside the saves, and the game offers to start again in it."""
    from game.play.settings import load_settings
    from game.ui.screens.confirm import ConfirmDialog

    app = persian_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.action_settings()
        await pilot.pause()
        options = app.screen.query_one("#settings-list")
        options.highlighted = options.get_option_index("language")
        await pilot.press("enter")
        assert load_settings(tmp_path / "saves").language == "fa"
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
    assert app.restart_language == "fa"


def test_a_restart_plays_again_with_the_settings_language(tmp_path: Path, monkeypatch) -> None:
    """`jangal play` runs the game again when it closed to change language, the flag giving way to the setting."""
    import argparse

    from game.cli import play as play_command

    runs: list[str | None] = []

    def one_run(arguments: argparse.Namespace) -> int:
        runs.append(arguments.lang)
        return play_command.Restart(0) if len(runs) == 1 else 0

    monkeypatch.setattr(play_command, "_play", one_run)
    arguments = argparse.Namespace(lang="en", load="slot", chapter=None, scene=None)
    assert play_command.play(arguments) == 0
    assert runs == ["en", None] and arguments.load is None


LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z']{2,}")
"""A word of three Latin letters or more: English, unless the story itself wrote it."""
KEY_NAMES = {
    *("Space", "PgDn", "PgUp", "Home", "End", "Enter", "Esc", "Escape", "Delete", "Tab", "Ctrl"),
    *("esc", "escape", "delete", "tab", "space", "ctrl", "shift", "pageup", "pagedown"),
}
TYPED_WORDS = {"jangal", "demo", "pace", "docs", "authoring", "map", "mlterm", "Konsole"}
"""What a player types or looks up as it is written: commands and flags (jangal demo --pace), a file
(docs/authoring.md), a key of the story format (map:), terminals' names."""
"""Keys, named as the keyboard names them (a Persian keyboard has the same labels)."""


def english_shown(app: JangalApp, story) -> set[str]:
    """Latin words on the whole screen that neither the story's translation nor a key's name accounts for."""
    written = {word for text in story_strings(story) for word in LATIN_WORD.findall(text.text)}
    allowed = KEY_NAMES | TYPED_WORDS | written
    lines = [strip.text for strip in app.screen._compositor.render_strips()]
    return {word for line in lines for word in LATIN_WORD.findall(line)} - allowed


async def test_no_english_on_any_screen_of_the_persian_game(tmp_path: Path) -> None:
    """Off history's path, on every screen a key opens and on the ending: Jangal's own words are all Persian."""
    with in_persian(bidi="terminal"):  # the text as written, so words are found whole
        story = persian_story()
        app = persian_app(tmp_path)
        shown: dict[str, set[str]] = {}

        async def look(name: str, *keys: str) -> None:
            await pilot.press(*keys)
            await pilot.pause()
            shown[name] = english_shown(app, story)

        async with app.run_test(size=SIZE) as pilot:
            await look("title")
            await look("a decision", "enter")
            await look("a choice not history's", "2")  # Turn them away: the lens says what history chose
            await look("the lens hidden", "h")
            await look("the log", "h", "l")
            for name, key in (("codex", "c"), ("timeline", "t"), ("map", "m"), ("help", "f1"), ("save", "s")):
                await look(name, "escape", key)
            await look("the ending", "escape", "1")  # March on
            for name in ("load", "settings", "endings", "chapters"):
                app.action_to_title()
                await pilot.pause()
                getattr(app, f"action_menu_{name}")()
                await look(name)
    assert {name: words for name, words in shown.items() if words} == {}


async def test_a_persian_game_hands_in_a_persian_transcript(tmp_path: Path) -> None:
    """A served game played in Persian hands in its transcript in Persian (lang="fa", dir="rtl", Persian words)."""
    from game.classroom.hand_in import remember_name
    from game.ui.served import ServedTab

    with in_persian():
        tab = ServedTab(tmp_path / "tab", "")
        tab.folder.mkdir()
        remember_name(tab.folder, "علی رضایی")
        store = SaveStore(tab.folder)
        app = JangalApp(Session(persian_story(), store), store.folder, served=tab, hand_in_folder=tmp_path / "in")
        async with app.run_test(size=SIZE) as pilot:
            app.start_game()
            await pilot.pause()
            await pilot.press("1", "x")
            await pilot.pause()
    (handed,) = (tmp_path / "in").glob("*.html")
    page = handed.read_text(encoding="utf-8")
    assert '<html lang="fa" dir="rtl">' in page and "علی رضایی" in page
    assert "به ملوانان خوشامد بگو" in page and "انتخاب شما" in page


async def test_a_narrow_persian_footer_hides_the_keys_it_would_cut(tmp_path: Path) -> None:
    """At 80 columns the key bar shows only whole keys (a shaped word cut in two reads as another), and a
    wider terminal shows them again."""
    with in_persian():
        app = persian_app(tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")  # New game (nothing to continue)
            await pilot.pause()
            await pilot.pause()
            footer = app.screen.query_one("Footer")
            shown = [key for key in app.screen.query(FooterKey) if key.display]
            palette = next(key for key in shown if key.has_class("-command-palette"))
            assert len(shown) < len(app.screen.query(FooterKey))
            for key in shown:
                assert footer.region.x <= key.region.x and key.region.right <= footer.region.right
                assert key is palette or key.region.right <= palette.region.x, key.description
            await pilot.resize_terminal(160, 30)
            await pilot.pause()
            await pilot.pause()
            assert all(key.display for key in app.screen.query(FooterKey))
