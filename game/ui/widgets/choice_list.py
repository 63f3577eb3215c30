"""The numbered choices of a scene."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.play.engine import SceneView
from game.play.language import N_, _, local_digits
from game.ui.text import plain

END_OPTION = "the-end"
HISTORY_MARK = N_("◆ history's choice")


class ChoiceList(OptionList):
    """Choices numbered 1..n; closed ones are dimmed with their reason. Option ids are choice indexes."""

    def show(self, view: SceneView, marked: int | None = None) -> None:
        """Replace the options with the choices of a scene (or the way on to the ending).

        ``marked`` is the index of history's choice when it is to be shown before the player picks.
        """
        self.clear_options()
        if view.ending is not None:
            self.add_option(Option(Content(_("The end: see how your story compares with history  ⏎")), id=END_OPTION))
        for number, option in enumerate(view.options, start=1):
            prompt = Content.assemble((local_digits(f"{number}. "), "bold"), plain(option.text))
            if not option.open:
                prompt = Content.assemble(
                    prompt, plain("  " + _("— closed: {reason}").format(reason=option.reason), "italic")
                )
            if option.index == marked:
                prompt = Content.assemble(prompt, (f"  {_(HISTORY_MARK)}", "bold $success"))
            self.add_option(Option(prompt, id=str(option.index), disabled=not option.open))
        self.highlighted = self._first_enabled()

    def _first_enabled(self) -> int | None:
        for position, option in enumerate(self.options):
            if not option.disabled:
                return position
        return None

    def index_for_number(self, number: int) -> int | None:
        """The choice index behind the number shown on screen, or None when there is none or it is closed."""
        if not 1 <= number <= self.option_count:
            return None
        option = self.get_option_at_index(number - 1)
        if option.disabled or option.id == END_OPTION:
            return None
        return int(option.id)
