"""``jangal serve``'s preloaded process: Textual and the game imported and the story loaded once, a game per tab forked.

The server starts it with the environment every tab's game shares (textual-serve's: the web driver,
its frame rate and colours, which Textual reads when it is imported) and asks it for each tab's game
over a Unix socket (``game.classroom.tab_forks`` is the server's end). For each request it forks; the
child takes the three pipes that came with the request as its standard input, output and error,
takes the tab's environment as its own, and runs the tab's game as ``jangal play --served`` would,
with the story already loaded. The parent tells the server the child's pid, and later its exit status.

What a forked game shares with the others is memory the operating system copies on write: the
modules and the story, which never change. Everything a game changes is its own: its save folder
(named by its tab's environment), its settings (kept there), its random generator (Python reseeds
``random`` in every child of ``os.fork``), its app. The objects made before forking are frozen out of
the collector's reach (``gc.freeze``), so collecting in a child does not write to, and so copy, their
pages. The process ignores Ctrl+C (the server stops the games) and ends when the server closes its
standard input.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import json
import os
import selectors
import signal
import socket
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

from rich.cells import cell_len

from game.classroom.tab_forks import MAX_REQUEST, READY
from game.cli.arguments import language

PRELOADED = (
    "textual.app",
    "textual.drivers.web_driver",
    "game.ui.app",
    "game.ui.startup",
    "game.ui.served",
    "game.ui.screens.play",
    "game.play.session",
    "game.classroom.hand_in",
    # imported by every game after its fork when they were not here (each game its own copy, ~1 MB):
    "game.classroom.serve",
    "game.cli.printable_console",
    "game.ui.screens.hand_in",
    "game.ui.screens.save",
    "textual.pilot",  # App.run imports it
    "textual.drivers.headless_driver",
    "textual.layouts.factory",
    "textual.layouts.horizontal",
    "textual.layouts.stream",
    "textual.scrollbar",
    "secrets",
    "shlex",
)
"""What every tab's game imports before its first screen, or right after it."""

TabGame = Callable[[], int]


class Zygote:
    """Forks a game per request; reports each game's pid and exit status on the request's connection."""

    def __init__(self, listener: socket.socket, run_game: TabGame) -> None:
        self.listener = listener
        self.run_game = run_game
        self.games: dict[int, socket.socket] = {}
        """The connection of each running game's request, by the game's pid."""
        self.selector = selectors.DefaultSelector()
        self.wakeup_read, self.wakeup_write = os.pipe()

    def serve(self) -> int:
        """Answer requests until the server closes this process's standard input."""
        os.set_blocking(self.wakeup_write, False)
        signal.set_wakeup_fd(self.wakeup_write)
        signal.signal(signal.SIGCHLD, lambda *_: None)  # the wakeup byte is what counts
        self.selector.register(self.listener, selectors.EVENT_READ, "request")
        self.selector.register(0, selectors.EVENT_READ, "lifeline")
        self.selector.register(self.wakeup_read, selectors.EVENT_READ, "child ended")
        while True:
            for key, _ in self.selector.select():
                if key.data == "request":
                    self.answer()
                elif key.data == "lifeline" and not os.read(0, 4096):
                    return 0
                elif key.data == "child ended":
                    os.read(self.wakeup_read, 4096)
            self.reap()

    def answer(self) -> None:
        """Read one request (the tab's environment and its three pipes) and fork its game."""
        try:
            connection, _ = self.listener.accept()
        except OSError:
            return
        try:
            message, ends, _, _ = socket.recv_fds(connection, MAX_REQUEST, 3)
            environment = _environment(message)
        except (OSError, ValueError):
            connection.close()
            return
        if len(ends) != 3 or environment is None:
            for end in ends:
                os.close(end)
            connection.close()
            return
        pid = os.fork()
        if pid == 0:
            self.become_game(connection, ends, environment)
        for end in ends:
            os.close(end)
        self.games[pid] = connection
        with contextlib.suppress(OSError):
            connection.sendall(json.dumps({"pid": pid}).encode("ascii") + b"\n")

    def reap(self) -> None:
        """Tell the server the exit status of every game that ended."""
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            connection = self.games.pop(pid, None)
            if connection is not None:
                with contextlib.suppress(OSError):
                    connection.sendall(json.dumps({"exit": os.waitstatus_to_exitcode(status)}).encode("ascii") + b"\n")
                connection.close()

    def become_game(self, connection: socket.socket, ends: list[int], environment: dict[str, str]) -> None:
        """In the child: drop the parent's sockets and handlers, take the pipes and environment, run the game."""
        code = 1
        try:
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            self.selector.close()
            for other in (self.listener, connection, *self.games.values()):
                other.close()
            os.close(self.wakeup_read)
            os.close(self.wakeup_write)
            for number, end in enumerate(ends):
                os.dup2(end, number)
                os.close(end)
            os.environ.clear()
            os.environ.update(environment)
            code = self.run_game()
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        except BaseException:
            traceback.print_exc()
        finally:
            with contextlib.suppress(Exception):
                sys.stdout.flush()
                sys.stderr.flush()
            os._exit(code)


def _environment(message: bytes) -> dict[str, str] | None:
    """The tab's environment from a request, or None when it is not an object of strings."""
    found = json.loads(message).get("environment")
    if not isinstance(found, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in found.items()):
        return None
    return found


def preload(scenes: list[Path], saves: Path, language: str | None = None) -> TabGame:
    """Choose the language, import what a tab's game needs and load the story (translated); return what a child runs.

    The language comes first: the screens' key bindings and labels are read, in it, when they are imported.
    """
    from game.play.language import use_language

    use_language(language)
    from game.cli.common import load_story
    from game.cli.play import in_language, served_tab_game
    from game.story.files import read_title_card

    for module in PRELOADED:
        importlib.import_module(module)
    cell_len("جنگل")  # rich reads its table of character widths (a large module) on the first text beyond ASCII
    loaded = load_story(scenes)
    card = read_title_card(scenes)
    if language and loaded.story is not None:  # the title painted first is the translation's too
        loaded.story = in_language(loaded.story, scenes, language)
        card = (loaded.story.title, loaded.story.blurb)
    return lambda: served_tab_game(scenes, saves, card, loaded)


def main(argv: list[str] | None = None) -> int:
    """``python -m game.cli.tab_zygote --socket PATH --saves-dir DIR --scenes DIR ...``."""
    parser = argparse.ArgumentParser(prog="python -m game.cli.tab_zygote")
    parser.add_argument("--socket", type=Path, required=True)
    parser.add_argument("--saves-dir", type=Path, required=True)
    parser.add_argument("--scenes", type=Path, action="append", default=[])
    parser.add_argument("--lang", type=language, default=None)
    options = parser.parse_args(argv)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the server, which stops the games, then this
    return listen_and_serve(options.socket, preload(options.scenes, options.saves_dir, options.lang))


def listen_and_serve(socket_path: Path, run_game: TabGame) -> int:
    """Listen on the socket, say so, and fork ``run_game`` for every request until the server lets go."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(socket_path))
    listener.listen(128)
    gc.collect()
    gc.freeze()  # what is made before forking stays out of the collector's way, so its pages stay shared
    sys.stdout.buffer.write(READY)
    sys.stdout.flush()
    return Zygote(listener, run_game).serve()


if __name__ == "__main__":
    sys.exit(main())
