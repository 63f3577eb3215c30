"""What every command shares: a Rich console made on demand, and the story named on the command line or a refusal."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from game.play.paths import default_scenes

if TYPE_CHECKING:
    import argparse

    from rich.console import Console


def rich_console(**options) -> Console:
    """A Rich console, imported only when a command has something to say with it.

    Every command prints through one of these, so this is where the rule for text from files is
    kept (see ``game.story.printable``): no control character reaches the terminal, and Rich's
    emoji codes are off (``x.yaml:100:1`` must not show a 💯, nor ``:x:`` in a story a ❌).
    """
    from game.cli.printable_console import PrintableConsole

    options.setdefault("emoji", False)
    return PrintableConsole(**options)


def write_out(text: str) -> None:
    """Write a document (a graph, a schema, a transcript) to standard output, its control characters made visible."""
    import sys

    from game.story.printable import printable_document

    sys.stdout.write(printable_document(text))


def load_story(paths: Sequence[Path], **options):
    """``game.story.loader.load_story``, imported on first use: plain ``jangal`` paints its title before it loads."""
    from game.story.loader import load_story as load

    return load(paths, **options)


def load_kept_story(paths: Sequence[Path]):
    """``load_story``, or the story kept from an earlier clean load of the very same files (no YAML read)."""
    from game.authoring import story_cache

    stamp = story_cache.story_stamp(paths)
    story = story_cache.cached_story(stamp) if stamp else None
    if story is not None:
        from game.story.load_result import LoadResult

        return LoadResult(story, [], scene_count=len(story.scenes))
    result = load_story(paths)
    if stamp and result.story is not None and not result.problems:
        story_cache.remember_story(stamp, result.story)
    return result


def refuse_broken_story(console: Console, result, verb: str) -> int:
    """Print a story's errors and say why the command stops; the exit code is 1."""
    from game.authoring.report import print_problems  # only for a broken story: not on the way to the title

    print_problems(console, result.errors)
    console.print(f"The story has errors, so it cannot be {verb}. `jangal check` lists them all.")
    return 1


def story_or_refusal(arguments: argparse.Namespace, console: Console, verb: str):
    """The story the command names (the campaign by default); None after printing why it cannot be ``verb``."""
    result = load_story(arguments.scenes or default_scenes())
    if result.story is None:
        refuse_broken_story(console, result, verb)
    return result.story


def unknown_chapter(story, chapter: str | None, console: Console) -> bool:
    """True (after saying which chapters there are) when a --chapter names none of the story's."""
    if chapter is None or chapter in story.chapters:
        return False
    console.print(f"There is no chapter `{chapter}`. Chapters: {', '.join(story.chapters)}", markup=False)
    return True
