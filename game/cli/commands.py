"""What each ``jangal`` command does, once its arguments are parsed."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from game.errors import ChoiceError, SaveError
from game.paths import default_scenes, saves_folder
from game.report import print_problems, prints_as_written, summary_line
from game.story_files import read_title_card

if TYPE_CHECKING:
    import argparse

    from rich.console import Console


def _console(**options) -> Console:
    """A Rich console, imported only when a command has something to say with it."""
    from rich.console import Console

    return Console(**options)


def load_story(paths: Sequence[Path], **options):
    """``game.loader.load_story``, imported on first use: plain ``jangal`` paints its title before it loads."""
    from game.loader import load_story as load

    return load(paths, **options)


def refuse_broken_story(console: Console, result, verb: str) -> int:
    """Print a story's errors and say why the command stops; the exit code is 1."""
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


def check(paths: Sequence[Path], *, strict: bool = False, saves: Path | None = None) -> int:
    """``jangal check``: print every problem and a summary; 1 on errors (or warnings with --strict)."""
    result = load_story(paths or default_scenes(), fingerprint=saves is not None)
    summary = summary_line(result.problems, len(result.files), result.scene_count)
    if not result.problems and saves is None and prints_as_written(summary):
        try:
            print(summary, flush=True)  # as Rich would print it, without the time it takes to import Rich
        except BrokenPipeError:  # and as Rich does when the reader has gone: exit 1 quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise SystemExit(1) from None
        return 0
    console = _console(highlight=False)
    print_problems(console, result.problems)
    console.print(summary, highlight=False)
    failed = bool(result.errors) or (strict and bool(result.warnings))
    if saves is not None and result.story is not None:
        failed = report_saves(console, result.story, saves) or failed
    return 1 if failed else 0


def report_saves(console: Console, story, folder: Path) -> bool:
    """How each save in a folder would load into the story as it is now; True when any cannot load."""
    from game.saves import SaveStore

    store = SaveStore(folder)
    broken = False
    slots = store.slots()
    if not slots:
        console.print(f"No saves in {folder}.", markup=False)
    for info in slots:
        try:
            loaded = store.load(info.name, story)
        except SaveError as exc:
            broken = True
            console.print(f"save “{info.name}”: cannot load: {exc}", markup=False)
            continue
        scene = story.scenes[loaded.state.scene].title
        console.print(f"save “{info.name}”: loads at “{scene}”", markup=False)
        for message in loaded.messages:
            console.print(f"  - {message}", markup=False)
    return broken


def play(arguments: argparse.Namespace) -> int:
    """``jangal play``: load the story, pick the starting state, run a front end."""
    from game.saves import SaveStore

    errors = _console(stderr=True, highlight=False)
    if arguments.watch and (arguments.plain or arguments.auto):
        errors.print("--watch reloads the full-screen game; leave out --plain and --auto to use it.")
        return 1
    paths = arguments.scenes or default_scenes()
    store = SaveStore(saves_folder(arguments.saves_dir))
    hand_in_folder = store.folder / "handed-in"  # one folder for the class, even when each tab has its own saves
    if arguments.served:
        from game.serve import session_folder

        store = SaveStore(session_folder(store.folder))
    if _title_first(arguments):
        card = read_title_card(paths)
        if card is not None:
            return _play_title_first(paths, card, store, arguments, hand_in_folder, errors)
    result = load_story(paths)
    if result.story is None and arguments.watch:
        result = wait_for_a_story(errors, result, paths)
    if result.story is None:
        return refuse_broken_story(errors, result, "played")
    if not arguments.plain and not arguments.auto:
        return _play_full_screen(result.story, store, arguments, hand_in_folder)
    from game.plain import Autoplay, PlainGame, TrimmedOutput  # only now: the full-screen game never needs it

    output = None if sys.stdout.isatty() else TrimmedOutput(sys.stdout)
    console = _console(highlight=False, file=output)
    state = _starting_state(result.story, store, arguments, errors)
    if state is None:
        return 1
    autoplay = Autoplay(arguments.auto, arguments.seed) if arguments.auto else None
    lines = iter(sys.stdin.readline, "")
    return PlainGame(result.story, store, console, lines, autoplay).run(state)


