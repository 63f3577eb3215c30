"""A checked story compiled to plain JSON data for the no-server edition (``jangal export --html``).

Nothing in the data is code: conditions are lists (``game.classroom.web_conditions``), effects are
lists of steps in the order the engine applies them, and Markdown is a tree of allowed tags
(``game.classroom.web_markdown``). The player (``web_player/engine.js``) gives the data the
engine's rules. Scenes and other keyed tables are lists, so no story id can collide with a
property the browser's objects already have (``__proto__``, ``constructor``).

A text that can differ by path (a scene's text, a consequence, an epilogue) is a list of blocks, each
a Markdown piece or ``{"if": condition, "then": [...], "else": [...]}``: the player picks the blocks a
state shows, as ``Prose.select`` does (a scene's by the state on entering it, a consequence's by
the state after the choice, an epilogue's by the final state).
"""

from __future__ import annotations

from typing import Any

from game import __version__
from game.classroom.contents import kind_label, when_and_where
from game.classroom.transcript import translation_fingerprint
from game.classroom.web_conditions import condition_data
from game.classroom.web_markdown import piece
from game.classroom.web_words import player_words
from game.classroom.words import ENGLISH_WORDS, Words
from game.story.model import Chapter, Choice, Effects, Ending, Note, Scene, Story, Variable
from game.story.prose import Prose

DATA_VERSION = 2
"""The shape of the data: the player refuses data of another shape."""


def story_data(story: Story, words: Words = ENGLISH_WORDS) -> dict[str, Any]:
    """The whole story as plain data: declarations, chapters, scenes, codex and timeline.

    ``story`` is in the words' language already; a translated edition's data also names its language, the
    translation's fingerprint (for its transcripts) and the player's own words in it (``web_words``).
    """
    data = _story_data(story, words)
    if not words.english:
        data["language"] = words.language
        data["languageName"] = words.name(words.language)
        data["translation"] = translation_fingerprint(story)
        data["words"] = player_words(words)
    return data


def _story_data(story: Story, words: Words) -> dict[str, Any]:
    return {
        "format": "jangal-web-story",
        "version": DATA_VERSION,
        "jangal": __version__,
        "id": story.id,
        "title": story.title,
        "fingerprint": story.fingerprint,
        "start": story.start,
        "blurb": story.blurb,
        "viewpoint": piece(story.viewpoint),
        "variables": [_variable(variable) for variable in story.variables.values()],
        "flags": [{"name": flag.name, "label": flag.label, "start": flag.start} for flag in story.flags.values()],
        "chapters": [_chapter(chapter, story) for chapter in story.chapters.values()],
        "scenes": [_scene(scene, story, words) for scene in story.scenes.values()],
        "codex": [_codex(entry, words) for entry in story.codex.values()],
        "timeline": [_event(event, words) for event in story.timeline],
    }


def _variable(variable: Variable) -> dict[str, Any]:
    return {
        "name": variable.name,
        "label": variable.label,
        "start": variable.start,
        "min": variable.minimum,
        "max": variable.maximum,
    }


def effects_data(effects: Effects, declared: dict[str, Variable]) -> list[list[Any]]:
    """Effects as steps applied in order: ``["set", name, value]`` (already clamped), ``["add", name, amount]``,
    ``["on", flag]``, ``["off", flag]``; the same order as ``game.play.effects``."""
    steps: list[list[Any]] = [["set", name, declared[name].clamp(value)] for name, value in effects.set]
    steps += [["add", name, amount] for name, amount in effects.add]
    steps += [["on", name] for name in effects.set_flags]
    steps += [["off", name] for name in effects.clear_flags]
    return steps


def _chapter(chapter: Chapter, story: Story) -> dict[str, Any]:
    return {
        "id": chapter.id,
        "title": chapter.title,
        "start": chapter.start,
        "summary": chapter.summary,
        "preset": effects_data(chapter.preset, story.variables),
    }


def _scene(scene: Scene, story: Story, words: Words) -> dict[str, Any]:
    chapter = story.chapters.get(scene.chapter)
    return {
        "id": scene.id,
        "chapter": scene.chapter,
        "chapterTitle": chapter.title if chapter else scene.chapter,
        "title": scene.title,
        "date": scene.date,
        "when": when_and_where(scene, words),
        "text": prose_data(scene.text),
        "decision": scene.decision,
        "note": _note(scene.note, words),
        "codex": list(scene.codex),
        "enter": effects_data(scene.on_enter, story.variables),
        "choices": [_choice(choice, story) for choice in scene.choices],
        "historical": scene.historical_index,
        "ending": _ending(scene.ending, words),
    }


def prose_data(prose: Prose) -> list[Any]:
    """A text's blocks: a piece where every path shows it, else its condition and what each outcome shows."""
    blocks: list[Any] = []
    for block in prose.blocks:
        if block.condition is None:
            blocks.append(piece(block.text))
            continue
        shown = [piece(block.text)] if block.text else []
        otherwise = [piece(block.otherwise)] if block.otherwise else []
        blocks.append({"if": condition_data(block.condition), "then": shown, "else": otherwise})
    return blocks


def _note(note: Note | None, words: Words) -> dict[str, Any] | None:
    if note is None:
        return None
    return {
        "text": piece(note.text),
        "reliability": note.reliability.value,
        "label": words.reliability(note.reliability),
        "sources": list(note.sources),
    }


def _choice(choice: Choice, story: Story) -> dict[str, Any]:
    return {
        "text": choice.text,
        "goto": choice.goto,
        "if": condition_data(choice.condition),
        "effects": effects_data(choice.effects, story.variables),
        "history": choice.history,
        "consequence": prose_data(choice.consequence),
        "locked": choice.locked_reason,
    }


def _ending(ending: Ending | None, words: Words) -> dict[str, Any] | None:
    if ending is None:
        return None
    return {
        "kind": ending.kind.value,
        "kindLabel": kind_label(ending.kind, words),
        "title": ending.title,
        "epilogue": prose_data(ending.epilogue),
        "history": piece(ending.what_really_happened),
        "explanations": [{"who": item.who, "view": piece(item.view)} for item in ending.explanations],
        "questions": list(ending.questions),
    }


def _codex(entry, words: Words) -> dict[str, Any]:
    return {
        "id": entry.id,
        "kind": entry.kind.value,
        "name": entry.name,
        "text": piece(entry.text),
        "reliability": words.reliability(entry.reliability),
    }


def _event(event, words: Words) -> dict[str, Any]:
    return {
        "date": event.date,
        "when": words.date(event.date),
        "event": event.event,
        "place": event.place,
        "reliability": words.reliability(event.reliability),
        "scene": event.scene,
    }
