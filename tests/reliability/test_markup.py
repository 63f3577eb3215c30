"""Text that looks like markup by accident is shown as written, on every screen, and cannot break the layout.

The story in tests/stories/hostile puts Rich and Textual markup (``[bold]``, ``[red]x[/red]``, a
stray ``[/]``, ``[link=...]``, ``[@click=app.quit]``), a ``$accent`` variable and an emoji into every
field a player sees, with a 2,000-character title, a 500-character word, 31 choices and a
20,000-word scene. Players' own text (a save's name, a student's name) gets the same treatment.
Each test reads the screen as the player would see it and checks the brackets are still there,
that no text became a clickable action, and that the game is still running.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from rich.console import Console
from textual.widgets import Footer, Input, OptionList, Static

from game.play.engine import Engine
from game.play.saves import AUTOSAVE, SaveStore
from game.play.session import Session
from game.story.loader import load_or_raise
from game.ui.app import JangalApp
from game.ui.screens.chapters import ChapterSelectScreen
from game.ui.screens.codex import CodexScreen
from game.ui.screens.ending import EndingScreen
from game.ui.screens.hand_in import HandInDialog
from game.ui.screens.help import HelpScreen
from game.ui.screens.load import LoadScreen
from game.ui.screens.log import LogScreen
from game.ui.screens.map import MapScreen
from game.ui.screens.play import PlayScreen
from game.ui.screens.save import SaveDialog
from game.ui.screens.timeline import TimelineScreen
from game.ui.screens.title import TitleScreen
from game.ui.widgets.virtual_table import VirtualTable
from tests.conftest import MINI, TESTS

HOSTILE = TESTS / "stories" / "hostile"
SIZE = (100, 30)
TALL = (120, 90)
TYPED = "[red]x[/red] $accent [@click=app.quit]"
"""What a mischievous player types as a save's name or their own name."""
LEGAL_NAME = "x.accent - app.quit"
"""The nearest save name the game accepts: a slot is a file, so its name holds no brackets, `$` or `@`."""
FOLDER = "[@click=app.quit]class [bold]$accent"
"""A folder name that looks like markup (a real folder name cannot hold the `/` of a closing tag)."""


def screen_text(app) -> str:
    """The whole screen as plain text, dialogs over their background, as `export_screenshot` draws it."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, record=True)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)


def click_actions(app) -> list[str]:
    """Every action a mouse click on the top screen would run, read from the drawn segments' styles."""
    actions = []
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            meta = segment.style.meta if segment.style else {}
            if "@click" in meta:
                actions.append(str(meta["@click"]))
    return actions


def assert_shown_as_written(app, *fragments: str) -> str:
    """Each fragment is on screen with its brackets, no text became an action, and the game still runs.

    Markdown's own links (``link('https://...')``) are Markdown on purpose and allowed.
    """
    text = screen_text(app)
    missing = [fragment for fragment in fragments if fragment not in text]
    assert not missing, f"not shown as written: {missing}\nthe screen was:\n{text}"
    actions = [action for action in click_actions(app) if not action.startswith("link(")]
    assert not actions, f"text became clickable actions: {actions}"
    assert app.is_running and app.return_code is None
    return text


def toast_text(app) -> str:
    """What the notifications on screen say, unwrapped (a long message wraps at any character in its toast)."""
    return "\n".join(toast.render().plain for toast in app.screen.query("Toast"))


def assert_toast_says(app, *fragments: str) -> None:
    """Each fragment is in a notification as written, nothing on screen is an action, and the game runs."""
    said = toast_text(app)
    missing = [fragment for fragment in fragments if fragment not in said]
    assert not missing, f"not said as written: {missing}\nthe notifications said:\n{said}"
    assert_shown_as_written(app)


def save_at_start(story_folder: Path, saves: Path, name: str) -> Path:
    """A save slot holding a new game of a story; returns its file."""
    story = load_or_raise([story_folder])
    store = SaveStore(saves)
    store.save(name, Engine(story).new_game(), story)
    return store.path(name)


