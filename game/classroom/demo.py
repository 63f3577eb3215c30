"""The projector demo's script: the games states a demo steps through, with no UI.

A demo walks one path, history's or a student's transcript, and lets the teacher step back
and forth along it. Each stop is a state; at a decision the demo shows every choice, which one
the path takes, and which one history took.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from game.play.engine import Engine
from game.play.state import GameState

MAX_STOPS = 500
"""A guard against a story whose history loops forever."""


@dataclass(frozen=True, slots=True)
class Stop:
    """One scene of the demo, and the choice the path makes there (None at the end)."""

    state: GameState
    taken: int | None
    historical: int | None

    @property
    def is_decision(self) -> bool:
        """True where history is known to have chosen, so the class can be asked first."""
        return self.historical is not None and self.taken is not None


def history_picks(engine: Engine, start: GameState) -> list[int]:
    """History's choices from a state to the end (the first open choice where history marks none)."""
    picks, state = [], start
    while engine.view(state).ending is None and len(picks) < MAX_STOPS:
        index = engine.history_or_first(state)
        if index is None:
            break
        picks.append(index)
        state = engine.choose(state, index).state
    return picks


def demo_stops(engine: Engine, start: GameState, picks: Sequence[int]) -> list[Stop]:
    """The stops of a path: each state along it with the choice made there."""
    stops, state = [], start
    for index in picks:
        historical = engine.scene(state).historical_index
        stops.append(Stop(state, index, historical))
        state = engine.choose(state, index).state
    stops.append(Stop(state, None, engine.scene(state).historical_index))
    return stops
