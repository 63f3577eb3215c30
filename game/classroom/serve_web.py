"""The web server of ``jangal serve``: textual-serve's, with the classroom's rules applied.

textual-serve starts a game for every websocket from anywhere, of any size, and builds the page's
URLs from the address it was bound to (``http://0.0.0.0:8000/...``, which no browser can open).
This server keeps textual-serve's protocol and static files and changes what a classroom needs:

- every request must name this server in ``Host`` (an address it was reached at, or this machine's
  name), and a websocket must come from this very page (``Origin``): another web page open in the
  teacher's browser cannot start games or hand in as a student;
- games are capped in all and per client address, and the page says when the class is full;
- the terminal a browser asks for is clamped (``serve.clamp_size``);
- the page is Jangal's own: relative URLs, a viewport tag, the font served from here, a policy that
  lets it reach nothing but this server, and a game token kept in the browser, so a reload (or the
  address the quit dialog shows) continues the same game in the same save folder.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import TextIO

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from game.classroom.serve import (
    MAX_PER_CLIENT,
    MAX_SESSIONS,
    RETURN_ENVIRONMENT,
    TAB_ENVIRONMENT,
    AllowedHosts,
    SessionLimits,
    allowed_hosts,
    clamp_size,
    close_reason,
    exposure_warning,
    is_local,
    student_addresses,
    tab_folder_name,
    url_of,
)
from game.classroom.tab_forks import TabForks
from game.play.language import _, local_digits

WEB = Path(__file__).with_name("web")
"""The page and its script."""
FONT_SIZES = (8, 64)
DEFAULT_FONT_SIZE = 16
MAX_MESSAGE = 64 * 1024
"""The largest message a page may send (a long paste); textual-serve allows 4 MB."""
REPLACE_SECONDS = 15
"""How long a reload waits for the same game's previous process to save and quit."""
CLOSE_REFUSED = 4003


@dataclass(eq=False)  # each is its own game, counted by identity
class RunningGame:
    """One tab's game: its process, its websocket, and an event set once it has stopped."""

    service: AppService
    websocket: web.WebSocketResponse
    stopped: asyncio.Event = field(default_factory=asyncio.Event)


class TabService(AppService):
    """textual-serve's game process, told its save folder and its way back through the environment.

    With ``forks`` the game is forked from the server's preloaded process (``tab_forks``) instead of
    started as a new interpreter; when that process cannot fork it, the game starts the old way.
    """

    def __init__(self, command: str, extra: dict[str, str], forks: TabForks | None = None, **options) -> None:
        super().__init__(command, **options)
        self.extra_environment = extra
        self.forks = forks

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment.update(self.extra_environment)
        return environment

    async def _open_app_process(self, width: int = 80, height: int = 24):
        if self.forks is None or not self.forks.running:
            return await super()._open_app_process(width, height)
        try:
            self._process = process = await self.forks.spawn(self._build_environment(width, height))
        except OSError:
            return await super()._open_app_process(width, height)
        self._stdin = process.stdin
        return process


def shared_environment() -> dict[str, str]:
    """The environment textual-serve gives every game, without a tab's own part: what the preloaded process gets."""
    service = TabService("", {}, write_bytes=None, write_str=None, close=None, download_manager=None)
    return service._build_environment()


