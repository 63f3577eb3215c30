"""Hostile transcripts: the work of verifying one is in proportion to the file, whatever it holds.

A student's file reaches the teacher's `verify` and `class-report`: one crafted file must not hold
the whole class up. Each test bounds the work by counting it or by a size at which quadratic work
would take hours (the watchdog's minute catches that), never by how fast the machine is.
"""

from __future__ import annotations

import json
import os

import pytest

import game.classroom.render_md as render_md
import game.play.engine as engine_module
from game.classroom.class_report import build_class_report
from game.classroom.contents import HTML_OPENING, MARKDOWN_OPENING, extract
from game.classroom.render import render
from game.classroom.transcript import VERSION, Pick, replay, transcript_of, verification_code
from game.classroom.verify import MAX_TRANSCRIPT_BYTES, MIN_CHARACTERS_PER_CHOICE, Status, verify_file, verify_text
from game.play.engine import Engine
from game.story.loader import load_or_raise
from tests.classroom.conftest import history_path, write_transcript
from tests.conftest import MINI
from tests.reliability.watchdog import finishes

TINY = """\
story:
  id: tiny
  title: T
  start: a
  chapters:
    - id: c
      title: C
      start: a
scenes:
  - id: a
    chapter: c
    title: A
    text: a
    choices:
      - text: x
        goto: b
      - text: y
        goto: e
  - id: b
    chapter: c
    title: B
    text: b
    choices:
      - text: x
        goto: a
  - id: e
    chapter: c
    title: E
    text: e
    ending:
      kind: divergent
      title: E
      epilogue: e
      what_really_happened: e
"""


@pytest.fixture(scope="module")
def mini():
    return load_or_raise([MINI])


def looping_picks(count: int) -> tuple[Pick, ...]:
    """Turn the sailors away, go back, again and again: a path of the small story as long as asked."""
    return tuple(Pick("dock", 1) if number % 2 == 0 else Pick("road", 2) for number in range(count))


def forged(story, picks: tuple[Pick, ...], text_before: str = "") -> str:
    """A Markdown file whose data block holds these picks with a correct code (the code is no secret)."""
    code = verification_code(story.fingerprint, story.id, None, picks, "")
    data = {
        "format": "jangal-transcript",
        "version": VERSION,
        "jangal": "0.1.0",
        "story": {"id": story.id, "title": story.title, "fingerprint": story.fingerprint},
        "origin": None,
        "name": "",
        "choices": [[pick.scene, pick.index] for pick in picks],
        "code": code,
    }
    return f"{text_before}{MARKDOWN_OPENING}\n{json.dumps(data)}\n-->\n"


