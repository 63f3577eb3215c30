"""``jangal play``: the full-screen game, its title-first start, plain mode and --watch."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from game.play.paths import default_scenes, saves_folder
from game.story.errors import ChoiceError, SaveError

if TYPE_CHECKING:
    import argparse

    from rich.console import Console


from game.cli.common import load_kept_story, load_story, refuse_broken_story, rich_console, unknown_chapter


def play(arguments: argparse.Namespace) -> int:
    """``jangal play``: load the story, pick the starting state, run a front end.

    When the player chooses another language in Settings, the game closes and starts again here, in
    the same process, in that language (the settings file now holds it; a --lang flag no longer
    overrides it): every word is translated where it is shown, so no screen keeps the old language.
    """
    while True:
        code = _play(arguments)
        if not isinstance(code, Restart):
            return code
        arguments.lang = None
        arguments.load = arguments.chapter = arguments.scene = None


class Restart(int):
    """The exit code of a game closed to start again in another language."""


def _play(arguments: argparse.Namespace) -> int:
    """One run of ``jangal play``."""
    from game.play.saves import SaveStore

    arguments.lang = speak(arguments)
    if arguments.watch and (arguments.plain or arguments.auto):
        error_console().print("--watch reloads the full-screen game; leave out --plain and --auto to use it.")
        return 1
    paths = arguments.scenes or default_scenes()
    store = SaveStore(saves_folder(arguments.saves_dir))
    hand_in_folder = store.folder / "handed-in"  # one folder for the class, even when each tab has its own saves
    served = None
    if arguments.served:
        served = _served_tab(store.folder)
        store = SaveStore(served.folder)
    if _title_first(arguments):
        card = _title_card(paths)
        if card is not None:
            return _play_title_first(paths, card, store, hand_in_folder, served)
    errors = error_console()
    result = load_kept_story(paths)  # plain mode: the kept story when the files have not changed
    if result.story is None and arguments.watch:
        result = wait_for_a_story(errors, result, paths)
    if result.story is None:
        return refuse_broken_story(errors, result, "played")
    if arguments.lang:
        result.story = in_language(result.story, paths, arguments.lang)
    if not arguments.plain and not arguments.auto:
        return _play_full_screen(result.story, store, arguments, hand_in_folder, served)
    from game.cli.plain import PlainGame, TrimmedOutput  # only now: the full-screen game never needs it

    output = None if sys.stdout.isatty() else TrimmedOutput(sys.stdout)
    console = rich_console(highlight=False, file=output)
    state = _starting_state(result.story, store, arguments, errors)
    if state is None:
        return 1
    autoplay = None
    if arguments.auto:
        from game.authoring.history_walk import Autoplay

        autoplay = Autoplay(arguments.auto, arguments.seed)
    lines = iter(sys.stdin.readline, "")
    game = PlainGame(result.story, store, console, lines, autoplay, separator=arguments.separator)
    return game.run(state)


def error_console() -> Console:
    """Where ``play`` says what went wrong: made when there is something to say, not before the title is painted."""
    return rich_console(stderr=True, highlight=False)


def speak(arguments: argparse.Namespace) -> str | None:
    """Choose the language and who orders right-to-left text, before any screen's module is imported.

    The flags win; without them, the Settings screen's choice (kept beside the saves). Plain mode
    into a pipe or a file writes the text as written, for whatever reads it, unless --bidi says.
    Returns the language to tell the story in (None: English).
    """
    from game.play.language import use_bidi, use_language
    from game.play.settings import load_settings

    settings = load_settings(saves_folder(arguments.saves_dir))
    code = arguments.lang or (settings.language if settings.language != "en" else None)
    bidi = arguments.bidi or settings.bidi
    if arguments.bidi is None and (arguments.plain or arguments.auto) and not sys.stdout.isatty():
        bidi = "terminal"
    use_language(code)
    use_bidi(bidi)
    return code


def in_language(story, paths: Sequence[Path], language: str):
    """The story with its texts in ``language`` where its folders' translation files give them."""
    from game.authoring.translations import load_translations
    from game.story.strings import translated

    folders = [Path(path) for path in paths if Path(path).is_dir()]
    return translated(story, load_translations(story, folders, language))


def wait_for_a_story(console: Console, result, paths: Sequence[Path], interval: float = 0.5):
    """--watch with a broken story: show its errors, then wait for the author to fix them (Ctrl+C stops)."""
    import time

    from game.authoring.report import print_problems
    from game.authoring.watch import StoryWatch

    watch = StoryWatch(paths)
    while result.story is None:
        print_problems(console, result.errors)
        console.print("The story has errors. Waiting for a fix: save the file and the game starts (Ctrl+C stops).")
        while not watch.poll():
            time.sleep(interval)
        result = load_story(paths)
    return result


