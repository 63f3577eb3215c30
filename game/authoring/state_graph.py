"""The graph an exhaustive walk builds: states as numbers, the choices between them in flat arrays.

States are numbered in the order the breadth-first walk finds them, which is also the order it
explores them. Each keeps the state it was found from and the choice that led there (so a path is
read back only when a finding needs one, instead of every state holding its own), and the choices
out of it, as the targets and choice indexes between two offsets (a compressed sparse row): a few
bytes a choice rather than a Python list per state.
"""

from __future__ import annotations

from array import array


class StateGraph:
    """The states of one walk and the open choices between them."""

    def __init__(self) -> None:
        self.parents = array("i", [-1])
        """For each state, the state it was first reached from (-1 for the start)."""
        self.via = array("H", [0])
        """For each state, the index of the choice that first reached it."""
        self.offsets = array("I", [0])
        """State *n*'s choices are ``targets[offsets[n]:offsets[n + 1]]`` once it is explored."""
        self.targets = array("I")
        """Where each open choice of each explored state leads, state by state."""
        self.choices = array("H")
        """The index of each of those choices among its scene's authored choices."""

    def found(self, parent: int, index: int) -> None:
        """Note a new state, reached from ``parent`` by choice ``index``: it is numbered next."""
        self.parents.append(parent)
        self.via.append(index)

    def choice(self, target: int, index: int) -> None:
        """Note an open choice of the state being explored."""
        self.targets.append(target)
        self.choices.append(index)

    def explored(self) -> None:
        """Close the choices of the state being explored (states are explored in their numbers' order)."""
        self.offsets.append(len(self.targets))

    def path(self, state: int) -> tuple[int, ...]:
        """The choice indexes that first reached a state from the start (a shortest path, in a breadth-first walk)."""
        indexes = []
        while state > 0:
            indexes.append(self.via[state])
            state = self.parents[state]
        return tuple(reversed(indexes))

    def __len__(self) -> int:
        """How many states have been explored."""
        return len(self.offsets) - 1

    def __getitem__(self, state: int) -> array:
        """The targets of an explored state's open choices (what ``count_paths`` reads as edges)."""
        return self.targets[self.offsets[state] : self.offsets[state + 1]]

    def out(self, state: int) -> range:
        """The positions of an explored state's choices in ``targets`` and ``choices``."""
        return range(self.offsets[state], self.offsets[state + 1])
