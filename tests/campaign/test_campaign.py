"""The campaign: its size, its history's path, its endings, and its faithfulness to the sources."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import yaml

from game.play.engine import Engine
from game.play.state import GameState
from game.story.model import EndingKind, Reliability, Story

MIN_SCENES, MIN_WORDS, MIN_ENDINGS = 45, 12_000, 6
CHAPTER_ORDER = ("uprising", "qazvin", "reza_khan")


def words(text: str) -> int:
    return len(text.split())


def play_history(engine: Engine, state: GameState, stop_at: str | None = None) -> GameState:
    """Take history's choice (or the first open one) until an ending or the scene ``stop_at``."""
    for _ in range(500):
        if engine.view(state).ending is not None or state.scene == stop_at:
            return state
        index = engine.historical_choice(state)
        state = engine.choose(state, index if index is not None else engine.view(state).open_options[0].index).state
    raise AssertionError("history's path never ends")


def test_the_campaign_is_big_enough(campaign: Story) -> None:
    """At least 45 scenes, 12,000 words of scene text and 6 endings, 1 historical."""
    endings = [scene.ending for scene in campaign.scenes.values() if scene.ending]
    assert len(campaign.scenes) >= MIN_SCENES
    assert sum(words(scene.text.every_paragraph()) for scene in campaign.scenes.values()) >= MIN_WORDS
    assert len(endings) >= MIN_ENDINGS
    assert [ending.kind for ending in endings].count(EndingKind.HISTORICAL) == 1


def test_three_chapters_in_order(campaign: Story) -> None:
    """The chapters are the uprising, the Qazvin campaign and Reza Khan's advance."""
    assert tuple(campaign.chapters) == CHAPTER_ORDER


def test_history_path_reaches_the_historical_ending(campaign: Story) -> None:
    """Following history from a new game ends in the historical ending."""
    engine = Engine(campaign)
    end = play_history(engine, engine.new_game())
    assert campaign.scenes[end.scene].ending.kind is EndingKind.HISTORICAL
    assert engine.divergence(end).count == 0


@pytest.mark.parametrize("chapter", CHAPTER_ORDER[1:])
def test_history_path_arrives_at_each_chapter_preset(campaign: Story, chapter: str) -> None:
    """History's path reaches each chapter's start in exactly the state its preset declares."""
    engine = Engine(campaign)
    arrived = play_history(engine, engine.new_game(), stop_at=campaign.chapters[chapter].start)
    preset = engine.new_game(chapter)
    assert arrived.scene == preset.scene
    assert dict(arrived.variables) == dict(preset.variables)
    assert arrived.flags == preset.flags


@pytest.mark.parametrize("chapter", CHAPTER_ORDER)
def test_each_chapter_stands_alone(campaign: Story, chapter: str) -> None:
    """From chapter select, history's path goes on to the historical ending."""
    engine = Engine(campaign)
    end = play_history(engine, engine.new_game(chapter))
    assert campaign.scenes[end.scene].ending.kind is EndingKind.HISTORICAL


def replay(engine: Engine, choices: list[str]) -> GameState:
    """Play a new game by the text of each choice; fail naming the scene where a choice is missing or closed."""
    state = engine.new_game()
    for text in choices:
        open_texts = {option.text: option.index for option in engine.view(state).open_options}
        assert text in open_texts, f"at {state.scene}: no open choice {text!r}; open: {sorted(open_texts)}"
        state = engine.choose(state, open_texts[text]).state
    return state


def test_scripted_paths_reach_every_ending(campaign: Story) -> None:
    """Each ending has a scripted path from a new game, and replaying it lands on that ending."""
    paths = yaml.safe_load((Path(__file__).parent / "ending_paths.yaml").read_text(encoding="utf-8"))
    endings = {scene.id for scene in campaign.scenes.values() if scene.ending}
    assert set(paths) == endings
    engine = Engine(campaign)
    for ending, choices in paths.items():
        assert replay(engine, choices).scene == ending


def test_random_playthroughs_always_end(campaign: Story) -> None:
    """Three hundred seeded random playthroughs each reach an ending, never a dead end."""
    engine = Engine(campaign)
    rng = random.Random(1921)
    reached = set()
    for _ in range(300):
        state = engine.new_game(rng.choice([None, *CHAPTER_ORDER]))
        for _ in range(200):
            view = engine.view(state)
            if view.ending is not None:
                break
            assert view.open_options, f"dead end at {state.scene}"
            state = engine.choose(state, rng.choice(view.open_options).index).state
        assert engine.view(state).ending is not None
        reached.add(state.scene)
    assert len(reached) >= 5


def test_divergent_choices_gate_what_follows(campaign: Story) -> None:
    """At least ten variables or flags open or close later choices (conditions read them)."""
    gates = {
        ref.name
        for scene in campaign.scenes.values()
        for choice in scene.choices
        if choice.condition
        for ref in choice.condition.references
        if ref.kind in ("variable", "flag")
    }
    assert len(gates) >= 10, sorted(gates)


def test_every_scene_has_a_sourced_note(campaign: Story) -> None:
    """Each scene carries a historical note with a reliability tag and at least one source."""
    for scene in campaign.scenes.values():
        assert scene.note is not None, scene.id
        assert scene.note.sources, scene.id


def test_every_ending_explains_and_asks(campaign: Story) -> None:
    """Endings show what really happened, at least three explanations and two or three questions."""
    for scene in campaign.scenes.values():
        if scene.ending:
            assert scene.ending.what_really_happened, scene.id
            assert len(scene.ending.explanations) >= 3, scene.id
            assert 2 <= len(scene.ending.questions) <= 3, scene.id


def test_divergent_endings_say_why_they_are_plausible(campaign: Story) -> None:
    """A divergent ending's note is tagged invented and gives the historians' grounds."""
    for scene in campaign.scenes.values():
        if scene.ending and scene.ending.kind is EndingKind.DIVERGENT:
            assert scene.note.reliability is Reliability.INVENTED, scene.id
            assert re.search(r"plausib", scene.note.text, re.IGNORECASE), scene.id


def test_yahya_is_labelled_invented(campaign: Story) -> None:
    """The invented viewpoint character is marked invented in the codex and the viewpoint."""
    assert campaign.codex["yahya"].reliability is Reliability.INVENTED
    assert "invented" in campaign.viewpoint


def test_every_path_of_the_campaign_is_sound(campaign: Story) -> None:
    """`jangal explore` on the campaign: every ending reached, no dead end, no overflow, no idle condition."""
    from game.authoring.explore import Explorer, verdicts

    explorer = Explorer(campaign)
    result = explorer.exhaustive(explorer.engine.new_game())
    endings = {scene.id for scene in campaign.scenes.values() if scene.ending}
    assert result.complete
    assert set(result.ending_paths) == endings
    assert all(count > 0 for count in result.ending_paths.values())
    assert [verdict.message for verdict in verdicts(campaign, result)] == []
