"""The exported page played in headless Chromium, offline: history's path by clicking, reload and Continue,
hand-in that `jangal verify` accepts, saves, hostile text and corrupted storage, the phone viewport."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.classroom.html_export import export_html
from game.classroom.verify import verify_file
from game.cli.main import main
from game.play.engine import Engine
from game.story.loader import load_or_raise
from game.story.model import Story
from tests.classroom.web_page import OfflinePage, needs_chromium
from tests.conftest import MINI, ROOT

pytestmark = needs_chromium
HOSTILE_HTML = {
    "title: A small test story": "title: '<h1>Hostile</h1> & <script>window.pwned = 1</script>'",
    "text: Ships in the harbour.": "text: 'Ships <script>window.pwned=2</script><img src=x onerror=\"pwned=3\">'",
    "title: At the dock": "title: '<b onmouseover=\"window.pwned=4\">At the dock</b> [bold]x[/bold]'",
    "text: Welcome the sailors": "text: '<i>Welcome</i> the &amp; sailors'",
    "text: The flotilla landed in May 1920.": "text: '<iframe srcdoc=x></iframe> landed'",
}


@pytest.fixture(scope="module")
def campaign_page(campaign: Story, tmp_path_factory) -> Path:
    page = tmp_path_factory.mktemp("export") / "campaign.html"
    page.write_text(export_html(campaign), encoding="utf-8")
    return page


def scene_title(page) -> str:
    return page.locator("#scene-title").inner_text()


def play_history(page, story: Story, choices: int | None = None) -> None:
    """Click history's choice (or the first open one) until the ending, or ``choices`` times.

    After each choice the lens speaks of history only if the scene was a real decision, quoting its sentence.
    """
    engine = Engine(story)
    state = engine.new_game()
    made = 0
    while engine.view(state).ending is None and (choices is None or made < choices):
        assert scene_title(page) == engine.scene(state).title
        index = engine.history_or_first(state)
        page.click(f'button.choice[data-index="{index}"]')
        turn = engine.choose(state, index)
        state = turn.state
        verdict = page.locator(".lens .followed, .lens .departed")
        if engine.verdict(turn.step):
            assert verdict.inner_text() == f"✓ History: {engine.verdict(turn.step)}"
        else:
            assert verdict.count() == 0
        made += 1
    assert scene_title(page) == engine.scene(state).title


def test_history_path_by_clicking_reaches_the_ending_screen(browser, campaign: Story, campaign_page: Path) -> None:
    """Clicking history's choices plays the campaign to its ending, with what really happened and the questions."""
    offline = OfflinePage(browser, campaign_page)
    with offline as page:
        page.click("#new-game")
        play_history(page, campaign)
        ending = page.locator("#ending")
        assert "What really happened" in ending.inner_text() and "Questions for discussion" in ending.inner_text()
        assert "your path is history's path" in ending.inner_text()
        offline.screenshot("ending.png", full_page=True)
        page.click('nav [data-screen="log-screen"]')
        assert page.locator("#log-screen tbody tr.followed").count() > 5
        assert page.locator("#log-screen tbody tr.departed").count() == 0
        page.click('nav [data-screen="title-screen"]')
        assert "Endings found: 1 of" in page.locator("#endings-found").inner_text()
    assert offline.errors == [] and offline.requests == []


def test_keys_choose_and_focus_and_the_live_region_follow(browser, campaign_page: Path) -> None:
    """Key 1 makes the first choice; focus moves to the new scene's heading, which the live region announces."""
    offline = OfflinePage(browser, campaign_page)
    with offline as page:
        page.click("#new-game")
        first = scene_title(page)
        page.keyboard.press("1")
        assert scene_title(page) != first
        assert page.evaluate("document.activeElement.id") == "scene-title"
        assert page.locator("#announce").inner_text() == scene_title(page)
        assert page.locator("#announce").get_attribute("aria-live") == "polite"
        page.click("#undo")
        assert scene_title(page) == first
    assert offline.errors == []


