"""The scenes that several paths reach never contradict the path taken (issue 16's rejoin cases)."""

from __future__ import annotations

from game.play.engine import Engine
from game.story.model import Story
from tests.campaign.walk import text_at

HOLD_QAZVIN = {"cossacks_come": "Hold Qazvin and guard the road to the capital"}
# Kuchik Khan stays in Rasht on Moscow's open army, so the committee can still call the raiders home.
BANDS_HOME = {
    "raskolnikov_initiative": "Send the divisions, and let them march under Moscow's own flag",
    "rasht_split": "Advise him to stay and insist on his share of the government",
    "mazandaran_raids": "Urge the committee to call the bands home before Tehran answers",
    **HOLD_QAZVIN,
}
STAROSSELSKY_NEWS = "Colonel Starosselsky, the\n Russian at the head of the Shah's Cossacks, has lost his command"


def paragraphs(text: str) -> list[str]:
    """A scene text's paragraphs, each on one line."""
    return [" ".join(part.split()) for part in text.split("\n\n")]


def test_the_ledger_scene_does_not_say_the_cossacks_took_rasht_when_they_held_qazvin(campaign: Story) -> None:
    """'A ledger in the rain' tells Starosselsky's fall without the raid on Rasht, down both roads of 1920."""
    engine = Engine(campaign)
    news = " ".join(STAROSSELSKY_NEWS.split())
    for picks in ({}, HOLD_QAZVIN):
        shown = paragraphs(text_at(engine, "autumn_rasht", picks))
        assert any(news in paragraph for paragraph in shown)
        assert not any("into Rasht" in paragraph for paragraph in shown)


def test_the_empty_road_does_not_send_out_raids_that_were_called_home(campaign: Story) -> None:
    """'An empty road' never says the raids grow bolder, whether or not the bands were called home."""
    engine = Engine(campaign)
    for picks in (HOLD_QAZVIN, BANDS_HOME):
        shown = paragraphs(text_at(engine, "qazvin_line", picks))
        assert "some of the party men talk openly of Qazvin and, after Qazvin, of Tehran." in shown[2]
        assert not any("bolder" in paragraph for paragraph in shown)


def test_the_reunion_remembers_the_night_in_rasht(campaign: Story) -> None:
    """The forest reunion recalls the question asked before the split, whether Kuchik Khan left Rasht or stayed."""
    engine = Engine(campaign)
    stayed = {key: BANDS_HOME[key] for key in ("raskolnikov_initiative", "rasht_split")}
    for picks in ({}, stayed):
        last = paragraphs(text_at(engine, "forest_reunion", picks))[-1]
        assert last.endswith("He has not asked you that since the night in Rasht.")
        assert "never asked" not in last
