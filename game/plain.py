"""Plain mode: the game line by line, for screen readers, pipes and slow links.

It prints each scene once, top to bottom, never redraws, and reads one command a line from
any text stream (a keyboard, a pipe or a file). It uses Rich for Markdown and never imports
Textual.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TextIO

from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.rule import Rule

from game.engine import Engine, SceneView
from game.errors import ChoiceError, SaveError
from game.model import Reliability, Scene, Story
from game.saves import AUTOSAVE, SaveStore
from game.state import GameState

HELP = (
    "Type a choice's number and press Enter. Other commands: "
    "u = undo, s NAME = save, l NAME = load, h = help, q = quit."
)
_RELIABILITY = {
    Reliability.DOCUMENTED: "documented",
    Reliability.DISPUTED: "disputed: historians disagree",
    Reliability.INVENTED: "invented for the game",
}
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def format_date(date: str) -> str:
    """``1920-06-05`` as ``5 June 1920``; partial dates stay partial."""
    parts = date.split("-")
    if len(parts) == 1:
        return date
    month = _MONTHS[int(parts[1]) - 1]
    return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


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


@dataclass
class Autoplay:
    """How to choose without a player: ``history`` or ``random`` (seeded)."""

    mode: str
    seed: int = 0
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def pick(self, engine: Engine, state: GameState, view: SceneView) -> int:
        """The index of the choice to make."""
        if self.mode == "history":
            historical = engine.historical_choice(state)
            if historical is not None:
                return historical
            return view.open_options[0].index
        return self.rng.choice(view.open_options).index


class PlainGame:
    """One run of plain mode: prints scenes, reads commands, autosaves after every choice."""

    def __init__(
        self, story: Story, store: SaveStore, console: Console, lines: Iterator[str], autoplay: Autoplay | None = None
    ):
        self.story = story
        self.engine = Engine(story)
        self.store = store
        self.console = console
        self.lines = lines
        self.autoplay = autoplay
        self.saving = True

    def run(self, state: GameState) -> int:
        """Play until an ending, ``q`` or the end of input; return the exit code."""
        if state.path:  # a continued game: make the autosave match it from the start
            self.autosave(state)
        self.show_scene(state)
        while True:
            view = self.engine.view(state)
            if view.ending is not None:
                self.show_ending(state)
                return 0
            if self.autoplay is not None:
                state = self.choose(state, self.autoplay.pick(self.engine, state, view))
                continue
            command = self.read()
            if command is None:
                self.say("Input ended." + self.where_progress_is(state))
                return 0
            outcome = self.handle(state, command)
            if outcome is None:
                self.say("Goodbye." + self.where_progress_is(state))
                return 0
            state = outcome

    def where_progress_is(self, state: GameState) -> str:
        """A sentence on where the game is kept, when there is anything to keep."""
        if not state.path:
            return ""
        return " Your progress is in the autosave." if self.saving else " Saving was off, so this game is not kept."

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

    def handle(self, state: GameState, command: str) -> GameState | None:
        """Carry out one command; None means quit."""
        word, _, argument = command.partition(" ")
        word = word.lower()
        if word.isdigit():
            return self.choose_numbered(state, int(word))
        if word in ("q", "quit"):
            return None
        if word in ("u", "undo"):
            return self.undo(state)
        if word in ("s", "save"):
            self.save(state, argument.strip())
            return state
        if word in ("l", "load"):
            return self.load(state, argument.strip())
        if word not in ("h", "help", "?", ""):
            self.say(f"“{escape(command)}” is not a command.")
        self.say(HELP)
        return state

    def choose_numbered(self, state: GameState, number: int) -> GameState:
        """Choose by the number shown next to a choice (1-based, counting only listed choices)."""
        options = self.engine.view(state).options
        if not 1 <= number <= len(options):
            self.say(f"There is no choice {number}. Choose 1 to {len(options)}.")
            return state
        option = options[number - 1]
        if not option.open:
            self.say(f"Choice {number} is not open: {escape(option.reason)}")
            return state
        return self.choose(state, option.index)

    def choose(self, state: GameState, index: int) -> GameState:
        """Make a choice, tell its consequence and history's verdict, autosave, show the next scene."""
        try:
            turn = self.engine.choose(state, index)
        except ChoiceError as exc:
            self.say(str(exc))
            return state
        self.console.print(f"[bold]You chose:[/] {escape(turn.choice.text)}", highlight=False)
        if turn.choice.consequence:
            self.console.print(Markdown(turn.choice.consequence))
        self.show_verdict(state, turn.followed_history)
        self.autosave(turn.state)
        self.show_scene(turn.state)
        return turn.state

    def show_verdict(self, before: GameState, followed: bool | None) -> None:
        """Whether the choice followed history and, if not, what history did."""
        if followed is None:
            return
        if followed:
            self.console.print("[green]✓ History:[/] this is what really happened.", highlight=False)
            return
        scene = self.engine.scene(before)
        historical = scene.choices[scene.historical_index]
        self.console.print(f"[yellow]✗ History went another way:[/] {escape(historical.text)}", highlight=False)

    def undo(self, state: GameState) -> GameState:
        """Go back one choice."""
        if not state.path:
            self.say("There is nothing to undo yet.")
            return state
        state = self.engine.undo(state)
        self.say("Undone: back one choice.")
        self.autosave(state)
        self.show_scene(state)
        return state

    def save(self, state: GameState, name: str) -> None:
        """Save to a named slot."""
        if not name:
            self.say("Give the save a name: s NAME")
            return
        try:
            self.store.save(name, state, self.story)
        except SaveError as exc:
            self.say(f"Not saved: {escape(str(exc))}")
            return
        self.say(f"Saved as “{escape(name)}”.")

    def load(self, state: GameState, name: str) -> GameState:
        """Load a named slot (the current game stays if it cannot be loaded)."""
        if not name:
            names = ", ".join(info.name for info in self.store.slots()) or "none yet"
            self.say(f"Give the name of a save: l NAME. Saves: {escape(names)}")
            return state
        try:
            loaded = self.store.load(name, self.story)
        except SaveError as exc:
            self.say(f"Not loaded: {escape(str(exc))}")
            return state
        for message in loaded.messages:
            self.say(f"Note: {escape(message)}")
        self.say(f"Loaded “{escape(name)}”.")
        self.show_scene(loaded.state)
        return loaded.state

    def autosave(self, state: GameState) -> None:
        """Save to the autosave slot; after a failure, say so once and go on without saving."""
        if not self.saving:
            return
        try:
            self.store.save(AUTOSAVE, state, self.story)
        except SaveError as exc:
            self.saving = False
            self.say(f"[yellow]Autosave is off:[/] {escape(str(exc))}. The game goes on without saving.")

    def show_scene(self, state: GameState) -> None:
        """Print the scene: header, text, historical note and numbered choices."""
        view = self.engine.view(state)
        scene = view.scene
        chapter = self.story.chapters.get(scene.chapter)
        self.console.print()
        self.console.print(Rule(escape(chapter.title if chapter else scene.chapter), style="dim"))
        self.console.print(f"[bold]{escape(scene.title)}[/]", highlight=False)
        where = " · ".join(x for x in (format_date(scene.date) if scene.date else "", scene.place) if x)
        if where:
            self.console.print(escape(where), style="italic", highlight=False)
        self.console.print()
        self.console.print(Markdown(scene.text))
        self.show_note(scene)
        if view.ending is None:
            self.console.print()
            for number, option in enumerate(view.options, start=1):
                if option.open:
                    self.console.print(f"  {number}. {escape(option.text)}", highlight=False)
                else:
                    self.console.print(
                        f"  {number}. [dim](closed) {escape(option.text)} — {escape(option.reason)}[/]", highlight=False
                    )

    def show_note(self, scene: Scene) -> None:
        """The historical note with its reliability and sources."""
        if scene.note is None:
            return
        self.console.print()
        self.console.print(f"[bold]Historical note[/] ({_RELIABILITY[scene.note.reliability]})", highlight=False)
        self.console.print(Markdown(scene.note.text))
        if scene.note.sources:
            self.console.print("Sources: " + escape("; ".join(scene.note.sources)), style="dim", highlight=False)

    def show_ending(self, state: GameState) -> None:
        """The ending, what really happened, and how far the path left history."""
        ending = self.engine.scene(state).ending
        kind = "the historical ending" if ending.kind.value == "historical" else "a divergent ending"
        self.console.print()
        self.console.print(Rule(f"The end: {escape(ending.title)} ({kind})"))
        self.console.print(Markdown(ending.epilogue))
        self.console.print()
        self.console.print("[bold]What really happened[/]", highlight=False)
        self.console.print(Markdown(ending.what_really_happened))
        self.console.print()
        self.console.print(divergence_line(self.engine, state), highlight=False)

    def say(self, text: str) -> None:
        """A short message from the game."""
        self.console.print(text, highlight=False)


def divergence_line(engine: Engine, state: GameState) -> str:
    """One sentence on how far a path left history."""
    divergence = engine.divergence(state)
    if not divergence.decisions:
        return "You made no decision where history's choice is known."
    line = f"You followed history at {divergence.followed} of {divergence.decisions} decisions"
    if not divergence.count:
        return line + ": your path is history's path."
    titles = ", ".join(
        engine.story.scenes[step.scene].title for step in divergence.departures if step.scene in engine.story.scenes
    )
    return f"{line}; you left it at: {escape(titles)}."
