"""The classroom's commands: ``serve``, ``demo``, ``transcript``, ``verify``, ``class-report`` and ``export``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from game.play.paths import default_scenes, saves_folder
from game.story.printable import printable_document
from game.story.problems import SaveError

if TYPE_CHECKING:
    import argparse

    from rich.console import Console


from game.cli.common import (
    load_story,
    refuse_broken_story,
    rich_console,
    story_or_refusal,
    unknown_chapter,
    write_out,
)


def speak(arguments: argparse.Namespace) -> str:
    """Use the language ``--lang`` names for the program's words (English without it); the language's code."""
    from game.play.language import use_language

    code = getattr(arguments, "lang", None) or "en"
    use_language(code)
    return code


def editions_of(story, arguments: argparse.Namespace):
    """The story as written and, on demand, in each language a transcript was played in (its folders' PO files)."""
    from game.classroom.editions import Editions
    from game.cli.play import in_language

    paths = arguments.scenes or default_scenes()
    return Editions(story, lambda english, code: in_language(english, paths, code))


def serve(arguments: argparse.Namespace) -> int:
    """``jangal serve``: check the story, then serve it to browsers until Ctrl+C."""
    from game.classroom.serve import serve as run_server

    speak(arguments)  # the printed addresses and limits, and the page's own words
    errors = rich_console(stderr=True, highlight=False)
    scenes = arguments.scenes or default_scenes()
    demo_only = [flag for flag in ("chapter", "pace", "transcript") if getattr(arguments, flag) is not None]
    if demo_only and not arguments.demo:
        errors.print(f"--{demo_only[0]} is for the demo: add --demo, or leave it out.", markup=False)
        return 1
    result = load_story(scenes)
    if result.story is None:
        return refuse_broken_story(errors, result, "served")
    demo = None
    if arguments.demo:
        demo = _demo_options(arguments, result.story, errors)
        if demo is None:
            return 1
    saves = saves_folder(arguments.saves_dir) / "served"
    try:
        run_server(
            arguments.host,
            arguments.port,
            scenes,
            saves,
            demo=demo,
            max_sessions=arguments.max_sessions,
            max_per_client=arguments.max_per_client,
            font_size=arguments.fontsize,
            language=arguments.lang,
        )
    except OSError as exc:
        errors.print(f"Cannot serve on {arguments.host}:{arguments.port}: {exc.strerror or exc}.", markup=False)
        errors.print("Another program may be using the port: try --port with another number.")
        return 1
    return 0


def _demo_options(arguments: argparse.Namespace, story, errors: Console):
    """What each demo tab plays, checked now so the teacher sees a mistake here and not in every tab."""
    from game.classroom.serve import DemoOptions

    if arguments.transcript is not None:
        if _transcript_path(story, arguments.transcript, errors) is None:
            return None
    elif unknown_chapter(story, arguments.chapter, errors):
        return None
    return DemoOptions(arguments.chapter, arguments.pace, arguments.transcript, arguments.lang)


def settings_pace(arguments: argparse.Namespace) -> float:
    """The demo pace chosen on the Settings screen (kept beside the saves), when --pace is not given."""
    from game.play.paths import saves_folder
    from game.play.settings import load_settings

    return load_settings(saves_folder(arguments.saves_dir)).demo_pace


def demo(arguments: argparse.Namespace) -> int:
    """``jangal demo``: history's path, or a verified transcript's, on a projector."""
    language = speak(arguments)  # before the screens are imported: their key bindings' words are read then

    from game.classroom.demo import demo_stops, history_picks
    from game.play.engine import Engine
    from game.ui.demo_app import DemoApp

    errors = rich_console(stderr=True, highlight=False)
    story = story_or_refusal(arguments, errors, "shown")
    if story is None:
        return 1
    editions = editions_of(story, arguments)
    story = editions.get(language).story if language != "en" else story
    engine = Engine(story)
    if arguments.transcript:
        path = _transcript_path(story, arguments.transcript, errors, editions)
        if path is None:
            return 1
        start, picks, chooser = path
    else:
        if unknown_chapter(story, arguments.chapter, errors):
            return 1
        start = engine.new_game(arguments.chapter)
        picks, chooser = history_picks(engine, start), None
    pace = arguments.pace if arguments.pace is not None else settings_pace(arguments)
    app = DemoApp(engine, demo_stops(engine, start, picks), pace=pace, chooser=chooser)
    app.run()
    return app.return_code or 0


def _transcript_path(story, file: Path, errors: Console, editions=None):
    """The start, choices and chooser of a genuine transcript; None (with the reason printed) otherwise.

    ``story`` is the story in the language it is shown in; ``editions`` has it as written, and in the
    transcript's language (a Persian transcript can be shown in English, and the other way round).
    """
    from game.classroom.verify import verify_file
    from game.play.engine import Engine
    from game.play.language import _

    verdict = verify_file(editions.story if editions else story, file, editions)
    if not verdict.genuine:
        message = _("Cannot show {file}: {verdict}").format(file=file, verdict=verdict.line(story))
        errors.print(message, markup=False, soft_wrap=True)
        return None
    transcript = verdict.transcript
    start = Engine(story).new_game(transcript.origin)
    picks = [pick.index for pick in transcript.picks]
    return start, picks, transcript.name or _("The student")


def transcript(arguments: argparse.Namespace) -> int:
    """``jangal transcript SLOT``: a saved game's whole path as a Markdown or HTML document a teacher can verify."""
    from game.classroom.render import document_of
    from game.classroom.transcript import ReplayError, clean_name
    from game.play.saves import SaveStore

    language = speak(arguments)
    errors = rich_console(stderr=True, highlight=False)
    story = story_or_refusal(arguments, errors, "exported")
    if story is None:
        return 1
    if language != "en":
        story = editions_of(story, arguments).get(language).story
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
        text, record = document_of(story, loaded.state, name, fmt, language)
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


def write_document(text: str, output: Path | None, errors: Console, code: str = "", encoding: str = "utf-8") -> int:
    """Write a document to a file (saying so on standard error) or to standard output; its line ends as they are."""
    if output is None:
        write_out(text)
        return 0
    try:
        with open(output, "w", encoding=encoding, newline="") as stream:
            stream.write(printable_document(text))
    except OSError as exc:
        errors.print(f"Could not write {output}: {exc.strerror or exc}", markup=False)
        return 1
    errors.print(f"Wrote {output}" + (f" (verification code {code})." if code else "."), markup=False)
    return 0


def verify(arguments: argparse.Namespace) -> int:
    """``jangal verify FILE``: replay a transcript and say whether it is genuine; 1 when it is not (or cannot tell)."""
    from game.classroom.verify import verify_file

    language = speak(arguments)
    story = story_or_refusal(arguments, rich_console(stderr=True, highlight=False), "used to verify transcripts")
    if story is None:
        return 1
    editions = editions_of(story, arguments)
    verification = verify_file(story, arguments.file, editions)
    shown = editions.get(language).story if language != "en" else story
    rich_console(highlight=False, soft_wrap=True).print(verification.line(shown), markup=False)
    return 0 if verification.genuine else 1


def class_report(arguments: argparse.Namespace) -> int:
    """``jangal class-report DIR``: verify a folder (or a zip) of transcripts and count choices and endings."""
    from game.classroom.class_report import anonymized, build_class_report
    from game.classroom.class_report_csv import class_report_csv
    from game.classroom.class_report_html import class_report_html
    from game.classroom.class_report_render import print_class_report

    language = speak(arguments)
    console = rich_console(highlight=False)
    errors = rich_console(stderr=True, highlight=False)
    folder = arguments.folder
    if not (folder.is_dir() or (folder.is_file() and folder.suffix.lower() == ".zip")):
        errors.print(f"There is no folder or .zip file {folder}.", markup=False)
        return 1
    story = story_or_refusal(arguments, errors, "used to verify transcripts")
    if story is None:
        return 1
    editions = editions_of(story, arguments)
    shown = editions.get(language).story if language != "en" else story
    try:
        report = build_class_report(shown, folder, editions)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        errors.print(f"Cannot read the folder {folder}: {reason}. Let your user read it.", markup=False)
        return 1
    if arguments.anonymous:
        report = anonymized(report)
    print_class_report(console, report)
    status = 0
    if arguments.html:
        status |= write_document(class_report_html(report), arguments.html, errors)
    if arguments.csv:
        status |= write_document(class_report_csv(report), arguments.csv, errors, encoding="utf-8-sig")
    return status


def export(arguments: argparse.Namespace) -> int:
    """``jangal export --html FILE``: the checked story and its player as one HTML file that needs no server."""
    from game.classroom.html_export import export_html
    from game.classroom.words import words_in

    language = speak(arguments)
    errors = rich_console(stderr=True, highlight=False)
    story = story_or_refusal(arguments, errors, "exported")
    if story is None:
        return 1
    if language != "en":
        story = editions_of(story, arguments).get(language).story
    page = export_html(story, words_in(language))
    try:
        arguments.html.write_text(page, encoding="utf-8", newline="")
    except OSError as exc:
        errors.print(f"Could not write {arguments.html}: {exc.strerror or exc}", markup=False)
        return 1
    size = len(page.encode("utf-8"))
    errors.print(f"Wrote {arguments.html} ({size / 1024:,.0f} KB): upload it anywhere that hosts files.", markup=False)
    return 0
