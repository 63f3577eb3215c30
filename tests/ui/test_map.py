"""The map (`m`): where the player is, and where they have been."""

from __future__ import annotations

from textual.widgets import Static

from game.ui.screens.map import MapScreen, place_of
from game.ui.screens.play import PlayScreen
from tests.conftest import ROOT


def test_places_are_found_in_scene_places() -> None:
    """The first mapped place named in a scene's place is the one marked."""
    assert place_of("Manjil, on the road from Qazvin to Rasht") == "Manjil"
    assert place_of("A cell in Qazvin") == "Qazvin"
    assert place_of("Somewhere in the hills") is None


async def test_m_opens_the_map_marking_here_and_before(make_app) -> None:
    """After two scenes of the campaign the map marks the current place and the one before."""
    app = make_app(ROOT / "scenes")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "1", "m")  # New game, history's choice at Manjil, then the map
        assert isinstance(app.screen, MapScreen)
        legend = str(app.screen.query_one("#map-legend", Static).render())
        assert "you are here (Rasht)" in legend
        drawn = str(app.screen.query_one("#map", Static).render())
        assert "● Rasht" in drawn and "○ Manjil" in drawn and "· Tehran" in drawn
        await pilot.press("escape")
        assert isinstance(app.screen, PlayScreen)
