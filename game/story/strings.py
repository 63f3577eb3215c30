"""Every text of a story a player is shown, each with a stable identity, for translators.

An identity is derived from the text's place, by names rather than by order wherever the story
gives names: ``scene/manjil/title``, ``scene/manjil/text/0`` (the first block; ``…/0/else`` its
other paragraph), ``scene/manjil/choice/1/consequence/0``, ``codex/kuchik_khan/text``. Moving a
scene to another file, or reordering scenes, codex entries or chapters, keeps every identity;
only the order of a scene's own blocks and choices (and of same-day timeline events) is part of it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

from game.story.model import Chapter, Choice, CodexEntry, Ending, Placed, Scene, Story, TimelineEvent, frozen_map
from game.story.problems import Location
from game.story.prose import Prose


@dataclass(frozen=True, slots=True)
class StoryString:
    """One text a player is shown, where it is written, and its identity."""

    id: str
    text: str
    location: Location


def story_strings(story: Story) -> list[StoryString]:
    """Every text of the story that a translation must give, in story order, empty texts left out."""
    return [item for item in _all(story) if item.text.strip()]


def _all(story: Story) -> Iterator[StoryString]:
    yield from _each("story", _story_file(story), title=story.title, blurb=story.blurb, viewpoint=story.viewpoint)
    for name, variable in story.variables.items():
        yield StoryString(f"variable/{name}/label", variable.label, variable.location)
    for name, flag in story.flags.items():
        yield StoryString(f"flag/{name}/label", flag.label, flag.location)
    for chapter in story.chapters.values():
        yield from _each(f"chapter/{chapter.id}", chapter, title=chapter.title, summary=chapter.summary)
    for scene in story.scenes.values():
        yield from _scene(scene)
    for entry in story.codex.values():
        yield from _each(f"codex/{entry.id}", entry.location, name=entry.name, text=entry.text)
    yield from _timeline(story)


def _story_file(story: Story) -> Location:
    """The story file, as near as the model knows it: where its first chapter or variable is declared."""
    declared = [*story.chapters.values(), *story.variables.values(), *story.flags.values()]
    return Location(declared[0].location.path) if declared else Location("<story>")


def _scene(scene: Scene) -> Iterator[StoryString]:
    base = f"scene/{scene.id}"
    yield from _each(base, scene, title=scene.title, place=scene.place, decision=scene.decision)
    yield from _prose(f"{base}/text", scene.text, scene.where("text"))
    if scene.note is not None:
        note = scene.where("note")
        yield StoryString(f"{base}/note", scene.note.text, note)
        for number, source in enumerate(scene.note.sources):
            yield StoryString(f"{base}/note/source/{number}", source, note)
    for number, choice in enumerate(scene.choices):
        where = choice.where("consequence")
        key = f"{base}/choice/{getattr(choice, 'id', '') or number}"
        yield from _each(key, choice, text=choice.text, locked_reason=choice.locked_reason)
        yield from _prose(f"{key}/consequence", choice.consequence, where)
    ending = scene.ending
    if ending is not None:
        at = scene.where("ending")
        yield from _each(f"{base}/ending", at, title=ending.title, history=ending.what_really_happened)
        yield from _prose(f"{base}/ending/epilogue", ending.epilogue, at)
        for number, explanation in enumerate(ending.explanations):
            who, view = explanation.who, explanation.view
            yield from _each(f"{base}/ending/explanation/{number}", at, who=who, view=view)
        for number, question in enumerate(ending.questions):
            yield StoryString(f"{base}/ending/question/{number}", question, at)


def _prose(base: str, prose: Prose, fallback: Location) -> Iterator[StoryString]:
    for number, block in enumerate(prose.blocks):
        where = block.location if block.location.line else fallback
        yield StoryString(f"{base}/{number}", block.text, where)
        if block.otherwise:
            yield StoryString(f"{base}/{number}/else", block.otherwise, where)


def _timeline(story: Story) -> Iterator[StoryString]:
    seen: dict[str, int] = {}
    for event in story.timeline:
        number = seen.get(event.date, 0)
        seen[event.date] = number + 1
        yield from _each(f"timeline/{event.date}/{number}", event, event=event.event, place=event.place)


def _each(base: str, where: Location | Placed, **texts: str) -> Iterator[StoryString]:
    """A text per keyword, each at its key's own line where the model knows it."""
    for field, text in texts.items():
        place = where.where(field) if isinstance(where, Placed) else where
        yield StoryString(f"{base}/{field}", text, place)


