"""The campaign claims history only where history decided, and leaves the climax open (issue 16)."""

from __future__ import annotations

from game.play.engine import Engine
from game.story.model import Story
from tests.campaign.walk import walk_history

# history.md §5's fifteen decisions, with Rothstein's split between his letter and his order.
REAL_DECISIONS = {
    "manjil", "anzali_flotilla", "raskolnikov_initiative", "rasht_proclaimed", "rasht_split", "red_rasht",
    "cossacks_come", "rothstein_tehran", "forest_reunion", "qazvin_road", "rothstein_message",
    "ironside_choice", "coup_night", "molla_sara", "khalu_qurban", "flight",
}  # fmt: skip
# Yahya's private acts on history's path (review A2): history has no answer to them.
YAHYAS_OWN = {
    "refugee_towns", "mazandaran_raids", "baku_congress", "autumn_rasht", "pasikhan_line",
    "coup_rumours", "haydar_arrives", "zia_falls", "qazvin_rout",
}  # fmt: skip


def test_history_is_marked_exactly_at_the_real_decisions(campaign: Story) -> None:
    """The real decisions, and only they, declare `decision:` and mark exactly one choice as history's."""
    assert {scene.id for scene in campaign.scenes.values() if scene.decision} == REAL_DECISIONS
    marked = {scene.id: sum(c.history for c in scene.choices) for scene in campaign.scenes.values()}
    assert {scene_id for scene_id, count in marked.items() if count} == REAL_DECISIONS
    assert all(marked[scene_id] == 1 for scene_id in REAL_DECISIONS)


def test_yahyas_own_acts_are_not_decisions(campaign: Story) -> None:
    """The nine private acts the review lists declare no `decision:` and mark no choice history's."""
    for scene_id in YAHYAS_OWN:
        scene = campaign.scenes[scene_id]
        assert not scene.decision, scene_id
        assert not any(choice.history for choice in scene.choices), scene_id


def test_history_is_first_at_no_more_than_half_of_the_decisions(campaign: Story) -> None:
    """Where history's choice sits varies: first in the list at half of the decisions or fewer."""
    first = [scene_id for scene_id in REAL_DECISIONS if campaign.scenes[scene_id].choices[0].history]
    assert 0 < len(first) <= len(REAL_DECISIONS) // 2, sorted(first)


def test_every_decision_on_historys_path_offers_a_real_choice(campaign: Story) -> None:
    """On history's path no decision scene leaves only one choice open."""
    engine = Engine(campaign)
    for state in walk_history(engine):
        view = engine.view(state)
        if engine.is_decision(view.scene):
            assert len(view.open_options) >= 2, view.scene.id


def test_the_climax_is_open_on_historys_path(campaign: Story) -> None:
    """At the flight, surrender and exile can be chosen beside history's road over the mountains (review A3)."""
    engine = Engine(campaign)
    state = next(state for state in walk_history(engine) if state.scene == "flight")
    open_goals = {option.choice.goto for option in engine.view(state).open_options}
    assert {"ending_snow", "ending_terms", "ending_exile"} <= open_goals
    assert campaign.scenes["flight"].choices[engine.historical_choice(state)].goto == "ending_snow"


def test_the_fourth_road_says_what_it_needs(campaign: Story) -> None:
    """The invented fourth road, the one lock left at the flight, names what the player would have needed."""
    fourth = next(choice for choice in campaign.scenes["flight"].choices if choice.goto == "the_charter")
    for need in ("programme", "coalition", "Tehran"):
        assert need in fourth.locked_reason