@pytest.mark.parametrize("opening", [MARKDOWN_OPENING, HTML_OPENING])
def test_a_file_of_openings_is_searched_once(opening) -> None:
    """8 MB of data-block openings and no closing: refused at once (the old search took hours at this size)."""
    text = (opening + "\n") * (MAX_TRANSCRIPT_BYTES // (len(opening) + 1))
    with pytest.raises(ValueError, match="never closed"):
        finishes(lambda: extract(text))


def test_the_last_block_is_the_data(mini) -> None:
    """Openings planted before a real transcript's block do not hide it: the file is judged on its data."""
    state = history_path(mini)
    text = render(mini, transcript_of(mini, state), state, "md")
    planted = (MARKDOWN_OPENING + "\n") * 10_000 + text
    assert extract(planted)[1] == extract(text)[1]
    assert verify_text(mini, planted).reason.startswith("its text was changed: line 1")


def test_replaying_a_long_path_stores_each_step_once(mini, monkeypatch) -> None:
    """Replaying n choices builds the path once: the steps stored in states add up to n, not n²/2."""
    stored = []
    real = engine_module.GameState

    def counting(scene, variables, flags, visits, path=(), origin=None):
        stored.append(len(path))
        return real(scene, variables, flags, visits, path, origin)

    monkeypatch.setattr(engine_module, "GameState", counting)
    state = replay(mini, None, looping_picks(4000))
    assert len(state.path) == 4000 and state.scene == "dock"
    assert sum(stored) <= 2 * 4000  # copying the path at every choice stores about 8,000,000


def test_a_long_replay_is_the_same_game_as_choosing_one_by_one(mini) -> None:
    """The linear replay ends in exactly the state that choosing each choice in turn gives."""
    engine = Engine(mini)
    state = engine.new_game()
    for pick in looping_picks(301):
        state = engine.choose(state, pick.index).state
    assert replay(mini, None, looping_picks(301)) == state


def test_more_choices_than_the_text_can_show_are_refused_unplayed(mini, monkeypatch) -> None:
    """400,000 choices with a correct code in a short file: refused before a single choice is replayed."""
    replayed = []
    monkeypatch.setattr("game.classroom.verify.replay", lambda *arguments: replayed.append(arguments))
    verification = finishes(lambda: verify_text(mini, forged(mini, looping_picks(400_000))))
    assert verification.status is Status.NOT_GENUINE
    assert "records 400,000 choices, more than a text of" in verification.reason
    assert replayed == []


def test_writing_the_game_again_stops_once_it_is_longer_than_the_file(mini, monkeypatch) -> None:
    """Choices that fit the file's length but whose game is far longer: the rewrite stops early."""
    picks = looping_picks(2000)
    padding = "x" * (len(picks) * MIN_CHARACTERS_PER_CHOICE)
    written = []
    real_step = render_md._md_step
    monkeypatch.setattr(render_md, "_md_step", lambda step, *rest: written.append(step) or real_step(step, *rest))
    verification = verify_text(mini, forged(mini, picks, padding + "\n"))
    assert verification.reason == "its text is far shorter than the game its data records"
    assert 0 < len(written) < len(picks)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_every_genuine_transcript_has_room_for_its_choices(tmp_path, fmt) -> None:
    """The bound above never refuses a real file: one-letter titles and texts still take more per choice."""
    (tmp_path / "tiny.yaml").write_text(TINY, encoding="utf-8")
    story = load_or_raise([tmp_path])
    engine = Engine(story)
    state = engine.new_game()
    for _ in range(500):
        state = engine.choose(state, 0).state
    text = render(story, transcript_of(story, state), state, fmt)
    assert len(text) / len(state.path) > MIN_CHARACTERS_PER_CHOICE
    assert verify_text(story, text).genuine


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_class_report_over_hostile_files_finishes_and_counts_the_real_one(mini, tmp_path) -> None:
    """Openings, a flood of choices, a pipe, a zip that is a pipe and a link beside a real transcript: each refused."""
    folder = tmp_path / "class"
    folder.mkdir()
    write_transcript(mini, history_path(mini), folder / "a_real.md", "Ali")
    (folder / "b_openings.md").write_text((MARKDOWN_OPENING + "\n") * 300_000, encoding="utf-8")
    (folder / "c_choices.md").write_text(forged(mini, looping_picks(300_000)), encoding="utf-8")
    os.mkfifo(folder / "d_pipe.md")
    os.mkfifo(folder / "e_pipe.zip")
    (folder / "f_zero.md").symlink_to("/dev/zero")

    report = finishes(lambda: build_class_report(mini, folder))
    assert [entry.source.label for entry in report.counted] == ["a_real.md"]
    reasons = {entry.source.label: entry.reason for entry in report.rejected}
    assert "never closed" in reasons["b_openings.md"]
    assert "records 300,000 choices" in reasons["c_choices.md"]
    assert "is a named pipe (FIFO)" in reasons["d_pipe.md"]
    assert "is a named pipe (FIFO)" in reasons["e_pipe.zip"]
    assert "a link: not followed" in reasons["f_zero.md"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_verify_refuses_a_pipe_and_a_device_by_name(mini, tmp_path) -> None:
    """`verify` on a FIFO or a link to /dev/zero says what it is, at once, and reads nothing."""
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "zero.md").symlink_to("/dev/zero")
    pipe = finishes(lambda: verify_file(mini, tmp_path / "pipe.md"))
    zero = finishes(lambda: verify_file(mini, tmp_path / "zero.md"))
    assert pipe.status is Status.CANNOT_VERIFY and "is a named pipe (FIFO)" in pipe.reason
    assert zero.status is Status.CANNOT_VERIFY and "is a device" in zero.reason
