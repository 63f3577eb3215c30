"""``jangal serve``: the game in a browser, one game process per tab, through textual-serve.

The server runs on the teacher's machine. Each browser tab that opens the page starts its own
``jangal play --served`` process there, with its own save folder, so thirty students never
share an autosave. Only the game is reachable: no shell, and no file but the downloads that a
game hands over on purpose (a transcript).
"""

from __future__ import annotations

import ipaddress
import secrets
import shlex
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path


def is_local(host: str) -> bool:
    """True when only this machine can reach the address."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str, port: int, saves: Path) -> str:
    """What serving on a non-local address exposes, said before the server starts."""
    return (
        f"Serving on {host}:{port}: anyone on this network who can reach this machine can open the game "
        f"in a browser. Each tab starts a game process on this machine as your user; games are saved under "
        f"{saves}. Nothing else is served: no files, no shell. Stop the server with Ctrl+C when the lesson ends."
    )


RUN_JANGAL = [sys.executable, "-P", "-m", "game"]
"""How a tab starts Jangal: this Python, and ``-P`` so that the folder the server was started in is not put
first on the import path; a ``game/`` folder there (in a downloads folder, on a shared drive) would
otherwise run instead of Jangal."""


def game_command(scenes: Sequence[Path], saves: Path, *, demo: bool = False) -> str:
    """The command each browser tab runs: this Python, this story, a save folder per game (or the demo)."""
    command = ["demo"] if demo else ["play", "--served", "--saves-dir", str(saves.absolute())]
    parts = [*RUN_JANGAL, *command]
    for folder in scenes:
        parts += ["--scenes", str(Path(folder).absolute())]
    return shlex.join(parts)


def session_folder(saves: Path, now: datetime | None = None) -> Path:
    """A fresh save folder for one browser tab: when it started, and a random part so two never meet."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return saves / f"tab-{stamp}-{secrets.token_hex(3)}"


def serve(host: str, port: int, scenes: Sequence[Path], saves: Path, *, demo: bool = False) -> None:
    """Run the web server until Ctrl+C."""
    from textual_serve.server import Server

    if not is_local(host):
        print(exposure_warning(host, port, saves), file=sys.stderr)
    server = Server(game_command(scenes, saves, demo=demo), host=host, port=port, title="Jangal")
    server.serve()
