"""The story in the languages its transcripts are written in, each made once, for verifying and reporting.

A transcript played in Persian is verified by writing it again in Persian, from the story translated
with the translation file as it is now. Translating belongs to the authoring layer (it reads the PO
files), so the command that verifies passes in how to translate (``game.cli.play.in_language``); this
module only keeps each language's edition once made, with its translation's fingerprint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from game.classroom.transcript import ORIGINAL, translation_fingerprint
from game.story.model import Story

Translate = Callable[[Story, str], Story]
"""The story with its texts in a language (those the translation gives; the rest stay English)."""


@dataclass(frozen=True, slots=True)
class Edition:
    """The story in one language."""

    language: str
    story: Story
    translation: str
    """The fingerprint of its translation ("" for the story's own language)."""
    translated: bool = True
    """False when no translation of a single text was found (a transcript in it cannot be written again)."""


class Editions:
    """The story's editions, made on demand from the story as written and a way to translate it."""

    def __init__(self, story: Story, translate: Translate | None = None) -> None:
        self.story = story
        self.translate = translate
        self._made: dict[str, Edition | None] = {ORIGINAL: Edition(ORIGINAL, story, "")}

    def get(self, language: str) -> Edition | None:
        """The edition in ``language``; None when this Jangal was given no way to translate."""
        if language not in self._made:
            self._made[language] = self._make(language)
        return self._made[language]

    def _make(self, language: str) -> Edition | None:
        if self.translate is None:
            return None
        story = self.translate(self.story, language)
        return Edition(language, story, translation_fingerprint(story), translated=story is not self.story)
