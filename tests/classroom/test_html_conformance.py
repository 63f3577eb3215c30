"""One engine, two runtimes: seeded random playthroughs in Python and in the exported page's engine agree at every step.

Both sides draw from the same small generator (xorshift32, written twice below), so they make the
same choices as long as they offer the same open choices; every step compares the scene, the text
shown, the options with their reasons, variables, flags, visits and the ending, and each
playthrough ends with its transcript's verification code (and every 25th with the whole Markdown
transcript, which `jangal verify` must accept). One page evaluation plays them all.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bench.generate import write_story
from game.classroom.editions import Editions
from game.classroom.html_export import export_html
from game.classroom.render import render
from game.classroom.transcript import transcript_of
from game.classroom.verify import verify_text
from game.classroom.words import words_in
from game.cli.play import in_language
from game.play.engine import Engine
from game.story.loader import load_or_raise
from game.story.model import Story
from tests.classroom.web_page import OfflinePage, needs_chromium, open_browser
from tests.conftest import ROOT

PLAYTHROUGHS = 1000
PERSIAN_PLAYTHROUGHS = 300
"""The Persian edition: fewer, since its engine is the same; its words, digits, dates and codes are what differ."""
MAX_MOVES = 120
"""Moves (choices and undos) per playthrough at most; a random walk of the campaign ends in about 30."""
TRANSCRIPT_EVERY = 25
"""Every this many playthroughs, the browser also writes the whole Markdown transcript."""
UNDO_ODDS = 10
"""About one move in this many goes back one to three choices instead of choosing."""


class XorShift:
    """xorshift32: a generator small enough to write identically in Python and JavaScript."""

    def __init__(self, seed: int) -> None:
        self.value = (seed * 2654435761 + 1) % 2**32 or 1

    def below(self, count: int) -> int:
        value = self.value
        value ^= (value << 13) % 2**32
        value ^= value >> 17
        value ^= (value << 5) % 2**32
        self.value = value
        return value % count


def text_digest(texts: list[str]) -> str:
    return hashlib.sha256("\0".join(texts).encode("utf-8")).hexdigest()


def python_playthrough(story: Story, engine: Engine, seed: int, language: str = "en") -> list:
    """Every step of one seeded playthrough on the Python engine, and the code of its transcript."""
    rng = XorShift(seed)
    chapters = [None, *story.chapters]
    state = engine.new_game(chapters[rng.below(len(chapters))])
    steps = []
    for _ in range(MAX_MOVES):
        view = engine.view(state)
        options = [[option.index, option.open, option.reason] for option in view.options]
        ending = None if view.ending is None else [view.ending.kind.value, view.ending.title]
        data = state.to_json()
        steps.append(
            [
                state.scene,
                text_digest([engine.scene_text(state), engine.epilogue_text(state)]),
                options,
                data["variables"],
                data["flags"],
                data["visits"],
                ending,
            ]
        )
        opened = [option.index for option in view.options if option.open]
        if ending is not None or not opened:
            break
        if state.path and rng.below(UNDO_ODDS) == 0:
            state = engine.undo(state, 1 + rng.below(min(3, len(state.path))))
        else:
            state = engine.choose(state, opened[rng.below(len(opened))]).state
    name = f"Student {seed} — ü"
    record = transcript_of(story, state, name, language)
    document = render(story, record, state, "md") if seed % TRANSCRIPT_EVERY == 0 else None
    return [steps, record.code, document]


BROWSER_PLAYTHROUGHS = """
([first, count, maxMoves, undoOdds, transcriptEvery]) => {
  const engine = new JangalEngine.Engine(JSON.parse(document.getElementById("jangal-story").textContent));
  const hex = (bytes) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  const digest = (texts) => hex(JangalTranscript.sha256(new TextEncoder().encode(texts.join("\\0"))));
  const story = engine.story;
  const all = [];
  for (let seed = first; seed < first + count; seed += 1) {
    let value = Number((BigInt(seed) * 2654435761n + 1n) % 4294967296n) || 1;
    const below = (n) => {
      value = (value ^ (value << 13)) >>> 0;
      value = (value ^ (value >>> 17)) >>> 0;
      value = (value ^ (value << 5)) >>> 0;
      return value % n;
    };
    const chapters = [null, ...story.chapters.map((chapter) => chapter.id)];
    let state = engine.newGame(chapters[below(chapters.length)]);
    const steps = [];
    for (let move = 0; move < maxMoves; move += 1) {
      const view = engine.view(state);
      const options = view.options.map((option) => [option.index, option.open, option.reason]);
      const ending = view.ending ? [view.ending.kind, view.ending.title] : null;
      const joined = (pieces) => pieces.map((part) => part.md).filter(Boolean).join("\\n\\n");
      const shown = digest([joined(view.text), view.ending ? joined(engine.text(view.ending.epilogue, state)) : ""]);
      steps.push([state.scene, shown, options, state.variables, state.flags, state.visits, ending]);
      const opened = view.options.filter((option) => option.open).map((option) => option.index);
      if (ending || !opened.length) break;
      if (state.path.length && below(undoOdds) === 0) {
        state = engine.undo(state, 1 + below(Math.min(3, state.path.length)));
      } else state = engine.choose(state, opened[below(opened.length)]).state;
    }
    const picks = state.path.map((step) => [step.scene, step.choice]);
    const name = `Student ${seed} — ü`;
    const edition = story.language ? { language: story.language, translation: story.translation } : null;
    const code = JangalTranscript.verificationCode(story.fingerprint, story.id, state.origin, picks, name, edition);
    all.push([steps, code, seed % transcriptEvery === 0 ? JangalTranscript.markdown(engine, state, name).text : null]);
  }
  return all;
}
"""


@pytest.fixture(scope="module")
def rejoin_story() -> Story:
    """Two paths that rejoin, each with its own paragraphs (conditional text in scenes, consequences, an epilogue)."""
    return load_or_raise([Path(__file__).parents[1] / "stories" / "rejoin"])


@pytest.fixture(scope="module")
def bench_story(tmp_path_factory) -> Story:
    """A generated 1,000-scene story from the bench."""
    return load_or_raise([write_story(tmp_path_factory.mktemp("bench") / "story", 1000)])


def first_difference(python: list, browser: list) -> str:
    """Where the two runs first part, for the failure message."""
    for seed, (mine, theirs) in enumerate(zip(python, browser, strict=True), start=1):
        if mine[1:] != theirs[1:] and mine[0] == theirs[0]:
            return f"playthrough {seed}: codes {mine[1]} and {theirs[1]}, or their transcripts, differ"
        for number, (step, other) in enumerate(zip(mine[0], theirs[0], strict=False), start=1):
            if step != other:
                return f"playthrough {seed}, step {number}:\n python  {step}\n browser {other}"
        if len(mine[0]) != len(theirs[0]):
            return f"playthrough {seed}: {len(mine[0])} steps in Python, {len(theirs[0])} in the browser"
    return ""


@pytest.fixture(scope="module")
def persian_campaign(campaign: Story) -> Story:
    """The campaign in its Persian translation, as far as the translators have come."""
    return in_language(campaign, [ROOT / "scenes"], "fa")


@needs_chromium
@pytest.mark.parametrize(
    ("which", "least_steps", "language", "playthroughs"),
    [
        ("campaign", 10, "en", PLAYTHROUGHS),
        ("rejoin_story", 2, "en", PLAYTHROUGHS),
        ("bench_story", 10, "en", PLAYTHROUGHS),
        ("persian_campaign", 10, "fa", PERSIAN_PLAYTHROUGHS),
    ],
)
def test_the_browser_engine_plays_every_step_as_the_python_engine(
    which: str, least_steps: int, language: str, playthroughs: int, request, tmp_path: Path
) -> None:
    """Seeded playthroughs, with undos, give the same steps, transcript codes and transcripts in both, Persian too."""
    from playwright.sync_api import sync_playwright

    story = request.getfixturevalue(which)
    engine = Engine(story)
    python = [python_playthrough(story, engine, seed, language) for seed in range(1, playthroughs + 1)]
    page_file = tmp_path / "story.html"
    page_file.write_text(export_html(story, words_in(language)), encoding="utf-8")
    with sync_playwright() as playwright:
        browser = open_browser(playwright)
        offline = OfflinePage(browser, page_file)
        with offline as page:
            played = page.evaluate(BROWSER_PLAYTHROUGHS, [1, playthroughs, MAX_MOVES, UNDO_ODDS, TRANSCRIPT_EVERY])
        browser.close()
    assert offline.errors == [] and offline.requests == []
    assert played == python, first_difference(python, played)
    documents = [document for _, _, document in played if document is not None]
    assert len(documents) == playthroughs // TRANSCRIPT_EVERY
    original = request.getfixturevalue("campaign") if language != "en" else story  # verify starts from the English
    editions = Editions(original, lambda english, code: in_language(english, [ROOT / "scenes"], code))
    assert all(verify_text(original, document, editions).genuine for document in documents)
    steps = sum(len(steps) for steps, _, _ in python)
    endings = sum(1 for steps, _, _ in python if steps[-1][-1] is not None)
    assert steps > least_steps * playthroughs and endings > playthroughs // 2
    print(f"{which}: {playthroughs} playthroughs, {steps} steps, {endings} endings, 0 differences")
