"""Every fact of the seed document appears in the game: each is listed with the scenes that tell it."""

from __future__ import annotations

import re

import pytest

from game.story.model import Scene, Story

# (fact from the seed, scene ids where the game tells it, patterns each of those scenes must contain)
SEED_FACTS = [
    ("The republic's name", ["rasht_proclaimed"], [r"Persian Socialist Soviet Republic"]),
    ("It lasted from June 1920 until September 1921", ["rasht_proclaimed"], [r"June\s+1920", r"September 1921"]),
    (
        "Founded by Mirza Kuchik Khan, a leader of the Constitutionalist Movement of Gilan",
        ["rasht_proclaimed"],
        [r"Kuchik Khan", r"Constitutionalist Movement of Gilan"],
    ),
    ("With his Jangali partisans", ["manjil", "rasht_proclaimed"], [r"Jangali"]),
    ("With the help of Soviet Russia's Red Army", ["rasht_proclaimed"], [r"Red Army"]),
    ("The new administration formally under Ehsanollah Khan", ["red_rasht"], [r"Ehsanollah"]),
    ("Actually under the influence of Batyrbek Abukov, the Soviet commissar", ["red_rasht"], [r"Abukov", r"commissar"]),
    ("Anti-religious propaganda", ["red_rasht"], [r"religio"]),
    ("Forcing money out of the rich landlords", ["red_rasht"], [r"landlords"]),
    ("War refugees flooding the towns lost the republic popular support", ["refugee_towns"], [r"refugees"]),
    (
        "Reza Khan Mirpanj's coup with Seyyed Zia'eddin Tabatabaee",
        ["coup_night"],
        [r"Reza Khan Mirpanj", r"Seyyed Zia'eddin Tabatabaee"],
    ),
    ("The coup came several days before", ["moscow_treaty"], [r"several days"]),
    ("Reza Khan reasserted central control over Gilan and Mazandaran", ["rasht_retaken"], [r"Gilan and Mazandaran"]),
    (
        "Gregor Yeghikian and Ebrahim Fakhrayi, Minister of Culture in Kuchik Khan's cabinet",
        ["ending_snow"],
        [r"Gregor Yeghikian", r"Ebrahim Fakhrayi", r"Minister of Culture"],
    ),
    (
        "Extremist actions of the Communist (Edalat) Party provoked religious opposition",
        ["ending_snow"],
        [r"religio", r"communists"],
    ),
    (
        "Kuchik Khan's religious and cautious views on working with the communists",
        ["ending_snow"],
        [r"Kuchik\s+Khan's pious caution"],
    ),
    ("The Edalat party", ["rasht_proclaimed"], [r"Edalat"]),
    (
        "Rothstein's peace-making: his message to the Soviet officers not to obey",
        ["rothstein_message"],
        [r"Rothstein", r"officers"],
    ),
    ("Ehsanollah Khan's force of about a thousand heading for Qazvin", ["qazvin_road"], [r"thousand", r"Qazvin"]),
    ("And as a result the campaign was defeated", ["qazvin_rout"], [r"Qazvin"]),
    (
        "Kayhan A. Nejad: Moscow withdrew only after months of infighting",
        ["ending_snow"],
        [r"Kayhan A\. Nejad", r"Months of feuding"],
    ),
    (
        "The 1920 stamp of Kaveh the Blacksmith, hammer and anachronistic red flag",
        ["kaveh_stamp"],
        [r"Kaveh the Blacksmith", r"hammer", r"anachronis", r"red flag"],
    ),
]


def everything_said(scene: Scene) -> str:
    """A scene's text, note, choices and ending, as one line of words."""
    parts = [scene.title, scene.text.every_paragraph(), scene.note.text if scene.note else ""]
    parts += [f"{choice.text} {choice.consequence.every_paragraph()}" for choice in scene.choices]
    if scene.ending:
        ending = scene.ending
        parts += [ending.epilogue.every_paragraph(), ending.what_really_happened, *ending.questions]
        parts += [f"{explanation.who} {explanation.view}" for explanation in ending.explanations]
    return " ".join(" ".join(parts).split())


@pytest.mark.parametrize(("fact", "scene_ids", "patterns"), SEED_FACTS, ids=[fact for fact, _, _ in SEED_FACTS])
def test_seed_fact_is_told(campaign: Story, fact: str, scene_ids: list[str], patterns: list[str]) -> None:
    """The fact's words are in every scene listed for it."""
    for scene_id in scene_ids:
        said = everything_said(campaign.scenes[scene_id])
        for pattern in patterns:
            assert re.search(pattern, said), f"{fact!r}: {pattern!r} not in scene {scene_id}"
