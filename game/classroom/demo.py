"""The projector demo's script: the games states a demo steps through, with no UI.

A demo walks one path, history's or a student's transcript, and lets the teacher step back
and forth along it. Each stop is a state; at a decision the demo shows every choice, which one
the path takes, and which one history took. At an ending, the historians' explanations and the
questions for discussion follow as steps of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from game.play.engine import Engine
from game.play.language import _, local_digits
from game.play.session import MAX_AUTOPLAY_CHOICES
from game.play.state import GameState
from game.story.model import Ending

MAX_STOPS = MAX_AUTOPLAY_CHOICES
"""A guard against a story whose history loops forever, the same as every autoplay's."""


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


@dataclass(frozen=True, slots=True)
class EndingStep:
    """One step after an ending's own text: a historian's explanation, or the questions so far."""

    kind: Literal["explanation", "question"]
    """Which of the two it is."""
    label: str
    """What the status line calls it, such as ``explanation 2 of 3 (Nejad)``."""
    markdown: str
    """What the projector shows."""


def ending_steps(ending: Ending) -> tuple[EndingStep, ...]:
    """The ending screen's explanations, one a step, then its questions, one more a step.

    Each question step shows the questions asked so far, so the last one leaves them all on screen.
    """
    steps = []
    count = local_digits(str(len(ending.explanations)))
    heading = _("Why did the republic fall?")  # the ending screen's own heading for the historians' explanations
    for number, explanation in enumerate(ending.explanations, start=1):
        markdown = f"## {heading}\n\n### {explanation.who}\n\n{explanation.view}"
        label = _("explanation {number} of {count} ({who})").format(
            number=local_digits(str(number)), count=count, who=explanation.who
        )
        steps.append(EndingStep("explanation", label, markdown))
    asked: list[str] = []
    total = local_digits(str(len(ending.questions)))
    discussion = _("For discussion")
    for number, question in enumerate(ending.questions, start=1):
        asked.append(f"{local_digits(str(number))}. {question}")
        markdown = f"## {discussion}\n\n" + "\n".join(asked)
        label = _("question {number} of {total}").format(number=local_digits(str(number)), total=total)
        steps.append(EndingStep("question", label, markdown))
    return tuple(steps)
