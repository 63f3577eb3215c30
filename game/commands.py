"""What each ``jangal`` command does, once its arguments are parsed."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from game.errors import ChoiceError, SaveError
from game.loader import load_story
from game.paths import default_scenes, saves_folder
from game.report import print_problems, summary_line


def check(paths: Sequence[Path], *, strict: bool = False) -> int:
    """``jangal check``: print every problem and a summary; 1 on errors (or warnings with --strict)."""
    console = Console(highlight=False)
    result = load_story(paths or default_scenes())
    print_problems(console, result.problems)
    console.print(summary_line(result.problems, len(result.files), result.scene_count), highlight=False)
    failed = bool(result.errors) or (strict and bool(result.warnings))
    return 1 if failed else 0


def play(arguments: argparse.Namespace) -> int:
    """``jangal play``: load the story, pick the starting state, run a front end."""
    from game.plain import Autoplay, PlainGame, TrimmedOutput
    from game.saves import SaveStore

    console = Console(highlight=False) if sys.stdout.isatty() else Console(file=TrimmedOutput(sys.stdout))
    errors = Console(stderr=True, highlight=False)
    result = load_story(arguments.scenes or default_scenes())
    if result.story is None:
        print_problems(errors, result.errors)
        errors.print("The story has errors, so it cannot be played. `jangal check` lists them all.")
        return 1
    store = SaveStore(saves_folder(arguments.saves_dir))
    if not arguments.plain and not arguments.auto:
        return _play_full_screen(result.story, store, arguments)
    state = _starting_state(result.story, store, arguments, errors)
    if state is None:
        return 1
    autoplay = Autoplay(arguments.auto, arguments.seed) if arguments.auto else None
    lines = iter(sys.stdin.readline, "")
    return PlainGame(result.story, store, console, lines, autoplay).run(state)


def _play_full_screen(story, store, arguments: argparse.Namespace) -> int:
    from game.session import Session
    from game.ui.app import JangalApp

    if arguments.chapter and arguments.chapter not in story.chapters:
        Console(stderr=True).print(f"There is no chapter `{arguments.chapter}`. Chapters: {', '.join(story.chapters)}")
        return 1
    app = JangalApp(Session(story, store), store.folder, chapter=arguments.chapter, load=arguments.load or "")
    app.run()
    return app.return_code or 0


def _starting_state(story, store, arguments: argparse.Namespace, errors: Console):
    from game.engine import Engine

    if arguments.load:
        try:
            loaded = store.load(arguments.load, story)
        except SaveError as exc:
            errors.print(f"Cannot load: {exc}", markup=False)
            return None
        for message in loaded.messages:
            errors.print(f"Note: {message}", markup=False)
        return loaded.state
    try:
        return Engine(story).new_game(arguments.chapter)
    except ChoiceError as exc:
        chapters = ", ".join(story.chapters)
        errors.print(f"{exc}. Chapters: {chapters}", markup=False)
        return None
