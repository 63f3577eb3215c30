"""Conditional text, `decision:` and `assumes`: the rules of the format, on small inline stories."""

from __future__ import annotations

from pathlib import Path

from game.play.engine import Engine
from game.story.loader import load_or_raise, load_story

STORY = """story:
  id: t
  title: T
  start: a
  flags:
    held: {label: Held}
  chapters:
    - {id: one, title: One, start: a}
"""


def scene(scene_id: str, body: str, extra: str = "") -> str:
    head = f"  - id: {scene_id}\n    chapter: one\n    title: {scene_id.upper()}\n    date: 1920\n    place: Rasht\n"
    return head + extra + body


END = scene("e", "    text: The end.\n    ending: {kind: historical, title: E, epilogue: e, what_really_happened: w}\n")
TWO_ROADS = scene(
    "a",
    "    text: Start.\n    choices:\n"
    "      - {text: Hold, goto: b, effects: {set_flags: [held]}, consequence: [{if: flags.held, text: It held.}]}\n"
    "      - {text: Ride, goto: b}\n",
)
REJOIN = scene(
    "b",
    "    text:\n      - Rain.\n      - if: flags.held\n        text: Qazvin held.\n        else: The Cossacks came.\n"
    "    choices:\n      - {text: On, goto: e}\n",
)


def folder_with(tmp_path: Path, scenes: str) -> Path:
    (tmp_path / "story.yaml").write_text(STORY, encoding="utf-8")
    (tmp_path / "scenes.yaml").write_text("scenes:\n" + scenes, encoding="utf-8")
    return tmp_path


def errors(tmp_path: Path, scenes: str) -> list[str]:
    result = load_story([folder_with(tmp_path, scenes)])
    return [f"{p.location.line}: {p.message} | {p.hint}" for p in result.problems if p.severity.value == "error"]


def test_each_path_reads_its_own_paragraph_where_roads_rejoin(tmp_path: Path) -> None:
    """The rejoining scene shows the block its entering state selects, joined to the plain ones as paragraphs."""
    engine = Engine(load_or_raise([folder_with(tmp_path, TWO_ROADS + REJOIN + END)]))
    held = engine.choose(engine.new_game(), 0).state
    rode = engine.choose(engine.new_game(), 1).state
    assert engine.scene_text(held) == "Rain.\n\nQazvin held."
    assert engine.scene_text(rode) == "Rain.\n\nThe Cossacks came."


def test_a_consequence_is_selected_by_the_state_after_the_choice(tmp_path: Path) -> None:
    """The flag the choice sets is already set when its consequence is chosen."""
    engine = Engine(load_or_raise([folder_with(tmp_path, TWO_ROADS + REJOIN + END)]))
    turn = engine.choose(engine.new_game(), 0)
    assert engine.consequence_text(turn.step, turn.state) == "It held."
    other = engine.choose(engine.new_game(), 1)
    assert engine.consequence_text(other.step, other.state) == ""


def test_the_texts_along_a_path_are_those_the_player_was_shown(tmp_path: Path) -> None:
    """path_texts gives each step's scene text as entered and its consequence as shown."""
    engine = Engine(load_or_raise([folder_with(tmp_path, TWO_ROADS + REJOIN + END)]))
    state = engine.follow(engine.new_game(), [("a", 0), ("b", 0)])
    texts = engine.path_texts(state)
    assert [(shown.text, shown.consequence) for shown in texts] == [
        ("Start.", "It held."),
        ("Rain.\n\nQazvin held.", ""),
    ]


def test_history_is_spoken_of_only_at_a_decision(tmp_path: Path) -> None:
    """A scene with `decision:` quotes it after the choice; a scene without one marks nothing."""
    decided = scene(
        "a",
        "    text: Start.\n    choices:\n      - {text: Hold, goto: b, history: true}\n      - {text: Ride, goto: b}\n",
        '    decision: "August 1920: Starosselsky rides into Gilan."\n',
    )
    engine = Engine(load_or_raise([folder_with(tmp_path, decided + REJOIN + END)]))
    left = engine.choose(engine.new_game(), 1)
    assert engine.verdict(left.step) == "August 1920: Starosselsky rides into Gilan. History's choice here: Hold"
    assert engine.verdict(engine.choose(engine.new_game(), 0).step) == "August 1920: Starosselsky rides into Gilan."
    own = engine.choose(left.state, 0)
    assert own.followed_history is None and engine.verdict(own.step) == ""
    assert engine.is_decision(engine.story.scenes["a"]) and not engine.is_decision(engine.story.scenes["b"])


def test_every_mistake_in_blocks_and_marks_is_reported_at_once(tmp_path: Path) -> None:
    """Each bad block, a bad name, `assumes` on an ending and both `decision:` mistakes: one located error each."""
    bad = (
        scene(
            "a",
            "    text:\n      - [a list]\n      - {if: flags.held, txt: x}\n      - {else: y}\n"
            "    choices:\n      - {text: Go, goto: b, consequence: []}\n      - {text: Stay, goto: d}\n",
        )
        + scene(
            "d",
            "    text:\n      - {if: flags.nowhere, text: z}\n"
            "    choices:\n      - {text: Go, goto: b}\n      - {text: Stay, goto: c, history: true}\n",
        )
        + scene(
            "b",
            "    text: B.\n    choices:\n      - {text: One, goto: e, history: true}\n"
            "      - {text: Two, goto: e, history: true}\n",
            '    decision: "1920: one decision."\n',
        )
        + scene("c", "    text: C.\n    choices:\n      - {text: On, goto: e}\n", '    decision: "1920: no mark."\n')
        + scene(
            "e",
            "    text: The end.\n    ending: {kind: historical, title: E, epilogue: e, what_really_happened: w}\n",
            "    assumes: flags.held\n",
        )
    )
    found = errors(tmp_path, bad)
    expected = [
        ("a block of the scene text should be a string or a mapping", 8),
        ("unknown key `txt`", 9),
        ("`else` without `if`", 10),
        ("`consequence` is an empty list", 12),
        ("flag `nowhere`, which is not a declared flag", 20),
        ("marks a choice `history: true` but declares no `decision:`", 23),
        ("marks 2 choices `history: true`", 33),
        ("declares a `decision:` but marks no choice", 39),
        ("ending `e` declares `assumes:`", 48),
    ]
    assert len(found) == len(expected), found
    for words, line in expected:
        assert any(message.startswith(f"{line}: ") and words in message for message in found), (words, found)
    assert all(" | " in message and not message.endswith(" | ") for message in found)  # every one has a hint


def test_invented_decision_is_refused_with_what_replaced_it(tmp_path: Path) -> None:
    """The old key is an error whose hint says a scene without `decision:` is already the character's own."""
    old = scene("a", "    text: A.\n    choices:\n      - {text: On, goto: e}\n", "    invented_decision: true\n")
    found = errors(tmp_path, old + END)
    assert found == [
        "7: `invented_decision` is no longer part of the format | remove it: a scene without `decision:` is already "
        "the viewpoint character's own choice (history marks only scenes with `decision:`)"
    ]
