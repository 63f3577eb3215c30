"""Damaged save files and hostile slot names: a specific error or a good load, other slots untouched.

The fuzz test damages real saves (cut short, bytes flipped, values of the wrong type or size, keys
renamed or deleted, deep nesting, numbers of thousands of digits) and loads each beside a healthy save.
The load screen's own listing of a broken slot is checked in
tests/ui/test_load_save_ending_help.py::test_load_lists_slots_newest_first_with_broken_ones_last.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.play.engine import Engine
from game.play.folder_lock import LOCK_FILE
from game.play.saves import VERSION, SaveStore
from game.play.state import GameState
from game.story.loader import load_or_raise
from game.story.model import Story
from game.story.problems import CorruptSave, ForeignSave, SaveError, TooNewSave
from game.ui.screens.load import local_time
from tests.conftest import MINI, TESTS
from tests.reliability.conftest import FIGURES, FUZZ
from tests.reliability.mutations import INVALID_UTF8, STRANGE

STORY = load_or_raise([MINI])
OTHER_STORY = load_or_raise([TESTS / "data" / "worked_example"])
SPECIFIC = (CorruptSave, ForeignSave, TooNewSave)
"""What a damaged file may raise: each says what is wrong in its own words."""


def played(story: Story, *choices: int) -> GameState:
    """A state after the given choices (open ones only, so the path is real)."""
    engine = Engine(story)
    state = engine.new_game()
    for index in choices:
        open_indexes = [option.index for option in engine.view(state).open_options]
        if open_indexes:
            state = engine.choose(state, open_indexes[index % len(open_indexes)]).state
    return state


def _bases() -> list[bytes]:
    """Real saves to damage: of the small story at the start and further along, and one of another story."""
    states = [(STORY, played(STORY)), (STORY, played(STORY, 0)), (STORY, played(STORY, 1, 0, 2, 0))]
    states.append((OTHER_STORY, played(OTHER_STORY, 0, 1)))
    with tempfile.TemporaryDirectory() as folder:
        store = SaveStore(Path(folder))
        return [_written(store, story, state) for story, state in states]


def _written(store: SaveStore, story: Story, state: GameState) -> bytes:
    store.save("seed", state, story)
    return store.path("seed").read_bytes()


BASES = _bases()


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([-1, 0, 1, 2, 99, -(2**63), 2**64, 10**300])
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(
        ["", "dock", "road", "victory", "one", "tiny", "mini", "jangal-save", "0001-01-01T00:00:00+05:00"]
    )
    | st.sampled_from(["9999-12-31T23:59:59-05:00", "2026-11-24T15:00:00", "support", "flags.trusts_abukov"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=8,
)
"""Values a damaged or hand-edited save might hold in any place."""
EDGE_VALUES = (
    -(10**6), -100, -2, -1, 0, 1, 2, 99, 2**31, 2**63, 10**100, True, False, None, 1.5, float("nan"), float("inf"),
    "", "1", "dock", "victory", "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "0001-01-01", "9999-12-31",
    "2026-11-24T15:00:00+23:59", [], {}, [1], {"dock": -5},
)  # fmt: skip
"""Values at the edges of what each field can hold: negative, huge, the first and last dates, empty."""
NUMBER = re.compile(rb"-?\d+")


def _places(value: Any, path: tuple = ()) -> list[tuple]:
    """Every place in a JSON document, as a path of keys and indexes."""
    found = [path]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _places(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _places(inner, (*path, index))
    return found


def _edit_json(draw, document: Any) -> Any:
    """A value replaced, a key deleted or renamed, or a value wrapped in a list, somewhere in the document."""
    place = draw(st.sampled_from(_places(document)))
    if not place:
        return draw(JSON_VALUES)
    parent = document
    for step in place[:-1]:
        parent = parent[step]
    last = place[-1]
    action = draw(st.sampled_from(["replace", "delete", "rename", "wrap"]))
    if action == "replace":
        parent[last] = draw(JSON_VALUES)
    elif action == "wrap":
        parent[last] = [parent[last]]
    elif action == "delete":
        del parent[last]
    elif isinstance(parent, dict):
        new_name = draw(st.text(max_size=10) | st.sampled_from(["format", "state", "story", "path", "scene"]))
        parent[new_name] = parent.pop(last)
    return document


def _edit_field(draw, document: Any) -> Any:
    """One named field (each name as likely as any other, however often it occurs) set to an edge value."""
    places = [place for place in _places(document) if place and isinstance(place[-1], str)]
    if not places:
        return document
    name = draw(st.sampled_from(sorted({place[-1] for place in places})))
    place = draw(st.sampled_from([place for place in places if place[-1] == name]))
    parent = document
    for step in place[:-1]:
        parent = parent[step]
    parent[name] = draw(st.sampled_from(EDGE_VALUES))
    return document


def _edit_text(draw, data: bytes) -> bytes:
    """Damage the JSON text itself: a huge number, deep nesting, a duplicate key, strange characters."""
    kind = draw(st.sampled_from(["huge number", "deep nesting", "duplicate key", "strange", "insert"]))
    at = draw(st.integers(0, len(data)))
    if kind == "huge number":
        numbers = list(NUMBER.finditer(data))
        if numbers:
            found = draw(st.sampled_from(numbers))
            return data[: found.start()] + b"9" * draw(st.sampled_from([20, 4301, 5000, 100_000])) + data[found.end() :]
    if kind == "deep nesting":
        depth = draw(st.sampled_from([10, 1000, 100_000]))
        return data[:at] + b"[" * depth + b"]" * depth + data[at:]
    if kind == "duplicate key":
        return data.replace(b'"state": {', b'"state": 1, "state": {', 1)
    if kind == "strange":
        return data[:at] + draw(st.sampled_from(STRANGE)).encode("utf-8", "surrogatepass") + data[at:]
    return data[:at] + draw(st.binary(max_size=30)) + data[at:]


@dataclass(frozen=True)
class DamagedSave:
    """A damaged save: how it was damaged, and its bytes."""

    applied: tuple[str, ...]
    data: bytes

    def __repr__(self) -> str:
        return f"DamagedSave({self.applied}, {self.data[:300]!r}{'...' if len(self.data) > 300 else ''})"


@st.composite
def damaged_saves(draw, bases: list[bytes]) -> DamagedSave:
    """A real save, damaged one to three times: cut short, bytes flipped, JSON or text edited."""
    data, applied = draw(st.sampled_from(bases)), []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["truncate", "flip", "json", "field", "field", "text"]))
        applied.append(kind)
        if kind == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
        elif kind == "flip":
            at = draw(st.integers(0, max(len(data) - 1, 0)))
            data = data[:at] + draw(st.sampled_from([*INVALID_UTF8, b"\x00", b"0", b"}", b'"'])) + data[at + 1 :]
        elif kind == "text":
            data = _edit_text(draw, data)
        else:
            try:
                document = json.loads(data)
            except (ValueError, RecursionError):
                continue
            edited = _edit_json(draw, document) if kind == "json" else _edit_field(draw, document)
            data = json.dumps(edited, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    return DamagedSave(tuple(applied), data)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> SaveStore:
    """A save folder holding one healthy save, `good`, beside which every damaged save is tried."""
    store = SaveStore(tmp_path_factory.mktemp("fuzzed") / "saves")
    store.save("good", played(STORY, 0), STORY)
    return store


def assert_playable(story: Story, state: GameState) -> None:
    """A loaded state can be shown, its path told, history compared, and undone to the start."""
    engine = Engine(story)
    engine.view(state)
    for step in state.path:
        engine.choice_text(step)
        engine.historical_text(step)
    engine.divergence_sentence(state)
    engine.view(engine.undo(state, len(state.path)))


@FUZZ
@given(damaged=damaged_saves(BASES))
def test_damaged_saves_give_a_specific_error_or_load(store: SaveStore, damaged: DamagedSave) -> None:
    """A damaged save raises its own SaveError or loads into a playable state; the load list agrees; `good` stays."""
    FIGURES["save files fuzzed"] += 1
    good = store.path("good").read_bytes()
    store.path("damaged").write_bytes(damaged.data)
    try:
        loaded = store.load("damaged", STORY)
    except SaveError as exc:
        assert isinstance(exc, SPECIFIC), repr(exc)
        problem = str(exc)
        FIGURES["save files refused"] += 1
    else:
        assert_playable(STORY, loaded.state)
        problem = ""
    slots = {info.name: info for info in store.slots(STORY)}
    assert sorted(slots) == ["damaged", "good"]
    assert (slots["damaged"].problem, slots["good"].problem) == (problem, "")
    assert [local_time(info.saved_at) for info in slots.values()]  # the load screen can show every date
    assert store.path("good").read_bytes() == good
    assert store.latest(STORY) is not None


HOSTILE_NAMES = (
    "../escape", "../../../../tmp/escape", "..", ".", "./", "/etc/passwd", "/tmp/x", "C:\\Windows\\x", "\\\\server\\x",
    "a/b", "a\\b", "nul\x00byte", "\x00", "tab\there", "new\nline", "\r", "\x1b[31mred", "\u202egnp.exe", "\u200b",
    "x" * 10_000, "ж" * 65, "𠀀" * 64, "", " ", " leading", "trailing ", ".hidden", "ends.", "con", "NUL", "com1.save",
    "lpt9", "a:b", "a*b", "a?b", "<a>", "a|b", "'", '"', "~", "~root", "$HOME", "%APPDATA%", "autosave.json",
)  # fmt: skip


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty folder whose only child will be the save folder, so anything written elsewhere shows."""
    return tmp_path_factory.mktemp("sandbox")


