"""The save dialog: ask for a slot name, checked as it is typed; the caller does the saving."""

from __future__ import annotations

import re
from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Input, Static

from game.play.language import N_, _
from game.play.saves import MAX_SLOT_NAME, autosave_base, check_slot_name
from game.story.problems import SlotNameError
from game.ui.text import plain

EMPTY_HINT = N_("Type a name for this save.")


def name_problem(name: str) -> str:
    """Why a name cannot be a save slot, as a sentence; "" when it can."""
    if autosave_base(name):
        # The autosaves are rewritten after every choice and moved back at each new game: a save there would be lost.
        return _("“{name}” is kept for the automatic saves: choose another name.").format(name=name)
    try:
        check_slot_name(name)
    except SlotNameError as exc:
        reason = str(exc)
        return reason[:1].upper() + reason[1:] + ("" if reason.endswith((".", "!", "?")) else ".")
    return ""


def clean_suggestion(text: str) -> str:
    """A suggested name with the characters a slot cannot hold taken out; "" when nothing usable is left."""
    text = re.sub(r"[’'`]", "", text)
    kept = "".join(char if char.isalnum() or char in " _-." else " " for char in text)
    name = " ".join(kept.split())[:MAX_SLOT_NAME].strip(" .")
    return "" if name_problem(name) else name


class NameRule(Validator):
    """Validates the input against the dialog's rules, so the input shows it is invalid."""

    def __init__(self, problem: Callable[[str], str]):
        super().__init__()
        self.problem = problem

    def validate(self, value: str) -> ValidationResult:
        problem = self.problem(value.strip())
        return self.failure(problem) if problem else self.success()


class SaveDialog(ModalScreen[str | None]):
    """Asks for a slot name; dismisses with it, or with None when cancelled."""

    HEADING = N_("Save the game")
    PLACEHOLDER = N_("Name of the save")
    ACTION = N_("Save")
    EMPTY_HINT = EMPTY_HINT
    MAX_LENGTH = MAX_SLOT_NAME

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    DEFAULT_CSS = """
    SaveDialog {
        align: center middle;
    }
    SaveDialog #save-box {
        width: 64;
        max-width: 95%;
        height: auto;
        border: thick $primary;
        background: $surface;
        padding: 1 2;
    }
    SaveDialog #save-title {
        text-style: bold;
        color: $accent;
    }
    SaveDialog #save-problem {
        color: $error;
        height: auto;
    }
    SaveDialog #save-problem.hint {
        color: $text-muted;
    }
    SaveDialog #save-replace {
        color: $warning;
        height: auto;
    }
    SaveDialog #save-buttons {
        height: auto;
        align: center middle;
        margin-top: 1;
    }
    SaveDialog #save-buttons Button {
        margin: 0 1;
    }
    """

    def __init__(self, existing: list[str], suggested: str = ""):
        super().__init__()
        self.existing = set(existing)
        self.suggested = clean_suggestion(suggested)

    def compose(self) -> ComposeResult:
        with Vertical(id="save-box"):
            yield Static(_(self.HEADING), id="save-title")
            yield Input(
                self.suggested,
                placeholder=_(self.PLACEHOLDER),
                max_length=self.MAX_LENGTH,
                validators=[NameRule(self.problem)],
            )
            yield Static(id="save-problem")
            yield Static(id="save-replace")
            with Horizontal(id="save-buttons"):
                yield Button(_(self.ACTION), variant="primary", id="save")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.show_checks(self.suggested)
        self.query_one(Input).focus()

    @property
    def name_typed(self) -> str:
        """The name as typed, without the spaces around it."""
        return self.query_one(Input).value.strip()

    def show_checks(self, value: str) -> None:
        """Say why the name cannot be used, or that it replaces a save, and enable Save to match."""
        name = value.strip()
        problem = self.problem(name)
        shown = self.query_one("#save-problem", Static)
        shown.update(plain(_(self.EMPTY_HINT) if not name else problem))
        shown.set_class(not name, "hint")
        replace = self.query_one("#save-replace", Static)
        replace.display = name in self.existing and not problem
        replace.update(plain(_("This will replace the save “{name}”.").format(name=name)))
        self.query_one("#save", Button).disabled = bool(problem)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show_checks(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.submit()
        else:
            self.action_cancel()

    def submit(self) -> None:
        """Dismiss with the name when it can be used; otherwise the reason is already on screen."""
        if not self.problem(self.name_typed):
            self.dismiss(self.name_typed)

    def problem(self, name: str) -> str:
        """Why the typed name cannot be used; "" when it can."""
        return name_problem(name)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
