"""The map (`m`): where the player is, and where they have been."""

from __future__ import annotations

from textual.widgets import Static

from game.ui.screens.map import NO_MAP, MapScreen
from game.ui.screens.play import PlayScreen
from tests.conftest import ROOT


async def test_m_opens_the_map_marking_here_and_before(make_app) -> None:
    """After three scenes of the campaign the map marks the current place and the one before."""
    app = make_app(ROOT / "scenes")
    async with app.run_test(size=(100, 30)) as pilot:
        # New game, history's choice at Manjil, the road home, then the map
        await pilot.press("enter", "1", "1", "m")
        assert isinstance(app.screen, MapScreen)
        legend = str(app.screen.query_one("#map-legend", Static).render())
        assert "you are here (Rasht)" in legend
        drawn = str(app.screen.query_one("#map", Static).render())
        assert "● Rasht" in drawn and "○ Manjil" in drawn and "· Tehran" in drawn
        await pilot.press("escape")
        assert isinstance(app.screen, PlayScreen)


async def test_a_story_without_a_map_says_so(make_app) -> None:
    """The small test story declares no map: the screen says how a story gets one instead of drawing Gilan."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "m")
        assert isinstance(app.screen, MapScreen)
        assert str(app.screen.query_one("#map", Static).render()) == NO_MAP
        assert not app.screen.query("#map-legend")


async def test_the_map_is_drawn_from_the_story_file(make_app, tmp_path) -> None:
    """A story's own map: its drawing, its places where it puts them, marked by the scenes listed at each."""
    import shutil

    from tests.conftest import MINI

    folder = tmp_path / "story"
    shutil.copytree(MINI, folder)
    (folder / "map.yaml").write_text(
        "map:\n  title: The coast\n  width: 30\n  height: 4\n  drawing: ['~~~~ sea ~~~~']\n  places:\n"
        "    - {name: Dock, row: 1, column: 0, scenes: [dock]}\n"
        "    - {name: Road, row: 2, column: 10, scenes: [road]}\n"
        "    - {name: Hills, row: 3, column: 20, scenes: []}\n",
        encoding="utf-8",
    )
    app = make_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "1", "m")
        drawn = str(app.screen.query_one("#map", Static).render())
        assert drawn.splitlines() == ["~~~~ sea ~~~~", "○ Dock", "          ● Road", "                    · Hills"]
        assert "Map · The coast" in str(app.screen.query_one(".screen-title", Static).render())
