"""What a game does differently in a browser tab of ``jangal serve``, and handing in from any game.

A served game is a student's: it asks their name once (kept in the tab's save folder, shown on
the title and put on every hand-in), and it never quits without asking first, since a student who
closes the game must know how to come back to it. The way back is the page itself: a reload (or
the address shown, from another computer) opens the same save folder, where Continue picks up.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import NamedTuple

from game.play.language import _


class ServedTab(NamedTuple):  # not a dataclass: it is defined before the first frame, in a fifth of the time
    """A browser tab's game: its save folder, and the address that brings the student back to it."""

    folder: Path
    return_url: str = ""


def leave_question(tab: ServedTab) -> str:
    """What the quit dialog of a served game says: the game is saved, and how to come back."""
    back = _("To come back, reload this page in this browser: Continue picks up where you left off.")
    if tab.return_url:
        back += " " + _("From another computer, open {address}").format(address=tab.return_url)
    return _("Leave the game? It is saved. {how_to_come_back}").format(how_to_come_back=back)


class ClassroomActions:
    """Mixed into the app: hand-in, and a served game's name and quitting."""

    served: ServedTab | None
    student_name: str

    def start_served(self) -> None:
        """Ask a served student's name once, the first time this tab's game starts."""
        if self.served is None:
            return  # before importing hand-in: a game on a terminal starts without it (bench row startup_headless)
        from game.classroom.hand_in import remembered_name
        from game.ui.screens.hand_in import StudentNameDialog

        self.student_name = remembered_name(self.served.folder)
        if not self.student_name:
            self.push_screen(StudentNameDialog(), self._student_named)

    def _student_named(self, name: str | None) -> None:
        from game.classroom.hand_in import remember_name
        from game.ui.screens.title import TitleScreen

        if not name:
            return  # asked again at hand-in
        try:
            self.student_name = remember_name(self.served.folder, name)
        except (OSError, ValueError) as exc:
            self.notify(_("Your name was not kept: {problem}").format(problem=exc), severity="warning", markup=False)
            self.student_name = name
        title = self.screen_stack[0]
        if isinstance(title, TitleScreen):
            title.show_student(self.student_name)

    def leave(self) -> bool:
        """In a served game, ask before quitting and say how to come back (True: asked); False otherwise."""
        if self.served is None:
            return False
        from game.ui.screens.confirm import ConfirmDialog  # first asked after the title is painted

        if not isinstance(self.screen, ConfirmDialog):
            self.push_screen(ConfirmDialog(leave_question(self.served), _("Leave"), _("Stay")), self._leave_answered)
        return True

    def _leave_answered(self, leave: bool | None) -> None:
        if leave:
            self.exit()

    async def action_quit(self) -> None:
        """Ctrl+Q: a served game asks first; any other quits at once."""
        if not self.leave():
            self.exit()

    def action_hand_in(self) -> None:
        """Write the game's transcript where the teacher collects them, under the name the student gave."""
        from game.ui.screens.hand_in import HandInDialog

        if not self.session.started or not self.session.state.path:
            self.notify(_("Make at least one choice first: the transcript is your path."), timeout=4)
            return
        if self.student_name:
            self._hand_in_named(self.student_name)
            return
        self.push_screen(HandInDialog(), self._hand_in_named)

    def _hand_in_named(self, name: str | None) -> None:
        from game.classroom.hand_in import hand_in
        from game.classroom.transcript import ReplayError

        if not name:
            return
        try:
            handed = hand_in(self.session.story, self.session.state, name, self.hand_in_folder)
        except (OSError, ValueError, ReplayError) as exc:
            message = _("The transcript could not be written: {problem}").format(problem=exc)
            self.notify(message, title=_("Not handed in"), severity="error", markup=False)
            return
        if self.is_web:  # a served game: the student's browser gets a copy too
            self.deliver_text(io.StringIO(handed.html), save_filename=handed.path.name, mime_type="text/html")
        message = _("Saved as {file}. Verification code {code}.").format(file=handed.path.name, code=handed.code)
        self.notify(message, title=_("Handed in"), timeout=10, markup=False)