def wait_for_a_story(console: Console, result, paths: Sequence[Path], interval: float = 0.5):
    """--watch with a broken story: show its errors, then wait for the author to fix them (Ctrl+C stops)."""
    import time

    from game.watch import StoryWatch

    watch = StoryWatch(paths)
    while result.story is None:
        print_problems(console, result.errors)
        console.print("The story has errors. Waiting for a fix: save the file and the game starts (Ctrl+C stops).")
        while not watch.poll():
            time.sleep(interval)
        result = load_story(paths)
    return result


def serve(arguments: argparse.Namespace) -> int:
    """``jangal serve``: check the story, then serve it to browsers until Ctrl+C."""
    from game.serve import serve as run_server

    errors = _console(stderr=True, highlight=False)
    scenes = arguments.scenes or default_scenes()
    result = load_story(scenes)
    if result.story is None:
        return refuse_broken_story(errors, result, "served")
    saves = saves_folder(arguments.saves_dir) / "served"
    try:
        run_server(arguments.host, arguments.port, scenes, saves, demo=arguments.demo)
    except OSError as exc:
        errors.print(f"Cannot serve on {arguments.host}:{arguments.port}: {exc.strerror or exc}.", markup=False)
        errors.print("Another program may be using the port: try --port with another number.")
        return 1
    return 0


def demo(arguments: argparse.Namespace) -> int:
    """``jangal demo``: history's path, or a verified transcript's, on a projector."""
    from game.demo import demo_stops, history_picks
    from game.engine import Engine
    from game.ui.demo_app import DemoApp

    errors = _console(stderr=True, highlight=False)
    story = story_or_refusal(arguments, errors, "shown")
    if story is None:
        return 1
    engine = Engine(story)
    if arguments.transcript:
        path = _transcript_path(story, arguments.transcript, errors)
        if path is None:
            return 1
        start, picks, chooser = path
    else:
        if unknown_chapter(story, arguments.chapter, errors):
            return 1
        start = engine.new_game(arguments.chapter)
        picks, chooser = history_picks(engine, start), None
    app = DemoApp(engine, demo_stops(engine, start, picks), pace=arguments.pace, chooser=chooser)
    app.run()
    return app.return_code or 0


def _transcript_path(story, file: Path, errors: Console):
    """The start, choices and chooser of a genuine transcript; None (with the reason printed) otherwise."""
    from game.engine import Engine
    from game.transcript_verify import verify_file

    verdict = verify_file(story, file)
    if not verdict.genuine:
        errors.print(f"Cannot show {file}: {verdict.line(story)}", markup=False, soft_wrap=True)
        return None
    transcript = verdict.transcript
    start = Engine(story).new_game(transcript.origin)
    picks = [pick.index for pick in transcript.picks]
    return start, picks, transcript.name or "The student"


def _title_first(arguments: argparse.Namespace) -> bool:
    """Whether the game opens on its title screen with nothing to do first, so it can be painted before loading."""
    starts_elsewhere = arguments.load or arguments.chapter or arguments.scene
    return not (arguments.plain or arguments.auto or arguments.watch or starts_elsewhere)


def _play_title_first(paths, card: tuple[str, str], store, arguments, hand_in_folder: Path, errors: Console) -> int:
    """The full-screen game, its title painted from the title card and the story loaded right after."""
    from game.ui.app import JangalApp, LaterStory

    title, blurb = card
    app = JangalApp(LaterStory(tuple(paths), store, title, blurb), store.folder, hand_in_folder=hand_in_folder)
    app.run()
    if app.load_failure is not None:
        return refuse_broken_story(errors, app.load_failure, "played")
    return app.return_code or 0


def _play_full_screen(story, store, arguments: argparse.Namespace, hand_in_folder: Path) -> int:
    from game.session import Session
    from game.ui.app import JangalApp

    if unknown_chapter(story, arguments.chapter, _console(stderr=True)):
        return 1
    watched = (arguments.scenes or default_scenes()) if arguments.watch else ()
    session = Session(story, store)
    if arguments.scene:
        session.state = _state_in_scene(story, arguments.scene, _console(stderr=True))
        if session.state is None:
            return 1
    app = JangalApp(
        session,
        store.folder,
        chapter=arguments.chapter,
        load=arguments.load or "",
        watch=watched,
        hand_in_folder=hand_in_folder,
    )
    app.run()
    return app.return_code or 0


