"""The game state: everything that changes during play, and nothing else.

A ``GameState`` is immutable; the engine returns a new one after every choice. Each step of
the path keeps the variables and flags as they were *before* the choice, so undo is exact
and cheap, and still works after a save is loaded into a story that has been edited.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True, slots=True)
class Step:
    """One choice made: where, which, what history chose there, and the state before it."""

    scene: str
    """The scene the choice was made in."""
    choice: int
    """The index of the chosen choice among the scene's authored choices."""
    historical: int | None
    """The index of the choice history took there; None when the scene marks none."""
    variables: Mapping[str, int]
    """The variables just before choosing (for undo)."""
    flags: frozenset[str]
    """The flags just before choosing (for undo)."""

    @property
    def is_decision(self) -> bool:
        """True when history took a known choice here, so following it can be judged."""
        return self.historical is not None

    @property
    def followed_history(self) -> bool | None:
        """True or False at a decision, None elsewhere."""
        return None if self.historical is None else self.choice == self.historical

    def to_json(self) -> dict[str, Any]:
        """A plain-data form of the step."""
        return {
            "scene": self.scene,
            "choice": self.choice,
            "historical": self.historical,
            "variables": dict(self.variables),
            "flags": sorted(self.flags),
        }

    @classmethod
    def from_json(cls, data: Any) -> Step:
        """Rebuild a step; raise ValueError when the data has the wrong shape."""
        _expect(isinstance(data, dict), "a step is not an object")
        historical = data.get("historical")
        _expect(historical is None or _is_int(historical), "a step's historical choice is not a number")
        return cls(
            scene=_text(data.get("scene"), "a step's scene"),
            choice=_number(data.get("choice"), "a step's choice"),
            historical=historical,
            variables=_numbers(data.get("variables"), "a step's variables"),
            flags=_names(data.get("flags"), "a step's flags"),
        )


@dataclass(frozen=True, slots=True)
class GameState:
    """Where the player is and what they have done."""

    scene: str
    """The id of the current scene."""
    variables: Mapping[str, int]
    """Every declared variable's value."""
    flags: frozenset[str]
    """The flags that are set."""
    visits: Mapping[str, int]
    """How many times each scene has been entered."""
    path: tuple[Step, ...] = ()
    """The choices made so far, oldest first."""
    origin: str | None = None
    """The chapter the game was started from with chapter select; None for a new game."""

    def scenes_seen(self) -> list[str]:
        """The scenes on the path and the current one, each once, in the order first reached."""
        return list(dict.fromkeys([*(step.scene for step in self.path), self.scene]))

    def to_json(self) -> dict[str, Any]:
        """A plain-data form of the state, for saves and transcripts."""
        return {
            "scene": self.scene,
            "origin": self.origin,
            "variables": dict(self.variables),
            "flags": sorted(self.flags),
            "visits": dict(self.visits),
            "path": [step.to_json() for step in self.path],
        }

    @classmethod
    def from_json(cls, data: Any) -> GameState:
        """Rebuild a state; raise ValueError naming what is wrong when the data is malformed."""
        _expect(isinstance(data, dict), "the state is not an object")
        origin = data.get("origin")
        _expect(origin is None or isinstance(origin, str), "the origin is not a chapter id")
        path = data.get("path", [])
        _expect(isinstance(path, list), "the path is not a list")
        return cls(
            scene=_text(data.get("scene"), "the scene"),
            variables=_numbers(data.get("variables"), "the variables"),
            flags=_names(data.get("flags"), "the flags"),
            visits=_numbers(data.get("visits"), "the visits"),
            path=tuple(Step.from_json(step) for step in path),
            origin=origin,
        )


def frozen(values: dict) -> Mapping:
    """A read-only mapping for a state field."""
    return MappingProxyType(values)


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value: Any, what: str) -> str:
    _expect(isinstance(value, str) and bool(value), f"{what} is missing or not text")
    return value


def _number(value: Any, what: str) -> int:
    _expect(_is_int(value), f"{what} is not a whole number")
    return value


def _numbers(value: Any, what: str) -> Mapping[str, int]:
    _expect(isinstance(value, dict), f"{what} are not an object")
    _expect(
        all(isinstance(k, str) and _is_int(v) for k, v in value.items()), f"{what} hold something other than numbers"
    )
    return frozen(dict(value))


def _names(value: Any, what: str) -> frozenset[str]:
    _expect(isinstance(value, list) and all(isinstance(v, str) for v in value), f"{what} are not a list of names")
    return frozenset(value)
