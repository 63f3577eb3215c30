"""The Persian HTML edition in headless Chromium, offline: right to left and mirrored, Persian words and dates in
the embedded font, history's path played to its ending, and a downloaded transcript that verifies."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.classroom.editions import Editions
from game.classroom.html_export import export_html
from game.classroom.verify import verify_file
from game.classroom.words import words_in
from game.cli.play import in_language
from game.play.engine import Engine
from game.story.model import Story
from tests.classroom.web_page import OfflinePage, needs_chromium
from tests.conftest import ROOT

pytestmark = needs_chromium
SCENES = ROOT / "scenes"


@pytest.fixture(scope="module")
def persian(campaign: Story) -> Story:
    return in_language(campaign, [SCENES], "fa")


@pytest.fixture(scope="module")
def page_file(persian: Story, tmp_path_factory) -> Path:
    page = tmp_path_factory.mktemp("export") / "jangal-fa.html"
    page.write_text(export_html(persian, words_in("fa")), encoding="utf-8")
    return page


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def test_the_title_screen_is_right_to_left_persian_in_the_embedded_font(browser, persian, page_file) -> None:
    """lang="fa" dir="rtl", the nav running from the right, Persian words, and Vazirmatn loaded from the page itself."""
    offline = OfflinePage(browser, page_file)
    with offline as page:
        assert page.evaluate("document.documentElement.lang") == "fa"
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        assert page.locator("#story-title").inner_text() == persian.title
        assert page.locator("#new-game").inner_text() == "بازی تازه"
        assert page.locator('[data-screen="title-screen"]').inner_text() == "آغاز"
        first, last = box(page, '[data-screen="title-screen"]'), box(page, '[data-screen="saves-screen"]')
        assert first["x"] > last["x"], "the first screen's button is the rightmost"
        title = box(page, "#story-title")
        assert title["x"] + title["width"] > 1280 - 80, "the story's title starts at the right edge"
        page.evaluate("document.fonts.ready")
        faces = page.evaluate("[...document.fonts].filter((f) => f.family === 'Vazirmatn').map((f) => f.status)")
        assert faces and all(status == "loaded" for status in faces)
        assert page.evaluate("document.fonts.check('18px Vazirmatn', 'بازی')")
        offline.screenshot("fa-title.png", full_page=False)
    assert offline.errors == [] and offline.requests == []


def test_history_is_played_to_the_ending_mirrored_and_the_transcript_verifies(
    browser, campaign, persian, page_file, tmp_path
) -> None:
    """Clicking history's choices reaches the ending; the status panel sits on the left; the download is genuine."""
    engine = Engine(persian)
    state = engine.new_game()
    offline = OfflinePage(browser, page_file)
    with offline as page:
        page.click("#new-game")
        side, scene = box(page, ".side"), box(page, "article.scene")
        assert side["x"] + side["width"] <= scene["x"], "the status panel is left of the story"
        choice = box(page, "button.choice")
        key = box(page, "button.choice .key")
        assert key["x"] > choice["x"] + choice["width"] / 2, "a choice's number is at its right"
        assert "خرداد ۱۲۹۷ / ۱۲ ژوئن ۱۹۱۸" in page.locator(".byline").inner_text()  # Manjil, 12 June 1918
        sources = engine.scene(state).note.sources  # each in its own <bdi>, so a Latin title keeps its order
        assert page.locator(".sources > bdi").all_inner_texts() == list(sources) and len(sources) > 1
        assert "Jungle Movement of Gilan" in page.locator(".sources bdi.latin.short").all_inner_texts()
        assert page.locator(".sources").inner_text().count("؛ ") == len(sources) - 1
        offline.screenshot("fa-play.png")
        while engine.view(state).ending is None:
            assert page.locator("#scene-title").inner_text() == engine.scene(state).title
            index = engine.history_or_first(state)
            page.click(f'button.choice[data-index="{index}"]')
            state = engine.choose(state, index).state
        ending = page.locator("#ending")
        assert "آنچه به‌راستی رخ داد" in ending.inner_text()
        assert engine.scene(state).ending.title in ending.inner_text()
        page.fill("#student-name", "علی رضایی")
        with page.expect_download() as download:
            page.click("#download")
        target = tmp_path / download.value.suggested_filename
        download.value.save_as(target)
        assert "کد تأیید" in page.locator("#hand-in-message").inner_text()
        offline.screenshot("fa-ending.png", full_page=True)
    assert offline.errors == [] and offline.requests == []
    assert target.name.startswith("علی-رضایی-JG-")
    editions = Editions(campaign, lambda english, code: in_language(english, [SCENES], code))
    verification = verify_file(campaign, target, editions)
    assert verification.genuine, verification.reason
    assert verification.transcript.language == "fa"


def test_the_english_edition_carries_no_persian(campaign) -> None:
    """The English page keeps lang="en", no direction, no font and no words table: only the story as written."""
    page = export_html(campaign)
    assert '<html lang="en" data-theme="light">' in page
    assert "Vazirmatn" not in page and "font-src" not in page and '"words":' not in page