def _state_in_scene(story, scene_id: str, errors: Console):
    """A game played into a scene (``--scene``); None, with the reason printed, when there is no way in."""
    from game.engine import Engine
    from game.explore import route_to

    state = route_to(Engine(story), scene_id) if scene_id in story.scenes else None
    if state is None:
        reason = "no path from the start reaches it" if scene_id in story.scenes else "there is no such scene"
        errors.print(f"Cannot start in `{scene_id}`: {reason}.", markup=False)
    return state


def _starting_state(story, store, arguments: argparse.Namespace, errors: Console):
    from game.engine import Engine

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


def explore(arguments: argparse.Namespace) -> int:
    """``jangal explore``: walk the story, print (or write as JSON) what it finds; 1 on any error."""
    import json
    import time

    from game.explore import Explorer, verdicts
    from game.report import print_exploration

    console = _console(highlight=False, stderr=arguments.json)
    story = story_or_refusal(arguments, console, "explored")
    if story is None:
        return 1
    explorer = Explorer(story)
    if unknown_chapter(story, arguments.chapter, console):
        return 1
    started = time.perf_counter()
    with exploration_progress(console, random=bool(arguments.random)) as progress:
        if arguments.random:
            new_game = partial(explorer.engine.new_game, arguments.chapter)
            explorer.sample(new_game, arguments.random, arguments.seed, progress=progress)
        else:
            explorer.exhaustive(explorer.engine.new_game(arguments.chapter), arguments.limit, progress)
    seconds = time.perf_counter() - started
    found = verdicts(story, explorer.result)
    if arguments.json:
        print(json.dumps(exploration_json(story, explorer.result, found, seconds), indent=1, ensure_ascii=False))
    else:
        print_exploration(console, story, explorer.result, found, seconds)
    return 1 if any(verdict.severity == "error" for verdict in found) else 0


@contextmanager
def exploration_progress(console: Console, *, random: bool):
    """A progress bar on a terminal; yields ``update(done, total)`` for the explorer to call.

    An exhaustive walk cannot know its size in advance, so its bar measures the states
    explored against the states found so far: it fills when the walk runs out of new ones.
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    unit = "playthroughs" if random else "states explored of {task.total:,} found"
    columns = (
        TextColumn("Exploring"),
        BarColumn(),
        TextColumn("{task.completed:,} " + unit),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("explore", total=1)  # a number from the start: the text shows it
        yield lambda done, total: bar.update(task, completed=done, total=total)


def exploration_json(story, result, found, seconds: float) -> dict:
    """The findings as plain data."""
    return {
        "story": story.id,
        "seconds": round(seconds, 3),
        "states": result.states,
        "complete": result.complete,
        "endings": {
            ending: {"paths": result.ending_paths.get(ending), "shortest": list(result.shortest.get(ending, ()))}
            for ending in sorted(result.shortest)
        },
        "random_playthroughs": result.runs,
        "scene_hits": result.scene_hits,
        "choice_hits": {
            scene.id: [result.choice_taken.get((scene.id, index), 0) for index in range(len(scene.choices))]
            for scene in story.scenes.values()
            if result.runs and scene.choices
        },
        "ranges": {name: list(bounds) for name, bounds in result.ranges.items()},
        "verdicts": [{"severity": v.severity, "message": v.message} for v in found],
    }


def graph(arguments: argparse.Namespace) -> int:
    """``jangal graph``: the scene graph on standard output."""
    from game.graph import dot, mermaid

    errors = _console(stderr=True, highlight=False)
    story = story_or_refusal(arguments, errors, "drawn")
    if story is None:
        return 1
    if unknown_chapter(story, arguments.chapter, errors):
        return 1
    draw = mermaid if arguments.format == "mermaid" else dot
    sys.stdout.write(draw(story, arguments.chapter))
    return 0


def schema(arguments: argparse.Namespace) -> int:
    """``jangal schema``: the JSON Schema of story files, to standard output or a file."""
    import json

    from game.schema import scene_file_schema

    text = json.dumps(scene_file_schema(), indent=2) + "\n"
    if arguments.output:
        arguments.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def new(arguments: argparse.Namespace) -> int:
    """``jangal new pack NAME`` / ``jangal new scene ID --pack DIR``."""
    from game.scaffold import ScaffoldError, new_pack, new_scene

    console = _console(highlight=False)
    story = story_or_refusal(arguments, console, "extended")
    if story is None:
        return 1
    try:
        if arguments.kind == "pack":
            written = new_pack(arguments.name, story)
        else:
            written = new_scene(arguments.name, story, arguments.pack or Path("."))
    except ScaffoldError as exc:
        console.print(f"Not written: {exc}", markup=False)
        return 1
    console.print(f"Wrote {written}. Check it with: jangal check --strict scenes {written.parent}", markup=False)
    return 0


def transcript(arguments: argparse.Namespace) -> int:
    """``jangal transcript SLOT``: a saved game's whole path as a Markdown or HTML document a teacher can verify."""
    from game.saves import SaveStore
    from game.transcript import ReplayError, clean_name
    from game.transcript_render import document_of

    errors = _console(stderr=True, highlight=False)
    story = story_or_refusal(arguments, errors, "exported")
    if story is None:
        return 1
    try:
        name = clean_name(arguments.name)
    except ValueError as exc:
        errors.print(f"Not written: {exc}.", markup=False)
        return 1
    try:
        loaded = SaveStore(saves_folder(arguments.saves_dir)).load(arguments.slot, story)
    except SaveError as exc:
        errors.print(f"Cannot export: {exc}", markup=False)
        return 1
    for message in loaded.messages:
        errors.print(f"Note: {message}", markup=False)
    fmt = transcript_format(arguments.format, arguments.output)
    try:
        text, record = document_of(story, loaded.state, name, fmt)
    except ReplayError as exc:
        errors.print(f"Cannot export: the save's path does not play in the story as it is now: {exc}", markup=False)
        return 1
    return write_document(text, transcript_output(arguments, fmt), errors, record.code)


