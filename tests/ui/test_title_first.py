"""`jangal` paints the title from the story block, then loads the story: nothing acts before it is there."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import OptionList, Static

from game.play.engine import Engine
from game.play.saves import AUTOSAVE, SaveStore
from game.ui.app import JangalApp
from game.ui.screens.play import PlayScreen
from game.ui.screens.title import TitleScreen
from game.ui.startup import LaterStory
from tests.conftest import MINI

SIZE = (100, 30)


def later_app(tmp_path: Path, story: Path = MINI) -> JangalApp:
    """The app as plain `jangal` starts it: a title card now, the story after the first frame."""
    store = SaveStore(tmp_path / "saves")
    later = LaterStory((story,), store, "The card's title", "The card's blurb.")
    return JangalApp(later, store.folder)


async def test_the_title_card_is_painted_before_the_story_loads(tmp_path, monkeypatch) -> None:
    """The load starts with the card on screen; the story's own title and blurb replace it after."""
    import game.story.loader

    app = later_app(tmp_path)
    shown_while_loading = []
    real_load = game.story.loader.load_story

    def watched_load(paths, **options):
        shown_while_loading.append(str(app.screen.query_one("#story-title", Static).render()))
        return real_load(paths, **options)

    monkeypatch.setattr(game.story.loader, "load_story", watched_load)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert shown_while_loading == ["The card's title"]
        assert isinstance(app.screen, TitleScreen)
        assert str(app.screen.query_one("#story-title", Static).render()) == "A small test story"
        assert str(app.screen.query_one("#blurb", Static).render()) == "Three scenes and two endings, for tests."
        assert app.session.story.start == "dock"


async def test_a_key_pressed_at_once_waits_for_the_story(tmp_path) -> None:
    """Enter typed ahead, before the story has loaded, still starts a new game."""
    app = later_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, PlayScreen)
        assert app.session.state.scene == "dock"


async def test_continue_is_checked_against_the_loaded_story(tmp_path, mini) -> None:
    """A healthy autosave makes Continue the highlighted choice once the story is there."""
    store = SaveStore(tmp_path / "saves")
    store.save(AUTOSAVE, Engine(mini).new_game(), mini)
    app = later_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        menu = app.screen.query_one("#menu", OptionList)
        assert not menu.get_option("continue").disabled
        assert menu.highlighted == 0
        await pilot.press("enter")
        assert isinstance(app.screen, PlayScreen)


async def test_a_broken_story_closes_the_app_with_its_errors(tmp_path) -> None:
    """The errors are kept for the command to print; the app closes with status 1, no traceback."""
    broken = tmp_path / "broken"
    shutil.copytree(MINI, broken)
    scenes = next(path for path in broken.glob("*.yaml") if "scenes:" in path.read_text(encoding="utf-8"))
    scenes.write_text(scenes.read_text(encoding="utf-8").replace("goto:", "goto: nowhere_at_all\n        # ", 1))
    app = later_app(tmp_path, broken)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
    assert app.return_code == 1
    assert app.session is None
    assert any("nowhere_at_all" in problem.message for problem in app.load_failure.errors)
