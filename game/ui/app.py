"""The Textual app: a thin shell that routes keys and menu choices to the session and the screens.

Screens other than the title and play screens are imported when first opened, which keeps
start-up close to a bare Textual app. Started plainly (``jangal``), the app paints the title from
the story's ``story:`` block and loads the rest right after the first frame; the first key or
click waits for that load, so nothing can act on a story that is not there yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.geometry import Size
from textual.screen import Screen

from game.play.language import N_, _
from game.play.settings import Settings
from game.ui.base import JangalBaseApp
from game.ui.game_actions import GameActions
from game.ui.screens import below_minimum_size, is_play_screen, is_too_small_screen
from game.ui.screens.title import TitleScreen
from game.ui.served import ClassroomActions, ServedTab
from game.ui.startup import LaterStory, watched
from game.ui.themes import HIGH_CONTRAST

if TYPE_CHECKING:
    from game.play.session import Session
    from game.story.loader import LoadResult
    from game.story.problems import Problem
    from game.ui.widgets.problems_panel import ProblemsPanel

WATCH_INTERVAL = 0.5
"""Seconds between looks at the story folders in --watch mode."""


class JangalApp(GameActions, ClassroomActions, JangalBaseApp):
    """Jangal in the terminal."""

    CSS_PATH = "game.tcss"
    TITLE = "Jangal"
    BINDINGS = [
        Binding("ctrl+c", "quit_now", N_("Quit"), show=False, priority=True),
        Binding("f1,question_mark", "help", N_("Help")),
    ]

    def __init__(
        self,
        session: Session | LaterStory,
        settings_folder: Path,
        *,
        chapter: str | None = None,
        load: str = "",
        watch: Sequence[Path] = (),
        hand_in_folder: Path | None = None,
        served: ServedTab | None = None,
    ):
        """``session`` is a game session, or a ``LaterStory`` to load after the first frame (no other option then)."""
        super().__init__()
        self.later = session if isinstance(session, LaterStory) else None
        self.session: Session | None = None if self.later else session
        self.store = self.later.store if self.later else session.store
        self.load_failure: LoadResult | None = None
        """Set when a story loaded after the first frame has errors: the app then closes with them."""
        self.settings_folder = settings_folder
        self.start_chapter = chapter
        self.start_load = load
        self.story_watch = watched(watch) if watch else None
        self.story_problems: tuple[Problem, ...] = ()
        self.hand_in_folder = hand_in_folder or self.store.folder / "handed-in"
        self.served = served
        self.student_name = ""
        self.settings = Settings()

    def get_default_screen(self) -> Screen:
        # The title is the bottom screen itself, not pushed over an empty one: one screen less to lay
        # out before the first frame (bench row startup_headless).
        return TitleScreen()

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        theme = self.load_player_settings().theme
        if theme in self.available_themes:
            self.theme = theme
        if self.later:
            self.call_after_refresh(self.story_ready)
        elif self.start_load:
            self.load_slot(self.start_load)
        elif self.start_chapter:
            self.start_game(self.start_chapter)
        elif self.session.started:  # started before the app, e.g. by `jangal play --scene`
            self.show_play()
        self.check_size()
        self.start_served()
        if self.story_watch:
            self.set_interval(WATCH_INTERVAL, self.poll_story_files)
            shown = ", ".join(str(path) for path in self.story_watch.paths)
            self.notify(
                _("Watching {folders}: saved edits show up here at once.").format(folders=shown),
                title=_("Live reload"),
                markup=False,
            )

    async def on_event(self, event: events.Event) -> None:
        # A key or click that comes before the story has loaded waits for it; with a broken story it is
        # dropped, since the app is closing to show the errors.
        if isinstance(event, events.InputEvent) and not self.story_ready():
            return
        await super().on_event(event)

    def story_ready(self) -> bool:
        """Load the story whose title was painted first, once; False when it has errors (the app then exits)."""
        if self.session is not None:
            return True
        if self.load_failure is not None:
            return False
        from game.play.session import Session
        from game.story.loader import load_story

        result = self.later.loaded if self.later.loaded is not None else load_story(self.later.paths)
        if result.story is None:
            self.load_failure = result
            self.exit(return_code=1)
            return False
        self.session = Session(result.story, self.store)
        title_screen = self.screen_stack[0]
        if isinstance(title_screen, TitleScreen):
            title_screen.show_title(*self.story_title())
            title_screen.refresh_menu()  # Continue can now be checked against the story
        return True

    def story_title(self) -> tuple[str, str]:
        """The title and blurb for the title screen, with or without the story loaded."""
        if self.session is None:
            return self.later.title, self.later.blurb
        return self.session.story.title, self.session.story.blurb

    def watch_theme(self, theme: str) -> None:
        if self.is_mounted and theme != self.settings.theme:
            self.change_settings(theme=theme)

    def on_resize(self, event: events.Resize) -> None:
        # Runs before Textual records the new size, so it reads the size from the event.
        self.check_size(event.size)

    def check_size(self, size: Size | None = None) -> None:
        """Cover the game with a message while the terminal is too small, and uncover it after."""
        width, height = size or self.size
        small = below_minimum_size(width, height)
        showing = is_too_small_screen(self.screen)
        if small and not showing:
            from game.ui.screens.too_small import TooSmallScreen

            self.push_screen(TooSmallScreen(width, height))
        elif small:
            self.screen.show_size(width, height)
        elif showing:
            self.pop_screen()

    # Live reload (--watch)

    def poll_story_files(self) -> None:
        if self.story_watch.poll():
            self.reload_story()

    @work(thread=True, exclusive=True, group="reload")
    def reload_story(self) -> None:
        """Read the edited story away from the event loop, then apply it there."""
        from game.story.loader import load_story

        result = load_story(self.story_watch.paths)
        self.call_from_thread(self.apply_reloaded_story, result)

    def apply_reloaded_story(self, result: LoadResult) -> None:
        """Show the problems; if the story loads, go on with it from the current state as far as it fits."""
        self.story_problems = tuple(result.problems)
        for panel in self.all_panels():
            panel.show(self.story_problems)
        if result.story is None:
            return
        repairs = self.session.replace_story(result.story)
        for message in repairs:
            self.notify(
                message, title=_("Story reloaded: your place had to move"), severity="warning", timeout=10, markup=False
            )
        if not repairs:
            self.notify(_("Story reloaded."), timeout=2)
        for screen in self.screen_stack:
            if is_play_screen(screen):
                screen.redraw()

    def all_panels(self) -> list[ProblemsPanel]:
        from game.ui.widgets.problems_panel import ProblemsPanel  # only --watch has one

        return [panel for screen in self.screen_stack for panel in screen.query(ProblemsPanel)]

    # Actions: the title menu

    def action_menu_load(self) -> None:
        self.action_load()

    def action_menu_codex(self) -> None:
        self.action_codex()

    def action_menu_help(self) -> None:
        self.action_help()

    def action_menu_quit(self) -> None:
        self.action_request_quit()

    # Actions: anywhere

    def action_to_title(self) -> None:
        """Back to the title menu (the game stays autosaved)."""
        self.to_title()

    def to_title(self) -> None:
        while len(self.screen_stack) > 1 and not isinstance(self.screen, TitleScreen):
            self.pop_screen()

    def action_request_quit(self) -> None:
        """Quit; in the middle of a game (or in any served game), ask once first."""
        if self.leave():
            return
        if not self.session.in_progress:
            self.exit()
            return
        question = _("Quit Jangal? Your game is autosaved: Continue on the title screen picks it up.")
        self.confirm(question, _("Quit"), _("Stay"), self._quit_answered)

    def _quit_answered(self, quit_now: bool | None) -> None:
        if quit_now:
            self.exit()

    def action_quit_now(self) -> None:
        """Ctrl+C: leave at once (a served game asks first); the autosave already holds the last choice."""
        if not self.leave():
            self.exit()

    def action_help(self) -> None:
        from game.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_codex(self) -> None:
        from game.ui.screens.codex import CodexScreen

        met = self.session.met_codex() if self.on_play_screen() else None
        self.push_screen(CodexScreen(self.session.story, met))

    def action_timeline(self) -> None:
        from game.ui.screens.timeline import TimelineScreen

        state = self.session.state if self.session.started else None
        self.push_screen(TimelineScreen(self.session.story, state))

    def action_map(self) -> None:
        from game.ui.screens.map import MapScreen

        if self.session.started:
            self.push_screen(MapScreen(self.session.story, self.session.state))

    def action_log(self) -> None:
        from game.ui.screens.log import LogScreen

        if self.session.started:
            self.push_screen(LogScreen(self.session.engine, self.session.state))

    def action_ending(self) -> None:
        from game.ui.screens.ending import EndingScreen

        if self.session.started and self.session.view().ending is not None:
            self.push_screen(EndingScreen(self.session.engine, self.session.state))

    def on_play_screen(self) -> bool:
        """True when a game is on screen (some screens show only what the player has met)."""
        return any(is_play_screen(screen) for screen in self.screen_stack)

    def action_high_contrast(self) -> None:
        self.theme = HIGH_CONTRAST.name if self.theme != HIGH_CONTRAST.name else "textual-dark"

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(_("New game"), _("Start the story from the beginning"), self.action_menu_new)
        yield SystemCommand(_("Chapter select"), _("Start a chapter as a lesson"), self.action_menu_chapters)
        yield SystemCommand(_("Load"), _("Continue from a save"), self.action_load)
        yield SystemCommand(_("Codex"), _("People, places, factions and terms"), self.action_codex)
        yield SystemCommand(_("Timeline"), _("History's timeline beside your path"), self.action_timeline)
        yield SystemCommand(
            _("High contrast"), _("Switch the high-contrast theme on or off"), self.action_high_contrast
        )
        yield SystemCommand(
            _("Settings"), _("Theme, language, history before you choose, demo pace…"), self.action_settings
        )
        yield SystemCommand(
            _("Endings"), _("The endings you have found, and how many are still hidden"), self.action_endings
        )
        if self.session.started:
            yield SystemCommand(_("Save"), _("Save the game to a named slot"), self.action_save)
            yield SystemCommand(
                _("Hand in"), _("Write your path as a transcript for your teacher"), self.action_hand_in
            )
            yield SystemCommand(_("Log"), _("Your path so far"), self.action_log)