def translated(story: Story, texts: Mapping[str, str]) -> Story:
    """The story with each text that ``texts`` (identity → translation) gives replaced; the rest left in English.

    The same identities as ``story_strings``; nothing else of the model changes, so a translated story plays,
    saves and explores exactly as the English one.
    """
    if not texts:
        return story
    swap = _Swapper(texts)
    return replace(
        story,
        title=swap("story/title", story.title),
        blurb=swap("story/blurb", story.blurb),
        viewpoint=swap("story/viewpoint", story.viewpoint),
        variables=frozen_map(
            {n: replace(v, label=swap(f"variable/{n}/label", v.label)) for n, v in story.variables.items()}
        ),
        flags=frozen_map({n: replace(f, label=swap(f"flag/{n}/label", f.label)) for n, f in story.flags.items()}),
        chapters=frozen_map({key: swap.chapter(chapter) for key, chapter in story.chapters.items()}),
        scenes=frozen_map({key: swap.scene(scene) for key, scene in story.scenes.items()}),
        codex=frozen_map({key: swap.codex(entry) for key, entry in story.codex.items()}),
        timeline=swap.timeline(story.timeline),
    )


class _Swapper:
    """Replaces the texts of model objects by their translations, identity by identity."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self.texts = texts

    def __call__(self, identity: str, text: str) -> str:
        return self.texts.get(identity, text) if text.strip() else text

    def prose(self, base: str, prose: Prose) -> Prose:
        blocks = tuple(
            replace(block, text=self(f"{base}/{n}", block.text), otherwise=self(f"{base}/{n}/else", block.otherwise))
            for n, block in enumerate(prose.blocks)
        )
        return Prose(blocks)

    def chapter(self, chapter: Chapter) -> Chapter:
        base = f"chapter/{chapter.id}"
        return replace(
            chapter, title=self(f"{base}/title", chapter.title), summary=self(f"{base}/summary", chapter.summary)
        )

    def scene(self, scene: Scene) -> Scene:
        base = f"scene/{scene.id}"
        note = scene.note
        if note is not None:
            sources = tuple(self(f"{base}/note/source/{n}", source) for n, source in enumerate(note.sources))
            note = replace(note, text=self(f"{base}/note", note.text), sources=sources)
        choices = tuple(
            self.choice(f"{base}/choice/{getattr(c, 'id', '') or n}", c) for n, c in enumerate(scene.choices)
        )
        return replace(
            scene,
            title=self(f"{base}/title", scene.title),
            place=self(f"{base}/place", scene.place),
            decision=self(f"{base}/decision", scene.decision),
            text=self.prose(f"{base}/text", scene.text),
            note=note,
            choices=choices,
            ending=self.ending(f"{base}/ending", scene.ending),
        )

    def choice(self, base: str, choice: Choice) -> Choice:
        return replace(
            choice,
            text=self(f"{base}/text", choice.text),
            locked_reason=self(f"{base}/locked_reason", choice.locked_reason),
            consequence=self.prose(f"{base}/consequence", choice.consequence),
        )

    def ending(self, base: str, ending: Ending | None) -> Ending | None:
        if ending is None:
            return None
        explanations = tuple(
            replace(
                item,
                who=self(f"{base}/explanation/{n}/who", item.who),
                view=self(f"{base}/explanation/{n}/view", item.view),
            )
            for n, item in enumerate(ending.explanations)
        )
        questions = tuple(self(f"{base}/question/{n}", question) for n, question in enumerate(ending.questions))
        return replace(
            ending,
            title=self(f"{base}/title", ending.title),
            what_really_happened=self(f"{base}/history", ending.what_really_happened),
            epilogue=self.prose(f"{base}/epilogue", ending.epilogue),
            explanations=explanations,
            questions=questions,
        )

    def codex(self, entry: CodexEntry) -> CodexEntry:
        base = f"codex/{entry.id}"
        return replace(entry, name=self(f"{base}/name", entry.name), text=self(f"{base}/text", entry.text))

    def timeline(self, events: tuple[TimelineEvent, ...]) -> tuple[TimelineEvent, ...]:
        seen: dict[str, int] = {}
        swapped = []
        for event in events:
            number = seen.get(event.date, 0)
            seen[event.date] = number + 1
            base = f"timeline/{event.date}/{number}"
            swapped.append(
                replace(event, event=self(f"{base}/event", event.event), place=self(f"{base}/place", event.place))
            )
        return tuple(swapped)
