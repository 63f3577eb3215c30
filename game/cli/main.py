"""The ``jangal`` command: dispatch to the command's module (its grammar is in ``game.cli.arguments``).

Heavy imports happen inside each command so that ``jangal check`` never loads Textual.
"""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import SimpleNamespace

__all__ = ["RUNNERS", "collector_paused", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return the exit code.

    Run as the program (without ``argv``), it then hands the objects it made to the operating
    system, which frees them all at once when the process ends: Python would otherwise search
    them all for reference cycles on its way out, for nothing (``gc.freeze``; the standard
    streams are still flushed and ``atexit`` functions still run). That was a tenth of
    ``jangal check``. Called with ``argv`` (by tests, by benchmarks), the process goes on as usual.
    """
    code = _run(list(sys.argv[1:] if argv is None else argv))
    if argv is None:
        gc.freeze()
    return code


def _replace_what_cannot_be_encoded() -> None:
    """Let the standard streams replace a character their encoding cannot hold (``?``) instead of raising.

    Output redirected on Windows, or ``PYTHONIOENCODING=ascii``, is not UTF-8, and a story's
    text or a path may hold any character: a lost accent is better than a traceback.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.encoding or "").lower().replace("-", "") != "utf8":
            reconfigure(errors="replace")


RUNNERS: dict[str, tuple[str, str, bool]] = {
    "check": ("game.cli.authoring", "check_command", True),
    "new": ("game.cli.authoring", "new", False),
    "schema": ("game.cli.authoring", "schema", False),
    "translate": ("game.cli.authoring", "translate", True),
    "lsp": ("game.cli.authoring", "lsp", False),
    "graph": ("game.cli.authoring", "graph", True),
    "explore": ("game.cli.authoring", "explore", True),
    "transcript": ("game.cli.classroom", "transcript", True),
    "verify": ("game.cli.classroom", "verify", True),
    "class-report": ("game.cli.classroom", "class_report", True),
    "export": ("game.cli.classroom", "export", True),
    "demo": ("game.cli.classroom", "demo", False),
    "serve": ("game.cli.classroom", "serve", False),
    "play": ("game.cli.play", "play", False),
}
"""Each command's function, as (module, name, whether the collector is paused for it); imported only when run.

The collector is paused for the commands that load a story (or explore one), print, and end: what they
build lives to the end, so collecting it is wasted work. Never for the interactive ones, whose
sessions go on for an hour and make garbage with cycles (Textual's widgets) all along.
"""


@contextmanager
def collector_paused(pause: bool = True) -> Iterator[None]:
    """Python's cyclic garbage collector off for the block (when ``pause``), then back as it was."""
    was_enabled = gc.isenabled()
    if pause:
        gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


PLAY_DEFAULTS = {
    "command": "play",
    "scenes": None,
    "saves_dir": None,
    "plain": False,
    "chapter": None,
    "load": None,
    "scene": None,
    "auto": None,
    "seed": 0,
    "separator": "stars",
    "watch": False,
    "lang": None,
    "bidi": None,
    "served": False,
}
"""What argparse makes of ``jangal play`` with no option (a test holds the two together): plain ``jangal`` (or
``jangal play``), the way most players start it, takes these without importing argparse, 2 ms of its start."""


def _run(argv: list[str]) -> int:
    _replace_what_cannot_be_encoded()
    if argv not in ([], ["play"]):
        from game.cli.arguments import parse_arguments

        if argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version"):
            argv.insert(0, "play")  # `jangal --plain` means `jangal play --plain`
        arguments = parse_arguments(argv)
    else:
        arguments = SimpleNamespace(**PLAY_DEFAULTS)
    module, name, pause = RUNNERS[arguments.command]
    try:
        with collector_paused(pause):
            return getattr(importlib.import_module(module), name)(arguments)
    except KeyboardInterrupt:
        print("\nStopped. Your progress is in the autosave.", file=sys.stderr)
        return 130