def _title_card(paths: Sequence[Path]) -> tuple[str, str] | None:
    """The story's title and blurb: from the cache when its files have not changed (no YAML parser to import)."""
    from game.authoring import story_cache

    stamp = story_cache.title_card_stamp(paths)
    card = story_cache.cached_title_card(stamp) if stamp else None
    if card is None:
        from game.story.files import read_title_card

        card = read_title_card(paths)
        if card is not None and stamp:
            story_cache.remember_title_card(stamp, card)
    return card


def _title_first(arguments: argparse.Namespace) -> bool:
    """Whether the game opens on its title screen with nothing to do first, so it can be painted before loading."""
    starts_elsewhere = arguments.load or arguments.chapter or arguments.scene
    translated = arguments.lang  # the title card is the English one: a translation loads first
    return not (arguments.plain or arguments.auto or arguments.watch or starts_elsewhere or translated)


def _served_tab(saves: Path):
    """A browser tab's game: the save folder its page's token names (or a fresh one), and its way back."""
    import os

    from game.classroom.serve import RETURN_ENVIRONMENT, TAB_ENVIRONMENT, served_folder
    from game.ui.served import ServedTab

    folder = served_folder(saves, os.environ.get(TAB_ENVIRONMENT))
    return ServedTab(folder, os.environ.get(RETURN_ENVIRONMENT, ""))


def served_tab_game(paths: Sequence[Path], saves_dir: Path, card: tuple[str, str] | None, loaded) -> int:
    """A browser tab's game forked by ``jangal serve``'s preloaded process (game.cli.tab_zygote), as
    ``jangal play --served --saves-dir DIR`` plays it, but with the story that process already loaded."""
    from game.play.saves import SaveStore

    if card is None:  # no title card to paint first: the game starts as ``play`` starts it
        from game.cli.main import main

        return main(["play", "--served", "--saves-dir", str(saves_dir), *(f"--scenes={path}" for path in paths)])
    store = SaveStore(saves_folder(saves_dir))
    served = _served_tab(store.folder)
    return _play_title_first(paths, card, SaveStore(served.folder), store.folder / "handed-in", served, loaded)


def _play_title_first(paths, card: tuple[str, str], store, hand_in_folder: Path, served, loaded=None) -> int:
    """The full-screen game, its title painted from the title card and the story loaded right after (or given)."""
    from game.ui.app import JangalApp
    from game.ui.startup import LaterStory

    title, blurb = card
    later = LaterStory(tuple(paths), store, title, blurb, loaded)
    app = JangalApp(later, store.folder, hand_in_folder=hand_in_folder, served=served)
    app.run()
    if app.load_failure is not None:
        return refuse_broken_story(error_console(), app.load_failure, "played")
    return Restart(0) if app.restart_language else app.return_code or 0


def _play_full_screen(story, store, arguments: argparse.Namespace, hand_in_folder: Path, served=None) -> int:
    from game.play.session import Session
    from game.ui.app import JangalApp

    if unknown_chapter(story, arguments.chapter, rich_console(stderr=True)):
        return 1
    watched = (arguments.scenes or default_scenes()) if arguments.watch else ()
    session = Session(story, store)
    if arguments.scene:
        session.state = _state_in_scene(story, arguments.scene, rich_console(stderr=True))
        if session.state is None:
            return 1
    app = JangalApp(
        session,
        store.folder,
        chapter=arguments.chapter,
        load=arguments.load or "",
        watch=watched,
        hand_in_folder=hand_in_folder,
        served=served,
    )
    app.run()
    return Restart(0) if app.restart_language else app.return_code or 0


def _state_in_scene(story, scene_id: str, errors: Console):
    """A game played into a scene (``--scene``); None, with the reason printed, when there is no way in."""
    from game.authoring.routes import route_to
    from game.play.engine import Engine

    state = route_to(Engine(story), scene_id) if scene_id in story.scenes else None
    if state is None:
        reason = "no path from the start reaches it" if scene_id in story.scenes else "there is no such scene"
        errors.print(f"Cannot start in `{scene_id}`: {reason}.", markup=False)
    return state


def _starting_state(story, store, arguments: argparse.Namespace, errors: Console):
    from game.play.engine import Engine

    if arguments.scene:
        return _state_in_scene(story, arguments.scene, errors)
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
