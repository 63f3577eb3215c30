"""The engine: the loop every front end drives.

Given a ``Story`` and a ``GameState`` the engine says what to show (``view``), takes a choice
and returns the next state (``choose``), goes back (``undo``), and measures how far the
player has left history (``divergence``). It holds no game state of its own (only what it has
worked out about the story's scenes, see ``Engine``) and imports no UI.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from game.play.effects import apply_effects
from game.play.language import _, local_digits
from game.play.language import _ as program_words
from game.play.plan import ChoiceOption, Move, Plan, SceneView, condition_outcome
from game.play.state import GameState, Step, frozen
from game.story.model import Choice, Scene, Story
from game.story.problems import ChoiceError

__all__ = ["ChoiceOption", "Divergence", "Engine", "SceneView", "StepTexts", "Turn"]


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
class StepTexts:
    """What the game showed at one step of a path, for the log, transcripts and reports."""

    step: Step
    """The step."""
    text: str
    """The scene's text as the player read it on entering it ("" when the scene is gone from the story)."""
    consequence: str
    """The choice's consequence as shown after it ("" when none)."""


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


def _moved(state: GameState, move: Move, path: tuple[Step, ...]) -> GameState:
    """The state a move leads to: its effects (and the next scene's on_enter) applied, the visit counted.

    The new state holds read-only copies, whatever ``state`` holds (a state built by hand may hold a plain
    dict or set): ``frozenset`` of a frozenset is the frozenset itself, and changed variables are new anyway.
    """
    _, _, change_variables, change_flags, goto = move
    variables = frozen(dict(state.variables)) if change_variables is None else change_variables(state.variables)
    flags = frozenset(state.flags)
    if change_flags is not None:
        flags = change_flags(flags)
    visits = dict(state.visits)
    visits[goto] = visits.get(goto, 0) + 1
    return GameState(goto, variables, flags, frozen(visits), path, state.origin)


