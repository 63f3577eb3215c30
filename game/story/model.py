"""The story model: immutable objects built once when a story loads.

Nothing here changes during play. Everything that changes lives in ``GameState``
(``game.play.state``); the engine (``game.play.engine``) combines the two.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING

from game.story.problems import Location
from game.story.prose import NO_PROSE, Prose

if TYPE_CHECKING:
    from game.story.conditions import Condition
    from game.story.story_map import StoryMap

NOWHERE = Location("<story>")


class Placed:
    """Mixin for model objects that remember where each of their keys is written."""

    __slots__ = ()

    def where(self, key: str) -> Location:
        """Where one key (or ``kind:name`` entry) is written; the object's own place when unknown."""
        return self.places.get(key, self.location)


class Reliability(StrEnum):
    """How far a historical note can be trusted."""

    DOCUMENTED = "documented"
    DISPUTED = "disputed"
    INVENTED = "invented"

    @property
    def label(self) -> str:
        """How players see it."""
        return _RELIABILITY_LABELS[self]


_RELIABILITY_LABELS = {
    Reliability.DOCUMENTED: "documented",
    Reliability.DISPUTED: "disputed: historians disagree",
    Reliability.INVENTED: "invented for the game",
}


class EndingKind(StrEnum):
    """Whether an ending is what really happened or a road history did not take."""

    HISTORICAL = "historical"
    DIVERGENT = "divergent"


class CodexKind(StrEnum):
    """The sections of the codex."""

    PERSON = "person"
    PLACE = "place"
    FACTION = "faction"
    TERM = "term"


@dataclass(frozen=True, slots=True)
class Variable:
    """A number the story tracks, such as popular support."""

    name: str
    """The name used in conditions and effects."""
    label: str
    """What players see."""
    start: int
    """The value at the start of the story."""
    minimum: int | None = None
    """The lowest value; effects are clamped to it. None: no lower bound."""
    maximum: int | None = None
    """The highest value; effects are clamped to it. None: no upper bound."""
    location: Location = NOWHERE
    """Where it is declared."""
    stop_at_bounds: bool = False
    """True when values are meant to pile up at a bound, so explore does not call an overflow a mistake."""

    @property
    def ranged(self) -> bool:
        """True when both bounds are declared, so a front end can draw a bar."""
        return self.minimum is not None and self.maximum is not None

    def clamp(self, value: int) -> int:
        """Keep a value inside the declared range."""
        if self.minimum is not None and value < self.minimum:
            return self.minimum
        if self.maximum is not None and value > self.maximum:
            return self.maximum
        return value

    def allows(self, value: int) -> bool:
        """True when a value lies inside the declared range."""
        return self.clamp(value) == value


@dataclass(frozen=True, slots=True)
class Flag:
    """A yes/no fact the story tracks, such as whether the player trusts Abukov."""

    name: str
    """The name used in conditions (``flags.NAME``) and effects."""
    label: str
    """What players see."""
    start: bool = False
    """Whether it is set at the start of the story."""
    location: Location = NOWHERE
    """Where it is declared."""


@dataclass(frozen=True, slots=True)
class Effects(Placed):
    """Changes to variables and flags, applied in this order: set, add, set flags, clear flags."""

    set: tuple[tuple[str, int], ...] = ()
    """Variables given a value."""
    add: tuple[tuple[str, int], ...] = ()
    """Variables changed by an amount (negative to subtract)."""
    set_flags: tuple[str, ...] = ()
    """Flags switched on."""
    clear_flags: tuple[str, ...] = ()
    """Flags switched off."""
    location: Location = NOWHERE
    """Where they are written."""
    places: Mapping[str, Location] = field(default_factory=dict, compare=False)
    """Where each name is written, for precise messages (keyed ``set:NAME``, ``set_flags:NAME`` ...)."""

    def __bool__(self) -> bool:
        return bool(self.set or self.add or self.set_flags or self.clear_flags)


NO_EFFECTS = Effects()


@dataclass(frozen=True, slots=True)
class Chapter(Placed):
    """A part of the story that can be played on its own from chapter select."""

    id: str
    """The name scenes use in their ``chapter`` key."""
    title: str
    """What players see."""
    start: str
    """The scene a chapter-select game begins in."""
    preset: Effects = NO_EFFECTS
    """The state history had reached by then, applied on top of the story's start values."""
    summary: str = ""
    """One or two sentences for chapter select."""
    location: Location = NOWHERE
    """Where it is declared."""
    places: Mapping[str, Location] = field(default_factory=dict, compare=False)
    """Where some of its keys are written, for precise messages."""


@dataclass(frozen=True, slots=True)
class Note:
    """The historical note of a scene: what is known, how reliably, and from where."""

    text: str
    """The note itself (Markdown)."""
    reliability: Reliability
    """Documented, disputed or invented."""
    sources: tuple[str, ...] = ()
    """Where the facts come from."""


@dataclass(frozen=True, slots=True)
class Choice(Placed):
    """A choice as the author wrote it; the engine decides at run time whether it is open."""

    text: str
    """What players see."""
    goto: str
    """The id of the scene it leads to."""
    condition: Condition | None = None
    """When it is open; None means always."""
    effects: Effects = NO_EFFECTS
    """What choosing it changes."""
    history: bool = False
    """True when this is what really happened."""
    consequence: Prose = NO_PROSE
    """Shown right after choosing, before the next scene (selected by the state after the choice)."""
    locked_reason: str = ""
    """When set, a closed choice is shown disabled with this reason; otherwise it is hidden."""
    location: Location = NOWHERE
    """Where it is written."""
    places: Mapping[str, Location] = field(default_factory=dict, compare=False)
    """Where some of its keys are written, for precise messages."""
    id: str = ""
    """The author's own name for the choice (optional); saves remember a choice by it, else by its text."""

    @property
    def identity(self) -> str:
        """What a save remembers this choice by: its ``id`` when the author gave one, else its text."""
        return self.id or self.text


