"""Saves remember each choice by its identity (its `id:`, else its text), so an edit that reorders choices
cannot change what a saved path means; saves of formats 1 and 2 still load, read by position."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from game.play.engine import Engine
from game.play.saves import SaveStore
from game.play.session import Session
from game.story.loader import load_or_raise, load_story
from tests.conftest import MINI, ROOT

WELCOME = "      - text: Welcome the sailors\n"
TURN_AWAY = "      - text: Turn them away\n        goto: road\n        effects:\n          add: {support: -5}\n"


def story_copy(folder: Path, *edits: tuple[str, str]) -> Path:
    """The mini story in ``folder``, with each (old, new) text edit made once."""
    folder.mkdir(parents=True, exist_ok=True)
    for source in MINI.glob("*.yaml"):
        text = source.read_text(encoding="utf-8")
        for old, new in edits:
            if source.name == "scenes.yaml":
                assert old in text, old
                text = text.replace(old, new, 1)
        (folder / source.name).write_text(text, encoding="utf-8")
    return folder


def swapped() -> tuple[str, str]:
    """The edit that moves the second choice of `dock` ("Turn them away") above the first."""
    return WELCOME, TURN_AWAY + WELCOME


def welcomed_and_saved(store: SaveStore) -> None:
    """A game that welcomed the sailors at the dock (choice 0), saved as "s"."""
    engine = Engine(load_or_raise([MINI]))
    store.save("s", engine.choose(engine.new_game(), 0).state, engine.story)


def test_a_save_holds_the_identity_of_each_choice(tmp_path: Path) -> None:
    """Each step of a saved path names its choice by its text (the mini story gives no `id:`)."""
    store = SaveStore(tmp_path / "saves")
    welcomed_and_saved(store)
    document = json.loads((store.folder / "s.json").read_text(encoding="utf-8"))
    assert document["version"] == 3
    assert document["choice_ids"] == ["Welcome the sailors"]


def test_swapped_choices_are_followed_by_identity(tmp_path: Path) -> None:
    """With the dock's first two choices swapped, the saved step is the welcome still, now at index 1, and said so."""
    store = SaveStore(tmp_path / "saves")
    welcomed_and_saved(store)
    edited = load_or_raise([story_copy(tmp_path / "story", _remove(TURN_AWAY), swapped())])
    assert [choice.text for choice in edited.scenes["dock"].choices][:2] == ["Turn them away", "Welcome the sailors"]
    loaded = store.load("s", edited)
    step = loaded.state.path[0]
    assert (step.scene, step.choice) == ("dock", 1)
    assert edited.scenes["dock"].choices[step.choice].text == "Welcome the sailors"
    assert loaded.messages == (
        "1 choice(s) of the path have moved within their scenes (`dock`): each is followed to its new place by its "
        "identity",
    )


def test_a_choice_whose_text_changed_is_named_and_dropped(tmp_path: Path) -> None:
    """A step whose choice is no longer in its scene (its text edited, no `id:`) is named, not read as another."""
    store = SaveStore(tmp_path / "saves")
    welcomed_and_saved(store)
    edited = load_or_raise([story_copy(tmp_path / "story", (WELCOME, "      - text: Greet the sailors\n"))])
    loaded = store.load("s", edited)
    assert loaded.state.path == ()
    assert "the choice “Welcome the sailors” made in `dock` is no longer there" in loaded.messages[0]


def test_an_id_keeps_a_choice_through_a_new_text_and_a_new_place(tmp_path: Path) -> None:
    """A choice with `id:` is found by it after its text is rewritten and it is moved."""
    first = story_copy(tmp_path / "first", (WELCOME, WELCOME + "        id: welcome\n"))
    engine = Engine(load_or_raise([first]))
    store = SaveStore(tmp_path / "saves")
    store.save("s", engine.choose(engine.new_game(), 0).state, engine.story)
    rewritten = "      - text: Greet the sailors at the quay\n        id: welcome\n"
    edited = load_or_raise([story_copy(tmp_path / "second", _remove(TURN_AWAY), (WELCOME, TURN_AWAY + rewritten))])
    loaded = store.load("s", edited)
    assert loaded.state.path[0].choice == 1
    assert edited.scenes["dock"].choices[1].text == "Greet the sailors at the quay"


def test_a_format_2_save_is_read_by_position_and_says_it_may_mean_another_path(tmp_path: Path) -> None:
    """An old save without identities loads by position; into an edited story it warns that its path may differ."""
    store = SaveStore(tmp_path / "saves")
    welcomed_and_saved(store)
    path = store.folder / "s.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["version"] = 2
    del document["choice_ids"]
    path.write_text(json.dumps(document), encoding="utf-8")
    edited = load_or_raise([story_copy(tmp_path / "story", _remove(TURN_AWAY), swapped())])
    loaded = store.load("s", edited)
    assert loaded.state.path[0].choice == 0  # by position: the save cannot know better
    assert any("remembers its choices by their place" in message for message in loaded.messages)
    assert store.load("s", load_or_raise([MINI])).messages == ()  # the same story: nothing to say


def test_two_choices_with_one_identity_are_reported() -> None:
    """Two choices of a scene with the same text (and no ids) are a warning; the same `id:` twice is an error."""
    text = (MINI / "scenes.yaml").read_text(encoding="utf-8")
    same_text = text.replace("      - text: Turn them away\n", WELCOME, 1)
    same_id = text.replace(WELCOME, WELCOME + "        id: one\n", 1).replace(
        "      - text: Turn them away\n", "      - text: Turn them away\n        id: one\n", 1
    )
    cases = ((same_text, "warning", "a save cannot tell them apart", 21), (same_id, "error", "the id `one`", 23))
    for scenes, severity, words, line in cases:  # the second choice's line, or its `id:` line
        problems = _problems_of(scenes)
        assert [(p.severity.value, p.location.line) for p in problems if words in p.message] == [(severity, line)]


def test_check_saves_reports_a_path_followed_to_moved_choices(tmp_path: Path) -> None:
    """`jangal check --saves` says which saved choices moved instead of "everything still fits"."""
    store = SaveStore(tmp_path / "saves")
    welcomed_and_saved(store)
    story = story_copy(tmp_path / "story", _remove(TURN_AWAY), swapped())
    result = subprocess.run(
        [sys.executable, "-m", "game", "check", "--saves", str(store.folder), str(story)],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert "have moved within their scenes (`dock`)" in result.stdout, result.stdout
    assert "everything still fits" not in result.stdout


def test_watching_an_edit_that_swaps_choices_keeps_the_path(tmp_path: Path) -> None:
    """`--watch` reloading a story whose choices were swapped follows the path's choices to their new places."""
    folder = story_copy(tmp_path / "story")
    session = Session(load_or_raise([folder]), SaveStore(tmp_path / "saves"))
    session.start()
    session.choose(0)
    story_copy(folder, _remove(TURN_AWAY), swapped())
    session.replace_story(load_or_raise([folder]))
    assert session.state.path[0].choice == 1


def _remove(text: str) -> tuple[str, str]:
    return text, ""


def _problems_of(scenes: str):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "scenes.yaml").write_text(scenes, encoding="utf-8")
        (Path(folder) / "story.yaml").write_text((MINI / "story.yaml").read_text(encoding="utf-8"), encoding="utf-8")
        return load_story([folder]).problems
