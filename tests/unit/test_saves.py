"""Saves: plain JSON slots, atomic writes, specific refusals, and safe names."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from game.play.engine import Engine
from game.play.folder_lock import LOCK_FILE
from game.play.saves import AUTOSAVE, SaveStore, check_slot_name
from game.story.loader import load_or_raise
from game.story.problems import CorruptSave, ForeignSave, SaveError, SaveNotFound, SlotNameError, TooNewSave
from tests.conftest import MINI


def played(engine: Engine, *choices: int):
    state = engine.new_game()
    for index in choices:
        state = engine.choose(state, index).state
    return state


def test_save_and_load_round_trip(engine: Engine, store: SaveStore) -> None:
    """A saved state loads back equal, with what the load screen shows."""
    state = played(engine, 0)
    store.save("before the march", state, engine.story)
    loaded = store.load("before the march", engine.story)
    assert loaded.state == state
    assert loaded.messages == ()
    assert (loaded.info.chapter, loaded.info.scene, loaded.info.steps) == ("The march", "On the road", 1)


def test_save_file_is_plain_versioned_json(engine: Engine, store: SaveStore) -> None:
    """The file is JSON with format, versions, story fingerprint, time and summary."""
    store.save("one", played(engine, 0), engine.story)
    document = json.loads((store.folder / "one.json").read_text(encoding="utf-8"))
    assert document["format"] == "jangal-save"
    assert (document["version"], document["readable_from"]) == (3, 1)
    assert document["story"] == {"id": "mini", "title": "A small test story", "fingerprint": engine.story.fingerprint}
    assert datetime.fromisoformat(document["saved_at"]).tzinfo is not None
    assert document["state"]["scene"] == "road"


def test_slots_lists_newest_first_with_broken_ones(engine: Engine, tmp_path: Path) -> None:
    """Listing shows every slot, newest first, and a broken file with its reason."""
    times = iter([datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC)])
    store = SaveStore(tmp_path, clock=lambda: next(times))
    store.save("old", played(engine), engine.story)
    store.save(AUTOSAVE, played(engine, 0), engine.story)
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    listed = store.slots()
    assert [info.name for info in listed] == [AUTOSAVE, "old", "broken"]
    assert "not readable JSON" in listed[2].problem
    assert store.latest().name == AUTOSAVE


def test_delete_removes_only_that_slot(engine: Engine, store: SaveStore) -> None:
    """Deleting a slot leaves the others."""
    store.save("a", played(engine), engine.story)
    store.save("b", played(engine), engine.story)
    store.delete("a")
    assert [info.name for info in store.slots()] == ["b"]
    with pytest.raises(SaveNotFound):
        store.delete("a")


@pytest.mark.parametrize(
    ("content", "error", "words"),
    [
        (b"", CorruptSave, "not readable JSON"),
        (b"\xff\xfe garbage", CorruptSave, "not readable JSON"),
        (b"[1, 2]", CorruptSave, "not a Jangal save"),
        (b'{"format": "jangal-save"}', CorruptSave, "format version is missing"),
        (b'{"format": "jangal-save", "version": 9, "readable_from": 5, "story": {"id": "mini"}}', TooNewSave, "newer"),
        (b'{"format": "jangal-save", "version": 0, "readable_from": 0, "story": {"id": "mini"}}', TooNewSave, "oldest"),
        (
            b'{"format": "jangal-save", "version": 1, "readable_from": 1, "story": {"id": "other", "title": "Other"}}',
            ForeignSave,
            "another story",
        ),
        (
            b'{"format": "jangal-save", "version": 1, "readable_from": 1, "story": {"id": "mini"}, "state": {}}',
            CorruptSave,
            "damaged",
        ),
        (b"[" * 100000, CorruptSave, "not readable JSON"),
    ],
)
def test_bad_files_give_a_specific_error_and_leave_others(engine, store, content, error, words) -> None:
    """A corrupt, foreign or too-new save raises its own error; other slots are untouched."""
    store.save("good", played(engine, 0), engine.story)
    good_bytes = (store.folder / "good.json").read_bytes()
    (store.folder / "bad.json").write_bytes(content)
    with pytest.raises(error, match=words):
        store.load("bad", engine.story)
    assert store.info("bad", engine.story).problem
    assert (store.folder / "good.json").read_bytes() == good_bytes
    assert store.load("good", engine.story).state.scene == "road"


def test_missing_slot_is_save_not_found(engine: Engine, store: SaveStore) -> None:
    """Loading a slot that does not exist says so."""
    with pytest.raises(SaveNotFound, match="no save called “nothing”"):
        store.load("nothing", engine.story)


@pytest.mark.parametrize(
    "name",
    [
        "../escape",
        "/etc/passwd",
        "a/b",
        "a\\b",
        "nul\x00byte",
        "tab\there",
        "x" * 10_000,
        "",
        "  ",
        ".hidden",
        "con",
        "ends.",
        "new\nline",
    ],
)
def test_unsafe_slot_names_are_refused(engine: Engine, store: SaveStore, tmp_path: Path, name: str) -> None:
    """Names that could escape the folder or break a file system are refused; nothing is written."""
    with pytest.raises(SlotNameError):
        store.save(name, played(engine), engine.story)
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written == []


@pytest.mark.parametrize("name", ["autosave", "Before the march", "Mirza-1920_06.b", "جنگل", "Ünïcode"])
def test_ordinary_names_are_accepted(name: str) -> None:
    """Letters (any script), digits, spaces, _ - and . make a valid slot name."""
    assert check_slot_name(name) == name


def test_no_temporary_files_are_left_behind(engine: Engine, store: SaveStore) -> None:
    """After many saves only the slot file remains in the folder (beside the game's lock file)."""
    for _ in range(5):
        store.save(AUTOSAVE, played(engine, 0), engine.story)
    assert sorted(p.name for p in store.folder.iterdir()) == [LOCK_FILE, "autosave.json"]


def unwritable(kind: str, tmp_path: Path) -> tuple[Path, str]:
    """A save folder and slot name that no user can write, root included (root ignores permission bits)."""
    if kind == "folder is a file":
        (tmp_path / "saves").write_text("not a folder", encoding="utf-8")
        return tmp_path / "saves", "x"
    if kind == "a file on the way to the folder":
        (tmp_path / "file").write_text("", encoding="utf-8")
        return tmp_path / "file" / "saves", "x"
    if kind == "slot is a folder":
        (tmp_path / "saves" / "x.json").mkdir(parents=True)
        return tmp_path / "saves", "x"
    return Path("/proc/self/jangal-saves"), "x"  # the kernel's own file system: nobody makes folders there


KINDS = ["folder is a file", "a file on the way to the folder", "slot is a folder"]
if sys.platform == "linux":
    KINDS.append("inside /proc")


@pytest.mark.parametrize("kind", KINDS)
def test_a_save_nobody_can_write_gives_a_clear_error(engine: Engine, tmp_path: Path, kind: str) -> None:
    """Whoever runs the game (CI runs as root), an unwritable save raises SaveError, leaves no temporary file."""
    folder, name = unwritable(kind, tmp_path)
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(SaveError, match="could not save") as refused:
        SaveStore(folder).save(name, played(engine), engine.story)
    assert "Traceback" not in str(refused.value) and len(str(refused.value)) < 300
    assert sorted(path for path in tmp_path.rglob("*") if path.name != ".jangal.lock") == before  # the folder's lock


def copy_story(tmp_path: Path, replace: tuple[str, str] | None = None) -> Path:
    folder = tmp_path / "story"
    folder.mkdir()
    for source in MINI.iterdir():
        text = source.read_text(encoding="utf-8")
        if replace:
            text = text.replace(*replace)
        (folder / source.name).write_text(text, encoding="utf-8")
    return folder


def test_save_into_an_edited_story_resumes_at_a_safe_point(engine: Engine, store: SaveStore, tmp_path: Path) -> None:
    """When the saved scene is gone, the save loads just before the last choice, with a message."""
    state = played(engine, 0)  # now on the road
    store.save("s", state, engine.story)
    edited = load_or_raise([copy_story(tmp_path, ("road", "highway"))])
    loaded = store.load("s", edited)
    assert loaded.state.scene == "dock"
    assert loaded.state.path == ()
    assert dict(loaded.state.variables) == {"support": 3, "funds": 0}
    assert any("no longer exists" in message for message in loaded.messages)


def test_save_into_a_story_with_new_ranges_is_clamped(engine: Engine, store: SaveStore, tmp_path: Path) -> None:
    """Values outside a range narrowed by an edit are clamped, and the load says the story changed."""
    state = played(engine, 0)  # support 4
    store.save("s", state, engine.story)
    edited = load_or_raise([copy_story(tmp_path, ("max: 5", "max: 3"))])
    loaded = store.load("s", edited)
    assert loaded.state.variables["support"] == 3
    assert loaded.state.scene == "road"
    assert loaded.messages == ("the story has been edited since this save; everything still fits",)


def test_a_save_with_a_byte_order_mark_loads(engine: Engine, store: SaveStore) -> None:
    """An editor (Notepad) that adds a UTF-8 byte-order mark to a save does not make it unreadable."""
    state = played(engine, 0)
    store.save("edited", state, engine.story)
    path = store.path("edited")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert store.load("edited", engine.story).state == state
    assert store.info("edited", engine.story).problem == ""


def test_settings_with_a_byte_order_mark_are_read(tmp_path: Path) -> None:
    """The same for the settings file: the chosen theme survives the mark."""
    from game.play.settings import SETTINGS_FILE, Settings, load_settings, save_settings

    save_settings(tmp_path, Settings(theme="textual-light"))
    path = tmp_path / SETTINGS_FILE
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_settings(tmp_path).theme == "textual-light"


def test_a_story_file_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    """A story file saved with a byte-order mark loads as the same story."""
    import shutil

    folder = tmp_path / "story"
    shutil.copytree(MINI, folder)
    for path in folder.iterdir():
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_or_raise([folder]).scenes.keys() == load_or_raise([MINI]).scenes.keys()
