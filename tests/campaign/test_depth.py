"""The campaign has the depth issue 22 asks for: its words, scenes, endings and choices, counted from the scenes."""

from __future__ import annotations

from collections import deque
from fractions import Fraction

from game.story.model import Scene, Story
from game.ui.app import JangalApp
from game.ui.screens.ending import EndingScreen
from tests.campaign.reading import history_reading, words

MIN_NARRATIVE, MIN_HISTORY, MIN_SCENES, MIN_ENDINGS = 45_000, 15_000, 130, 10
MAX_REJOIN = Fraction(1, 5)
MIN_DECISIONS = 8


def narrative_words(campaign: Story) -> int:
    """Words of scene text (every conditional block), consequences and epilogues; no notes, codex or timeline."""
    scenes = campaign.scenes.values()
    total = sum(words(scene.text.every_paragraph()) for scene in scenes)
    total += sum(words(choice.consequence.every_paragraph()) for scene in scenes for choice in scene.choices)
    return total + sum(words(scene.ending.epilogue.every_paragraph()) for scene in scenes if scene.ending)


def decision_scenes(campaign: Story) -> list[Scene]:
    """Scenes that offer more than one choice."""
    return [scene for scene in campaign.scenes.values() if len(scene.choices) > 1]


def rejoining(campaign: Story) -> list[str]:
    """Decision scenes whose every choice goes to the same next scene."""
    return [scene.id for scene in decision_scenes(campaign) if len({choice.goto for choice in scene.choices}) == 1]


def fewest_decisions(campaign: Story) -> dict[str, int]:
    """For each ending, the fewest decision scenes on a path from the start (conditions ignored: a lower bound)."""
    best = {campaign.start: 0}
    queue = deque([campaign.start])
    while queue:
        scene = campaign.scenes[queue.popleft()]
        cost = best[scene.id] + (1 if len(scene.choices) > 1 else 0)
        for goto in {choice.goto for choice in scene.choices}:
            if cost < best.get(goto, cost + 1):
                best[goto] = cost
                # A free step (a one-choice scene) is explored first, as in a 0-1 breadth-first search.
                queue.appendleft(goto) if cost == best[scene.id] else queue.append(goto)
    return {scene.id: best[scene.id] for scene in campaign.scenes.values() if scene.ending and scene.id in best}


def test_the_narrative_is_long_enough(campaign: Story) -> None:
    """At least 45,000 words of scene text, consequences and epilogues."""
    total = narrative_words(campaign)
    assert total >= MIN_NARRATIVE, f"narrative: {total:,} words, below {MIN_NARRATIVE:,}"


def test_history_path_is_long_enough(campaign: Story) -> None:
    """History's path shows at least 15,000 words of story."""
    reading = history_reading(campaign)
    assert reading.story >= MIN_HISTORY, f"history's path: {reading.story:,} words in {reading.scenes} scenes"


def test_enough_scenes_and_endings(campaign: Story) -> None:
    """At least 130 scenes and at least 10 endings."""
    endings = [scene.id for scene in campaign.scenes.values() if scene.ending]
    assert len(campaign.scenes) >= MIN_SCENES, f"{len(campaign.scenes)} scenes, below {MIN_SCENES}"
    assert len(endings) >= MIN_ENDINGS, f"{len(endings)} endings, below {MIN_ENDINGS}: {endings}"


def test_at_most_a_fifth_of_decisions_rejoin_at_once(campaign: Story) -> None:
    """At most one decision scene in five sends every choice to the same next scene."""
    same, total = rejoining(campaign), len(decision_scenes(campaign))
    ratio = Fraction(len(same), total)
    assert ratio <= MAX_REJOIN, f"same next scene: {len(same)}/{total} = {float(ratio):.0%}: {same}"


def test_no_choice_is_purely_cosmetic(campaign: Story) -> None:
    """No two choices of a scene share their next scene, their effects and their consequence."""
    cosmetic = []
    for scene in campaign.scenes.values():
        seen = [(c.goto, c.effects, c.consequence.every_paragraph()) for c in scene.choices]
        cosmetic += [scene.id for index, key in enumerate(seen) if key in seen[:index]]
    assert cosmetic == [], f"cosmetic choices in {cosmetic}"


def test_every_ending_takes_eight_decisions_or_offers_the_way_back(campaign: Story) -> None:
    """An ending reached in under eight decisions has an ending screen that takes the player back to the last one."""
    fewest = fewest_decisions(campaign)
    assert set(fewest) == {scene.id for scene in campaign.scenes.values() if scene.ending}
    short = {ending: count for ending, count in fewest.items() if count < MIN_DECISIONS}
    way_back = "back_to_decision" in {binding.action for binding in EndingScreen.BINDINGS}
    way_back = way_back and hasattr(JangalApp, "action_back_to_decision")
    assert not short or way_back, f"endings in under {MIN_DECISIONS} decisions with no way back: {short}"