def test_a_reload_mid_game_continues_where_it_was(browser, campaign: Story, campaign_page: Path) -> None:
    """The game in progress survives a reload: Continue on the title goes back to the same scene and status."""
    offline = OfflinePage(browser, campaign_page)
    with offline as page:
        page.click("#new-game")
        play_history(page, campaign, choices=4)
        where, status = scene_title(page), page.locator(".status").inner_text()
        page.reload()
        assert where in page.locator("#continue").inner_text()
        page.click("#continue")
        assert scene_title(page) == where and page.locator(".status").inner_text() == status
    assert offline.errors == []


def test_the_play_link_opens_the_first_scene_and_never_replaces_a_game(
    browser, campaign: Story, campaign_page: Path
) -> None:
    """`page.html#play` goes straight to a new game's first scene; with a game in progress, to that game."""
    offline = OfflinePage(browser, campaign_page)
    with offline as page:
        start = campaign.scenes[campaign.start].title
        page.goto(campaign_page.as_uri() + "#play")
        assert page.locator("#play-screen").is_visible() and scene_title(page) == start
        play_history(page, campaign, choices=3)
        where = scene_title(page)
        page.goto(campaign_page.as_uri() + "#play")
        page.reload()  # a hash change alone does not reload the page
        assert scene_title(page) == where
    assert offline.errors == [] and offline.requests == []


def test_named_saves_load_and_start_again_asks_first(browser, campaign: Story, campaign_page: Path) -> None:
    """A named save loads back; "Start again" changes nothing until the player says yes."""
    offline = OfflinePage(browser, campaign_page)
    with offline as page:
        page.click("#new-game")
        play_history(page, campaign, choices=2)
        saved = scene_title(page)
        page.click("text=Save")
        page.fill("#save-name", "before the march")
        page.click('#saves-screen button[type="submit"]')
        page.click('nav [data-screen="play-screen"]')
        page.keyboard.press("1")
        page.click("text=Start again")
        page.click("#confirm-no")
        assert scene_title(page) != saved and page.locator("#undo").is_enabled()
        page.click("text=Start again")
        page.click("#confirm-yes")
        assert page.locator("#undo").is_disabled()
        page.click('nav [data-screen="saves-screen"]')
        page.click("#saves-screen li button:text('Load')")
        assert scene_title(page) == saved
    assert offline.errors == []


def test_the_downloaded_transcript_is_genuine_and_counted_and_tampering_is_caught(
    browser, campaign: Story, campaign_page: Path, tmp_path: Path, capsys
) -> None:
    """At the ending the student's download verifies, class-report counts it, and an edit to it is caught."""
    offline = OfflinePage(browser, campaign_page)
    with offline as page:
        page.click("#new-game")
        play_history(page, campaign)
        page.fill("#student-name", "Leyla Rahimi")
        with page.expect_download() as download:
            page.click("#download")
        folder = tmp_path / "class"
        folder.mkdir()
        target = folder / download.value.suggested_filename
        download.value.save_as(target)
        assert "Verification code JG-" in page.locator("#hand-in-message").inner_text()
    assert target.name.startswith("Leyla-Rahimi-JG-") and target.suffix == ".md"
    verdict = verify_file(campaign, target)
    assert verdict.genuine, verdict.reason
    assert main(["verify", str(target)]) == 0 and "genuine: Leyla Rahimi" in capsys.readouterr().out
    assert main(["class-report", str(folder)]) == 0
    assert "1 transcript" in capsys.readouterr().out.replace("transcripts", "transcript")
    tampered = tmp_path / "tampered.md"
    tampered.write_text(target.read_text(encoding="utf-8").replace("Leyla Rahimi", "Leila Rahimi", 1), encoding="utf-8")
    assert not verify_file(campaign, tampered).genuine
    assert offline.errors == []


