"""The exported page in Debian's Chromium (through Playwright), offline: any request but the file's is blocked."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tests.classroom.test_serve import CHROMIUM, CHROMIUM_FLAGS, needs_chromium

__all__ = ["SHOTS", "OfflinePage", "needs_chromium", "open_browser"]

SHOTS = Path("/tmp/html-shots")
"""Screenshots of the exported page, for a person to look at (the tests read the page itself)."""


def open_browser(playwright):
    """Headless Debian Chromium, never a downloaded browser."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)


@dataclass
class OfflinePage:
    """A browser context on one exported file, with every other request recorded and aborted."""

    browser: object
    file: Path
    viewport: dict = field(default_factory=lambda: {"width": 1280, "height": 900})
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def __enter__(self):
        self.context = self.browser.new_context(viewport=self.viewport, accept_downloads=True)
        self.context.route("**/*", self._only_the_file)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", self._console)
        self.page.goto(self.file.as_uri())
        return self.page

    def __exit__(self, *exc) -> None:
        self.context.close()

    def _only_the_file(self, route) -> None:
        if route.request.url == self.file.as_uri():
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def _console(self, message) -> None:
        if message.type in ("error", "warning"):  # a Content-Security-Policy refusal is reported here
            self.errors.append(message.text)

    def screenshot(self, name: str, **options) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / name
        self.page.screenshot(path=str(path), **options)
        return path
