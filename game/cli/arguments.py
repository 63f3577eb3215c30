"""The ``jangal`` command's grammar: every command and its options, as argparse declares them.

Only the command the first word names is declared (``build_parser(command)``): declaring every
command's options is a noticeable part of a quick command like ``check``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from game import __version__


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command-line grammar.

    With ``command``, only that command is declared: ``main`` asks for the one the first word names,
    since declaring every command's options is a noticeable part of a quick command like ``check``.
    """
    parser = argparse.ArgumentParser(
        prog="jangal",
        description="Jangal: play and write historical interactive fiction about the Gilan Republic (1920-1921).",
    )
    parser.add_argument("--version", action="version", version=f"jangal {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, declare in COMMANDS.items():
        if command is None or command == name:
            declare(commands)
    return parser


MAX_PACE = 3600
"""The longest a demo may stay on a scene by itself: an hour."""


def pace(text: str) -> float:
    """``--pace``: seconds from 0 to ``MAX_PACE`` (``inf``, ``nan`` and ``1e400`` are refused by argparse)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 <= value <= MAX_PACE:  # nan fails both comparisons
        raise argparse.ArgumentTypeError(f"the pace is from 0 (wait for space) to {MAX_PACE} seconds, not {text}")
    return value


def whole_number(low: int, high: int | None = None):
    """An argparse type: a whole number from ``low`` to ``high`` (no limit above when None), or a message saying so."""

    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if number < low or (high is not None and number > high):
            raise argparse.ArgumentTypeError(
                f"{number} is not between {low} and {high}"
                if high is not None
                else f"it must be {low} or more, not {number}"
            )
        return number

    return parse


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """The parsed command line (argparse exits with a message when it is wrong)."""
    command = argv[0] if argv[0] in COMMANDS else None  # else `--help`, `--version` or a mistake: declare all
    return build_parser(command).parse_args(argv)


def _play(commands) -> None:
    play = commands.add_parser("play", help="play the game (the default command)")
    _story_options(play)
    play.add_argument("--plain", action="store_true", help="line-by-line mode for screen readers, pipes and slow links")
    play.add_argument("--chapter", metavar="ID", help="start at a chapter with history's state by then")
    play.add_argument("--load", metavar="SLOT", help="continue from a save slot")
    play.add_argument(
        "--scene", metavar="ID", help="for authors: start in this scene, reached the way history went if it can be"
    )
    play.add_argument(
        "--auto", choices=("history", "random"), help="choose automatically: history's choice, or at random"
    )
    play.add_argument("--seed", type=int, default=0, help="seed for --auto random (default 0)")
    play.add_argument(
        "--separator",
        choices=("stars", "blank"),
        default="stars",
        help="plain mode: what goes between scenes, a short '* * *' (default) or a blank line (for screen readers)",
    )
    play.add_argument(
        "--watch", action="store_true", help="for authors: reload the story whenever a file in its folders is saved"
    )
    play.add_argument(
        "--lang", type=language, metavar="LANG", help="play in LANG where the story has a translation (fa: Persian)"
    )
    play.add_argument(
        "--bidi",
        choices=("jangal", "terminal"),
        help="right-to-left text: jangal joins and orders the letters (default), or the terminal does bidi itself",
    )
    play.add_argument("--served", action="store_true", help=argparse.SUPPRESS)  # a browser tab of `jangal serve`


def _demo(commands) -> None:
    demo = commands.add_parser("demo", help="for a projector: show history's path (or a transcript's) step by step")
    _story_options(demo)
    demo.add_argument(
        "--transcript", type=Path, metavar="FILE", help="show this transcript's path instead of history's"
    )
    demo.add_argument("--chapter", metavar="ID", help="start at a chapter instead of the beginning")
    demo.add_argument(
        "--pace",
        type=pace,
        default=None,
        metavar="SECONDS",
        help="seconds per scene between decisions (0: wait for space; default: the Settings screen's demo pace, 30)",
    )
    _lang_option(demo, "the demo")


def _lang_option(parser: argparse.ArgumentParser, what: str) -> None:
    """``--lang LANG`` for a classroom command: ``what`` it puts in that language."""
    parser.add_argument("--lang", type=language, metavar="LANG", help=f"{what} in LANG (fa: Persian; default English)")


def _serve(commands) -> None:
    serve = commands.add_parser("serve", help="serve the game to browsers (a classroom) through textual-serve")
    _story_options(serve)
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0: all)"
    )
    serve.add_argument(
        "--port", type=whole_number(0, 65535), default=8000, help="port to listen on (default 8000; 0: any free one)"
    )
    serve.add_argument(
        "--max-sessions", type=whole_number(1, 1000), default=40, metavar="N", help="games at once (default 40)"
    )
    serve.add_argument(
        "--max-per-client",
        type=whole_number(1, 1000),
        default=3,
        metavar="N",
        help="games at once from one computer (default 3)",
    )
    serve.add_argument("--demo", action="store_true", help="serve `jangal demo` instead of the game (for a projector)")
    serve.add_argument("--chapter", metavar="ID", help="with --demo: start at a chapter")
    serve.add_argument("--pace", type=pace, metavar="SECONDS", help="with --demo: seconds per scene (0: space)")
    serve.add_argument("--transcript", type=Path, metavar="FILE", help="with --demo: show this transcript's path")
    serve.add_argument(
        "--fontsize",
        type=whole_number(8, 64),
        default=16,
        metavar="PX",
        help="the page's font size (default 16; projector: 28 reads to two-thirds of a room, 36 is the most that fits)",
    )
    _lang_option(serve, "every tab's game (and the page's words)")


def _explore(commands) -> None:
    explore = commands.add_parser("explore", help="walk every path of a story and report what it finds")
    _story_options(explore)
    explore.add_argument("--chapter", metavar="ID", help="start at a chapter instead of the beginning")
    explore.add_argument(
        "--random", type=whole_number(1), metavar="N", help="play N random playthroughs instead of every path"
    )
    explore.add_argument("--seed", type=int, default=0, help="seed for --random (default 0)")
    explore.add_argument(
        "--limit", type=whole_number(1), default=2_000_000, help="stop after this many states (default 2,000,000)"
    )
    explore.add_argument(
        "--exact",
        action="store_true",
        help="walk every distinct state, also those that differ only in what no condition reads any more (slower)",
    )
    explore.add_argument("--json", action="store_true", help="print the findings as JSON")


def _new(commands) -> None:
    new = commands.add_parser("new", help="write a new pack or scene, with every key explained")
    _story_options(new)
    new.add_argument("kind", choices=("pack", "scene"), help="what to make")
    new.add_argument("name", help="the pack's folder name or the scene's id")
    new.add_argument("--pack", type=Path, metavar="DIR", help="for a scene: the pack folder to add it to")


def _translate(commands) -> None:
    translate = commands.add_parser("translate", help="for translators: the PO file each story folder is translated in")
    actions = translate.add_subparsers(dest="action", required=True, metavar="ACTION")
    extract = actions.add_parser(
        "extract", help="write or update <folder>/translations/LANG.po; translations already made are kept"
    )
    extract.add_argument("--lang", type=language, required=True, metavar="LANG", help="the language, such as fa")
    extract.add_argument(
        "--program", action="store_true", help="Jangal's own words (menus, help, messages) instead: game/locale/LANG.po"
    )
    _scenes_option(extract)


def language(text: str) -> str:
    """A language code such as ``fa`` or ``fa_IR`` (it names a file: nothing else is taken)."""
    from game.play.language import LANGUAGE_CODE

    if not LANGUAGE_CODE.fullmatch(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a language code: write one such as fa or fa_IR")
    return text


def _schema(commands) -> None:
    schema = commands.add_parser("schema", help="write the JSON Schema of story files, for editors")
    schema.add_argument("--output", type=Path, metavar="FILE", help="write to FILE instead of standard output")


def _lsp(commands) -> None:
    # An editor starts it; docs/authoring.md, "The checker in your editor", says how.
    lsp = commands.add_parser("lsp", help="for editors: check as you type, complete ids, hover (Language Server)")
    lsp.add_argument(
        "--scenes", action="append", type=Path, metavar="DIR", help="story folders (default: the file's story)"
    )


def _graph(commands) -> None:
    graph = commands.add_parser("graph", help="print the scene graph as Mermaid or Graphviz")
    _story_options(graph)
    graph.add_argument(
        "--format", choices=("mermaid", "dot"), default="mermaid", help="output format (default mermaid)"
    )
    graph.add_argument("--chapter", metavar="ID", help="draw one chapter only")


def _check(commands) -> None:
    check = commands.add_parser("check", help="check a story for mistakes")
    check.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="story folders or files (default: the campaign)"
    )
    check.add_argument(
        "--scenes", action="append", type=Path, metavar="DIR", help="a story folder, as other commands take it"
    )
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument(
        "--lang", type=language, metavar="LANG", help="also check the translation into LANG: missing and stale texts"
    )
    check.add_argument(
        "--saves", type=Path, metavar="DIR", help="also say how the saves in DIR would load into this story"
    )


def _transcript(commands) -> None:
    """``transcript`` (with ``verify`` and ``class-report``): students hand in their path, teachers check them."""
    transcript = commands.add_parser(
        "transcript",
        help="export a saved game's whole path as Markdown or HTML, with a verification code",
        description=(
            "Export the whole path of a saved game: every scene, the choice made and\n"
            "whether it followed history (with history's choice and the historical note\n"
            "at each decision), then the ending and how closely the path kept to history.\n"
            "The document carries a verification code and its data, so `jangal verify`\n"
            "can tell whether anything in it was changed."
        ),
        epilog=(
            "output:\n"
            "  Markdown goes to standard output, HTML to SLOT.html in the current folder,\n"
            "  unless --output FILE is given (--output - means standard output).\n\n"
            "examples:\n"
            "  jangal transcript autosave --name 'Ali Rezaei' > ali.md\n"
            "  jangal transcript autosave --name 'Ali Rezaei' --output ali.html"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    transcript.add_argument("slot", metavar="SLOT", help="the save slot to export (autosave: the game in progress)")
    transcript.add_argument(
        "--format", choices=("md", "html"), help="md or html (default: from --output's suffix, else md)"
    )
    transcript.add_argument("--output", metavar="FILE", help="the file to write; - for standard output")
    transcript.add_argument(
        "--name", metavar="STUDENT", help="the student's name, shown at the top and sealed in the code"
    )
    _lang_option(transcript, "the transcript (the game played in that translation)")
    _story_options(transcript)


def _verify(commands) -> None:
    verify = commands.add_parser(
        "verify",
        help="check that a transcript is genuine: replay it and compare every word",
        description=(
            "Read the data embedded in a transcript, check that it belongs to this version of the story, replay its "
            "choices, recompute the verification code and write the whole document again from the replay: any "
            "change to the file, in its visible text or its data, is reported. Exit 0 when genuine, 1 otherwise. "
            "Line endings and trailing spaces do not count as changes; re-saving an HTML file from a browser does."
        ),
    )
    verify.add_argument("file", type=Path, metavar="FILE", help="a transcript (.md or .html) from `jangal transcript`")
    _lang_option(verify, "the verdict (a transcript is verified in the language it was played in, whatever this is)")
    _scenes_option(verify)


def _class_report(commands) -> None:
    report = commands.add_parser(
        "class-report",
        help="verify a folder of transcripts and count each decision's choices and the endings",
        description=(
            "Verify every .md and .html transcript in a folder, its sub-folders and the .zip files there (or in "
            "one .zip file, such as an LMS's bulk download), then show for each decision (a scene where history "
            "marks a choice) how many students chose each option and which one history took, and how many reached "
            "each ending. Each student counts once per decision reached, with the first choice made there. "
            "Tampered transcripts, transcripts of another story version and duplicates (the same file, or the "
            "same game exported twice) are listed where they were found with the reason and not counted. Zips are "
            "read into memory, never unpacked to disk; a zip inside a zip is not opened."
        ),
    )
    report.add_argument("folder", type=Path, metavar="DIR", help="the folder of transcripts, or a .zip file of them")
    report.add_argument(
        "--html", type=Path, metavar="FILE", help="also write the report as one HTML page with bar charts"
    )
    report.add_argument(
        "--csv",
        type=Path,
        metavar="FILE",
        help="also write one row per student and decision, for a spreadsheet (UTF-8, opens in Excel)",
    )
    report.add_argument(
        "--anonymous",
        action="store_true",
        help="for the projector: no names, files or folders anywhere (Student 1, Student 2 …)",
    )
    _lang_option(report, "the report (transcripts played in any language are counted together)")
    _scenes_option(report)


def _export(commands) -> None:
    export = commands.add_parser(
        "export",
        help="write the whole game as one HTML file that plays in any browser, offline (no server needed)",
        description=(
            "Check the story, then write one self-contained HTML file: the story, its player and its styles, "
            "with nothing loaded from anywhere. Put it on any site that hosts files (a school platform) and share "
            "the link: students play in the browser, their game is kept in the browser, and they download a "
            "transcript that `jangal verify` and `jangal class-report` accept."
        ),
    )
    export.add_argument("--html", type=Path, required=True, metavar="FILE", help="the HTML file to write")
    _lang_option(export, "the page: the story where its translation gives it, and the player's own words,")
    _scenes_option(export)


def _scenes_option(parser: argparse.ArgumentParser) -> None:
    """``--scenes`` alone, for commands that never touch saves."""
    parser.add_argument(
        "--scenes", action="append", type=Path, metavar="DIR", help="story folder (default: the campaign)"
    )


def _story_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scenes", action="append", type=Path, metavar="DIR", help="story folder (default: the campaign)"
    )
    parser.add_argument("--saves-dir", metavar="DIR", help="where saves go (default: saves/ or $JANGAL_SAVES)")


COMMANDS = {
    "play": _play,
    "demo": _demo,
    "serve": _serve,
    "explore": _explore,
    "new": _new,
    "schema": _schema,
    "translate": _translate,
    "lsp": _lsp,
    "graph": _graph,
    "check": _check,
    "transcript": _transcript,
    "verify": _verify,
    "class-report": _class_report,
    "export": _export,
}
"""Each command and how its arguments are declared, in the order ``jangal --help`` lists them."""
