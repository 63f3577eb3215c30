"""What loading a story gives: the story (or None), its problems and the files read.

Apart from the loader so that a story kept in the cache (``game.authoring.story_cache``) can be handed
on as a load's result without importing the YAML parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.story.model import Story
from game.story.problems import Problem


@dataclass
class LoadResult:
    """What loading found: the story (None if it has errors), the problems and the files read."""

    story: Story | None
    problems: list[Problem]
    files: list[str] = field(default_factory=list)
    scene_count: int = 0

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop the story from loading."""
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that do not."""
        return [p for p in self.problems if not p.is_error]