def _everything_under(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


@FUZZ
@given(name=st.sampled_from(HOSTILE_NAMES) | st.text() | st.text(st.characters(codec="ascii"), max_size=80))
def test_slot_names_are_refused_or_kept_inside_the_save_folder(sandbox: Path, name: str) -> None:
    """Any name is refused with a SaveError, or saved as one file inside the save folder and listed by that name."""
    FIGURES["slot names tried"] += 1
    store = SaveStore(sandbox / "saves")
    outside = sandbox.parent
    before = set(outside.iterdir())
    try:
        store.save(name, played(STORY), STORY)
    except SaveError:
        FIGURES["slot names refused"] += 1
    else:
        target = store.path(name)
        assert target.resolve().parent == store.folder.resolve()
        assert [info.name for info in store.slots(STORY)] == [name]
        store.delete(name)
    assert set(outside.iterdir()) == before
    assert all(path.parent == store.folder for path in _everything_under(sandbox) if path != store.folder)
    assert not store.folder.exists() or [path.name for path in store.folder.iterdir()] in ([], [LOCK_FILE])


def _edited_save(store: SaveStore, edit) -> None:
    """A save of the small story after three choices, edited as a JSON document by ``edit``."""
    store.save("edited", played(STORY, 1, 0, 2), STORY)
    document = json.loads(store.path("edited").read_bytes())
    edit(document)
    store.path("edited").write_text(json.dumps(document), encoding="utf-8")


def test_a_number_of_thousands_of_digits_is_a_damaged_save(tmp_path: Path) -> None:
    """Found by the save fuzzing: Python refuses such numbers, which crashed loading and the whole load list."""
    store = SaveStore(tmp_path)
    store.save("good", played(STORY), STORY)
    store.path("long").write_bytes(
        store.path("good").read_bytes().replace(b'"version": %d' % VERSION, b'"version": ' + b"9" * 5000)
    )
    with pytest.raises(CorruptSave, match="not readable JSON"):
        store.load("long", STORY)
    assert {info.name: bool(info.problem) for info in store.slots(STORY)} == {"good": False, "long": True}


def test_a_negative_choice_in_the_path_is_dropped(tmp_path: Path) -> None:
    """Found by the save fuzzing: a step naming choice -100 loaded, then crashed the log and ending screens."""
    store = SaveStore(tmp_path)
    _edited_save(store, lambda document: document["state"]["path"][0].update(choice=-100))
    loaded = store.load("edited", STORY)
    assert loaded.state.path[0].choice == 1  # "Turn them away", found again by the identity the save holds
    assert_playable(STORY, loaded.state)
    _edited_save(store, lambda document: document["state"]["path"][0].update(choice=-100) or document.pop("choice_ids"))
    loaded = store.load("edited", STORY)  # without it, the step cannot be placed: it is dropped
    assert "1 step(s) of the path refer to scenes or choices that are gone" in loaded.messages
    assert_playable(STORY, loaded.state)


@pytest.mark.parametrize("saved_at", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"])
def test_a_date_at_the_end_of_the_calendar_is_shown_as_unknown(tmp_path: Path, saved_at: str) -> None:
    """Found by the save fuzzing: such a date could not be turned into local time, which crashed the load screen."""
    store = SaveStore(tmp_path)
    _edited_save(store, lambda document: document.update(saved_at=saved_at))
    (info,) = store.slots(STORY)
    assert (info.saved_at, info.problem, local_time(info.saved_at)) == (None, "", "")