@dataclass(frozen=True, slots=True)
class Ending:
    """How the story ends when it reaches this scene."""

    kind: EndingKind
    """Historical or divergent."""
    title: str
    """The ending's name."""
    epilogue: Prose
    """What became of everyone (Markdown; selected by the state on reaching the ending)."""
    what_really_happened: str
    """History's own outcome, set beside the player's (Markdown)."""
    explanations: tuple[Explanation, ...] = ()
    """Historians' explanations of the outcome, shown side by side."""
    questions: tuple[str, ...] = ()
    """Questions for discussion in class."""


@dataclass(frozen=True, slots=True)
class Explanation:
    """One historian's (or school's) explanation, for the ending screen."""

    who: str
    """Whose view it is, such as "Yeghikian and Fakhrayi"."""
    view: str
    """The explanation itself (Markdown)."""


@dataclass(frozen=True, slots=True)
class TimelineEvent(Placed):
    """An event of the historical timeline, shown beside the player's own path."""

    date: str
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    event: str
    """What happened, in one or two sentences."""
    place: str = ""
    """Where."""
    reliability: Reliability = Reliability.DOCUMENTED
    """How sure the sources are (disputed dates read as disputed)."""
    scene: str = ""
    """The scene where the game tells this event, if any."""
    location: Location = NOWHERE
    """Where it is written."""
    places: Mapping[str, Location] = field(default_factory=dict, compare=False)
    """Where some of its keys are written, for precise messages."""


@dataclass(frozen=True, slots=True)
class Scene(Placed):
    """One node of the story graph."""

    id: str
    """Unique across the story; used by ``goto`` and saves."""
    chapter: str
    """The chapter it belongs to."""
    title: str
    """Shown in the header, the log and save slots."""
    text: Prose
    """The scene itself (Markdown; selected by the state on entering the scene)."""
    date: str = ""
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; empty when unknown."""
    place: str = ""
    """Where it happens."""
    note: Note | None = None
    """The historical note, if any."""
    codex: tuple[str, ...] = ()
    """Codex entries this scene introduces."""
    on_enter: Effects = NO_EFFECTS
    """Applied every time the scene is entered."""
    choices: tuple[Choice, ...] = ()
    """The authored choices, in order."""
    ending: Ending | None = None
    """Set when the story ends here."""
    decision: str = ""
    """At a real historical decision: one sentence on what was decided, by whom and when; else empty."""
    assumes: Condition | None = None
    """What the scene's unconditional text takes for granted; ``jangal explore`` proves every entry meets it."""
    location: Location = NOWHERE
    """Where it is written."""
    places: Mapping[str, Location] = field(default_factory=dict, compare=False)
    """Where some of its keys are written, for precise messages."""

    @property
    def historical_index(self) -> int | None:
        """The index of the choice history took here, or None (always None without ``decision``)."""
        if not self.decision:
            return None
        for index, choice in enumerate(self.choices):
            if choice.history:
                return index
        return None


@dataclass(frozen=True, slots=True)
class CodexEntry:
    """A person, place, faction or term the player can look up."""

    id: str
    """Unique across the codex; scenes refer to it."""
    kind: CodexKind
    """Which section it belongs to."""
    name: str
    """The heading players see."""
    text: str
    """The entry (Markdown)."""
    reliability: Reliability = Reliability.DOCUMENTED
    """How reliable the entry is; invented people are marked invented."""
    location: Location = NOWHERE
    """Where it is written."""


def frozen_map(items: Mapping) -> Mapping:
    """A read-only view of a dict, for the model's lookup tables."""
    return MappingProxyType(dict(items))


@dataclass(frozen=True, slots=True)
class Story:
    """A whole story: its declarations, scenes and codex."""

    id: str
    """Identifies the story in saves, so a save is never loaded into another story."""
    title: str
    """What players see."""
    start: str
    """The scene a new game begins in."""
    blurb: str = ""
    """One line for the title screen."""
    viewpoint: str = ""
    """Who the player is, told before the first scene."""
    variables: Mapping[str, Variable] = field(default_factory=dict)
    """Declared variables by name, in declaration order."""
    flags: Mapping[str, Flag] = field(default_factory=dict)
    """Declared flags by name, in declaration order."""
    chapters: Mapping[str, Chapter] = field(default_factory=dict)
    """Chapters by id, in story order."""
    scenes: Mapping[str, Scene] = field(default_factory=dict)
    """Scenes by id, in file order."""
    codex: Mapping[str, CodexEntry] = field(default_factory=dict)
    """Codex entries by id."""
    timeline: tuple[TimelineEvent, ...] = ()
    """The historical timeline, in date order."""
    map: StoryMap | None = None
    """The story's map, when it declares one (``map:``); the map screen draws it."""
    fingerprint: str = ""
    """A digest of the source files: two loads of the same files share it."""

    def scene(self, scene_id: str) -> Scene:
        """The scene with this id (KeyError when there is none)."""
        return self.scenes[scene_id]