async def start_game(pilot, *keys: str) -> None:
    """New game from the title, then the given keys."""
    await pilot.press("enter", *keys)
    await pilot.pause()


# The title, chapter select and play screens


async def test_title_shows_the_story_title_and_blurb_as_written(make_app) -> None:
    """The story's title and blurb keep their brackets, `$accent` and emoji on the title screen."""
    app = make_app(HOSTILE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert_shown_as_written(app, "[bold]Hostile[/bold] story [@click=app.quit]quit[/] $accent 🐍", "stray [/]")


async def test_chapter_select_shows_titles_and_summaries_as_written(make_app) -> None:
    """Chapter titles and summaries are listed exactly as the author wrote them."""
    app = make_app(HOSTILE)
    async with app.run_test(size=SIZE) as pilot:
        app.action_menu_chapters()
        await pilot.pause()
        assert isinstance(app.screen, ChapterSelectScreen)
        assert_shown_as_written(
            app,
            "1. [bold]Opening[/bold] [/] $accent",
            "[@click=app.quit]a click[/]",
            "2. [red]Closing[/red] [@click=app.quit]now[/]",
            "[/] starts this summary",
        )


async def test_play_screen_shows_header_text_choices_and_state_as_written(make_app) -> None:
    """Header, viewpoint, scene Markdown, choices, a locked reason and the side panel all keep their brackets."""
    app = make_app(HOSTILE)
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        assert isinstance(app.screen, PlayScreen)
        assert_shown_as_written(
            app,
            # The chapter's title is dropped from the header to fit 100 columns; the scene's title stays whole.
            " [bold]Gate[/bold] [red]x[/red] [/] $accent 🐍 [@click=app.quit]click[/]    18 May 1920",
            "You are [@click=app.quit]a clerk[/]",
            "But [@click=app.quit]this click[/] must stay text",
            "A stray closing tag [/] and an emoji 🐍",
            "1. [bold]Go on[/bold] [@click=app.quit]quit[/] $accent 🐍",
            "2. [red]x[/red] the second way [/]",
            "[@click=app.quit]Locked[/] [red]x[/red] $accent [/]",
            "[b]Support[/b] $accent",
            "[@click=app.quit]Funds[/]",
        )


async def test_markdown_keeps_textual_markup_as_text_in_the_lens(make_app) -> None:
    """The history lens is Markdown on purpose, but a click tag in a note or a source stays text."""
    app = make_app(HOSTILE)
    async with app.run_test(size=TALL) as pilot:
        await start_game(pilot)
        assert_shown_as_written(
            app,
            "A note with [@click=app.quit]a click[/] and [red]red[/red].",
            "[link=https://example.com]A source[/link] [/]",
            "$accent 🐍",
        )


async def test_consequence_and_flags_after_a_choice_are_shown_as_written(make_app) -> None:
    """What the choice led to, and the fact it set, keep their brackets; the game does not quit."""
    app = make_app(HOSTILE)
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot, "1")
        assert app.session.state.scene == "wide"
        assert_shown_as_written(
            app,
            "You chose: [bold]Go on[/bold] [@click=app.quit]quit[/]",
            "[red]x[/red] [@click=app.quit]boom[/] and [/] $accent",
            "[red]Marked[/red] [/] 🐍",
        )


# A scene cannot break the layout around it


def footer_visible(app) -> bool:
    """The key bar is on the last line of the screen."""
    footer = app.screen.query_one(Footer)
    return footer.region.height == 1 and footer.region.y == app.size.height - 1


async def test_a_2000_character_title_keeps_the_header_to_one_line(make_app) -> None:
    """The header holds the start of a 2,000-character title on one line; the footer stays in view."""
    app = make_app(HOSTILE)
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot, "1")
        title = app.session.view().scene.title
        assert len(title) >= 2000
        header = app.screen.query_one("#scene-header", Static)
        assert header.region.height == 1 and header.region.y == 0
        text = assert_shown_as_written(app, " Thirty doors: a [bold]title[/bold]")
        assert text.splitlines()[0].rstrip().endswith("…")  # cut to the width, and it says so
        assert text.splitlines()[1].strip() != ""  # the title did not spill onto the next line
        assert footer_visible(app)


