"""Verify catches every edit, in the visible text or the data, and knows another story version when it sees one."""

from __future__ import annotations

import json
import shutil

import pytest

from game.classroom.contents import data_json
from game.classroom.render import render
from game.classroom.transcript import Pick, transcript_of, verification_code
from game.classroom.verify import Status, verify_file, verify_text
from game.story.loader import load_or_raise
from tests.classroom.conftest import departure_path, history_path
from tests.conftest import MINI


@pytest.fixture
def game(mini_story):
    """Welcome the sailors, go back, welcome them again, march on: a finished game with a departure."""
    return departure_path(mini_story)


def document(story, state, fmt: str, name: str = "Ali Rezaei") -> str:
    return render(story, transcript_of(story, state, name), state, fmt)


def edit_data(text: str, change) -> str:
    """The text with its data block parsed, changed by ``change`` and written back the way Jangal writes it."""
    from game.classroom.contents import extract
    from game.classroom.transcript import from_json

    _, data = extract(text)
    embedded = from_json(data)
    old = data_json(embedded.transcript)
    assert old in text
    changed = dict(data)
    change(changed)
    new = json.dumps(changed, ensure_ascii=False, indent=1).replace("<", "\\u003c").replace(">", "\\u003e")
    return text.replace(old, new)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_changing_a_visible_verdict_is_tampering(mini_story, game, fmt) -> None:
    """Turning "history went another way" into "followed history" is caught, and the line is quoted."""
    text = document(mini_story, game, fmt)
    forged = text.replace(
        "History went another way: A test decision, made at road by history.",
        "You followed history: A test decision, made at road by history.",
        1,
    )
    assert forged != text
    verification = verify_text(mini_story, forged)
    assert verification.status is Status.NOT_GENUINE
    assert verification.reason.startswith("its text was changed: line ")
    assert "You followed history" in verification.reason and "History went another way" in verification.reason


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_changing_a_visible_choice_or_the_ending_is_tampering(mini_story, game, fmt) -> None:
    """A word of a choice, or the ending's title, changed in the visible text only."""
    text = document(mini_story, game, fmt)
    for old, new in (("Go back", "Go home"), ("The march fails", "The march succeeds"), ("3 of 4", "4 of 4")):
        assert old in text
        assert verify_text(mini_story, text.replace(old, new, 1)).status is Status.NOT_GENUINE, old


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_changing_a_choice_in_the_data_block_is_tampering(mini_story, game, fmt) -> None:
    """The second choice changed from "Go back" (2) to "March on" (0) in the data only: the code no longer fits."""
    text = document(mini_story, game, fmt)

    def march_on(data):
        data["choices"] = [["dock", 0], ["road", 0]]

    verification = verify_text(mini_story, edit_data(text, march_on))
    assert verification.status is Status.NOT_GENUINE
    assert "verification code does not match" in verification.reason


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_changing_the_name_is_tampering_wherever_it_is_changed(mini_story, game, fmt) -> None:
    """The name changed in the visible text, in the data, or in both with the code recomputed: each is caught."""
    text = document(mini_story, game, fmt)
    visible = text.replace("Ali Rezaei", "Sara Ahmadi", 1)
    assert verify_text(mini_story, visible).status is Status.NOT_GENUINE

    def rename(data):
        data["name"] = "Sara Ahmadi"

    in_data = edit_data(text, rename)
    assert "verification code" in verify_text(mini_story, in_data).reason
    # A forger who recomputes the code for the new name still has the old name in the visible text.
    from game.classroom.transcript import transcript_of as recompute

    forged_code = recompute(mini_story, game, "Sara Ahmadi").code

    def rename_and_recode(data):
        data["name"] = "Sara Ahmadi"
        data["code"] = forged_code

    verification = verify_text(mini_story, edit_data(text, rename_and_recode))
    assert verification.status is Status.NOT_GENUINE
    assert verification.reason.startswith("its text was changed")


def test_a_choice_that_cannot_be_played_is_reported(mini_story, game) -> None:
    """Data naming a closed choice, with the code recomputed to fit, fails the replay and says which choice."""
    text = document(mini_story, game, "md")

    def closed_choice(data):
        data["choices"] = [["dock", 2]]
        data["code"] = verification_code(mini_story.fingerprint, mini_story.id, None, (Pick("dock", 2),), data["name"])

    verification = verify_text(mini_story, edit_data(text, closed_choice))
    assert verification.status is Status.NOT_GENUINE
    assert verification.reason.startswith("its choices cannot be played in this story: choice 1")


