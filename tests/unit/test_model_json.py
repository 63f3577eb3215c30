"""A built story as JSON and back (the cache of ``jangal play --plain``): the same story, and bad data refused."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from game.play.engine import Engine
from game.story.loader import load_or_raise, load_story
from game.story.model_json import story_from_json, story_to_json
from tests.conftest import ROOT, TESTS

STORIES = sorted(path for path in (TESTS / "stories").iterdir() if (path / "story.yaml").exists())
LOADABLE = [ROOT / "scenes", *(path for path in STORIES if load_story([path]).story is not None)]


@pytest.mark.parametrize("folder", LOADABLE, ids=lambda path: path.name)
def test_a_story_read_back_is_the_story_written(folder: Path) -> None:
    """Written again, the story read back gives the same text; its scenes, codex and timeline compare equal."""
    story = load_or_raise([folder])
    text = story_to_json(story)
    back = story_from_json(text)
    assert story_to_json(back) == text
    assert back.codex == story.codex and back.timeline == story.timeline and back.map == story.map
    assert back.variables == story.variables and back.flags == story.flags and back.fingerprint == story.fingerprint
    assert [scene.id for scene in back.scenes.values()] == list(story.scenes)


@pytest.mark.parametrize("seed", range(20))
def test_the_story_read_back_plays_as_the_story(seed: int) -> None:
    """Random playthroughs of the campaign: the same views, open choices and states in both (its conditions work)."""
    story = load_or_raise([ROOT / "scenes"])
    engines = Engine(story), Engine(story_from_json(story_to_json(story)))
    states = [engine.new_game() for engine in engines]
    rng = random.Random(seed)
    for _ in range(60):
        shown = [seen(engine, state) for engine, state in zip(engines, states, strict=True)]
        assert shown[0] == shown[1]
        view = engines[0].view(states[0])
        open_choices = [option.index for option in view.open_options]
        if view.ending is not None or not open_choices:
            break
        pick = rng.choice(open_choices)
        states = [engine.choose(state, pick).state for engine, state in zip(engines, states, strict=True)]
        assert states[0] == states[1]


def seen(engine: Engine, state) -> tuple:
    """What a player sees of a state: the scene, its text, each choice offered, open or why not, the ending."""
    view = engine.view(state)
    options = [(option.index, option.choice.text, option.open, option.reason) for option in view.options]
    return view.scene.id, engine.scene_text(state), options, view.ending


def valid() -> dict:
    return json.loads(story_to_json(load_or_raise([TESTS / "stories" / "mini"])))


def with_first(data, key: str, change) -> dict:
    """``data`` with ``change`` applied to the first object (depth first) that has ``key``."""

    def visit(value) -> bool:
        if isinstance(value, dict):
            if key in value:
                change(value)
                return True
            return any(visit(item) for item in value.values())
        if isinstance(value, list):
            return any(visit(item) for item in value)
        return False

    assert visit(data)
    return data


HOSTILE = {
    "not JSON": b"\xff{",
    "a list": b"[]",
    "another format": json.dumps({**valid(), "format": 99}),
    "no story": json.dumps({"format": 1, "story": 5}),
    "an unknown class": json.dumps(with_first(valid(), "c", lambda obj: obj.update(c="Popen"))),
    "a field too many": json.dumps(with_first(valid(), "c", lambda obj: obj["f"].append(1))),
    "fields not a list": json.dumps(with_first(valid(), "c", lambda obj: obj.update(f="x"))),
    "a condition that does not parse": json.dumps(
        with_first(valid(), "q", lambda obj: obj.update(q="__import__('os')"))
    ),
    "a condition that is not text": json.dumps(with_first(valid(), "q", lambda obj: obj.update(q=[1]))),
    "an unknown enum": json.dumps(with_first(valid(), "e", lambda obj: obj.update(e="Path"))),
    "an object that says nothing": json.dumps(with_first(valid(), "c", lambda obj: obj.clear())),
    "nested past any story": b'{"t": [' * 100_000 + b"]}" * 100_000,
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_data_that_is_not_a_written_story_is_refused(text) -> None:
    """Whatever the cache file holds, reading it gives a story or ValueError (a miss), never another error."""
    with pytest.raises(ValueError):
        story_from_json(text)
