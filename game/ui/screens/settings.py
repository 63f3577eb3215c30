"""The Settings screen: theme, history before you choose, the demo's pace, the status panel.

Each line is an option; Enter (or Space, or a click) changes it to its next value, at once and
for good: the app keeps the settings in the settings file beside the saves.
"""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.play.language import N_, _, base_language, language, local_digits
from game.play.settings import DEMO_PACES, LANGUAGES, Settings
from game.ui.text import plain
from game.ui.widgets.footer import Footer

EXPLAINED = {
    "theme": N_("The colours of the whole game."),
    "history_before_choice": N_("With the history lens on, mark history's choice at a decision before you pick."),
    "demo_pace": N_("Seconds a scene in jangal demo between decisions (its --pace overrides it)."),
    "status_panel": N_("The panel beside the story with the state of things."),
    "language": N_("The language of the game and the story (where it is translated); Jangal starts again in it."),
    "bidi": N_("Persian on screen: Jangal joins and orders the letters, or the terminal does (mlterm, Konsole)."),
}
LANGUAGE_NAMES = {"en": "English", "fa": "فارسی"}
"""Each language in its own words."""
THEME_NAMES = {
    "textual-dark": N_("dark"),
    "textual-light": N_("light"),
    "textual-ansi": N_("the terminal's own colours"),
    "jangal-high-contrast": N_("high contrast"),
}
"""The themes whose names say what they look like; the others (nord, dracula …) are names of their own."""
BIDI_NAMES = {"jangal": N_("Jangal reorders and shapes"), "terminal": N_("the terminal does bidi")}


def pace_text(pace: float) -> str:
    return _("wait for space") if pace == 0 else local_digits(_("{seconds} s a scene").format(seconds=f"{pace:g}"))


def setting_lines(settings: Settings) -> list[tuple[str, str, str]]:
    """Each setting as (key, name, value shown)."""
    return [
        ("theme", _("Theme"), _(THEME_NAMES[settings.theme]) if settings.theme in THEME_NAMES else settings.theme),
        (
            "history_before_choice",
            _("History before you choose"),
            _("on") if settings.history_before_choice else _("off"),
        ),
        ("demo_pace", _("Demo pace"), pace_text(settings.demo_pace)),
        ("status_panel", _("Status panel"), _("shown") if settings.status_panel else _("hidden")),
        ("language", _("Language"), LANGUAGE_NAMES.get(settings.language, settings.language)),
        ("bidi", _("Right-to-left text"), _(BIDI_NAMES[settings.bidi])),
    ]


def next_value(key: str, settings: Settings, themes: list[str]) -> object:
    """The value a setting takes when chosen: the next theme or pace, or the other of on and off."""
    if key == "theme":
        position = themes.index(settings.theme) if settings.theme in themes else -1
        return themes[(position + 1) % len(themes)]
    if key == "language":
        return LANGUAGES[(LANGUAGES.index(settings.language) + 1) % len(LANGUAGES)]
    if key == "bidi":
        return "terminal" if settings.bidi == "jangal" else "jangal"
    if key == "demo_pace":
        later = [pace for pace in DEMO_PACES if pace > settings.demo_pace]
        return later[0] if later else DEMO_PACES[0]
    return not getattr(settings, key)


class SettingsScreen(Screen[None]):
    """Reads and changes ``app.settings`` through ``app.change_settings``."""

    BINDINGS = [
        Binding("escape", "close", N_("Back")),
        Binding("space", "change", N_("Change"), priority=True),
    ]

    DEFAULT_CSS = """
    SettingsScreen #settings-box { padding: 1 2; }
    SettingsScreen #settings-list { margin-top: 1; height: auto; max-height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.language_shown = base_language(language())

    def compose(self) -> ComposeResult:
        with Vertical(id="settings-box"):
            yield Static(_("Settings"), classes="screen-title")
            yield Static(_("Enter or Space changes the highlighted setting; it is kept for next time."))
            yield OptionList(id="settings-list")
        yield Footer()

    def on_mount(self) -> None:
        self.fill()
        self.query_one(OptionList).focus()

    def shown(self) -> Settings:
        """The app's settings, with the language the game speaks now (a --lang flag's, or one just chosen)."""
        return replace(self.app.settings, language=self.language_shown)

    def fill(self) -> None:
        """Redraw the options from the app's settings, keeping the highlight."""
        options = self.query_one(OptionList)
        highlighted = options.highlighted or 0
        options.set_options(
            Option(
                Content.assemble(
                    (f"{name}: ", "bold"), plain(value, "$accent"), "\n   ", (_(EXPLAINED[key]), "italic")
                ),
                id=key,
            )
            for key, name, value in setting_lines(self.shown())
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
        value = next_value(key, self.shown(), self.themes())
        self.app.change_settings(**{key: value})
        if key == "language":
            self.language_shown = value
        self.fill()
        if key == "language":
            self.app.offer_restart()

    def action_close(self) -> None:
        self.app.pop_screen()
