"""Plain mode: the game line by line, for screen readers, pipes and slow links.

It prints each scene once, top to bottom, never redraws, and reads one command a line from
any text stream (a keyboard, a pipe or a file). It prints Markdown as Rich does (simple
paragraphs without Rich's Markdown, see ``markdown``) and never imports Textual.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, TextIO

from rich.markup import escape

from game.cli.plain_markdown import markdown
from game.play.engine import Engine
from game.play.language import N_, _, is_right_to_left, jangal_reorders, local_date, local_digits
from game.play.saves import AUTOPLAY_SAVE, PLAIN_AUTOSAVE, SaveStore
from game.play.session import AutosaveResult, Session
from game.play.settings import record_ending
from game.play.state import GameState
from game.story.model import Scene, Story
from game.story.problems import ChoiceError, SaveError

if TYPE_CHECKING:
    from rich.console import Console

    from game.authoring.history_walk import Autoplay  # only --auto plays with one: imported there

SEPARATORS = {"stars": "* * *", "blank": ""}
"""Between scenes: a short break a screen reader says in a breath (never a long rule of box characters)."""

HELP = N_(
    "Type a choice's number and press Enter. Other commands: "
    "u = undo, s NAME = save, l NAME = load, h = help, q = quit."
)


class TrimmedOutput:
    """A text stream that drops the spaces Rich pads lines with: noise in pipes, files and screen readers."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(_TRAILING_SPACES.sub("\n", text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()


_TRAILING_SPACES = re.compile(r"[ \t]+\n")


