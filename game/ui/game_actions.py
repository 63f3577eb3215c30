"""The app's actions on games and slots: start, continue, save, load, hand in, undo from an ending,
endings found and settings. A mixin of ``JangalApp``, kept apart so each module stays short.

Nothing a player has done is dropped without a word: a save over an existing slot asks first and
says what that slot holds, and a new game over one with unsaved progress asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from game.play.language import _, local_digits, local_moment
from game.play.saves import AUTOSAVE, SlotInfo
from game.play.settings import Settings, load_settings, save_settings, update_settings
from game.story.errors import SaveError
from game.ui.screens import is_play_screen

if TYPE_CHECKING:
    from game.play.session import AutosaveResult, Session
    from game.story.model import Scene, Story


def slot_summary(info: SlotInfo) -> str:
    """What a slot holds, in a sentence: its scene, when it was saved, how many choices it has."""
    if info.problem:
        return _("It cannot be loaded: {problem}.").format(problem=info.problem)
    saved = local_moment(info.saved_at.astimezone()) if info.saved_at else _("at an unknown time")
    where = f"{info.chapter} › {info.scene}" if info.chapter else info.scene
    return _("It holds “{where}”, saved {saved}, {choices}.").format(
        where=where, saved=saved, choices=choices_made(info.steps)
    )


def choices_made(steps: int) -> str:
    """ "1 choice made", "3 choices made" (in Persian digits in Persian)."""
    sentence = _("{count} choice made") if steps == 1 else _("{count} choices made")
    return local_digits(sentence.format(count=steps))


def story_endings(story: Story) -> list[Scene]:
    """The story's ending scenes, in the story's order."""
    return [scene for scene in story.scenes.values() if scene.ending is not None]


class GameActions:
    """Mixed into the app: expects ``session``, ``store``, ``settings_folder`` and Textual's App methods."""

    session: Session | None
    settings: Settings

    # Settings

    def confirm(self, question: str, yes: str, no: str, answered: Callable[[bool], None]) -> None:
        """Ask a yes-or-no question in a dialog; ``answered`` is given True or False."""
        from game.ui.screens.confirm import ConfirmDialog  # first asked after the title is painted

        self.push_screen(ConfirmDialog(question, yes, no), answered)

    def load_player_settings(self) -> Settings:
        """Read the settings file once at start (the defaults when there is none)."""
        self.settings = load_settings(self.settings_folder)
        return self.settings

    def change_settings(self, **changes: Any) -> None:
        """Change settings, keep them in the file, and show them at once on every play screen."""
        self.settings = update_settings(self.settings_folder, **changes)
        if "theme" in changes and changes["theme"] != self.theme and changes["theme"] in self.available_themes:
            self.theme = changes["theme"]
        if "bidi" in changes:
            from game.play.language import use_bidi

            use_bidi(self.settings.bidi)
            self.refresh(repaint=True, layout=True)
        for screen in self.screen_stack:
            if is_play_screen(screen):
                screen.apply_settings(self.settings)

    restart_language: str | None = None
    """Set when the player chose another language in Settings: ``jangal play`` then starts again in it."""

    def offer_restart(self) -> None:
        """Ask to start again in the language just chosen (every word, and the story, are read at start)."""
        from game.ui.screens.settings import LANGUAGE_NAMES

        language = self.settings.language
        name = LANGUAGE_NAMES.get(language, language)
        question = _("Start Jangal again in {language} now? Your game is autosaved.").format(language=name)

        def answered(yes: bool | None) -> None:
            if yes:
                self.restart_language = language
                self.exit()

        self.confirm(question, _("Start again"), _("Later"), answered)

    def action_settings(self) -> None:
        from game.ui.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    def action_menu_settings(self) -> None:
        self.action_settings()

    # Endings found

    def endings_label(self) -> str:
        """The title menu's line: "Endings: 3 of 7" (just "Endings" before the story has loaded)."""
        if self.session is None:
            return _("Endings")
        endings = story_endings(self.session.story)
        found = self.settings.endings_found(self.session.story.id)
        return local_digits(
            _("Endings: {found} of {total}").format(
                found=sum(scene.id in found for scene in endings), total=len(endings)
            )
        )

    def record_ending(self, scene_id: str) -> None:
        """Note an ending reached (kept across games in the settings file) and say when it is a new one."""
        from datetime import date

        story = self.session.story
        updated = self.settings.with_ending(story.id, scene_id, date.today())
        if updated is self.settings:
            return
        self.settings = updated
        save_settings(self.settings_folder, updated)
        self.notify(
            _("New ending found: {endings}.").format(endings=self.endings_label()),
            title=_("Endings"),
            timeout=5,
            markup=False,
        )

    def action_endings(self) -> None:
        from game.ui.screens.endings import EndingsScreen

        story = self.session.story
        self.push_screen(EndingsScreen(story, story_endings(story), self.settings.endings_found(story.id)))

    def action_menu_endings(self) -> None:
        self.action_endings()

    def action_back_to_decision(self) -> None:
        """From an ending: undo back to the last decision made, and play on from there."""
        if not self.session.started or not self.session.state.path:
            self.notify(_("There is no decision to go back to."), timeout=3)
            return
        steps = self.session.engine.last_decision_steps(self.session.state)
        self.report_autosave(self.session.undo(steps))
        self.show_play()
        scene = self.session.view().scene
        self.notify(_("Back at “{scene}”: choose again.").format(scene=scene.title), timeout=4, markup=False)

    # Starting and continuing games

    def latest_save(self) -> SlotInfo | None:
        """The most recent healthy save, for Continue (checked against the story once it is loaded)."""
        return self.store.latest(self.session.story if self.session else None)

    def unsaved_game(self) -> str:
        """A sentence describing a game that a new one would replace while it has unsaved progress; "" if none."""
        session = self.session
        if session.state is not None:
            if not session.unsaved_progress:
                return ""
            steps = len(session.state.path)
            return f"“{session.view().scene.title}”, {choices_made(steps)}"
        latest = self.latest_save()  # nothing loaded yet: what Continue would pick up
        if latest is None or latest.name != AUTOSAVE or not latest.steps:
            return ""
        return f"“{latest.scene}”, {choices_made(latest.steps)}"

    def ask_before_replacing(self, then: Callable[[], None]) -> None:
        """Run ``then`` (which starts another game) at once, or after asking when unsaved progress would go."""
        described = self.unsaved_game()
        if not described:
            then()
            return
        question = _(
            "Your game in {game} is not saved under a name. Start another anyway? "
            "It stays in Load as an earlier autosave; Continue on the title menu goes back to it."
        ).format(game=described)
        self.confirm(question, _("Start another"), _("Back"), lambda yes: then() if yes else None)

    def start_game(self, chapter: str | None = None) -> None:
        """A new game from the start or a chapter."""
        self.session.start(chapter)
        self.show_play()

    def load_slot(self, name: str) -> None:
        """Continue from a save, telling the player what was repaired, or why it cannot load."""
        try:
            loaded, autosaved = self.session.load(name)
        except SaveError as exc:
            self.notify(str(exc), title=_("Cannot load"), severity="error", timeout=8, markup=False)
            return
        for message in loaded.messages:
            self.notify(message, title=_("Note"), timeout=8, markup=False)
        self.report_autosave(autosaved)
        self.show_play()

    def show_play(self) -> None:
        """Replace whatever is above the title with a fresh play screen."""
        from game.ui.screens.play import PlayScreen

        self.to_title()
        self.push_screen(PlayScreen(self.session, self.settings))

    def report_autosave(self, result: AutosaveResult) -> None:
        """Say once, when it first happens, that saving has stopped working."""
        if result.newly_failed:
            self.notify(
                _("{problem}. The game goes on without saving.").format(problem=result.newly_failed),
                title=_("Autosave is off"),
                severity="warning",
                markup=False,
            )

    def action_menu_continue(self) -> None:
        latest = self.latest_save()
        if latest is not None:
            self.load_slot(latest.name)

    def action_menu_new(self) -> None:
        self.ask_before_replacing(self.start_game)

    def action_menu_chapters(self) -> None:
        from game.ui.screens.chapters import ChapterSelectScreen

        self.push_screen(ChapterSelectScreen(self.session.story), self._chapter_chosen)

    def _chapter_chosen(self, chapter: str | None) -> None:
        if chapter:
            self.ask_before_replacing(lambda: self.start_game(chapter))

    # Slots

    def action_load(self) -> None:
        from game.ui.screens.load import LoadScreen

        self.push_screen(LoadScreen(self.session.store, self.session.story), self._slot_chosen)

    def _slot_chosen(self, name: str | None) -> None:
        if name:
            self.load_slot(name)

    def action_save(self) -> None:
        from game.ui.screens.save import SaveDialog

        if not self.session.started:
            self.notify(_("Start or continue a game first."), timeout=3)
            return
        suggested = self.session.view().scene.title[:40].strip(" .")
        self.push_screen(SaveDialog(self.session.store.names(), suggested), self._save_named)

    def _save_named(self, name: str | None) -> None:
        """Save under the name, asking first when a slot of that name exists (and saying what it holds)."""
        if not name:
            return
        if name not in self.session.store.names():
            self.save_now(name)
            return
        held = slot_summary(self.session.store.info(name, self.session.story))
        question = _("Replace the save “{name}”? {held} This cannot be undone.").format(name=name, held=held)
        self.confirm(question, _("Replace"), _("Keep it"), lambda yes: self.save_now(name) if yes else None)

    def save_now(self, name: str) -> None:
        try:
            self.session.save(name)
        except SaveError as exc:
            self.notify(str(exc), title=_("Not saved"), severity="error", timeout=8, markup=False)
            return
        self.notify(_("Saved as “{name}”.").format(name=name), timeout=3, markup=False)
