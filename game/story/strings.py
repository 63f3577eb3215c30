"""Every text of a story a player is shown, each with a stable identity, for translators.

An identity is derived from the text's place, by names rather than by order wherever the story
gives names: ``scene/manjil/title``, ``scene/manjil/text/0`` (the first block; ``…/0/else`` its
other paragraph), ``scene/manjil/choice/1/consequence/0``, ``codex/kuchik_khan/text``. Moving a
scene to another file, or reordering scenes, codex entries or chapters, keeps every identity;
only the order of a scene's own blocks and choices (and of same-day timeline events) is part of it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
    found: list[StoryString] = []

    def note(identity: str, text: str, location: Location) -> str:
        if text.strip():
            found.append(StoryString(identity, text, location))
        return text

    _Rewrite(note).story(story)
    return found


def translated(story: Story, texts: Mapping[str, str]) -> Story:
    """The story with each text that ``texts`` (identity → translation) gives replaced; the rest left in English.

    The identities are ``story_strings``'s, from the same walk; nothing else of the model changes, so a
    translated story plays, saves and explores exactly as the English one.
    """
    if not texts:
        return story

    def swap(identity: str, text: str, _location: Location) -> str:
        return texts.get(identity, text) if text.strip() else text

    return _Rewrite(swap).story(story)


TextRule = Callable[[str, str, Location], str]
"""Given a text's identity, the text and where it is written, the text to put in its place."""


class _Rewrite:
    """The one walk over every player-visible text: each passes through ``rule`` and the model is rebuilt.

    Listing the texts is this walk with a rule that notes each and changes none, so the identities a
    translation is written under and those it is read back by cannot drift apart.
    """

    def __init__(self, rule: TextRule) -> None:
        self.rule = rule

    def each(self, base: str, where: Location | Placed, field: str, text: str) -> str:
        """One keyword's text, at its key's own line where the model knows it."""
        place = where.where(field) if isinstance(where, Placed) else where
        return self.rule(f"{base}/{field}", text, place)

    def story(self, story: Story) -> Story:
        home = _story_file(story)
        title = self.each("story", home, "title", story.title)
        blurb = self.each("story", home, "blurb", story.blurb)
        viewpoint = self.each("story", home, "viewpoint", story.viewpoint)
        variables = {
            name: replace(item, label=self.rule(f"variable/{name}/label", item.label, item.location))
            for name, item in story.variables.items()
        }
        flags = {
            name: replace(item, label=self.rule(f"flag/{name}/label", item.label, item.location))
            for name, item in story.flags.items()
        }
        chapters = {key: self.chapter(chapter) for key, chapter in story.chapters.items()}
        scenes = {key: self.scene(scene) for key, scene in story.scenes.items()}
        codex = {key: self.codex(entry) for key, entry in story.codex.items()}
        return replace(
            story,
            title=title,
            blurb=blurb,
            viewpoint=viewpoint,
            variables=frozen_map(variables),
            flags=frozen_map(flags),
            chapters=frozen_map(chapters),
            scenes=frozen_map(scenes),
            codex=frozen_map(codex),
            timeline=self.timeline(story.timeline),
        )

    def chapter(self, chapter: Chapter) -> Chapter:
        base = f"chapter/{chapter.id}"
        title = self.each(base, chapter, "title", chapter.title)
        return replace(chapter, title=title, summary=self.each(base, chapter, "summary", chapter.summary))

    def scene(self, scene: Scene) -> Scene:
        base = f"scene/{scene.id}"
        title = self.each(base, scene, "title", scene.title)
        place = self.each(base, scene, "place", scene.place)
        decision = self.each(base, scene, "decision", scene.decision)
        text = self.prose(f"{base}/text", scene.text, scene.where("text"))
        note = scene.note
        if note is not None:
            at = scene.where("note")
            note_text = self.rule(f"{base}/note", note.text, at)
            sources = tuple(self.rule(f"{base}/note/source/{n}", item, at) for n, item in enumerate(note.sources))
            note = replace(note, text=note_text, sources=sources)
        choices = tuple(
            self.choice(f"{base}/choice/{getattr(choice, 'id', '') or number}", choice)
            for number, choice in enumerate(scene.choices)
        )
        ending = self.ending(f"{base}/ending", scene.ending, scene.where("ending"))
        return replace(
            scene, title=title, place=place, decision=decision, text=text, note=note, choices=choices, ending=ending
        )

    def choice(self, base: str, choice: Choice) -> Choice:
        text = self.each(base, choice, "text", choice.text)
        locked_reason = self.each(base, choice, "locked_reason", choice.locked_reason)
        consequence = self.prose(f"{base}/consequence", choice.consequence, choice.where("consequence"))
        return replace(choice, text=text, locked_reason=locked_reason, consequence=consequence)

    def ending(self, base: str, ending: Ending | None, at: Location) -> Ending | None:
        if ending is None:
            return None
        title = self.each(base, at, "title", ending.title)
        history = self.each(base, at, "history", ending.what_really_happened)
        epilogue = self.prose(f"{base}/epilogue", ending.epilogue, at)
        explanations = tuple(
            replace(
                item,
                who=self.each(f"{base}/explanation/{n}", at, "who", item.who),
                view=self.each(f"{base}/explanation/{n}", at, "view", item.view),
            )
            for n, item in enumerate(ending.explanations)
        )
        questions = tuple(self.rule(f"{base}/question/{n}", item, at) for n, item in enumerate(ending.questions))
        return replace(
            ending,
            title=title,
            what_really_happened=history,
            epilogue=epilogue,
            explanations=explanations,
            questions=questions,
        )

    def prose(self, base: str, prose: Prose, fallback: Location) -> Prose:
        blocks = []
        for number, block in enumerate(prose.blocks):
            where = block.location if block.location.line else fallback
            text = self.rule(f"{base}/{number}", block.text, where)
            otherwise = self.rule(f"{base}/{number}/else", block.otherwise, where)
            blocks.append(replace(block, text=text, otherwise=otherwise))
        return Prose(tuple(blocks))

    def codex(self, entry: CodexEntry) -> CodexEntry:
        base = f"codex/{entry.id}"
        name = self.each(base, entry.location, "name", entry.name)
        return replace(entry, name=name, text=self.each(base, entry.location, "text", entry.text))

    def timeline(self, events: tuple[TimelineEvent, ...]) -> tuple[TimelineEvent, ...]:
        seen: dict[str, int] = {}
        rewritten = []
        for event in events:
            number = seen.get(event.date, 0)
            seen[event.date] = number + 1
            base = f"timeline/{event.date}/{number}"
            text = self.each(base, event, "event", event.event)
            rewritten.append(replace(event, event=text, place=self.each(base, event, "place", event.place)))
        return tuple(rewritten)


def _story_file(story: Story) -> Location:
    """The story file, as near as the model knows it: where its first chapter or variable is declared."""
    declared = [*story.chapters.values(), *story.variables.values(), *story.flags.values()]
    return Location(declared[0].location.path) if declared else Location("<story>")
