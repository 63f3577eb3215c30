"""The hand-in dialog: the student's name, checked as it is typed; the app writes the transcript."""

from __future__ import annotations

from game.classroom.transcript import MAX_NAME, clean_name
from game.play.language import N_, _
from game.ui.screens.save import SaveDialog


class HandInDialog(SaveDialog):
    """Asks for the name to put on the transcript; dismisses with it, or with None when cancelled."""

    HEADING = N_("Hand in your path")
    PLACEHOLDER = N_("Your name, as your teacher knows it")
    ACTION = N_("Hand in")
    EMPTY_HINT = N_("Type your name: the transcript and its verification code carry it.")
    MAX_LENGTH = MAX_NAME

    def __init__(self) -> None:
        super().__init__([], "")

    def problem(self, name: str) -> str:
        if not name:
            return _("Type your name first.")
        try:
            clean_name(name)
        except ValueError as exc:
            reason = str(exc)
            return reason[:1].upper() + reason[1:] + "."
        return ""


class StudentNameDialog(HandInDialog):
    """A served game's first question: the student's name, for the title and every hand-in."""

    HEADING = N_("Your name")
    EMPTY_HINT = N_("Type your name once: your teacher sees it on what you hand in (x).")
    ACTION = N_("Start")
