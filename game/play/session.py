"""A game session: the current state of one player's game, kept saved as it changes.

Front ends (the Textual game, plain mode) drive a ``Session`` rather than the engine directly,
so that "autosave after every choice and undo" and "saving failed, go on without it" are
written once. The session imports no UI; front ends redraw from ``session.state``.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.play.engine import Engine, SceneView, Turn
from game.play.reconcile import fit_to_story, path_identities
from game.play.saves import AUTOSAVE, Loaded, SaveStore, SlotInfo, autosave_base
from game.play.state import GameState
from game.story.model import CodexEntry, Story
from game.story.problems import SaveError, SlotNameError

MAX_AUTOPLAY_CHOICES = 500
"""The most choices any walk without a player makes (the demo, ``--auto``): a guard against a story whose
history, or a random walk through it, never reaches an ending. ``jangal check`` warns at the same length."""


@dataclass(frozen=True, slots=True)
class AutosaveResult:
    """What happened to the autosave after a change."""

    saved: bool
    """True when the autosave now holds the current state."""
    newly_failed: str = ""
    """The reason, the first time saving fails (empty otherwise), so a front end says it once."""


class Session:
    """One game in progress: the story, the current state, the saves.

    Each front end autosaves under its own name (``autosave_name``): the full-screen game under
    ``autosave``, plain mode and autoplay under theirs, so neither touches Continue. Each new game
    first moves the previous game's autosave back one place (see ``SaveStore.rotate``), so the
    last ten games are kept.
    """

    def __init__(self, story: Story, store: SaveStore, autosave_name: str = AUTOSAVE):
        self.story = story
        self.engine = Engine(story)
        self.store = store
        self.autosave_name = autosave_name
        self.state: GameState | None = None
        self.last_turn: Turn | None = None
        self.saving = True
        self.save_problem = ""
        store.claim()  # the first game in a folder holds it from its start, not from its first save
        self.new_game_pending = True
        """True until this game's first autosave, which first moves the previous game's back."""
        self.named_state: GameState | None = None
        """The state last saved or loaded under a name the player chose."""

    @property
    def started(self) -> bool:
        """True once a game has been started or loaded."""
        return self.state is not None

    @property
    def in_progress(self) -> bool:
        """True when a game has choices made and has not ended: quitting should ask first."""
        return self.state is not None and bool(self.state.path) and self.view().ending is None

    @property
    def unsaved_progress(self) -> bool:
        """True when the game in progress has choices that no save under a player's name holds."""
        return self.in_progress and self.state != self.named_state

    def view(self) -> SceneView:
        """What to show for the current state."""
        return self.engine.view(self.state)

    def start(self, chapter: str | None = None) -> GameState:
        """A new game, from the start or a chapter (the old autosave stays until the first choice)."""
        self.state = self.engine.new_game(chapter)
        self.last_turn = None
        self.new_game_pending = True
        self.named_state = None
        return self.state

    def resume(self, state: GameState) -> AutosaveResult:
        """Continue from a loaded state; a state with a path is autosaved at once so the autosave matches it.

        A state with no choices yet (a new game or a chapter's start) is not written: there is
        nothing to lose, and the autosave keeps the last game until the first choice.
        """
        self.state = state
        self.last_turn = None
        return self.autosave() if state.path else AutosaveResult(False)

    def choose(self, index: int) -> tuple[Turn, AutosaveResult]:
        """Make a choice (ChoiceError if it is not open) and autosave."""
        turn = self.engine.choose(self.state, index)
        self.state = turn.state
        self.last_turn = turn
        return turn, self.autosave()

    def undo(self, steps: int = 1) -> AutosaveResult | None:
        """Go back; None when there is nothing to undo."""
        if not self.state or not self.state.path:
            return None
        self.state = self.engine.undo(self.state, steps)
        self.last_turn = None
        return self.autosave()

    def save(self, name: str) -> SlotInfo:
        """Save to a named slot; SaveError (with a plain reason) when it cannot, or the name is an autosave's."""
        if autosave_base(name):
            raise SlotNameError(f"“{name}” is kept for the automatic saves: choose another name")
        info = self.store.save(name, self.state, self.story)
        self.named_state = self.state
        return info

    def load(self, name: str) -> tuple[Loaded, AutosaveResult]:
        """Load a slot and continue from it; SaveError when it cannot be used.

        Loading this session's own autosave goes on with that game; any other slot is a new game
        for the autosave, so the game in the autosave is first moved back, not overwritten.
        """
        loaded = self.store.load(name, self.story)
        self.new_game_pending = name != self.autosave_name
        self.named_state = loaded.state if autosave_base(name) is None else None
        return loaded, self.resume(loaded.state)

    def replace_story(self, story: Story) -> list[str]:
        """Go on with an edited story: the state is fitted to it as a save would be; returns the repairs.

        The last choice's consequence is taken from the new story, so an author sees an edit to
        it at once; it is dropped if that choice no longer exists.
        """
        identities = path_identities(self.story, self.state) if self.state is not None else []
        self.story = story
        self.engine = Engine(story)
        if self.state is None:
            return []
        self.state, repairs = fit_to_story(story, self.state, identities)  # a choice moved is followed
        self.last_turn = self._fitted_turn() if self.last_turn else None
        return repairs

    def _fitted_turn(self) -> Turn | None:
        if not self.state.path:
            return None
        step = self.state.path[-1]
        return Turn(self.state, self.story.scenes[step.scene].choices[step.choice], step)

    def autosave(self) -> AutosaveResult:
        """Write the autosave; after the first failure, stop trying and say why once."""
        if not self.saving:
            return AutosaveResult(False)
        try:
            if self.new_game_pending:
                self.store.rotate(self.autosave_name)
                self.new_game_pending = False
            self.store.save(self.autosave_name, self.state, self.story)
        except SaveError as exc:
            self.saving = False
            self.save_problem = str(exc)
            return AutosaveResult(False, self.save_problem)
        return AutosaveResult(True)

    def met_codex(self) -> list[CodexEntry]:
        """The codex entries of every scene entered so far, in the order first met."""
        if self.state is None:
            return []
        scenes = (self.story.scenes[s] for s in self.state.scenes_seen() if s in self.story.scenes)
        met = dict.fromkeys(entry for scene in scenes for entry in scene.codex if entry in self.story.codex)
        return [self.story.codex[entry] for entry in met]
