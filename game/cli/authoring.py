"""The author's commands: ``check``, ``explore``, ``graph``, ``schema`` and ``new``."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from game.authoring.report import print_problems, prints_as_written, summary_line
from game.play.paths import default_scenes
from game.story.problems import SaveError, Severity

if TYPE_CHECKING:
    import argparse

    from rich.console import Console


from game.cli.common import load_story, rich_console, story_or_refusal, unknown_chapter, write_out


def check_command(arguments: argparse.Namespace) -> int:
    """``jangal check`` as the command line gives it."""
    paths = [*arguments.paths, *(arguments.scenes or [])]  # `check scenes mypack` and `check --scenes scenes` alike
    return check(paths, strict=arguments.strict, saves=arguments.saves, lang=arguments.lang)


def check(paths: Sequence[Path], *, strict: bool = False, saves: Path | None = None, lang: str | None = None) -> int:
    """``jangal check``: print every problem and a summary; 1 on errors (or warnings with --strict).

    A clean verdict on files that have not changed is printed from the cache (game.authoring.story_cache);
    not with --saves or --lang, whose answers depend on files the cache does not watch.
    """
    from game.authoring import story_cache

    folders = list(paths or default_scenes())
    stamp = story_cache.story_stamp(folders) if saves is None and lang is None else None
    known = story_cache.cached_verdict(stamp) if stamp else None
    if known is not None and prints_as_written(known):
        return _print_plainly(known)
    result = load_story(folders, fingerprint=saves is not None)
    problems = list(result.problems)
    if result.story is not None:  # what only playing shows: where history's path would never end
        from game.authoring.history_walk import history_warnings

        problems += history_warnings(result.story)
    if result.story is not None and lang is not None:
        from game.authoring.program_words import program_word_problems
        from game.authoring.translations import translation_problems

        problems += translation_problems(result.story, [folder for folder in folders if folder.is_dir()], lang)
        problems += program_word_problems(lang)
    summary = summary_line(problems, len(result.files), result.scene_count)
    if not problems and stamp:
        story_cache.remember_verdict(stamp, summary)
    if not problems and saves is None and prints_as_written(summary):
        return _print_plainly(summary)
    console = rich_console(highlight=False)
    print_problems(console, problems)
    console.print(summary, highlight=False)
    failed = bool(result.errors) or (strict and any(problem.severity is Severity.WARNING for problem in problems))
    if saves is not None and result.story is not None:
        failed = report_saves(console, result.story, saves) or failed
    return 1 if failed else 0


def _print_plainly(summary: str) -> int:
    """Print a clean verdict as Rich would print it, without the time it takes to import Rich; 0."""
    try:
        print(summary, flush=True)
    except BrokenPipeError:  # and as Rich does when the reader has gone: exit 1 quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(1) from None
    return 0


def report_saves(console: Console, story, folder: Path) -> bool:
    """How each save in a folder would load into the story as it is now; True when any cannot load."""
    from game.play.saves import SaveStore

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


def explore(arguments: argparse.Namespace) -> int:
    """``jangal explore``: walk the story, print (or write as JSON) what it finds; 1 on any error."""
    import json
    import time

    from game.authoring.explore import Explorer, Verdict, verdicts
    from game.authoring.report import print_exploration

    console = rich_console(highlight=False, stderr=arguments.json)
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
            start = explorer.engine.new_game(arguments.chapter)
            explorer.exhaustive(start, arguments.limit, progress, exact=arguments.exact)
    seconds = time.perf_counter() - started
    start = explorer.engine.new_game(arguments.chapter)
    found = verdicts(story, explorer.result, start)
    if not arguments.random:  # continuity is proved over every reachable state, so only by the full walk
        proofs = explorer.continuity.findings(explorer.engine, explorer.engine.new_game(arguments.chapter))
        errors = [Verdict(severity, message) for severity, message in proofs if severity == "error"]
        found = errors + found + [Verdict(severity, message) for severity, message in proofs if severity != "error"]
    if arguments.json:
        print(json.dumps(exploration_json(story, explorer.result, found, seconds, start), indent=1, ensure_ascii=False))
    else:
        print_exploration(console, story, explorer.result, found, seconds, start)
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


def exploration_json(story, result, found, seconds: float, start) -> dict:
    """The findings as plain data, each with its place, route and detail."""
    return {
        "story": story.id,
        "seconds": round(seconds, 3),
        "states": result.states,
        "reduced": result.reduced,
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
        "start": {"chapter": start.origin, "scene": start.scene},
        "verdicts": [verdict_json(v) for v in found],
    }


def verdict_json(verdict) -> dict:
    """One finding as plain data: where it is (file, line, column), the route that shows it, and its detail."""
    where = verdict.location
    return {
        "severity": verdict.severity,
        "message": verdict.message,
        "location": {"path": where.path, "line": where.line, "column": where.column} if where else None,
        "route": list(verdict.route),
        "detail": verdict.detail,
    }


def graph(arguments: argparse.Namespace) -> int:
    """``jangal graph``: the scene graph on standard output."""
    from game.authoring.graph import dot, mermaid, pack_scenes

    errors = rich_console(stderr=True, highlight=False)
    story = story_or_refusal(arguments, errors, "drawn")
    if story is None:
        return 1
    if unknown_chapter(story, arguments.chapter, errors):
        return 1
    draw = mermaid if arguments.format == "mermaid" else dot
    write_out(draw(story, arguments.chapter, pack_scenes(story, arguments.scenes or default_scenes())))
    return 0


def schema(arguments: argparse.Namespace) -> int:
    """``jangal schema``: the JSON Schema of story files, to standard output or a file."""
    import json

    from game.story.schema import scene_file_schema

    text = json.dumps(scene_file_schema(), indent=2) + "\n"
    if not arguments.output:
        write_out(text)
        return 0
    try:
        arguments.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        message = f"Cannot write {arguments.output}: {reason}. Name a file in a folder that exists and is yours."
        rich_console(stderr=True, highlight=False).print(message, markup=False, soft_wrap=True)
        return 1
    return 0


def lsp(arguments: argparse.Namespace) -> int:
    """``jangal lsp``: the language server, on standard input and output, until the editor ends it."""
    from game.authoring.language_server import serve_stdio

    serve_stdio(arguments.scenes or [], default_scenes())
    return 0


def translate(arguments: argparse.Namespace) -> int:
    """``jangal translate extract --lang LANG``: each story folder's PO file, written or brought up to date."""
    from game.authoring.translations import TranslationError, extract

    console = rich_console(highlight=False)
    if arguments.program:
        return _translate_program(arguments.lang, console)
    story = story_or_refusal(arguments, console, "extracted")
    if story is None:
        return 1
    try:
        written = extract(story, arguments.scenes or default_scenes(), arguments.lang)
    except TranslationError as exc:
        console.print(f"Not written: {exc}", markup=False)
        return 1
    for each in written:
        stale = f", {each.stale} stale (marked fuzzy)" if each.stale else ""
        line = f"Wrote {each.path}: {each.strings} texts, {each.translated} translated{stale}."
        console.print(line, markup=False, highlight=False)
    console.print(f"Check it with: jangal check --lang {arguments.lang}", markup=False, highlight=False)
    return 0


def _translate_program(language: str, console) -> int:
    """``jangal translate extract --program --lang LANG``: Jangal's own words, for the people who translate Jangal."""
    from game.authoring.program_words import extract_program_words

    try:
        path, words, translated = extract_program_words(language)
    except OSError as exc:
        console.print(f"Not written: {exc.strerror or exc}", markup=False)
        return 1
    line = f"Wrote {path}: {words} words of Jangal's own, {translated} translated."
    console.print(line, markup=False, highlight=False)
    return 0


def new(arguments: argparse.Namespace) -> int:
    """``jangal new pack NAME`` / ``jangal new scene ID --pack DIR``."""
    from game.authoring.scaffold import ScaffoldError, new_pack, new_scene

    console = rich_console(highlight=False)
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
