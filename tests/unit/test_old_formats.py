"""Saves and transcripts of the format before `decision:`: a save still plays, a transcript says where it stands."""

from __future__ import annotations

import json
from dataclasses import replace

from game.classroom.render import render
from game.classroom.transcript import Transcript, transcript_of
from game.classroom.verify import Status, verify_text
from game.play.engine import Engine
from game.play.saves import SaveStore
from game.play.state import Step


def test_an_old_save_plays_and_says_its_history_marks_were_read_again(engine: Engine, store: SaveStore) -> None:
    """A format-1 save that counted an own choice as a decision loads, with the marks taken from the story."""
    state = engine.choose(engine.new_game(), 0).state  # dock → road
    store.save("old", state, engine.story)
    path = store.folder / "old.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["version"] = document["readable_from"] = 1
    document["state"]["path"][0]["historical"] = 0
    document["state"]["path"].append(dict(document["state"]["path"][0], scene="road", choice=2, historical=1))
    document["state"]["scene"] = "dock"
    path.write_text(json.dumps(document), encoding="utf-8")
    loaded = store.load("old", engine.story)
    assert loaded.state.path[-1] == Step("road", 2, 0, loaded.state.path[-1].variables, loaded.state.path[-1].flags)
    assert any("before history was marked by `decision:` (save format 1)" in message for message in loaded.messages)
    assert engine.choose(loaded.state, 0).state.scene == "road"  # it plays on


def old_transcript(engine: Engine, state) -> Transcript:
    transcript = transcript_of(engine.story, state, "Ana")
    return replace(transcript, version=1)


def test_an_old_transcript_of_the_same_story_is_checked_as_format_1(engine: Engine) -> None:
    """Its code is checked as format 1 wrote it; its text, written by older code, cannot be vouched for by this one."""
    state = engine.follow(engine.new_game(), [("dock", 0), ("road", 0)])
    text = render(engine.story, old_transcript(engine, state), state, "md").replace(
        "You followed history: A test decision, made at dock by history.",
        "You followed history: this is what really happened.",
    )
    verification = verify_text(engine.story, text)
    assert verification.status is Status.CANNOT_VERIFY
    assert "transcript format 1" in verification.reason and "verify it with Jangal" in verification.reason


def test_an_old_transcript_whose_code_was_edited_is_not_genuine(engine: Engine) -> None:
    """A format-1 data block whose choices were changed fails its format-1 code."""
    state = engine.follow(engine.new_game(), [("dock", 0), ("road", 0)])
    text = render(engine.story, old_transcript(engine, state), state, "md")
    forged = text.replace('["road", 0]', '["road", 1]')
    assert verify_text(engine.story, forged).status is Status.NOT_GENUINE
