"""Every text of a story a player is shown, each with a stable identity, for translators.

An identity is derived from the text's place, by names rather than by order wherever the story
gives names: ``scene/manjil/title``, ``scene/manjil/text/0`` (the first block; ``…/0/else`` its
other paragraph), ``scene/manjil/choice/1/consequence/0``, ``codex/kuchik_khan/text``. Moving a
scene to another file, or reordering scenes, codex entries or chapters, keeps every identity;
only the order of a scene's own blocks and choices (and of same-day timeline events) is part of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from game.story.model import Placed, Scene, Story
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
