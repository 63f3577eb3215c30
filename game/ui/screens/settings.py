"""The Settings screen: theme, history before you choose, the demo's pace, the status panel.

Each line is an option; Enter (or Space, or a click) changes it to its next value, at once and
for good: the app keeps the settings in the settings file beside the saves.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from game.play.settings import DEMO_PACES, Settings
from game.ui.text import plain

EXPLAINED = {
    "theme": "The colours of the whole game.",
    "history_before_choice": "With the history lens on, mark history's choice at a decision before you pick.",
    "demo_pace": "Seconds a scene in jangal demo between decisions (its --pace overrides it).",
    "status_panel": "The panel beside the story with the state of things.",
}


def pace_text(pace: float) -> str:
    return "wait for space" if pace == 0 else f"{pace:g} s a scene"


def setting_lines(settings: Settings) -> list[tuple[str, str, str]]:
    """Each setting as (key, name, value shown)."""
    return [
        ("theme", "Theme", settings.theme),
        ("history_before_choice", "History before you choose", "on" if settings.history_before_choice else "off"),
        ("demo_pace", "Demo pace", pace_text(settings.demo_pace)),
        ("status_panel", "Status panel", "shown" if settings.status_panel else "hidden"),
    ]


def next_value(key: str, settings: Settings, themes: list[str]) -> object:
    """The value a setting takes when chosen: the next theme or pace, or the other of on and off."""
    if key == "theme":
        position = themes.index(settings.theme) if settings.theme in themes else -1
        return themes[(position + 1) % len(themes)]
    if key == "demo_pace":
        later = [pace for pace in DEMO_PACES if pace > settings.demo_pace]
        return later[0] if later else DEMO_PACES[0]
    return not getattr(settings, key)


class SettingsScreen(Screen[None]):
    """Reads and changes ``app.settings`` through ``app.change_settings``."""

    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("space", "change", "Change", priority=True),
    ]

    DEFAULT_CSS = """
    SettingsScreen #settings-box { padding: 1 2; }
    SettingsScreen #settings-list { margin-top: 1; height: auto; max-height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        with Vertical(id="settings-box"):
            yield Static("Settings", classes="screen-title")
            yield Static("Enter or Space changes the highlighted setting; it is kept for next time.")
            yield OptionList(id="settings-list")
        yield Footer()

    def on_mount(self) -> None:
        self.fill()
        self.query_one(OptionList).focus()

    def fill(self) -> None:
        """Redraw the options from the app's settings, keeping the highlight."""
        options = self.query_one(OptionList)
        highlighted = options.highlighted or 0
        options.set_options(
            Option(
                Content.assemble((f"{name}: ", "bold"), plain(value, "$accent"), "\n   ", (EXPLAINED[key], "italic")),
                id=key,
            )
            for key, name, value in setting_lines(self.app.settings)
        )
        options.highlighted = highlighted

    def themes(self) -> list[str]:
        return sorted(self.app.available_themes)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.change(event.option.id)

    def action_change(self) -> None:
        option = self.query_one(OptionList).highlighted_option
        if option is not None:
            self.change(option.id)

    def change(self, key: str) -> None:
        """Give one setting its next value, keep it, and show it."""
        self.app.change_settings(**{key: next_value(key, self.app.settings, self.themes())})
        self.fill()

    def action_close(self) -> None:
        self.app.pop_screen()