def test_the_code_is_checked_before_any_choice_is_replayed(mini_story, game, monkeypatch) -> None:
    """An edited data block is refused on its code alone: not one of its choices is played."""
    text = document(mini_story, game, "md")
    replayed = []
    monkeypatch.setattr("game.classroom.verify.replay", lambda *arguments: replayed.append(arguments))

    verification = verify_text(mini_story, edit_data(text, lambda data: data.update(choices=[["dock", 2]] * 1000)))
    assert "verification code does not match" in verification.reason
    assert replayed == []


def test_line_endings_and_trailing_spaces_do_not_count(mini_story, game) -> None:
    """A file that went through Windows or a mail program is still genuine."""
    text = document(mini_story, game, "md")
    assert verify_text(mini_story, "\ufeff" + text.replace("\n", "  \r\n")).genuine


def test_added_or_cut_text_is_tampering(mini_story, game) -> None:
    """A paragraph added at the end, or the end cut off, is caught."""
    text = document(mini_story, game, "html")
    assert "were added" in verify_text(mini_story, text + "<p>My own ending.</p>\n").reason
    cut = text.replace("<h3>What really happened</h3>", "")
    assert verify_text(mini_story, cut).status is Status.NOT_GENUINE


def test_missing_or_damaged_data_is_reported_plainly(mini_story, game, tmp_path) -> None:
    """No file, a folder, a binary file, no data block, or a data block that is not JSON: a message, never a crash."""
    assert verify_file(mini_story, tmp_path / "absent.md").reason == f"there is no file {tmp_path / 'absent.md'}"
    assert "is a folder" in verify_file(mini_story, tmp_path).reason
    binary = tmp_path / "photo.md"
    binary.write_bytes(b"\xff\xd8\xff\xe0 not text")
    assert "not a text file" in verify_file(mini_story, binary).reason
    assert verify_text(mini_story, "# My essay\n\nNo data here.\n").reason.startswith("it is not a Jangal transcript")
    text = document(mini_story, game, "md")
    damaged = text.replace('"format": "jangal-transcript"', '"format": jangal')
    assert verify_text(mini_story, damaged).reason == "its data block is not readable JSON"
    wrong_shape = edit_data(text, lambda data: data.update(choices="all of them"))
    assert verify_text(mini_story, wrong_shape).reason == "its data block is damaged: its choices are not a list"


def test_a_transcript_of_another_story_version_is_refused_as_such(mini_story, game, tmp_path) -> None:
    """After the story is edited, an old transcript names both versions instead of calling the student a forger."""
    edited_folder = tmp_path / "mini"
    shutil.copytree(MINI, edited_folder)
    scenes = edited_folder / "scenes.yaml"
    scenes.write_text(scenes.read_text(encoding="utf-8").replace("Dust and rumours.", "Dust, and more rumours."))
    edited = load_or_raise([edited_folder])
    assert edited.fingerprint != mini_story.fingerprint
    verification = verify_text(edited, document(mini_story, game, "html"))
    assert verification.status is Status.CANNOT_VERIFY
    assert verification.reason.startswith("it belongs to another version of the story")
    assert mini_story.fingerprint[:8] in verification.reason and edited.fingerprint[:8] in verification.reason


def test_a_transcript_of_another_story_is_refused_as_such(mini_story, campaign) -> None:
    """A campaign transcript checked against the mini story names the campaign."""
    state = history_path(campaign)
    verification = verify_text(mini_story, document(campaign, state, "md"))
    assert verification.status is Status.CANNOT_VERIFY
    assert verification.reason == f"it belongs to another story, “{campaign.title}”, not “{mini_story.title}”"


def test_a_transcript_from_another_jangal_version_is_not_called_forged(mini_story, game, monkeypatch) -> None:
    """When this Jangal writes transcripts differently, an older one cannot be verified here, and says why."""
    text = document(mini_story, game, "md")
    monkeypatch.setattr("game.classroom.render_md.md_quote", lambda text: "> A newer hint.")
    assert verify_text(mini_story, text).status is Status.NOT_GENUINE  # same version: a difference is an edit
    older = edit_data(text, lambda data: data.update(jangal="0.0.9")).replace("Jangal 0.1.0", "Jangal 0.0.9")
    verification = verify_text(mini_story, older)
    assert verification.status is Status.CANNOT_VERIFY
    assert "exported by Jangal 0.0.9" in verification.reason