def hostile_story(tmp_path: Path) -> Path:
    folder = tmp_path / "hostile-html"
    shutil.copytree(MINI, folder)
    for name in ("story.yaml", "scenes.yaml"):
        text = (folder / name).read_text(encoding="utf-8")
        for plain, hostile in HOSTILE_HTML.items():
            text = text.replace(plain, hostile, 1)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("which", ["html", "markup"])
def test_hostile_text_is_shown_literally(browser, tmp_path: Path, which: str) -> None:
    """HTML and script in every text field, or Rich markup look-alikes, are shown as the characters they are."""
    folder = hostile_story(tmp_path) if which == "html" else ROOT / "tests" / "stories" / "hostile"
    story = load_or_raise([folder])
    page_file = tmp_path / "hostile.html"
    page_file.write_text(export_html(story), encoding="utf-8")
    offline = OfflinePage(browser, page_file)
    with offline as page:
        assert page.locator("#title-screen h2").inner_text() == story.title
        page.click("#new-game")
        scene = Engine(story).scene(Engine(story).new_game())
        assert scene_title(page) == scene.title
        assert page.locator("button.choice").first.inner_text().endswith(scene.choices[0].text)
        assert (
            page.evaluate("document.querySelectorAll('main script, main img, main iframe, main b, main i').length") == 0
        )
        assert page.evaluate("window.pwned") is None
        offline.screenshot(f"hostile-{which}.png", full_page=True)
    assert offline.errors == [] and offline.requests == []


def test_a_corrupted_or_foreign_storage_entry_is_ignored_with_a_message(browser, campaign_page: Path) -> None:
    """Unreadable JSON or a save of another shape in local storage: a message and a working title, not a blank page."""
    offline = OfflinePage(browser, campaign_page)
    with offline as page:
        story_id = page.evaluate("JSON.parse(document.getElementById('jangal-story').textContent).id")
        page.evaluate(f"localStorage.setItem('jangal:{story_id}:autosave', '{{not json')")
        page.reload()
        assert "could not be read" in page.locator("#notices").inner_text()
        page.evaluate(
            f"""localStorage.setItem('jangal:{story_id}:autosave', JSON.stringify({{format: 'x', picks: 7}}))"""
        )
        page.reload()
        assert "not a game of this story" in page.locator("#notices").inner_text()
        bad_pick = {"format": "jangal-web-save", "story": story_id, "origin": None, "picks": [["nowhere", 0]]}
        page.evaluate(
            f"localStorage.setItem('jangal:{story_id}:autosave', JSON.stringify({bad_pick!r}))".replace("None", "null")
        )
        page.reload()
        assert "no longer plays" in page.locator("#notices").inner_text()
        assert page.locator("#continue").count() == 0
        page.click("#new-game")
        assert page.locator("button.choice").count() > 0
    assert offline.errors == []


@pytest.mark.parametrize("theme", ["light", "dark", "contrast"])
def test_a_phone_reads_the_page_in_every_theme(browser, campaign_page: Path, theme: str) -> None:
    """At 390 px wide nothing scrolls sideways, the choices are full-width buttons, and each theme applies."""
    offline = OfflinePage(browser, campaign_page, viewport={"width": 390, "height": 844})
    with offline as page:
        page.select_option("#theme", theme)
        page.click("#new-game")
        assert page.evaluate("document.documentElement.dataset.theme") == theme
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        box = page.locator("button.choice").first.bounding_box()
        assert box["width"] > 300 and box["height"] >= 44
        offline.screenshot(f"phone-{theme}.png", full_page=True)
    assert offline.errors == []


def test_the_page_prints_the_scene_without_its_controls(browser, campaign_page: Path) -> None:
    """Print styles hide the navigation and the buttons around the scene."""
    offline = OfflinePage(browser, campaign_page)
    with offline as page:
        page.click("#new-game")
        page.emulate_media(media="print")
        assert not page.locator("nav").is_visible() and not page.locator(".actions").first.is_visible()
        assert page.locator("#scene-title").is_visible()
    assert offline.errors == []
