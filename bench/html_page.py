"""The no-server edition in headless Chromium: the campaign's page to its first scene, and a choice to its repaint.

Run as a child by ``bench.rows.html_rows``: ``python -m bench.html_page RUNS REPEATS`` prints one line
``html-page {json}`` with the samples. Each run opens a fresh page; the floor is a static page of the
same size, its story text as plain paragraphs, timed to its first contentful paint.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from game.classroom.html_export import export_html
from game.story.loader import load_or_raise

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
HTML_PREFIX = "html-page "
FILLER = "<p>The rain came down on the forest road and the riders waited under the alders for word.</p>\n"

FIRST_PAINT = """(mark) => new Promise((done) => {
  const look = () => {
    const paint = performance.getEntriesByName("first-contentful-paint")[0];
    const drawn = mark ? performance.getEntriesByName(mark)[0] : { startTime: 0 };
    if (paint && drawn) done(Math.max(paint.startTime, drawn.startTime)); else requestAnimationFrame(look);
  };
  look();
})"""
"""The first contentful paint, and for the player no earlier than its first scene is drawn."""
CHOICE_TO_FRAME = """() => new Promise((done) => {
  const button = document.querySelector("button.choice:not(:disabled)");
  const started = performance.now();
  button.click();
  const worked = performance.now() - started;
  requestAnimationFrame(() => done([performance.now() - started, worked]));
})"""


def static_page(size: int) -> str:
    """A page of ``size`` bytes with no script: a heading, a first paragraph, then paragraphs."""
    head = "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>floor</title></head><body>"
    body = "<h1>The wind at Manjil</h1><p>You were fifteen in the summer of 1918.</p>\n"
    count = max(0, (size - len(head) - len(body)) // len(FILLER))
    return head + body + FILLER * count + "</body></html>"


def measure(runs: int, repeats: int) -> dict:
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="jangal-html-bench-"))
    page_file, floor_file = folder / "campaign.html", folder / "static.html"
    page_file.write_text(export_html(load_or_raise([ROOT / "scenes"])), encoding="utf-8")
    size = page_file.stat().st_size
    floor_file.write_text(static_page(size), encoding="utf-8")
    first, floor, frames, work = [], [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        for _ in range(runs):  # interleaved, so a burst of load falls on both
            for target, mark, samples in ((page_file, "jangal-scene-drawn", first), (floor_file, "", floor)):
                page = browser.new_page()
                page.goto(target.as_uri() + ("#play" if mark else ""))  # the link that opens the first scene
                samples.append(page.evaluate(FIRST_PAINT, mark) / 1000)
                page.close()
        page = browser.new_page()
        page.goto(page_file.as_uri())
        page.click("#new-game")
        for _ in range(repeats):
            if page.locator("#ending").count():
                page.click("text=Start again")
                page.click("#confirm-yes")
            frame, worked = page.evaluate(CHOICE_TO_FRAME)
            frames.append(frame / 1000)
            work.append(worked / 1000)
        browser.close()
    return {"size": size, "first": first, "floor": floor, "frames": frames, "work": work}


def main(argv: list[str] | None = None) -> int:
    runs, repeats = (int(value) for value in (argv or sys.argv[1:]))
    print(HTML_PREFIX + json.dumps(measure(runs, repeats)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
