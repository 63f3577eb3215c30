"""The session: one game in progress, autosaved as it changes."""

from __future__ import annotations

from pathlib import Path

from game.play.saves import AUTOSAVE, SaveStore
from game.play.session import Session


def test_choices_and_undo_are_autosaved(mini, store) -> None:
    """Every choice and every undo leaves the autosave equal to the current state."""
    session = Session(mini, store)
    session.start()
    assert not store.slots()  # a new game does not overwrite the old autosave before a choice
    session.choose(0)
    assert store.load(AUTOSAVE, mini).state == session.state
    session.undo()
    assert store.load(AUTOSAVE, mini).state == session.state
    assert session.undo() is None


def test_in_progress_is_false_before_a_choice_and_at_an_ending(mini, store) -> None:
    """Quitting asks first only in the middle of a game."""
    session = Session(mini, store)
    session.start()
    assert not session.in_progress
    session.choose(0)
    assert session.in_progress
    session.choose(0)
    assert not session.in_progress  # the march fails: an ending


def test_saving_failure_is_reported_once(mini, tmp_path: Path) -> None:
    """When the save folder cannot be written, the first autosave says why and later ones stay quiet."""
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    session = Session(mini, SaveStore(blocker))
    session.start()
    first = session.choose(1)[1]
    second = session.choose(0)[1]
    assert not first.saved and "could not save" in first.newly_failed
    assert not second.saved and second.newly_failed == ""


def test_met_codex_follows_the_path(mini, store) -> None:
    """The codex entries met are those of the scenes on the path, in order."""
    session = Session(mini, store)
    session.start()
    assert [entry.id for entry in session.met_codex()] == ["anzali"]
