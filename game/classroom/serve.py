"""``jangal serve``: the game in a browser, one game process per tab, through textual-serve.

The server runs on the teacher's machine. Each browser tab that opens the page gets its own
``jangal play --served`` process there, with its own save folder, so thirty students never
share an autosave. The process is forked from one that imported Textual and loaded the story
when the server started (``tab_forks``), so a class opening the page at once does not start thirty
interpreters from nothing. Only the game is reachable: no shell, and no file but the downloads that a
game hands over on purpose (a transcript).

This module holds the rules (who may connect, how many games, how big a terminal, which folder a
tab's game saves in); ``serve_web`` is the web server that applies them.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import secrets
import shlex
import socket
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

WILDCARDS = ("0.0.0.0", "::", "")
"""Hosts that mean "every address of this machine"."""

MAX_SESSIONS = 40
"""Games at once by default: a class of 30, its teacher, and a few reloads in flight."""
MAX_PER_CLIENT = 3
"""Games at once from one computer by default: a student's tab, a second tab, a reload."""
MIN_COLUMNS, MIN_ROWS = 20, 8
MAX_COLUMNS, MAX_ROWS = 300, 100
"""The terminal a browser may ask for: a 4K screen at a small font fits; 20000x5000 (557 MB) does not."""

TAB_TOKEN = re.compile(r"[0-9a-f]{32}")
"""What a page's game token looks like: 128 random bits, made by the browser, kept in its storage."""
TAB_FOLDER = re.compile(r"tab-[0-9a-f]{24}")
TAB_ENVIRONMENT = "JANGAL_SERVED_TAB"
"""The environment variable that tells a tab's game its save folder's name (never a path)."""
RETURN_ENVIRONMENT = "JANGAL_SERVED_RETURN"
"""The address that brings a student back to the same game, for the quit dialog."""


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
    from game.play.language import _

    return _(
        "Serving on {address}: anyone on this network who can reach this machine can open the game in a browser. "
        "Each tab starts a game process on this machine as your user; games are saved under {saves}. Nothing "
        "else is served: no files, no shell. Stop the server with Ctrl+C when the lesson ends."
    ).format(address=f"{host}:{port}", saves=saves)


RUN_JANGAL = [sys.executable, "-P", "-m", "game"]
"""How a tab starts Jangal: this Python, and ``-P`` so that the folder the server was started in is not put
first on the import path; a ``game/`` folder there (in a downloads folder, on a shared drive) would
otherwise run instead of Jangal."""


@dataclass(frozen=True)
class DemoOptions:
    """What ``serve --demo`` passes on to each tab's ``jangal demo``."""

    chapter: str | None = None
    pace: float | None = None
    transcript: Path | None = None
    language: str | None = None
    """The demo's language (``serve --lang``), None for English."""

    def arguments(self) -> list[str]:
        parts = ["--lang", self.language] if self.language else []
        if self.chapter:
            parts += ["--chapter", self.chapter]
        if self.pace is not None:
            parts += ["--pace", repr(self.pace)]
        if self.transcript is not None:
            parts += ["--transcript", str(Path(self.transcript).absolute())]
        return parts


def game_command(
    scenes: Sequence[Path], saves: Path, *, demo: DemoOptions | bool | None = None, language: str | None = None
) -> str:
    """The command each browser tab runs: this Python, this story, a save folder per game (or the demo), the
    language (``--lang``) when one is chosen."""
    if demo:
        parts = [*RUN_JANGAL, "demo"]
        if isinstance(demo, DemoOptions):
            parts += demo.arguments()
    else:
        parts = [*RUN_JANGAL, "play", "--served", "--saves-dir", str(saves.absolute())]
        parts += ["--lang", language] if language else []
    for folder in scenes:
        parts += ["--scenes", str(Path(folder).absolute())]
    return shlex.join(parts)


def session_folder(saves: Path, now: datetime | None = None) -> Path:
    """A fresh save folder for one browser tab: when it started, and a random part so two never meet."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return saves / f"tab-{stamp}-{secrets.token_hex(3)}"


def tab_folder_name(token: str) -> str:
    """The save folder of a page's game token: a hash, so the folder names do not give the tokens away."""
    if not TAB_TOKEN.fullmatch(token):
        raise ValueError("not a game token")
    return "tab-" + hashlib.sha256(token.encode("ascii")).hexdigest()[:24]


def served_folder(saves: Path, folder_name: str | None) -> Path:
    """Where a tab's game saves: the folder its token names, or a fresh one when it came without a valid one."""
    if folder_name and TAB_FOLDER.fullmatch(folder_name):
        return saves / folder_name
    return session_folder(saves)


def clamp_size(width: object, height: object) -> tuple[int, int]:
    """The terminal size a browser asked for, as whole numbers within what a game may be given."""
    return (
        _clamp(width, MIN_COLUMNS, MAX_COLUMNS, 80),
        _clamp(height, MIN_ROWS, MAX_ROWS, 24),
    )


def _clamp(value: object, low: int, high: int, default: int) -> int:
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        return default
    return max(low, min(high, number))


def split_host(host_header: str) -> tuple[str, int | None]:
    """``name:port``, ``[v6]:port`` or a bare name as (lower-case name, port or None); ("", None) when malformed."""
    text = host_header.strip().lower()
    if text.startswith("["):
        name, _, rest = text[1:].partition("]")
        port_text = rest[1:] if rest.startswith(":") else ""
    elif text.count(":") == 1:
        name, port_text = text.split(":")
    else:
        name, port_text = text, ""
    if port_text:
        if not port_text.isdigit():
            return "", None
        return name, int(port_text)
    return name, None


