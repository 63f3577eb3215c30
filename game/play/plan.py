"""What the engine works out once per scene: the options it can offer and what each choice does.

A ``Plan`` is derived from the story alone (never from a game), so the engine keeps one per scene and
stays free of game state. ``SceneView`` and ``ChoiceOption`` are what ``Engine.view`` hands a front end.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from game.play.effects import FlagsChange, VariablesChange, compile_effects, missing_scene
from game.play.state import GameState
from game.story.conditions import Condition
from game.story.model import Choice, Ending, Scene, Variable


@dataclass(frozen=True, slots=True)
class ChoiceOption:
    """A choice as offered in one state: open, or shown disabled with a reason."""

    index: int
    """The choice's index among the scene's authored choices (what ``choose`` takes)."""
    choice: Choice
    """The authored choice."""
    open: bool
    """Whether it can be chosen now."""
    reason: str = ""
    """Why it is closed (empty when open)."""

    @property
    def text(self) -> str:
        """What players see."""
        return self.choice.text

    @property
    def historical(self) -> bool:
        """True when this is what really happened."""
        return self.choice.history


@dataclass(frozen=True, slots=True)
class SceneView:
    """What a front end shows for a state."""

    scene: Scene
    """The current scene: title, date, place, text, note."""
    options: tuple[ChoiceOption, ...]
    """The choices to list: open ones and closed ones with a reason; hidden ones are left out."""
    ending: Ending | None = field(init=False, repr=False, compare=False)
    """The ending, when the story ends here (the scene's, set by the constructor)."""
    open_options: tuple[ChoiceOption, ...] = field(init=False, repr=False, compare=False)
    """The choices that can be chosen now (set by the constructor: a view never changes)."""

    def __post_init__(self) -> None:
        # Plain attributes rather than properties: a front end reads both on every step.
        object.__setattr__(self, "ending", self.scene.ending)
        object.__setattr__(self, "open_options", tuple(option for option in self.options if option.open))


Move = tuple[Choice, Callable[[GameState], object] | None, VariablesChange | None, FlagsChange | None, str]
MAX_KEPT_TESTS = 8
"""Scenes with more conditioned choices than this build their view on every call rather than keep one per outcome."""


def condition_outcome(tests: tuple[Callable[[GameState], object], ...], state: GameState) -> int:
    """Which of a scene's conditions hold in a state, as the bits of a number (bit 0: the first condition)."""
    outcome, bit = 0, 1
    for test in tests:
        if test(state):
            outcome |= bit
        bit <<= 1
    return outcome


class Plan:
    """What the engine works out once about a scene: the options it can offer and what each choice does."""

    __slots__ = ("declared", "ending", "entries", "historical", "moves", "scene", "scenes", "tests", "view", "views")

    def __init__(self, scene: Scene, scenes: Mapping[str, Scene], declared: Mapping[str, Variable]):
        self.scene = scene
        self.scenes = scenes
        self.declared = declared
        self.ending = scene.ending is not None
        self.historical = scene.historical_index
        entries, tests = [], []
        for index, choice in enumerate(scene.choices):
            test = choice_test(choice)
            if test is not None:
                tests.append(test)
            closed = ChoiceOption(index, choice, False, choice.locked_reason) if choice.locked_reason else None
            entries.append((test is not None, ChoiceOption(index, choice, True, ""), closed))
        self.entries: tuple[tuple[bool, ChoiceOption, ChoiceOption | None], ...] = tuple(entries)
        """Per choice: whether it has a condition, its option when open, and when closed (None: hidden)."""
        self.tests: tuple[Callable[[GameState], object], ...] = tuple(tests)
        """The conditions, in choice order: their outcomes, as the bits of a number, pick the view."""
        self.views: list[SceneView | None] | None = [None] * (1 << len(tests)) if len(tests) <= MAX_KEPT_TESTS else None
        """The views made so far, by outcome (None when there are too many outcomes to keep them)."""
        self.view: SceneView | None = self.view_for(0) if not tests else None
        """The one view of a scene whose choices have no conditions."""
        self.moves: list[Move | None] = [None] * len(entries)
        """Per choice, once it has been chosen: what ``move`` returns."""

    def view_for(self, outcome: int) -> SceneView:
        """The view when the conditions came out as the bits of ``outcome`` (bit 0: the first condition)."""
        options, bit = [], 1
        for conditioned, opened, closed in self.entries:
            if conditioned:
                is_open = bool(outcome & bit)
                bit <<= 1
                if not is_open:
                    if closed is not None:
                        options.append(closed)
                    continue
            options.append(opened)
        return SceneView(self.scene, tuple(options))

    def move(self, index: int) -> Move:
        """The choice at ``index``, its test, how it changes the variables and flags, and where it leads."""
        choice = self.scene.choices[index]
        target = self.scenes.get(choice.goto)
        if target is None:  # a story the checker refuses: fail as the plain lookup does, when chosen
            move = (choice, choice_test(choice), missing_scene(choice.goto), None, choice.goto)
        else:  # what the choice changes, then what entering its scene changes
            move = (
                choice,
                choice_test(choice),
                *compile_effects((choice.effects, target.on_enter), self.declared),
                choice.goto,
            )
        self.moves[index] = move
        return move


def choice_test(choice: Choice) -> Callable[[GameState], object] | None:
    """The function that tests a choice's condition (a Condition's own, skipping a call through it)."""
    condition = choice.condition
    return None if condition is None else condition.test if type(condition) is Condition else condition
