"""The engine: what a front end shows, choosing, undo, divergence and determinism."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.play.engine import Engine
from game.play.state import GameState
from game.story.problems import ChoiceError


def test_new_game_enters_the_start_scene(engine: Engine) -> None:
    """A new game starts at the story's start with the declared start values."""
    state = engine.new_game()
    assert state.scene == "dock"
    assert dict(state.variables) == {"support": 3, "funds": 0}
    assert state.flags == frozenset()
    assert dict(state.visits) == {"dock": 1}
    assert state.path == ()


def test_chapter_start_applies_the_preset(engine: Engine) -> None:
    """Chapter select starts at the chapter's scene with history's state by then."""
    state = engine.new_game("two")
    assert state.scene == "road"
    assert state.origin == "two"
    assert state.variables["support"] == 1
    assert "trusts_abukov" in state.flags
    assert state.variables["funds"] == 1  # the road's on_enter effect ran


def test_unknown_chapter_is_refused(engine: Engine) -> None:
    """Asking for a chapter that does not exist is a ChoiceError, not a crash."""
    with pytest.raises(ChoiceError, match="no chapter"):
        engine.new_game("nine")


def test_view_hides_closed_choices_unless_they_have_a_reason(engine: Engine) -> None:
    """Closed choices with a locked reason are listed disabled; others are hidden."""
    view = engine.view(engine.new_game())
    listed = [(option.text, option.open, option.reason) for option in view.options]
    assert listed == [
        ("Welcome the sailors", True, ""),
        ("Turn them away", True, ""),
        ("Ask for money", False, "Nobody listens to you yet."),
    ]


def test_choose_applies_effects_and_records_the_step(engine: Engine) -> None:
    """A choice moves to its goto, applies its effects and on_enter, and records history."""
    turn = engine.choose(engine.new_game(), 0)
    state = turn.state
    assert state.scene == "road"
    assert state.variables == {"support": 4, "funds": 1}
    assert "trusts_abukov" in state.flags
    assert turn.followed_history is True
    assert engine.consequence_text(turn.step, turn.state) == "The sailors cheer."
    step = state.path[-1]
    assert (step.scene, step.choice, step.historical) == ("dock", 0, 0)


def test_effects_are_clamped_to_the_declared_range(engine: Engine) -> None:
    """Subtracting 5 from support 3 stops at its minimum, 0."""
    state = engine.choose(engine.new_game(), 1).state
    assert state.variables["support"] == 0


def test_a_condition_opens_a_choice_once_true(engine: Engine) -> None:
    """Support 4 opens 'Ask for money', which was shown closed at support 3."""
    state = engine.choose(engine.new_game(), 0).state  # support 4
    state = engine.choose(state, 2).state  # go back to the dock
    view = engine.view(state)
    assert [option.open for option in view.options][:3] == [True, True, True]
    assert [option.text for option in view.options][-1] == "A secret door"


def test_closed_or_missing_choices_are_refused(engine: Engine) -> None:
    """Choosing a closed or missing choice raises ChoiceError with the reason."""
    state = engine.new_game()
    with pytest.raises(ChoiceError, match="Nobody listens"):
        engine.choose(state, 2)
    with pytest.raises(ChoiceError, match="no choice 9"):
        engine.choose(state, 8)


def test_nothing_can_be_chosen_at_an_ending(engine: Engine) -> None:
    """An ending scene accepts no choice."""
    state = engine.choose(engine.choose(engine.new_game(), 0).state, 0).state
    assert engine.view(state).ending is not None
    with pytest.raises(ChoiceError, match="ended"):
        engine.choose(state, 0)


def test_undo_restores_the_exact_previous_state(engine: Engine) -> None:
    """Undo any number of steps gives back each earlier state exactly."""
    states = [engine.new_game()]
    for index in (0, 2, 1, 2):
        states.append(engine.choose(states[-1], index).state)
    for steps in range(1, len(states)):
        assert engine.undo(states[-1], steps) == states[-1 - steps]
    assert engine.undo(states[-1], 99) == states[0]


def test_divergence_counts_decisions_left(engine: Engine) -> None:
    """Divergence counts the decisions made and the ones that left history."""
    state = engine.choose(engine.new_game(), 1).state  # turned the sailors away
    state = engine.choose(state, 0).state  # marched on, as history did
    divergence = engine.divergence(state)
    assert (divergence.decisions, divergence.count, divergence.followed) == (2, 1, 1)
    assert divergence.departures[0].scene == "dock"


def test_state_round_trips_through_json(engine: Engine) -> None:
    """A state's JSON form rebuilds an equal state."""
    state = engine.choose(engine.choose(engine.new_game(), 0).state, 2).state
    assert GameState.from_json(state.to_json()) == state


@pytest.mark.parametrize(
    "bad",
    [None, [], {"scene": ""}, {"scene": "x", "variables": {"a": "1"}, "flags": [], "visits": {}}],
)
def test_malformed_state_json_is_refused(bad: object) -> None:
    """Malformed state data raises ValueError, never another exception."""
    with pytest.raises(ValueError):
        GameState.from_json(bad)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=5), max_size=40))
def test_random_choice_sequences_leave_a_valid_state(mini, picks: list[int]) -> None:
    """Whatever is chosen, the state stays in range, in a real scene, and undo walks back to the start."""
    engine = Engine(mini)
    state = start = engine.new_game()
    for pick in picks:
        view = engine.view(state)
        if view.ending is not None:
            break
        options = view.open_options
        state = engine.choose(state, options[pick % len(options)].index).state
        assert state.scene in mini.scenes
        for name, value in state.variables.items():
            assert mini.variables[name].allows(value)
        assert state.flags <= set(mini.flags)
    assert engine.undo(state, len(state.path)) == start


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=5), max_size=20))
def test_same_choices_give_the_same_state(mini, picks: list[int]) -> None:
    """Playing the same choices twice gives equal states (the engine is deterministic)."""

    def play() -> GameState:
        engine = Engine(mini)
        state = engine.new_game()
        for pick in picks:
            options = engine.view(state).open_options
            if not options:
                break
            state = engine.choose(state, options[pick % len(options)].index).state
        return state

    assert play() == play()


def test_engine_imports_no_ui() -> None:
    """Importing and running the engine loads neither textual nor rich."""
    code = (
        "import sys\n"
        "from game.story.loader import load_or_raise\n"
        "from game.play.engine import Engine\n"
        "from game.play.saves import SaveStore\n"
        "from game.play.reconcile import fit_to_story\n"
        "engine = Engine(load_or_raise(['tests/stories/mini']))\n"
        "engine.choose(engine.new_game(), 0)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    from tests.conftest import ROOT

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]"
