"""A pack's own variables and flags: declared in its `pack:` block, read by conditions anywhere, kept in saves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from game.play.engine import Engine
from game.play.saves import SaveStore
from game.story.loader import load_or_raise, load_story
from tests.conftest import MINI, ROOT

PACK = """\
pack:
  title: The teahouse
  variables:
    rumours:
      label: Rumours heard
      start: 0
      min: 0
      max: 5
  flags:
    met_porters:
      label: Met the porters

branches:
  - from: dock
    choice:
      text: Sit down at the teahouse
      goto: teahouse

scenes:
  - id: teahouse
    chapter: one
    title: The teahouse
    text: Porters talk over their tea.
    choices:
      - text: Listen
        goto: road
        effects:
          add: {rumours: 2, support: 1}
          set_flags: [met_porters]
      - text: Ask about the commissar
        goto: road
        if: rumours >= 1 and not flags.met_porters
        locked_reason: You have heard nothing worth asking about yet.
"""


def write_pack(folder: Path, text: str = PACK, name: str = "scenes.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_pack_declares_variables_and_flags_its_scenes_and_the_story_read(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "teahouse")
    story = load_or_raise([MINI, pack])
    assert story.variables["rumours"].label == "Rumours heard" and "met_porters" in story.flags
    engine = Engine(story)
    state = engine.new_game()
    assert state.variables["rumours"] == 0 and "met_porters" not in state.flags
    teahouse = next(option.index for option in engine.view(state).options if option.text.startswith("Sit down"))
    state = engine.choose(state, teahouse).state
    state = engine.choose(state, 0).state  # Listen
    assert state.variables["rumours"] == 2 and "met_porters" in state.flags


def test_a_pack_name_that_clashes_with_the_story_s_is_an_error_naming_both_places(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "teahouse", PACK.replace("    rumours:", "    support:"))
    result = load_story([MINI, pack])
    [clash] = [problem for problem in result.errors if "declared twice" in problem.message]
    assert clash.location.path.endswith("teahouse/scenes.yaml") and clash.location.line == 4
    assert "the variable `support` is declared twice" in clash.message
    assert "mini/story.yaml:" in clash.message and "teahouse_support" in clash.hint
    assert result.story is None


def test_two_packs_with_the_same_flag_and_a_flag_named_like_a_variable(tmp_path: Path) -> None:
    first = write_pack(tmp_path / "teahouse")
    second = write_pack(
        tmp_path / "harbour",
        "pack:\n  flags:\n    met_porters:\n      label: Met them again\n    funds:\n      label: A flag named funds\n",
    )
    messages = [str(problem) for problem in load_story([MINI, first, second]).errors]
    assert any("flag `met_porters` is declared twice" in m and "teahouse/scenes.yaml:" in m for m in messages)
    assert any("flag `funds` is declared twice" in m and "as a variable at" in m for m in messages)


def test_a_mistake_in_the_pack_block_is_located_with_a_hint(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "teahouse", PACK.replace("  title: The teahouse", "  titel: The teahouse", 1))
    [problem] = load_story([MINI, pack]).errors
    assert problem.location.line == 2 and "unknown key `titel`" in problem.message
    assert problem.hint == "did you mean `title`?"


def test_a_save_made_before_the_pack_loads_and_says_what_it_lacked(tmp_path: Path) -> None:
    store = SaveStore(tmp_path / "saves")
    before = load_or_raise([MINI])
    engine = Engine(before)
    store.save("old", engine.choose(engine.new_game(), 0).state, before)
    pack = write_pack(tmp_path / "teahouse")
    loaded = store.load("old", load_or_raise([MINI, pack]))
    assert loaded.state.variables["rumours"] == 0
    [message] = [m for m in loaded.messages if "rumours" in m]
    assert "made before the variable `rumours` (Rumours heard, declared at" in message and "starts at 0" in message
    checked = subprocess.run(
        [sys.executable, "-m", "game", "check", str(MINI), str(pack), "--saves", str(tmp_path / "saves")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert "save “old”: loads at" in checked.stdout and "made before the variable `rumours`" in checked.stdout


def test_the_schema_knows_the_pack_block(tmp_path: Path) -> None:
    import jsonschema
    import yaml

    from game.story.schema import scene_file_schema

    jsonschema.validate(yaml.safe_load(PACK), scene_file_schema())
    wrong = yaml.safe_load(PACK.replace("  title: The teahouse", "  titel: The teahouse", 1))
    try:
        jsonschema.validate(wrong, scene_file_schema())
    except jsonschema.ValidationError as exc:
        assert "titel" in exc.message
    else:
        raise AssertionError("the schema accepted an unknown key in the pack block")
