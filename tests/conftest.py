"""Shared fixtures: the small test story, an engine over it, a save folder per test, and the game app."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from game.play.engine import Engine
from game.play.saves import SaveStore
from game.story.loader import load_or_raise
from game.story.model import Ending, EndingKind, Scene, Story, frozen_map

TESTS = Path(__file__).parent
MINI = TESTS / "stories" / "mini"
ROOT = TESTS.parent
SOUND = TESTS / "stories" / "rejoin"
"""A small story without a single problem, for tests of what a clean check prints."""
MINI_LOOP = ((18, "`support`"), (42, "`funds`"))
"""The two warnings the mini story carries on purpose (line in scenes.yaml, the variable): its dock ↔ road loop
raises `support` and `funds` each time round, and tests of long paths play round it thousands of times."""
GO_BACK = "      - text: Go back\n        goto: dock\n"


def without_the_mini_loop(problems: list) -> list:
    """The problems besides the mini story's own loop warnings (``MINI_LOOP``), in it or in a copy of it."""
    return [
        problem
        for problem in problems
        if not (
            Path(problem.location.path).name == "scenes.yaml"
            and "on a loop" in problem.message
            and any(problem.location.line == line and name in problem.message for line, name in MINI_LOOP)
        )
    ]


def close_the_mini_loop(folder: Path) -> Path:
    """A copy of the mini story whose way back can be taken twice, so it has no problem at all."""
    scenes = folder / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    scenes.write_text(text.replace(GO_BACK, GO_BACK + '        if: visits("dock") < 3\n'), encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def own_verdict_cache(tmp_path_factory, monkeypatch) -> None:
    """Each test keeps `jangal check`'s verdict cache in a folder of its own, never in the user's cache folder."""
    monkeypatch.setenv("JANGAL_CACHE", str(tmp_path_factory.mktemp("verdict-cache")))


@pytest.fixture(scope="session")
def mini() -> Story:
    """The small test story of tests/stories/mini."""
    return load_or_raise([MINI])


@pytest.fixture
def engine(mini: Story) -> Engine:
    """An engine over the small test story."""
    return Engine(mini)


@pytest.fixture
def store(tmp_path: Path) -> SaveStore:
    """A save store in a fresh temporary folder."""
    return SaveStore(tmp_path / "saves")


@pytest.fixture
def make_app(tmp_path: Path):
    """Build a JangalApp over the small story (or another) saving into tmp_path/saves."""
    from game.play.session import Session
    from game.ui.app import JangalApp

    def build(story_folder: Path = MINI, **options) -> JangalApp:
        store = SaveStore(tmp_path / "saves")
        return JangalApp(Session(load_or_raise([story_folder]), store), store.folder, **options)

    return build


def chapters_alone(story: Story, chapters: set[str]) -> Story:
    """The story cut after ``chapters``: each choice that leaves them ends the game in a scene of its own,
    whose epilogue is the text of the scene it led to (so what that text reads is still read)."""
    inside = {scene_id for scene_id, scene in story.scenes.items() if scene.chapter in chapters}
    scenes: dict[str, Scene] = {}
    for scene_id in inside:
        scene = story.scenes[scene_id]
        choices = tuple(
            way if way.goto in inside else replace(way, goto=f"leaves_for_{way.goto}") for way in scene.choices
        )
        scenes[scene_id] = replace(scene, choices=choices)
        for way in scene.choices:
            if way.goto not in inside:
                target = story.scenes[way.goto]
                ending = Ending(EndingKind.HISTORICAL, f"On to {target.title}", target.text, "The chapter ends here.")
                scenes[f"leaves_for_{way.goto}"] = replace(
                    target, id=f"leaves_for_{way.goto}", choices=(), ending=ending, decision="", assumes=None
                )
    return replace(story, scenes=frozen_map(scenes))
