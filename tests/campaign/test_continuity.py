"""The scenes that several paths reach speak to the path taken (issue 16's rejoin cases, each played both ways)."""

from __future__ import annotations

import random

import pytest

from game.play.engine import Engine
from game.story.model import Story
from tests.campaign.walk import text_at

HOLD_QAZVIN = {"cossacks_come": "Hold Qazvin and guard the road to the capital"}
# Kuchik Khan stays in Rasht beside Moscow's open army, so the committee can still call its raiders home.
STAYED = {
    "raskolnikov_initiative": "Send the divisions, and let them march under Moscow's own flag",
    "rasht_split": "Advise him to stay and insist on his share of the government",
}
BANDS_HOME = {**STAYED, "mazandaran_raids": "Urge the committee to call the bands home before Tehran answers"}
ROTHSTEIN_TO_COMMITTEE = {
    "rothstein_tehran": "Write to the committee in Rasht instead and order them to stand their men down"
}

CASES = [
    # (scene, path, the paragraph's opening words, words it holds, words of the other path it must not hold)
    ("autumn_rasht", {}, "At the telegraph office", "who led the Shah's Cossacks into Rasht", "caution that kept him"),
    (
        "autumn_rasht",
        HOLD_QAZVIN,
        "At the telegraph office",
        "for all the caution that kept him at Qazvin",
        "into Rasht",
    ),
    ("qazvin_line", HOLD_QAZVIN, "In Rasht the committee", "The raids into Mazandaran grow bolder", "called home"),
    ("qazvin_line", {**BANDS_HOME, **HOLD_QAZVIN}, "In Rasht the committee", "sending them out again", "grow bolder"),
    ("forest_reunion", {}, "Rothstein's letter", "lies beside theirs on a tree stump", "no letter"),
    ("forest_reunion", ROTHSTEIN_TO_COMMITTEE, "There is no letter", "wrote to the committee instead", "beside theirs"),
    ("forest_reunion", {}, "Kuchik Khan has you read", "not asked you that since the night in Rasht.", "never asked"),
    (
        "forest_reunion",
        STAYED,
        "Kuchik Khan has you read",
        "not asked you that since the night in Rasht.",
        "never asked",
    ),
]


def paragraph(text: str, opening: str) -> str:
    """The paragraph of a scene text that begins with ``opening``, on one line."""
    found = [" ".join(part.split()) for part in text.split("\n\n") if " ".join(part.split()).startswith(opening)]
    assert len(found) == 1, f"{len(found)} paragraphs begin {opening!r}"
    return found[0]


@pytest.mark.parametrize(("scene_id", "picks", "opening", "holds", "other_path"), CASES)
def test_a_rejoining_scene_shows_the_paragraph_of_the_path_taken(
    campaign: Story, scene_id: str, picks: dict[str, str], opening: str, holds: str, other_path: str
) -> None:
    """Played down this path, the scene shows the paragraph written for it, and not the other path's."""
    text = text_at(Engine(campaign), scene_id, picks)
    assert holds in paragraph(text, opening)
    assert other_path not in " ".join(text.split())


def test_every_assumption_holds_where_the_scene_is_reached(campaign: Story) -> None:
    """On 400 seeded random playthroughs, from a new game and from each chapter, every `assumes:` holds on arrival."""
    engine = Engine(campaign)
    rng = random.Random(1921)
    broken = set()
    for _ in range(400):
        state = engine.new_game(rng.choice([None, *campaign.chapters]))
        for _ in range(200):
            scene = campaign.scenes[state.scene]
            if scene.assumes is not None and not scene.assumes(state):
                broken.add(scene.id)
            view = engine.view(state)
            if view.ending is not None:
                break
            state = engine.choose(state, rng.choice(view.open_options).index).state
    assert broken == set()
    assert sum(scene.assumes is not None for scene in campaign.scenes.values()) >= 15