def transcript_format(chosen: str | None, output: str | None) -> str:
    """``--format`` when given, else the output file's suffix (``.html`` or ``.htm`` mean HTML), else Markdown."""
    if chosen:
        return chosen
    return "html" if output and Path(output).suffix.lower() in (".html", ".htm") else "md"


def transcript_output(arguments: argparse.Namespace, fmt: str) -> Path | None:
    """Where to write: ``--output`` (``-`` is standard output), else Markdown to standard output, HTML to SLOT.html."""
    if arguments.output == "-":
        return None
    if arguments.output:
        return Path(arguments.output)
    return None if fmt == "md" else Path(f"{arguments.slot}.html")


def write_document(text: str, output: Path | None, errors: Console, code: str = "") -> int:
    """Write a document to a file (saying so on standard error) or to standard output."""
    if output is None:
        sys.stdout.write(text)
        return 0
    try:
        with open(output, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except OSError as exc:
        errors.print(f"Could not write {output}: {exc.strerror or exc}", markup=False)
        return 1
    errors.print(f"Wrote {output}" + (f" (verification code {code})." if code else "."), markup=False)
    return 0


def verify(arguments: argparse.Namespace) -> int:
    """``jangal verify FILE``: replay a transcript and say whether it is genuine; 1 when it is not (or cannot tell)."""
    from game.transcript_verify import verify_file

    story = story_or_refusal(arguments, _console(stderr=True, highlight=False), "used to verify transcripts")
    if story is None:
        return 1
    verification = verify_file(story, arguments.file)
    _console(highlight=False, soft_wrap=True).print(verification.line(story), markup=False)
    return 0 if verification.genuine else 1


def class_report(arguments: argparse.Namespace) -> int:
    """``jangal class-report DIR``: verify a folder of transcripts and count choices and endings."""
    from game.classreport import build_class_report, class_report_html, print_class_report

    console = _console(highlight=False)
    errors = _console(stderr=True, highlight=False)
    if not arguments.folder.is_dir():
        errors.print(f"There is no folder {arguments.folder}.", markup=False)
        return 1
    story = story_or_refusal(arguments, errors, "used to verify transcripts")
    if story is None:
        return 1
    report = build_class_report(story, arguments.folder)
    print_class_report(console, report)
    if arguments.html:
        return write_document(class_report_html(report), arguments.html, errors)
    return 0