class PlainGame:
    """One run of plain mode: prints scenes, reads commands, autosaves after every choice."""

    def __init__(
        self,
        story: Story,
        store: SaveStore,
        console: Console,
        lines: Iterator[str],
        autoplay: Autoplay | None = None,
        *,
        separator: str = "stars",
    ):
        # Its own autosave: a game played here, or by autoplay, never replaces the full-screen game's Continue.
        self.session = Session(story, store, AUTOPLAY_SAVE if autoplay else PLAIN_AUTOSAVE)
        self.separator = SEPARATORS.get(separator, separator)
        self.story = story
        self.engine = self.session.engine
        self.console = console
        if jangal_reorders():  # a right-to-left language on a terminal that does not order it
            from game.cli.plain_rtl import RightToLeftPrinter

            self.console = RightToLeftPrinter(console)
        self.lines = lines
        self.autoplay = autoplay

    def run(self, state: GameState) -> int:
        """Play until an ending, ``q`` or the end of input; return the exit code."""
        self.report_autosave(self.session.resume(state))
        if not state.path and state.origin is None and self.story.viewpoint:
            self.console.print(markdown(self.story.viewpoint))  # who the player is, as the full-screen game says it
        self.show_scene(state)
        while True:
            view = self.session.view()
            if view.ending is not None:
                self.show_ending(self.session.state)
                return 0
            if self.autoplay is not None:
                index = self.autoplay.pick(self.engine, self.session.state, view)
                if index is None:
                    reason = self.autoplay.stuck.sentence(self.story)
                    self.say(said("yellow", _("Autoplay stopped:")) + f" {escape(reason)}." + self.where_progress_is())
                    return 1
                self.choose(index)
                continue
            command = self.read()
            if command is None:
                self.say(_("Input ended.") + self.where_progress_is())
                return 0
            if not self.handle(command):
                self.say(_("Goodbye.") + self.where_progress_is())
                return 0

    def where_progress_is(self) -> str:
        """A sentence on where the game is kept, when there is anything to keep."""
        if not self.session.state.path:
            return ""
        if self.session.saving:
            return " " + _("Your progress is in the save “{name}”.").format(name=self.session.autosave_name)
        return " " + _("Saving was off, so this game is not kept.")

    def read(self) -> str | None:
        """The next command line, or None at the end of input."""
        self.console.print("> ", end="", markup=False, highlight=False)
        try:
            line = next(self.lines)
        except StopIteration:
            self.console.print()
            return None
        if not self.console.is_terminal:
            self.console.print(line.rstrip("\n"), markup=False, highlight=False)  # echo, so a transcript reads well
        return line.strip()

    def handle(self, command: str) -> bool:
        """Carry out one command; False means quit."""
        word, _space, argument = command.partition(" ")
        word = word.lower()
        if word.isdigit():
            self.choose_numbered(int(word))
        elif word in ("q", "quit"):
            return False
        elif word in ("u", "undo"):
            self.undo()
        elif word in ("s", "save"):
            self.save(argument.strip())
        elif word in ("l", "load"):
            self.load(argument.strip())
        else:
            if word not in ("h", "help", "?", ""):
                self.say(_("“{command}” is not a command.").format(command=escape(command)))
            self.say(_(HELP))
        return True

    def choose_numbered(self, number: int) -> None:
        """Choose by the number shown next to a choice (1-based, counting only listed choices)."""
        options = self.session.view().options
        if not 1 <= number <= len(options):
            self.say(
                local_digits(
                    _("There is no choice {number}. Choose 1 to {last}.").format(number=number, last=len(options))
                )
            )
        elif not options[number - 1].open:
            self.say(
                local_digits(_("Choice {number} is not open:").format(number=number))
                + f" {escape(options[number - 1].reason)}"
            )
        else:
            self.choose(options[number - 1].index)

    def choose(self, index: int) -> None:
        """Make a choice, tell its consequence and history's verdict, autosave, show the next scene."""
        try:
            turn, autosaved = self.session.choose(index)
        except ChoiceError as exc:
            self.say(str(exc))
            return
        self.console.print(said("bold", _("You chose:")) + f" {escape(turn.choice.text)}", highlight=False)
        consequence = self.engine.consequence_text(turn.step, turn.state)
        if consequence:
            self.console.print(markdown(consequence))
        verdict = self.engine.verdict(turn.step)
        if verdict and turn.followed_history:
            self.console.print(said("green", _("✓ History:")) + f" {escape(verdict)}", highlight=False)
        elif verdict:
            self.console.print(
                said("yellow", _("✗ History went another way:")) + f" {escape(verdict)}", highlight=False
            )
        self.report_autosave(autosaved)
        self.show_scene(turn.state)

    def undo(self) -> None:
        """Go back one choice."""
        autosaved = self.session.undo()
        if autosaved is None:
            self.say(_("There is nothing to undo yet."))
            return
        self.say(_("Undone: back one choice."))
        self.report_autosave(autosaved)
        self.show_scene(self.session.state)

    def save(self, name: str) -> None:
        """Save to a named slot."""
        if not name:
            self.say(_("Give the save a name: s NAME"))
            return
        try:
            self.session.save(name)
        except SaveError as exc:
            self.say(_("Not saved: {problem}").format(problem=escape(str(exc))))
            return
        self.say(_("Saved as “{name}”.").format(name=escape(name)))

    def load(self, name: str) -> None:
        """Load a named slot (the current game stays if it cannot be loaded)."""
        if not name:
            names = (
                "، ".join(info.name for info in self.session.store.slots())
                if is_right_to_left()
                else ", ".join(info.name for info in self.session.store.slots())
            )
            self.say(_("Give the name of a save: l NAME. Saves: {names}").format(names=escape(names or _("none yet"))))
            return
        try:
            loaded, autosaved = self.session.load(name)
        except SaveError as exc:
            self.say(_("Not loaded: {problem}").format(problem=escape(str(exc))))
            return
        for message in loaded.messages:
            self.say(_("Note: {message}").format(message=escape(message)))
        self.say(_("Loaded “{name}”.").format(name=escape(name)))
        self.report_autosave(autosaved)
        self.show_scene(loaded.state)

    def report_autosave(self, result: AutosaveResult) -> None:
        """Say once, when it first happens, that autosave has stopped working."""
        if result.newly_failed:
            self.say(
                said("yellow", _("Autosave is off:"))
                + " "
                + _("{problem}. The game goes on without saving.").format(problem=escape(result.newly_failed))
            )

    def show_scene(self, state: GameState) -> None:
        """Print the scene: header, text, historical note and numbered choices."""
        view = self.engine.view(state)
        scene = view.scene
        chapter = self.story.chapters.get(scene.chapter)
        self.console.print()
        self.print_separator()
        self.console.print(
            _("Chapter: {chapter}").format(chapter=escape(chapter.title if chapter else scene.chapter)),
            style="dim",
            highlight=False,
        )
        self.console.print(f"[bold]{escape(scene.title)}[/]", highlight=False)
        where = " · ".join(x for x in (local_date(scene.date), scene.place) if x)
        if where:
            self.console.print(escape(where), style="italic", highlight=False)
        self.console.print()
        self.console.print(markdown(self.engine.scene_text(state)))
        self.show_note(scene)
        if view.ending is None:
            self.console.print()
            for number, option in enumerate(view.options, start=1):
                if option.open:
                    self.console.print(f"  {local_digits(str(number))}. {escape(option.text)}", highlight=False)
                else:
                    closed = escape(_("(closed)")) + f" {escape(option.text)} — {escape(option.reason)}"
                    self.console.print(f"  {local_digits(str(number))}. [dim]{closed}[/]", highlight=False)

    def show_note(self, scene: Scene) -> None:
        """The historical note with its reliability and sources."""
        if scene.note is None:
            return
        self.console.print()
        self.console.print(
            said("bold", _("Historical note")) + f" ({escape(_(scene.note.reliability.label))})", highlight=False
        )
        self.console.print(markdown(scene.note.text))
        if scene.note.sources:
            self.console.print(
                _("Sources:") + " " + escape("; ".join(scene.note.sources)), style="dim", highlight=False
            )

    def show_ending(self, state: GameState) -> None:
        """The ending, what really happened, and how far the path left history."""
        ending = self.engine.scene(state).ending
        kind = _("the historical ending") if ending.kind.value == "historical" else _("a divergent ending")
        self.console.print()
        self.print_separator()
        self.console.print(
            said("bold", _("The end: {title}").format(title=ending.title)) + f" ({escape(kind)})", highlight=False
        )
        found = record_ending(self.session.store.folder, self.story.id, state.scene)
        if found:
            self.say(_("A new ending found: the Endings screen of the full-screen game lists it."))
        self.console.print(markdown(self.engine.epilogue_text(state)))
        self.console.print()
        self.console.print(said("bold", _("What really happened")), highlight=False)
        self.console.print(markdown(ending.what_really_happened))
        if ending.explanations:
            self.console.print()
            heading = _("Why did the republic fall? The historians' explanations")
            self.console.print(f"[bold]{escape(heading)}[/]", highlight=False)
            for explanation in ending.explanations:
                self.console.print()
                self.console.print(f"[bold]{escape(explanation.who)}[/]", highlight=False)
                self.console.print(markdown(explanation.view))
        if ending.questions:
            self.console.print()
            self.console.print(said("bold", _("For discussion")), highlight=False)
            for number, question in enumerate(ending.questions, start=1):
                self.console.print(f"{local_digits(str(number))}. {escape(question)}", highlight=False)
        self.console.print()
        self.console.print(divergence_line(self.engine, state), highlight=False)

    def print_separator(self) -> None:
        """The break between scenes: short and speakable, or a blank line."""
        self.console.print(self.separator, markup=False, highlight=False)

    def say(self, text: str) -> None:
        """A short message from the game."""
        self.console.print(text, highlight=False)


def said(style: str, words: str) -> str:
    """Jangal's words in a Rich style, as markup (a translation's square brackets stay square brackets)."""
    return f"[{style}]{escape(words)}[/]"


def divergence_line(engine: Engine, state: GameState) -> str:
    """One sentence on how far a path left history, naming where (escaped for Rich)."""
    sentence = engine.divergence_sentence(state)
    divergence = engine.divergence(state)
    if not divergence.count:
        return escape(sentence)
    titles = ", ".join(engine.scene_title(step.scene) for step in divergence.departures)
    return escape(_("{sentence}; you left it at: {scenes}.").format(sentence=sentence[:-1], scenes=titles))
