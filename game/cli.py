"""The ``jangal`` command: argument parsing and dispatch, nothing else.

Heavy imports happen inside each command so that ``jangal check`` never loads Textual.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from game import __version__


def build_parser() -> argparse.ArgumentParser:
    """The command-line grammar."""
    parser = argparse.ArgumentParser(
        prog="jangal",
        description="Jangal: play and write historical interactive fiction about the Gilan Republic (1920-1921).",
    )
    parser.add_argument("--version", action="version", version=f"jangal {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

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
        "--watch", action="store_true", help="for authors: reload the story whenever a file in its folders is saved"
    )

    explore = commands.add_parser("explore", help="walk every path of a story and report what it finds")
    _story_options(explore)
    explore.add_argument("--chapter", metavar="ID", help="start at a chapter instead of the beginning")
    explore.add_argument("--random", type=int, metavar="N", help="play N random playthroughs instead of every path")
    explore.add_argument("--seed", type=int, default=0, help="seed for --random (default 0)")
    explore.add_argument("--limit", type=int, default=2_000_000, help="stop after this many states (default 2,000,000)")
    explore.add_argument("--json", action="store_true", help="print the findings as JSON")

    new = commands.add_parser("new", help="write a new pack or scene, with every key explained")
    _story_options(new)
    new.add_argument("kind", choices=("pack", "scene"), help="what to make")
    new.add_argument("name", help="the pack's folder name or the scene's id")
    new.add_argument("--pack", type=Path, metavar="DIR", help="for a scene: the pack folder to add it to")

    schema = commands.add_parser("schema", help="write the JSON Schema of story files, for editors")
    schema.add_argument("--output", type=Path, metavar="FILE", help="write to FILE instead of standard output")

    graph = commands.add_parser("graph", help="print the scene graph as Mermaid or Graphviz")
    _story_options(graph)
    graph.add_argument(
        "--format", choices=("mermaid", "dot"), default="mermaid", help="output format (default mermaid)"
    )
    graph.add_argument("--chapter", metavar="ID", help="draw one chapter only")

    check = commands.add_parser("check", help="check a story for mistakes")
    check.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="story folders or files (default: the campaign)"
    )
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument(
        "--saves", type=Path, metavar="DIR", help="also say how the saves in DIR would load into this story"
    )
    return parser


def _story_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scenes", action="append", type=Path, metavar="DIR", help="story folder (default: the campaign)"
    )
    parser.add_argument("--saves-dir", metavar="DIR", help="where saves go (default: saves/ or $JANGAL_SAVES)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv.insert(0, "play")  # `jangal` and `jangal --plain` mean `jangal play ...`
    arguments = build_parser().parse_args(argv)
    try:
        if arguments.command == "check":
            from game.commands import check

            return check(arguments.paths, strict=arguments.strict, saves=arguments.saves)
        if arguments.command == "new":
            from game.commands import new

            return new(arguments)
        if arguments.command == "schema":
            from game.commands import schema

            return schema(arguments)
        if arguments.command == "graph":
            from game.commands import graph

            return graph(arguments)
        if arguments.command == "explore":
            from game.commands import explore

            return explore(arguments)
        from game.commands import play

        return play(arguments)
    except KeyboardInterrupt:
        print("\nStopped. Your progress is in the autosave.", file=sys.stderr)
        return 130