def machine_names() -> set[str]:
    """This machine's names that a student's browser might use: its hostname, with .local, and its full name."""
    names = {socket.gethostname().lower()}
    names.add(socket.getfqdn().lower())
    names |= {name + ".local" for name in list(names) if "." not in name}
    return {name for name in names if name}


@dataclass(frozen=True)
class AllowedHosts:
    """Which ``Host`` a request may name: an address the server is reachable at, or this machine's name.

    A browser sends the address the student typed; a page from anywhere else, or a name re-pointed at
    this machine (DNS rebinding), names something else and is refused.
    """

    port: int
    bound: str
    names: frozenset[str] = frozenset()

    def allows(self, host_header: str | None, local_address: str | None) -> bool:
        """Whether a request whose ``Host`` is ``host_header``, arriving at ``local_address``, is for this server."""
        if not host_header:
            return False
        name, port = split_host(host_header)
        if not name or (80 if port is None else port) != self.port:
            return False
        try:
            address = ipaddress.ip_address(name)
        except ValueError:
            return name in self.names or (name == "localhost" and _is_loopback(local_address))
        return _same_address(address, local_address)  # the very address the request arrived at

    def origin_allowed(self, origin: str | None, host_header: str | None) -> bool:
        """A websocket's ``Origin`` must be this very page: the scheme and the ``Host`` the request came to."""
        if not origin or not host_header:
            return False
        return origin.lower() in (f"http://{host_header.lower()}", f"https://{host_header.lower()}")


def allowed_hosts(bound: str, port: int) -> AllowedHosts:
    """The hosts for a server bound to ``bound``: this machine's names too when it listens beyond loopback."""
    names = frozenset() if is_local(bound) else frozenset(machine_names())
    if bound not in WILDCARDS and not _is_address(bound):
        names = names | {bound.lower()}
    return AllowedHosts(port, bound, names)


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _is_loopback(address: str | None) -> bool:
    return address is not None and is_local(address.split("%")[0])


def _same_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address, other: str | None) -> bool:
    if other is None:
        return False
    try:
        theirs = ipaddress.ip_address(other.split("%")[0])
    except ValueError:
        return False
    mapped = getattr(theirs, "ipv4_mapped", None)  # an IPv4 client on a dual-stack socket
    return address in (theirs, mapped)


class SessionLimits:
    """How many games run, in all and per client address; a game that replaces its own reload is not extra."""

    def __init__(self, total: int = MAX_SESSIONS, per_client: int = MAX_PER_CLIENT) -> None:
        self.total = total
        self.per_client = per_client
        self.running: dict[object, str] = {}
        """Each running game (by a key of the caller's), and the client address it serves."""

    def refusal(self, client: str) -> str:
        """Why one more game for ``client`` may not start, or "" when it may."""
        from game.play.language import _

        if len(self.running) >= self.total:
            return _("The class is full: {games} running, the most allowed. Ask your teacher.").format(
                games=_games(self.total)
            )
        if sum(1 for other in self.running.values() if other == client) >= self.per_client:
            return _("This computer already has {games} open: close a tab and reload.").format(
                games=_games(self.per_client)
            )
        return ""

    def start(self, key: object, client: str) -> None:
        self.running[key] = client

    def stop(self, key: object) -> None:
        self.running.pop(key, None)


def close_reason(text: str) -> bytes:
    """A websocket's close reason: at most 120 bytes of UTF-8 (the protocol allows 123), never half a letter."""
    return text.encode("utf-8")[:120].decode("utf-8", "ignore").encode("utf-8")


def _games(count: int) -> str:
    from game.play.language import _, local_digits

    return (_("{count} game") if count == 1 else _("{count} games")).format(count=local_digits(str(count)))


def student_addresses(bound: str, port: int, found: Iterable[str] | None = None) -> list[str]:
    """The addresses students should type: each non-loopback address of this machine (or the bound one), with port."""
    if bound not in WILDCARDS:
        return [url_of(bound, port)]
    addresses = list(found) if found is not None else local_addresses()
    return [url_of(address, port) for address in addresses]


def url_of(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}" + ("" if port == 80 else f":{port}")


def local_addresses() -> list[str]:
    """This machine's non-loopback IPv4 addresses, the one with the default route first."""
    found: list[str] = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.254.254.254", 9))  # no packet is sent: this only picks the outgoing address
            found.append(probe.getsockname()[0])
        except OSError:
            pass
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        infos = []
    found += [info[4][0] for info in infos]
    unique = dict.fromkeys(address for address in found if not is_local(address) and address != "0.0.0.0")
    return list(unique)


def serve(host: str, port: int, scenes: Sequence[Path], saves: Path, **options) -> None:
    """Run the web server until Ctrl+C (options: see ``serve_web.JangalServer``)."""
    from game.classroom.serve_web import JangalServer
    from game.classroom.tab_forks import TabForks

    demo = options.pop("demo", None)
    language = options.pop("language", None)
    # A demo tab runs ``jangal demo``: started the old way.
    forks = None if demo else TabForks(scenes, saves, language=language)
    command = game_command(scenes, saves, demo=demo, language=language)
    JangalServer(command, host=host, port=port, saves=saves, forks=forks, language=language, **options).serve()