async def test_thirty_choices_are_all_reachable_with_the_keyboard(make_app) -> None:
    """With 31 choices the list scrolls inside its box: End reaches the last one and Enter takes it."""
    app = make_app(HOSTILE)
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot, "1")
        choices = app.screen.query_one("#choices", OptionList)
        assert choices.option_count == 31
        assert choices.region.bottom <= app.size.height - 1  # above the footer
        await pilot.press(*["down"] * 30)  # End scrolls the story text; the arrows move through the choices
        assert choices.highlighted == 30
        assert_shown_as_written(app, "30. Door 30, the last: [bold]history[/bold] [/] 🐍", "│ 31. ")
        assert footer_visible(app)
        await pilot.press("enter")
        assert app.session.state.scene == "tome"


async def test_a_500_character_word_wraps_inside_the_main_column(make_app) -> None:
    """The long word breaks across lines of the main column; the side panel is still beside it."""
    app = make_app(HOSTILE)
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot, "1", *["down"] * 30, "enter")
        text = assert_shown_as_written(app, "You chose:", "State of things")
        side = app.screen.query_one("#side").region
        wrapped = [line for line in text.splitlines() if "Unbroken" in line]
        assert len(wrapped) >= 5
        assert all(line.rstrip().find("Unbroken") < side.x and len(line.rstrip()) <= app.size.width for line in wrapped)
        assert all("▏" in line[side.x - 2 : side.x + 2] for line in wrapped)  # the side panel's edge is in place
        assert footer_visible(app)


async def test_a_20000_word_scene_scrolls_to_its_last_words(make_app) -> None:
    """A scene of over 20,000 words opens, scrolls to its end, and leaves the choices and footer in view."""
    app = make_app(HOSTILE, chapter="closing")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.session.state.scene == "tome"
        assert len(app.session.engine.scene_text(app.session.state).split()) > 20_000
        await pilot.press("end")
        await pilot.pause()
        assert_shown_as_written(app, "THE LAST WORDS OF THE TOME", "1. [bold]March[/bold] on [@click=app.quit]quit[/]")
        assert footer_visible(app)
        await pilot.press("1")
        assert app.session.state.scene == "fall"


# The log, codex, timeline and map


async def test_log_shows_titles_and_choices_as_written(make_app) -> None:
    """The log's scene titles and choices keep their brackets, wrapped in their columns."""
    app = make_app(HOSTILE)
    async with app.run_test(size=TALL) as pilot:
        await start_game(pilot, "1", "l")
        assert isinstance(app.screen, LogScreen)
        assert_shown_as_written(app, "[bold]Gate[/bold]", "[bold]Go on[/bold]", "now: Thirty doors: a")


async def test_codex_shows_names_and_entries_as_written(make_app) -> None:
    """Codex names in the list and the entry's heading and Markdown text keep their brackets."""
    app = make_app(HOSTILE)
    async with app.run_test(size=TALL) as pilot:
        await start_game(pilot, "c")
        assert isinstance(app.screen, CodexScreen)
        assert_shown_as_written(
            app,
            "[bold]Bracket[/bold] Man",
            "[@click=app.quit]Click",
            "Anzali [/]",
            "[bold]Bracket[/bold] Man [@click=app.quit]quit[/] $accent",
            "His entry is Markdown: [@click=app.quit]a click[/] stays text,",
            "[red]red[/red] too.",
        )


async def test_codex_search_for_markup_is_shown_as_typed(make_app) -> None:
    """Searching for markup that matches nothing says so with the search exactly as typed."""
    app = make_app(HOSTILE)
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot, "c")
        app.screen.query_one("#codex-search", Input).value = "[/] [@click=app.quit]"
        await pilot.pause()
        assert_shown_as_written(app, "Nothing in the codex matches “[/] [@click=app.quit]”.")


