"""Reading times of the campaign, measured from its text.

The figures in docs/campaign.md and docs/teachers.md come from here, and a test fails when
they drift from the scenes. A reading time is the words a reader sees, divided by a stated
reading speed: the story (scene text and the consequence of each choice taken), the
historical notes, and at the end the ending's screens (epilogue, what really happened,
the historians' explanations and the questions).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from game.play.engine import Engine
from game.play.state import GameState
from game.story.model import Ending, Scene, Story

WORDS_PER_MINUTE = 200
"""A steady reading speed for a class reading together (slower than a fluent adult alone)."""


def words(text: str) -> int:
    """Words in a text, counted as runs between spaces."""
    return len(text.split())


def ending_words(engine: Engine, state: GameState, ending: Ending) -> int:
    """Words on an ending's screens as this state shows them: epilogue, what happened, explanations, questions."""
    parts = [engine.epilogue_text(state), ending.what_really_happened, *ending.questions]
    parts += [explanation.view for explanation in ending.explanations]
    return sum(words(part) for part in parts)


@dataclass(frozen=True)
class Reading:
    """Words seen along one path, by kind."""

    scenes: int
    """How many scenes the path shows."""
    story: int
    """Words of scene text and of the consequences of the choices taken."""
    notes: int
    """Words of the scenes' historical notes."""
    ending: int
    """Words of the ending's screens (0 when the path stops before an ending)."""

    def minutes(self, *, notes: bool) -> int:
        """Whole minutes to read the path at ``WORDS_PER_MINUTE``, with or without the notes, rounded up."""
        total = self.story + self.ending + (self.notes if notes else 0)
        return math.ceil(total / WORDS_PER_MINUTE)


def history_reading(story: Story, chapter: str | None = None) -> Reading:
    """What history's path shows: the whole game, or one chapter from chapter select to its last scene."""
    engine = Engine(story)
    state = engine.new_game(chapter)
    seen: list[Scene] = []
    story_words = 0
    for _ in range(500):
        scene = engine.scene(state)
        if chapter is not None and scene.chapter != chapter and not scene.ending:
            break
        seen.append(scene)
        story_words += words(engine.scene_text(state))
        if scene.ending is not None:
            break
        turn = engine.choose(state, engine.history_or_first(state))
        story_words += words(engine.consequence_text(turn.step, turn.state))
        state = turn.state
    last = seen[-1]
    ending = ending_words(engine, state, last.ending) if last.ending is not None else 0
    notes = sum(words(scene.note.text) for scene in seen if scene.note is not None)
    return Reading(scenes=len(seen), story=story_words, notes=notes, ending=ending)


def chapter_rows(story: Story) -> list[tuple[str, Reading]]:
    """Each chapter's reading on history's path from chapter select, then the whole game's."""
    chapters = enumerate(story.chapters.values(), start=1)
    rows = [(f"{number} {chapter.title}", history_reading(story, chapter.id)) for number, chapter in chapters]
    return [*rows, ("The whole game, history's path", history_reading(story))]


def reading_table(story: Story) -> str:
    """The Markdown table of reading times that docs/campaign.md and docs/teachers.md both carry."""
    header = ("on history's path", "scenes", "words of story", "words of notes", "words of the ending")
    header += ("story only", "with the notes")
    lines = ["| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
    for name, reading in chapter_rows(story):
        cells = [name, str(reading.scenes), f"{reading.story:,}", f"{reading.notes:,}", f"{reading.ending:,}"]
        cells += [f"{reading.minutes(notes=False)} min", f"{reading.minutes(notes=True)} min"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