class Engine:
    """Plays a story: a set of pure functions over (story, state).

    What it works out about a scene (its options, what each choice changes) it keeps, keyed by
    scene id, the first time the scene is played: that is derived from the story alone, so the
    engine still holds no state of a game.
    """

    def __init__(self, story: Story):
        self.story = story

    @property
    def story(self) -> Story:
        """The story played (setting another one forgets what was worked out about the old one)."""
        return self._story

    @story.setter
    def story(self, story: Story) -> None:
        self._story = story
        self._plans: dict[str, Plan] = {}
        self._starts: dict[str | None, GameState] = {}

    def new_game(self, chapter: str | None = None) -> GameState:
        """The state at the start of the story, or of a chapter with history's state by then."""
        state = self._starts.get(chapter)
        if state is None:
            state = self._starts[chapter] = self._new_game(chapter)
        return state

    def _new_game(self, chapter: str | None) -> GameState:
        story = self.story
        variables = frozen({name: variable.start for name, variable in story.variables.items()})
        flags = frozenset(name for name, flag in story.flags.items() if flag.start)
        start = story.start
        if chapter is not None:
            if chapter not in story.chapters:
                raise ChoiceError(_("there is no chapter `{chapter}`").format(chapter=chapter))
            variables, flags = apply_effects((story.chapters[chapter].preset,), story.variables, variables, flags)
            start = story.chapters[chapter].start
        state = GameState(scene=start, variables=variables, flags=flags, visits=frozen({}), origin=chapter)
        return self._enter(state, start, state.path)

    def scene(self, state: GameState) -> Scene:
        """The current scene."""
        return self.story.scenes[state.scene]

    def view(self, state: GameState) -> SceneView:
        """What to show: the scene and its choices (hidden closed ones left out)."""
        plan = self._plans.get(state.scene) or self._plan(state.scene)
        view = plan.view
        if view is not None:  # no choice here has a condition: every state sees the same
            return view
        outcome = condition_outcome(plan.tests, state)
        views = plan.views
        if views is None:
            return plan.view_for(outcome)
        view = views[outcome]
        if view is None:
            view = views[outcome] = plan.view_for(outcome)
        return view

    def is_open(self, state: GameState, index: int) -> bool:
        """Whether the choice at this index can be chosen now."""
        choices = self.scene(state).choices
        if not 0 <= index < len(choices):
            return False
        condition = choices[index].condition
        return condition is None or condition(state)

    def choose(self, state: GameState, index: int) -> Turn:
        """Make a choice; raise ChoiceError when it does not exist or is closed."""
        plan = self._plans.get(state.scene) or self._plan(state.scene)
        if plan.ending:
            raise ChoiceError(_("the story has ended here: there is nothing left to choose"))
        moves = plan.moves
        if not 0 <= index < len(moves):
            raise ChoiceError(
                _("there is no choice {number} here (there are {count})").format(
                    number=local_digits(str(index + 1)), count=local_digits(str(len(moves)))
                )
            )
        move = moves[index] or plan.move(index)
        choice, test = move[0], move[1]
        if test is not None and not test(state):
            reason = choice.locked_reason or _("its condition is not met")
            number = local_digits(str(index + 1))
            raise ChoiceError(_("choice {number} is not open: {reason}").format(number=number, reason=reason))
        step = Step(state.scene, index, plan.historical, state.variables, state.flags)
        return Turn(_moved(state, move, (*state.path, step)), choice, step)

    def follow(self, state: GameState, picks: Iterable[tuple[str, int]]) -> GameState:
        """Make each (scene id, choice index) in turn; ChoiceError naming the first that does not fit.
        ``choose`` copies the path into each new state (quadratic over a long replay): this builds it once."""
        steps = list(state.path)
        for number, (scene, index) in enumerate(picks, start=1):
            if state.scene != scene:
                elsewhere = _("choice {number} was made in scene `{scene}`, but the game is in `{now}` at that point")
                raise ChoiceError(elsewhere.format(number=local_digits(str(number)), scene=scene, now=state.scene))
            plan = self._plans.get(scene) or self._plan(scene)
            if plan.ending or not self.is_open(state, index):
                closed = _("choice {number} (number {index} in scene `{scene}`) is not open there")
                where = local_digits(str(index + 1))
                raise ChoiceError(closed.format(number=local_digits(str(number)), index=where, scene=scene))
            steps.append(Step(scene, index, plan.historical, state.variables, state.flags))
            state = _moved(state, plan.moves[index] or plan.move(index), state.path)
        return GameState(state.scene, state.variables, state.flags, state.visits, tuple(steps), state.origin)

    def _successor(self, state: GameState, index: int) -> GameState:
        """The state after an open choice, as ``choose`` makes it, but with ``state``'s own path: for walks that
        keep their own record (explore, history_walk). ``index`` must be open, in a non-ending: nothing is checked."""
        plan = self._plans.get(state.scene) or self._plan(state.scene)
        return _moved(state, plan.moves[index] or plan.move(index), state.path)

    def _walk_successor(self, state: GameState, index: int, counted: frozenset[str]) -> GameState:
        """``_successor`` for an exhaustive walk whose conditions read only the visit counts of ``counted``: the
        other scenes' counts are left as they were, and what the move leaves unchanged is shared with ``state``
        rather than copied (the walk's states are read-only and never leave it). Copying every state's visits
        was most of a walk's cost."""
        plan = self._plans.get(state.scene) or self._plan(state.scene)
        _, _, change_variables, change_flags, goto = plan.moves[index] or plan.move(index)
        variables = state.variables if change_variables is None else change_variables(state.variables)
        flags = frozenset(state.flags) if change_flags is None else change_flags(frozenset(state.flags))
        visits = state.visits
        if goto in counted:
            visits = dict(visits)
            visits[goto] = visits.get(goto, 0) + 1
            visits = frozen(visits)
        return GameState(goto, variables, flags, visits, state.path, state.origin)

    def undo(self, state: GameState, steps: int = 1) -> GameState:
        """Go back ``steps`` choices (as many as were made, at most)."""
        visits = dict(state.visits)
        scene = state.scene
        path = state.path
        variables, flags = state.variables, state.flags
        for _step in range(min(steps, len(path))):
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

    def divergence_sentence(
        self, state: GameState, words: Callable[[str], str] = program_words, number: Callable[[str], str] = local_digits
    ) -> str:
        """One sentence on how closely a path kept to history, in the program's language (or ``words``' own, with
        its ``number`` for digits: a transcript is written in the language it was played in)."""
        _ = words
        divergence = self.divergence(state)
        if not divergence.decisions:
            return _("You made no decision where history's choice is known.")
        if divergence.count:
            sentence = _("You followed history at {followed} of {decisions} decisions.")
        else:
            sentence = _("You followed history at {followed} of {decisions} decisions: your path is history's path.")
        return sentence.format(followed=number(str(divergence.followed)), decisions=number(str(divergence.decisions)))

    def scene_title(self, scene_id: str) -> str:
        """A scene's title, or its id when the story no longer has it (saves outlive edits)."""
        scene = self.story.scenes.get(scene_id)
        return scene.title if scene else scene_id

    def choice_text(self, step: Step) -> str:
        """The text of the choice made at a step (saves can outlive an edit to the story)."""
        scene = self.story.scenes.get(step.scene)
        if scene is None or step.choice >= len(scene.choices):
            return _("choice {number} (no longer in the story)").format(number=local_digits(str(step.choice + 1)))
        return scene.choices[step.choice].text

    def historical_text(self, step: Step) -> str:
        """The text of the choice history took at a step ("" when unknown or since removed)."""
        scene = self.story.scenes.get(step.scene)
        if scene is None or step.historical is None or step.historical >= len(scene.choices):
            return ""
        return scene.choices[step.historical].text

    @staticmethod
    def is_decision(scene: Scene) -> bool:
        """True at a real decision: a scene with ``decision:`` and history's choice (the one place for that rule)."""
        return scene.historical_index is not None

    def decision_sentence(self, scene_id: str) -> str:
        """What was really decided at a scene, by whom and when ("" where history decided nothing)."""
        scene = self.story.scenes.get(scene_id)
        return scene.decision if scene is not None and self.is_decision(scene) else ""

    def verdict(self, step: Step) -> str:
        """What history did at a step's decision: its sentence, and history's choice when the player left it.

        "" away from decisions: a choice of the viewpoint character's own is just a choice.
        """
        sentence = self.decision_sentence(step.scene) if step.is_decision else ""
        if not sentence or step.followed_history:
            return sentence
        historical = self.historical_text(step) or _("(no longer in the story)")
        verdict = _("{decision}. History's choice here: {historical}")
        return verdict.format(decision=sentence.rstrip("."), historical=historical)

    # The texts a player sees. Front ends take them from here, never from the blocks themselves, so every one
    # shows the paragraphs the same state selects: a scene's by the state on entering it, a consequence's by
    # the state after the choice.

    def scene_text(self, state: GameState) -> str:
        """The current scene's text, as this state (the state on entering the scene) shows it."""
        return self.story.scenes[state.scene].text.select(state)

    def epilogue_text(self, state: GameState) -> str:
        """The ending's epilogue as this state shows it ("" when the story has not ended here)."""
        ending = self.story.scenes[state.scene].ending
        return "" if ending is None else ending.epilogue.select(state)

    def consequence_text(self, step: Step, after: GameState) -> str:
        """The consequence of a step's choice, as ``after`` (the state the choice led to) shows it."""
        scene = self.story.scenes.get(step.scene)
        if scene is None or step.choice >= len(scene.choices):
            return ""
        return scene.choices[step.choice].consequence.select(after)

    def path_texts(self, state: GameState) -> tuple[StepTexts, ...]:
        """For each step of the path: its scene's text and its choice's consequence, as the game showed them."""
        entered = self.entered_states(state)
        texts = []
        for step, before, after in zip(state.path, entered, entered[1:], strict=False):
            scene = self.story.scenes.get(step.scene)
            text = "" if scene is None else scene.text.select(before)  # saves outlive edits: nothing made up
            texts.append(StepTexts(step, text, self.consequence_text(step, after)))
        return tuple(texts)

    @staticmethod
    def entered_state(state: GameState, index: int) -> GameState:
        """The state on entering the scene of step ``index`` (the current state for ``len(path)``); see below."""
        path = state.path
        if index >= len(path):
            return state
        visits: dict[str, int] = {}
        for step in path[: index + 1]:
            visits[step.scene] = visits.get(step.scene, 0) + 1
        step = path[index]
        return GameState(step.scene, step.variables, step.flags, frozen(visits), (), state.origin)

    @staticmethod
    def entered_states(state: GameState) -> list[GameState]:
        """The state on entering each step's scene, then the current state: what conditional text reads.

        A step keeps the variables and flags from just before its choice, which are those on entering its
        scene (nothing changes while in a scene); visits are counted along the path. Conditions read nothing
        else, so the states carry no path (that would copy it once per step).
        """
        visits: dict[str, int] = {}
        states = []
        for step in state.path:
            visits[step.scene] = visits.get(step.scene, 0) + 1
            states.append(GameState(step.scene, step.variables, step.flags, frozen(dict(visits)), (), state.origin))
        states.append(state)
        return states

    def last_decision_steps(self, state: GameState) -> int:
        """How many steps to undo to stand again at the last decision made (1 when none was a decision)."""
        for back, step in enumerate(reversed(state.path), start=1):
            if (scene := self.story.scenes.get(step.scene)) is not None and self.is_decision(scene):
                return back
        return 1

    def historical_choice(self, state: GameState) -> int | None:
        """The index of the choice history took in the current scene, if it is open."""
        index = (self._plans.get(state.scene) or self._plan(state.scene)).historical
        return index if index is not None and self.is_open(state, index) else None

    def history_or_first(self, state: GameState) -> int | None:
        """History's choice when it is open here, else the first open choice; None where nothing can be chosen."""
        index = self.historical_choice(state)
        if index is not None:
            return index
        opened = self.view(state).open_options
        return opened[0].index if opened else None

    def _plan(self, scene_id: str) -> Plan:
        plan = self._plans[scene_id] = Plan(self.story.scenes[scene_id], self.story.scenes, self.story.variables)
        return plan

    def _enter(self, state: GameState, scene_id: str, path: tuple[Step, ...]) -> GameState:
        scene = self.story.scenes[scene_id]
        visits = dict(state.visits)
        visits[scene_id] = visits.get(scene_id, 0) + 1
        variables, flags = apply_effects((scene.on_enter,), self.story.variables, state.variables, state.flags)
        return GameState(scene_id, variables, flags, frozen(visits), path, state.origin)
