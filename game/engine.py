"""The engine: the loop every front end drives.

Given a ``Story`` and a ``GameState`` the engine says what to show (``view``), takes a choice
and returns the next state (``choose``), goes back (``undo``), and measures how far the
player has left history (``divergence``). It holds no state of its own and imports no UI.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.errors import ChoiceError
from game.model import Choice, Effects, Ending, Scene, Story
from game.state import GameState, Step, frozen


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

    @property
    def ending(self) -> Ending | None:
        """The ending, when the story ends here."""
        return self.scene.ending

    @property
    def open_options(self) -> tuple[ChoiceOption, ...]:
        """The choices that can be chosen now."""
        return tuple(option for option in self.options if option.open)


@dataclass(frozen=True, slots=True)
class Turn:
    """The result of a choice: the new state and what to tell the player about it."""

    state: GameState
    """The state after the choice."""
    choice: Choice
    """The choice made."""
    step: Step
    """The step added to the path."""

    @property
    def followed_history(self) -> bool | None:
        """True or False at a decision, None where history marks no choice."""
        return self.step.followed_history


@dataclass(frozen=True, slots=True)
class Divergence:
    """How far a path has left history."""

    decisions: int
    """How many of the choices made were at a decision with a known historical choice."""
    departures: tuple[Step, ...]
    """The steps where the player did not do what history did."""

    @property
    def count(self) -> int:
        """How many choices left history."""
        return len(self.departures)

    @property
    def followed(self) -> int:
        """How many choices followed history."""
        return self.decisions - self.count


class Engine:
    """Plays a story: a set of pure functions over (story, state)."""

    def __init__(self, story: Story):
        self.story = story

    def new_game(self, chapter: str | None = None) -> GameState:
        """The state at the start of the story, or of a chapter with history's state by then."""
        story = self.story
        variables = {name: variable.start for name, variable in story.variables.items()}
        flags = {name for name, flag in story.flags.items() if flag.start}
        start = story.start
        if chapter is not None:
            if chapter not in story.chapters:
                raise ChoiceError(f"there is no chapter `{chapter}`")
            variables, flags = self._apply(story.chapters[chapter].preset, variables, flags)
            start = story.chapters[chapter].start
        state = GameState(
            scene=start, variables=frozen(variables), flags=frozenset(flags), visits=frozen({}), origin=chapter
        )
        return self._enter(state, start, state.path)

    def scene(self, state: GameState) -> Scene:
        """The current scene."""
        return self.story.scenes[state.scene]

    def view(self, state: GameState) -> SceneView:
        """What to show: the scene and its choices (hidden closed ones left out)."""
        scene = self.scene(state)
        options = []
        for index, choice in enumerate(scene.choices):
            is_open = choice.condition is None or choice.condition(state)
            if is_open or choice.locked_reason:
                options.append(ChoiceOption(index, choice, is_open, "" if is_open else choice.locked_reason))
        return SceneView(scene, tuple(options))

    def is_open(self, state: GameState, index: int) -> bool:
        """Whether the choice at this index can be chosen now."""
        choices = self.scene(state).choices
        if not 0 <= index < len(choices):
            return False
        condition = choices[index].condition
        return condition is None or condition(state)

    def choose(self, state: GameState, index: int) -> Turn:
        """Make a choice; raise ChoiceError when it does not exist or is closed."""
        scene = self.scene(state)
        if scene.ending is not None:
            raise ChoiceError("the story has ended here: there is nothing left to choose")
        if not 0 <= index < len(scene.choices):
            raise ChoiceError(f"there is no choice {index + 1} here (there are {len(scene.choices)})")
        choice = scene.choices[index]
        if choice.condition is not None and not choice.condition(state):
            raise ChoiceError(f"choice {index + 1} is not open: {choice.locked_reason or 'its condition is not met'}")
        step = Step(state.scene, index, scene.historical_index, state.variables, state.flags)
        variables, flags = self._apply(choice.effects, dict(state.variables), set(state.flags))
        moved = GameState(choice.goto, frozen(variables), frozenset(flags), state.visits, state.path, state.origin)
        return Turn(self._enter(moved, choice.goto, (*state.path, step)), choice, step)

    def undo(self, state: GameState, steps: int = 1) -> GameState:
        """Go back ``steps`` choices (as many as were made, at most)."""
        visits = dict(state.visits)
        scene = state.scene
        path = state.path
        variables, flags = state.variables, state.flags
        for _ in range(min(steps, len(path))):
            visits[scene] = visits.get(scene, 1) - 1
            if visits[scene] <= 0:
                del visits[scene]
            last = path[-1]
            scene, variables, flags, path = last.scene, last.variables, last.flags, path[:-1]
        return GameState(scene, variables, flags, frozen(visits), path, state.origin)

    def divergence(self, state: GameState) -> Divergence:
        """How many choices were decisions, and where the player left history."""
        decisions = [step for step in state.path if step.is_decision]
        return Divergence(len(decisions), tuple(step for step in decisions if not step.followed_history))

    def divergence_sentence(self, state: GameState) -> str:
        """One sentence on how closely a path kept to history."""
        divergence = self.divergence(state)
        if not divergence.decisions:
            return "You made no decision where history's choice is known."
        sentence = f"You followed history at {divergence.followed} of {divergence.decisions} decisions"
        return sentence + (": your path is history's path." if not divergence.count else ".")

    def scene_title(self, scene_id: str) -> str:
        """A scene's title, or its id when the story no longer has it (saves outlive edits)."""
        scene = self.story.scenes.get(scene_id)
        return scene.title if scene else scene_id

    def choice_text(self, step: Step) -> str:
        """The text of the choice made at a step (saves can outlive an edit to the story)."""
        scene = self.story.scenes.get(step.scene)
        if scene is None or step.choice >= len(scene.choices):
            return f"choice {step.choice + 1} (no longer in the story)"
        return scene.choices[step.choice].text

    def historical_text(self, step: Step) -> str:
        """The text of the choice history took at a step ("" when unknown or since removed)."""
        scene = self.story.scenes.get(step.scene)
        if scene is None or step.historical is None or step.historical >= len(scene.choices):
            return ""
        return scene.choices[step.historical].text

    def historical_choice(self, state: GameState) -> int | None:
        """The index of the choice history took in the current scene, if it is open."""
        index = self.scene(state).historical_index
        return index if index is not None and self.is_open(state, index) else None

    def history_or_first(self, state: GameState) -> int | None:
        """History's choice when it is open here, else the first open choice; None where nothing can be chosen."""
        index = self.historical_choice(state)
        if index is not None:
            return index
        opened = self.view(state).open_options
        return opened[0].index if opened else None

    def _enter(self, state: GameState, scene_id: str, path: tuple[Step, ...]) -> GameState:
        scene = self.story.scenes[scene_id]
        visits = dict(state.visits)
        visits[scene_id] = visits.get(scene_id, 0) + 1
        variables, flags = state.variables, state.flags
        if scene.on_enter:
            new_variables, new_flags = self._apply(scene.on_enter, dict(variables), set(flags))
            variables, flags = frozen(new_variables), frozenset(new_flags)
        return GameState(scene_id, variables, flags, frozen(visits), path, state.origin)

    def _apply(self, effects: Effects, variables: dict[str, int], flags: set[str]) -> tuple[dict[str, int], set[str]]:
        declared = self.story.variables
        for name, value in effects.set:
            variables[name] = declared[name].clamp(value)
        for name, amount in effects.add:
            variables[name] = declared[name].clamp(variables[name] + amount)
        flags.update(effects.set_flags)
        flags.difference_update(effects.clear_flags)
        return variables, flags
