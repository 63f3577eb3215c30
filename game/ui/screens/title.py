"""The title screen: the game's name, a line about it, and the main menu."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.play.language import N_, _
from game.play.saves import AUTOSAVE, SlotInfo
from game.ui.text import plain
from game.ui.widgets.footer import Footer

MENU = (
    ("continue", N_("Continue")),
    ("new", N_("New game")),
    ("chapters", N_("Chapter select")),
    ("load", N_("Load")),
    ("codex", N_("Codex")),
    ("endings", N_("Endings")),
    ("settings", N_("Settings")),
    ("help", N_("Help")),
    ("quit", N_("Quit")),
)

BANNER = r"""
   _                         _
  (_) __ _ _ __   __ _  __ _| |
  | |/ _` | '_ \ / _` |/ _` | |
  | | (_| | | | | (_| | (_| | |
 _/ |\__,_|_| |_|\__, |\__,_|_|
|__/             |___/
"""


def continue_detail(latest: SlotInfo | None) -> str:
    """Where Continue picks up: the scene, and the slot's name when it says something more."""
    if latest is None:
        return ""
    named = latest.name not in (AUTOSAVE, latest.scene)
    return f" — {latest.scene}" + (f" ({latest.name})" if named else "")


class TitleScreen(Screen):
    """The first screen: Continue is offered only when there is a save to continue."""

    BINDINGS = [Binding("q", "app.request_quit", N_("Quit"))]

    def compose(self) -> ComposeResult:
        title, blurb = self.app.story_title()
        # The banner and the title centre their own text (their CSS); the blurb and the menu are boxes of a set
        # width, centred by a Center each. Two widgets fewer to lay out before the first frame.
        with Vertical(id="title-box"):
            yield Static(BANNER, id="banner", markup=False, classes="keep-ltr")  # letters drawn: never turned round
            yield Static(plain(title), id="story-title")
            with Center():
                yield Static(plain(blurb), id="blurb")
            with Center():
                yield OptionList(id="menu")
        if getattr(self.app, "story_watch", None) is not None:  # only --watch finds problems
            from game.ui.widgets.problems_panel import ProblemsPanel

            yield ProblemsPanel(id="problems")
        yield Footer()

    def show_title(self, title: str, blurb: str) -> None:
        """Draw the story's title and blurb (again, once the story has loaded after a title card)."""
        self.query_one("#story-title", Static).update(plain(title))
        self.query_one("#blurb", Static).update(plain(blurb))

    def show_student(self, name: str) -> None:
        """Show whose game this is (a served game) in the menu's border: no line more on a small screen."""
        self.query_one("#menu", OptionList).border_title = (
            plain(_("Playing as {name}").format(name=name)) if name else None
        )

    def on_screen_resume(self) -> None:
        self.refresh_menu()

    def refresh_menu(self) -> None:
        """Rebuild the menu, since saves may have appeared or gone since it was last shown."""
        self.show_student(getattr(self.app, "student_name", ""))
        menu = self.query_one("#menu", OptionList)
        latest = self.app.latest_save()
        menu.set_options(self.menu_option(key, label, latest) for key, label in MENU)  # one layout for all nine
        menu.highlighted = 0 if latest else 1
        menu.focus()

    def menu_option(self, key: str, label: str, latest: SlotInfo | None) -> Option:
        """One item of the menu: Continue says where it picks up (and is off with no save), Endings how many."""
        if key == "continue":
            return Option(plain(_(label) + continue_detail(latest)), id=key, disabled=latest is None)
        if key == "endings":
            return Option(plain(self.app.endings_label()), id=key)
        return Option(plain(_(label)), id=key)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        getattr(self.app, f"action_menu_{event.option.id}")()