class JangalServer(Server):
    """textual-serve's server with Host and Origin checks, caps, clamped sizes and Jangal's own page."""

    def __init__(
        self,
        command: str,
        host: str = "127.0.0.1",
        port: int = 8000,
        *,
        max_sessions: int = MAX_SESSIONS,
        max_per_client: int = MAX_PER_CLIENT,
        font_size: int = DEFAULT_FONT_SIZE,
        announce: TextIO | None = None,
        saves: Path | None = None,
        forks: TabForks | None = None,
        language: str | None = None,
    ) -> None:
        super().__init__(command, host=host, port=port, title="Jangal")
        self.limits = SessionLimits(max_sessions, max_per_client)
        self.font_size = font_size
        self.allowed: AllowedHosts | None = None
        self.games: dict[str, RunningGame] = {}
        """The running game of each game token (tabs without a token are not listed)."""
        self.announce_to = announce if announce is not None else sys.stdout
        self.saves = saves
        self.forks = forks
        """The preloaded process the games are forked from; None: each game is a new interpreter."""
        self.language = language or "en"
        """The language of the page's words and of every tab's game (``serve --lang``)."""

    def listening(self, port: int) -> None:
        """Start accepting requests for the port the server really got (``--port 0`` picks one)."""
        self.port = port
        self.allowed = allowed_hosts(self.host, port)

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.check_host])
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/ws/{game}", self.handle_websocket, name="game-websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.get("/jangal/page.js", self.handle_script),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def check_host(self, request: web.Request, handler):
        """Refuse a request that does not name this server (another site, a rebound name)."""
        local = request.transport.get_extra_info("sockname") if request.transport else None
        if self.allowed is None or not self.allowed.allows(request.host, local[0] if local else None):
            return web.Response(status=421, text="This server does not serve that address.\n")
        return await handler(request)

    # The page

    async def handle_index(self, request: web.Request) -> web.Response:
        """The page. Always served: a reload must reach its websocket, which takes over the tab's own game
        even in a full class; a websocket that would be one game too many is refused, and the page says why.
        """
        from game.play.language import is_right_to_left

        font = _font_size(request.query.get("fontsize"), self.font_size)
        return self.page(
            "page.html",
            font_size=str(font),
            lang=self.language.replace("_", "-"),
            dir="rtl" if is_right_to_left(self.language) else "ltr",
            starting=_("Jangal is starting…"),
            ended=_("This game has ended. It is saved: reload the page to continue it."),
            reload=_("Reload"),
        )

    def page(self, name: str, status: int = 200, **values: str) -> web.Response:
        text = Template((WEB / name).read_text(encoding="utf-8"))
        body = text.substitute({key: html.escape(value) for key, value in values.items()})
        response = web.Response(text=body, status=status, content_type="text/html")
        response.headers["Content-Security-Policy"] = page_policy()
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    async def handle_script(self, request: web.Request) -> web.Response:
        script = (WEB / "page.js").read_text(encoding="utf-8")
        return web.Response(text=script, content_type="application/javascript")

    # The games

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """A tab's game: checked, counted and sized; a reload of the same token takes over its game."""
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
        if not self.allowed.origin_allowed(request.headers.get("Origin"), request.host):
            raise web.HTTPForbidden(text="Only the game's own page may open a game.\n")
        token = request.match_info.get("game")
        folder = None
        if token is not None:
            try:
                folder = tab_folder_name(token)
            except ValueError:
                raise web.HTTPBadRequest(text="Not a game token.\n") from None
            await self.replace(token)
        client = request.remote or ""
        await websocket.prepare(request)
        refusal = self.limits.refusal(client)
        if refusal:
            await websocket.close(code=CLOSE_REFUSED, message=close_reason(refusal))
            return websocket
        extra = {TAB_ENVIRONMENT: folder} if folder else {}
        if token:
            extra[RETURN_ENVIRONMENT] = f"{request.scheme}://{request.host}/?game={token}"
        width, height = clamp_size(request.query.get("width"), request.query.get("height"))
        await self.run_game(websocket, token, client, extra, width, height)
        return websocket

    async def replace(self, token: str) -> None:
        """Stop the game this token already runs (a reload, or the same game in a second tab), and wait."""
        previous = self.games.get(token)
        if previous is None:
            return
        with contextlib.suppress(Exception):
            await previous.service.send_meta({"type": "quit"})
            reason = close_reason(_("This game was opened in another tab."))
            await previous.websocket.close(code=CLOSE_REFUSED, message=reason)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(previous.stopped.wait(), REPLACE_SECONDS)

    async def run_game(self, websocket, token: str | None, client: str, extra: dict, width: int, height: int) -> None:
        service = TabService(
            self.command,
            extra,
            self.forks,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
            debug=self.debug,
        )
        game = RunningGame(service, websocket)
        self.limits.start(game, client)
        if token:
            self.games[token] = game
        try:
            await service.start(width, height)
            await self.relay(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        finally:
            await self.end(service)
            self.limits.stop(game)
            if token and self.games.get(token) is game:
                del self.games[token]
            game.stopped.set()

    async def end(self, service: AppService) -> None:
        """Tell the game to quit and wait for its process (killed if it hangs), so none is left behind."""
        with contextlib.suppress(Exception):
            await service.stop()
        process = service._process
        if process is None:
            return
        try:
            await asyncio.wait_for(process.wait(), REPLACE_SECONDS)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()

    async def relay(self, websocket: web.WebSocketResponse, service: AppService) -> None:
        """The page's messages to the game: keys, clamped resizes, focus; anything malformed is ignored."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope:
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                await service.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                await service.set_terminal_size(*clamp_size(data.get("width"), data.get("height")))
            elif kind == "ping" and isinstance(data, str):
                await websocket.send_json(["pong", data[:40]])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    # Running

    def serve(self, debug: bool = False) -> None:
        """Serve until Ctrl+C (or SIGTERM), then stop every game."""
        self.debug = debug
        self.initialize_logging()
        asyncio.run(self.run())

    async def run(self) -> None:
        if self.forks is not None and not await self.forks.start(shared_environment()):
            print(_("The games could not be preloaded: each tab starts its own."), file=sys.stderr)
            self.forks = None
        runner = web.AppRunner(await self._make_app(), handle_signals=False, access_log=None)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.port)
            await site.start()
            self.listening(runner.addresses[0][1])
            self.announce()
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for signal_number in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(NotImplementedError):
                    loop.add_signal_handler(signal_number, stop.set)
            await stop.wait()
            running = len(self.limits.running)
            stopping = (
                _("Stopping: {count} game saving and closing.")
                if running == 1
                else _("Stopping: {count} games saving and closing.")
            )
            print(stopping.format(count=local_digits(str(running))), file=self.announce_to)
        finally:
            await runner.cleanup()
            if self.forks is not None:  # after the games: it reports their ends
                await self.forks.close()

    def announce(self) -> None:
        """Where students go (with a QR code of the first address), the limits, and how to stop."""
        out = self.announce_to
        if is_local(self.host):
            urls = [url_of(self.host, self.port)]
            served = _("Jangal is served at {address} (this computer only: --host 0.0.0.0 serves the class).")
            print(served.format(address=urls[0]), file=out)
        else:
            print(exposure_warning(self.host, self.port, self.saves or Path("served")), file=sys.stderr)
            urls = student_addresses(self.host, self.port)
            if not urls:
                alone = _("Jangal is served on port {port}, but this computer has no network address.")
                print(alone.format(port=self.port), file=out)
            else:
                print(_("Students open one of these addresses in a browser:"), file=out)
                for url in urls:
                    print(f"    {url}", file=out)
                print_qr(urls[0], out)
        limits = self.limits
        at_once = _("Up to {total} games at once, {per_client} per computer.")
        print(
            at_once.format(total=local_digits(str(limits.total)), per_client=local_digits(str(limits.per_client))),
            file=out,
        )
        print(_("Stop the server with Ctrl+C (the games are saved)."), file=out, flush=True)

    async def on_shutdown(self, app: web.Application) -> None:
        for game in list(self.games.values()):
            with contextlib.suppress(Exception):
                await game.websocket.close()


def print_qr(url: str, out: TextIO) -> None:
    """The address as a QR code drawn with text, for a phone's camera."""
    import segno  # only a served class needs it

    segno.make(url, error="m").terminal(out=out, compact=True)


def _font_size(text: str | None, default: int) -> int:
    try:
        size = int(text) if text else default
    except ValueError:
        size = default
    return max(FONT_SIZES[0], min(FONT_SIZES[1], size))


def page_policy() -> str:
    """What the page may load and connect to: this server, and nothing else."""
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",  # xterm.js and textual.js set styles at run time
            "font-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
