"""Checks that need the whole story: references between blocks, reachability, history marks.

Every check appends to one list; nothing stops at the first problem. Errors make a story
unplayable; warnings point at things an author probably did not mean.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Set

from game.story.conditions import Condition
from game.story.header import StoryHeader
from game.story.loop_checks import raising_loops, unlisted_codex
from game.story.model import Choice, CodexEntry, Effects, Scene, Variable
from game.story.node_reader import suggest
from game.story.problems import Location, Problem, error, warning

MAX_SUGGESTIONS = 200
""""Did you mean" hints worked out per check: each compares a name with every scene (or codex entry), so a
file with thousands of bad references took minutes; the first ones are the ones an author reads."""


def validate(
    header: StoryHeader,
    scenes: Mapping[str, Scene],
    codex: Mapping[str, CodexEntry],
    broken: Set[str | None] = frozenset(),
    *,
    complete: bool = True,
    partial: Iterable[Scene] = (),
) -> list[Problem]:
    """Every cross-reference and graph problem of a story.

    ``broken`` names blocks that exist but could not be built, and ``complete`` is False when a
    file could not be parsed at all. Either way their problems are already reported, so this
    does not report the follow-on "does not exist" or "never used" problems they would cause.
    ``partial`` holds what could be read of the scenes that could not be built: their references
    are checked all the same, so one run shows every mistake of a scene with a bad date.
    """
    check = _Checker(header, scenes, codex, broken, complete)
    check.start_and_chapters()
    for scene in scenes.values():
        check.scene(scene)
    for scene in partial:
        check.references(scene)
    for chapter in header.chapters.values():
        check.effects(chapter.preset, chapter.location)
    if complete and not broken and not header.broken_names:
        check.reachability()
        check.unused_declarations()
        check.problems += unlisted_codex(scenes, codex) + raising_loops(scenes)
    return check.problems


class _Checker:
    def __init__(self, header: StoryHeader, scenes, codex, broken: Set[str | None], complete: bool):
        self.header = header
        self.scenes = scenes
        self.codex = codex
        self.broken = broken
        self.complete = complete
        self.problems: list[Problem] = []
        self.used_variables: set[str] = set()
        self.used_flags: set[str] = set()
        self.suggestions_left = MAX_SUGGESTIONS

    def suggest(self, word: str, options) -> str:
        """``suggest``, for the first ``MAX_SUGGESTIONS`` misspellings: each compares with every option."""
        if self.suggestions_left <= 0:
            return ""
        self.suggestions_left -= 1
        return suggest(word, options)

    def fail(self, message: str, where: Location, hint: str = "") -> None:
        self.problems.append(error(message, where, hint))

    def warn(self, message: str, where: Location, hint: str = "") -> None:
        self.problems.append(warning(message, where, hint))

    def missing_scene(self, scene_id: str, message: str, where: Location) -> None:
        """Report a reference to a scene that does not exist (unless it failed to build or its file is lost)."""
        if scene_id in self.scenes or scene_id in self.broken or not self.complete:
            return
        self.fail(message, where, self.suggest(scene_id, self.scenes) or "check the `id:` of the scene you mean")

    def start_and_chapters(self) -> None:
        start = self.header.start
        self.missing_scene(start, f"the start scene `{start}` does not exist", self.header.start_location)
        for chapter in self.header.chapters.values():
            message = f"chapter `{chapter.id}` starts at `{chapter.start}`, which does not exist"
            self.missing_scene(chapter.start, message, chapter.where("start"))

    def scene(self, scene: Scene) -> None:
        """Every check of a scene: its shape, then what it refers to."""
        self.shape(scene)
        self.history_marks(scene)
        self.references(scene)

    def references(self, scene: Scene) -> None:
        """What a scene names (chapter, codex, scenes, variables, flags): checked for broken scenes too."""
        if scene.chapter and scene.chapter not in self.header.chapters:
            declared = ", ".join(self.header.chapters) or "none yet"
            hint = self.suggest(scene.chapter, self.header.chapters) or f"declared chapters: {declared}"
            message = f"scene `{scene.id}` is in chapter `{scene.chapter}`, which is not declared"
            self.fail(message, scene.where("chapter"), hint)
        for entry in scene.codex:
            if entry not in self.codex and entry not in self.broken and self.complete:
                hint = self.suggest(entry, self.codex) or "add it to a `codex:` list"
                self.fail(f"codex entry `{entry}` does not exist", scene.where(f"codex:{entry}"), hint)
        self.effects(scene.on_enter, scene.location)
        self.texts(scene)
        for choice in scene.choices:
            self.choice(choice)
        self.choice_identities(scene)

    def choice_identities(self, scene: Scene) -> None:
        """Saves remember a choice by its `id`, else its text: two choices of a scene must not share one."""
        first: dict[str, Choice] = {}
        for choice in scene.choices:
            earlier = first.setdefault(choice.identity, choice)
            if earlier is choice:
                continue
            if choice.id:
                message = f"two choices of scene `{scene.id}` have the id `{choice.id}`"
                self.fail(message, choice.where("id"), f"the first is at {earlier.location}; rename one")
            else:
                message = f"two choices of scene `{scene.id}` read “{choice.text}”: a save cannot tell them apart"
                self.warn(message, choice.location, "give each of them an `id:` of its own (such as `id: ask_again`)")

    def shape(self, scene: Scene) -> None:
        """A whole scene's own form: a way on, a date and place."""
        where = scene.location
        if not scene.choices and scene.ending is None:
            self.fail(
                f"scene `{scene.id}` has no choices, so the story would get stuck there",
                where,
                "add `choices:`, or add `ending:` if this scene ends the story",
            )
        elif scene.ending is None and all(choice.condition is not None for choice in scene.choices):
            self.warn(
                f"every choice of scene `{scene.id}` has a condition: when none holds, the game is stuck there",
                where,
                "give one choice no `if:`, so there is always a way on; `jangal explore` finds whether a game "
                "can reach this scene with every choice closed",
            )
        if not scene.date or not scene.place:
            missing = " and ".join(k for k, v in (("date", scene.date), ("place", scene.place)) if not v)
            self.warn(
                f"scene `{scene.id}` has no {missing}", where, "the header shows them; add them if they are known"
            )

    def history_marks(self, scene: Scene) -> None:
        """Only a scene with ``decision:`` marks history's choice, and it marks exactly one."""
        marked = [c for c in scene.choices if c.history]
        if not scene.decision:
            for choice in marked:
                self.fail(
                    f"scene `{scene.id}` marks a choice `history: true` but declares no `decision:`",
                    choice.where("history"),
                    "add `decision:` to the scene with one sentence on what was really decided, by whom and when; "
                    "or remove `history: true` if the choice is the viewpoint character's own",
                )
        elif scene.ending is not None or not scene.choices:
            self.fail(
                f"scene `{scene.id}` declares a `decision:` but has no choices to decide between",
                scene.where("decision"),
                "move `decision:` to the scene where the player makes the choice",
            )
        elif not marked:
            self.fail(
                f"scene `{scene.id}` declares a `decision:` but marks no choice `history: true`",
                scene.where("decision"),
                "add `history: true` to the choice history took",
            )
        elif len(marked) > 1:
            self.fail(
                f"scene `{scene.id}` declares a `decision:` but marks {len(marked)} choices `history: true`",
                marked[1].where("history"),
                "history took one road: mark only one choice `history: true`",
            )

    def texts(self, scene: Scene) -> None:
        """The conditions of every text block and of ``assumes``, checked like a choice's."""
        for condition in scene.text.conditions:
            self.condition(condition, scene.location)
        if scene.ending is not None:
            for condition in scene.ending.epilogue.conditions:
                self.condition(condition, scene.location)
        for choice in scene.choices:
            for condition in choice.consequence.conditions:
                self.condition(condition, choice.location)
        if scene.assumes is not None:
            self.condition(scene.assumes, scene.where("assumes"))
            if scene.ending is not None:
                self.fail(
                    f"ending `{scene.id}` declares `assumes:`, but `assumes` is for scenes the story goes on from",
                    scene.where("assumes"),
                    "write the ending's path-dependent paragraphs as `if:` blocks of its `text` or `epilogue`",
                )

    def choice(self, choice: Choice) -> None:
        if choice.goto:  # a choice missing its `goto` is reported where it was read
            message = f"`goto` leads to `{choice.goto}`, which does not exist"
            self.missing_scene(choice.goto, message, choice.where("goto"))
        if choice.condition is not None:
            self.condition(choice.condition, choice.location)
        self.effects(choice.effects, choice.location)

    def condition(self, condition: Condition, where: Location) -> None:
        variables, flags = self.header.variables, self.header.flags
        source = condition.source
        for ref in condition.references:
            at = condition.location.shifted(ref.offset) if condition.location else where
            if ref.kind == "variable":
                self.used_variables.add(ref.name)
                flag_hint = f"`{ref.name}` is a flag: write `flags.{ref.name}`"
                self.known(ref.name, variables, flags, flag_hint, f"condition `{source}` uses `{ref.name}`", at)
            elif ref.kind == "flag":
                self.used_flags.add(ref.name)
                variable_hint = f"`{ref.name}` is a variable: compare it, such as `{ref.name} > 0`"
                self.known(
                    ref.name, flags, variables, variable_hint, f"condition `{source}` uses flag `{ref.name}`", at
                )
            else:
                message = f"condition `{source}` names scene `{ref.name}`, which does not exist"
                self.missing_scene(ref.name, message, at)

    def known(self, name: str, declared: Mapping, other: Mapping, other_hint: str, message: str, at: Location) -> None:
        """Report a name that is not declared, with a hint when it is declared as the other kind."""
        if name in declared or name in self.header.broken_names:
            return
        kind = "variable" if declared is self.header.variables else "flag"
        hint = other_hint if name in other else self.suggest(name, declared)
        self.fail(f"{message}, which is not a declared {kind}", at, hint or _DECLARE)

    def effects(self, effects: Effects, where: Location) -> None:
        variables, flags = self.header.variables, self.header.flags
        for kind, changes in (("set", effects.set), ("add", effects.add)):
            for name, amount in changes:
                self.used_variables.add(name)
                at = effects.where(f"{kind}:{name}")
                flag_hint = f"`{name}` is a flag: use `set_flags` or `clear_flags`"
                self.known(name, variables, flags, flag_hint, f"effect `{kind}` changes `{name}`", at)
                if name in variables:
                    self.effect_range(kind, variables[name], amount, at)
        for kind in ("set_flags", "clear_flags"):
            for name in getattr(effects, kind):
                self.used_flags.add(name)
                variable_hint = f"`{name}` is a variable: use `set` or `add`"
                self.known(
                    name,
                    flags,
                    variables,
                    variable_hint,
                    f"effect `{kind}` names `{name}`",
                    effects.where(f"{kind}:{name}"),
                )

    def effect_range(self, kind: str, variable: Variable, amount: int, at: Location) -> None:
        span = f"{variable.minimum}..{variable.maximum}"
        if kind == "set" and not variable.allows(amount):
            hint = "choose a value inside the range, or widen `min`/`max` in the story file"
            self.fail(f"effect sets `{variable.name}` to {amount}, outside its range {span}", at, hint)
        elif kind == "add" and variable.ranged and abs(amount) > variable.maximum - variable.minimum:
            hint = "the value will always be clamped to the bound; use `set` if that is what you mean"
            self.warn(f"effect adds {amount} to `{variable.name}`, more than its whole range {span}", at, hint)

    def reachability(self) -> None:
        if self.header.start not in self.scenes:
            return
        reached = set(_walk(self.header.start, self.scenes))
        for scene in self.scenes.values():
            if scene.id in reached:
                continue
            if scene.ending is not None:
                self.warn(
                    f"ending `{scene.id}` can never be reached",
                    scene.location,
                    "add a choice with `goto: " + scene.id + "`",
                )
            else:
                self.warn(
                    f"scene `{scene.id}` cannot be reached from the start scene `{self.header.start}`",
                    scene.location,
                    "add a choice that leads here, or remove the scene",
                )

    def unused_declarations(self) -> None:
        for name, variable in self.header.variables.items():
            if name not in self.used_variables:
                self.warn(
                    f"variable `{name}` is declared but never used",
                    variable.location,
                    "use it in a condition or effect, or remove it",
                )
        for name, flag in self.header.flags.items():
            if name not in self.used_flags:
                self.warn(
                    f"flag `{name}` is declared but never used",
                    flag.location,
                    "use it in a condition or effect, or remove it",
                )


_DECLARE = "declare it under `variables:` or `flags:` in the story file"


def _walk(start: str, scenes: Mapping[str, Scene]) -> Iterator[str]:
    """Every scene id reachable from ``start`` by any choice, ignoring conditions."""
    seen = {start}
    pending = [start]
    while pending:
        scene_id = pending.pop()
        yield scene_id
        for choice in scenes[scene_id].choices:
            if choice.goto in scenes and choice.goto not in seen:
                seen.add(choice.goto)
                pending.append(choice.goto)