async def test_timeline_shows_events_and_places_as_written(make_app) -> None:
    """Timeline events, their places and the player's scene titles keep their brackets."""
    app = make_app(HOSTILE)
    async with app.run_test(size=TALL) as pilot:
        await start_game(pilot, "1", "t")
        assert isinstance(app.screen, TimelineScreen)
        assert_shown_as_written(
            app, "[red]The gate[/red] opens [@click=app.quit]quit[/]", "[link=https://example.com]Anzali[/link]"
        )


async def test_map_legend_shows_the_place_as_written(make_app) -> None:
    """The map's legend names the scene's place exactly as written."""
    app = make_app(HOSTILE)
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot, "m")
        assert isinstance(app.screen, MapScreen)
        assert_shown_as_written(
            app,
            "you are here (Anzali [link=https://example.com]harbour[/link])",
            "● Anzali",
            "~ ~ [red]sea[/red] ~ ~",
            "· [i]Rasht[/i]",
            "Map · [bold]Sketch[/bold] of $accent",
        )


# Players' own text: save names and student names


async def type_into_dialog(pilot, text: str) -> None:
    """Put the text into the dialog's input, as if typed (the dialog checks it as it changes)."""
    pilot.app.screen.query_one(Input).value = text
    await pilot.pause()


async def test_a_save_name_with_markup_is_refused_and_shown_as_typed(make_app, tmp_path: Path) -> None:
    """The typed name stays literal in the box, the reason quotes the bracket, Enter neither saves nor quits."""
    app = make_app(HOSTILE)
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot, "1", "s")
        assert isinstance(app.screen, SaveDialog)
        await type_into_dialog(pilot, TYPED)
        assert_shown_as_written(app, TYPED, "A save name cannot contain “[”")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SaveDialog) and app.is_running
        assert sorted(path.name for path in (tmp_path / "saves").glob("*.json")) == [f"{AUTOSAVE}.json"]


async def test_load_screen_shows_saves_and_reasons_as_written(make_app, tmp_path: Path) -> None:
    """A save made in the dialog is listed with its chapter and scene as written; a save of another story says
    why it cannot load, quoting both titles with their brackets, and refusing to load it does not quit."""
    save_at_start(MINI, tmp_path / "saves", "other story")
    app = make_app(HOSTILE)
    async with app.run_test(size=TALL, notifications=True) as pilot:
        await start_game(pilot, "s")
        await type_into_dialog(pilot, LEGAL_NAME)
        await pilot.press("enter", "escape")
        app.action_load()
        await pilot.pause()
        assert isinstance(app.screen, LoadScreen)
        assert_shown_as_written(
            app, LEGAL_NAME, "[bold]Opening[/bold] [/]", "[bold]Gate[/bold] [red]x[/red]", "other story"
        )
        table = app.screen.query_one(VirtualTable)
        table.cursor = app.screen.names.index("other story")
        await pilot.pause()
        app.clear_notifications()  # the "Saved as" toast would cover the highlighted slot's line
        await pilot.pause()
        assert "[bold]Hostile[/bold]" in screen_text(app)  # in the reason the other story's save cannot load
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LoadScreen)
        assert_toast_says(app, "Cannot load “other story”", "“[bold]Hostile[/bold] story [@click=app.quit]quit[/]")


async def test_hand_in_dialog_shows_the_name_as_typed_and_hands_in(make_app, tmp_path: Path) -> None:
    """A student name made of markup is shown literally, handed in, and the game goes on."""
    app = make_app(HOSTILE)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start_game(pilot, "1", "x")
        assert isinstance(app.screen, HandInDialog)
        await type_into_dialog(pilot, TYPED)
        assert_shown_as_written(app, TYPED, "Hand in your path")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert_toast_says(app, "Handed in", "Verification code JG-")
    handed = list((tmp_path / "saves" / "handed-in").glob("*.html"))
    assert len(handed) == 1 and handed[0].name.startswith("red-x-red-accent-click-app-quit-")


# The ending and help screens


async def test_ending_shows_every_part_as_written(make_app) -> None:
    """Title, epilogue, history, the path table, explanations and questions all keep their brackets."""
    app = make_app(HOSTILE, chapter="closing")
    async with app.run_test(size=(120, 100)) as pilot:
        await pilot.press("1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        assert_shown_as_written(
            app,
            "[bold]The fall[/bold] [/] [@click=app.quit]quit[/] $accent 🐍",
            "An epilogue in Markdown with [@click=app.quit]a click[/] and [red]red[/red].",
            "What happened: $accent [/]",
            "[bold]March[/bold] on",
            "[red]Who[/red] [@click=app.quit]says[/]",
            "A view with [@click=app.quit]a click[/].",
            "1. [/] Was it [bold]fated[/bold]? [@click=app.quit]quit[/]",
        )


async def test_help_opens_over_the_hostile_story(make_app) -> None:
    """Help lists the keys, square brackets and all, over a game of the hostile story."""
    app = make_app(HOSTILE)
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        assert_shown_as_written(app, "ctrl+q or ctrl+c", "Keys")


# Messages that quote a story's text or a path


def blocked_folder(tmp_path: Path) -> Path:
    """A folder path with markup in it that cannot be created, because a file is in the way."""
    path = tmp_path / FOLDER
    path.write_text("a file where a folder should be", encoding="utf-8")
    return path


async def test_loading_another_storys_save_quotes_its_title_as_written(make_app, tmp_path: Path) -> None:
    """`jangal play --load` of a save from another story says so, quoting that story's title with its brackets."""
    save_at_start(HOSTILE, tmp_path / "saves", "hostile")  # its story's title is all markup
    app = make_app(MINI, load="hostile")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert_toast_says(app, "Cannot load", "“[bold]Hostile[/bold] story [@click=app.quit]quit[/] $accent 🐍”")


async def test_a_hand_in_that_cannot_be_written_says_why_and_the_game_goes_on(make_app, tmp_path: Path) -> None:
    """When the class folder cannot be written, the message names it as written and the game keeps running."""
    app = make_app(HOSTILE, hand_in_folder=blocked_folder(tmp_path) / "handed-in")
    async with app.run_test(size=TALL, notifications=True) as pilot:
        await start_game(pilot, "1", "x")
        await type_into_dialog(pilot, "Shirin")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert_toast_says(app, "Not handed in", FOLDER)


async def test_an_autosave_that_fails_says_why_and_the_game_goes_on(tmp_path: Path) -> None:
    """When the save folder cannot be written, the warning names it as written and the game keeps running."""
    store = SaveStore(blocked_folder(tmp_path) / "saves")
    app = JangalApp(Session(load_or_raise([HOSTILE]), store), tmp_path / "settings")
    async with app.run_test(size=TALL, notifications=True) as pilot:
        await start_game(pilot, "1")
        assert app.session.state.scene == "wide"
        assert_toast_says(app, "Autosave is off", FOLDER)


async def test_a_choice_closed_underneath_is_refused_quoting_its_reason_as_written(make_app) -> None:
    """If a closed choice is asked for anyway (say, the story changed under the list), its reason is quoted."""
    app = make_app(HOSTILE)
    async with app.run_test(size=TALL, notifications=True) as pilot:
        await start_game(pilot)
        app.screen.choose(2)
        await pilot.pause()
        assert app.session.state.scene == "gate"
        assert_toast_says(app, "choice 3 is not open: [@click=app.quit]Locked[/] [red]x[/red] $accent [/]")


async def test_continuing_a_save_whose_scene_is_gone_quotes_the_scene_as_written(make_app, tmp_path: Path) -> None:
    """A hand-edited save names a scene that looks like markup: Continue repairs it and quotes the name."""
    path = save_at_start(MINI, tmp_path / "saves", AUTOSAVE)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["state"]["scene"] = "[/] gone [@click=app.quit]"
    path.write_text(json.dumps(document), encoding="utf-8")
    app = make_app(MINI)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter")  # Continue
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert_toast_says(app, "the scene `[/] gone [@click=app.quit]` no longer exists")
