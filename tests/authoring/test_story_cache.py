"""`jangal check` keeps clean verdicts, and any change to the story's files (or a link among them) misses."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import game.cli.authoring as authoring
from game.authoring import story_cache
from game.cli.authoring import check
from tests.conftest import MINI, close_the_mini_loop


@pytest.fixture
def story(tmp_path: Path) -> Path:
    """A copy of the mini story, to edit, with a note beside its scenes."""
    folder = tmp_path / "story"
    shutil.copytree(MINI, folder)
    close_the_mini_loop(folder)  # a story with no problem at all: only clean verdicts are kept
    (folder / "notes.txt").write_text("an author's note beside the scenes\n", encoding="utf-8")
    return folder


@pytest.fixture
def loads(monkeypatch) -> list[list[Path]]:
    """Every ``load_story`` that ``check`` makes (a verdict from the cache makes none)."""
    made: list[list[Path]] = []
    real = authoring.load_story

    def counting(paths, **options):
        made.append(list(paths))
        return real(paths, **options)

    monkeypatch.setattr(authoring, "load_story", counting)
    return made


def checked_twice(story: Path, capsys) -> str:
    """Check the story twice; what the second printed."""
    assert check([story]) == 0
    capsys.readouterr()
    assert check([story]) == 0
    return capsys.readouterr().out


def test_an_unchanged_story_is_not_loaded_again(story: Path, loads, capsys) -> None:
    """The second check of the same files prints the same verdict without loading the story."""
    assert check([story]) == 0
    first = capsys.readouterr().out
    assert check([story]) == 0
    assert capsys.readouterr().out == first and first.startswith("ok: no problems in")
    assert len(loads) == 1


def some_file(story: Path) -> Path:
    return sorted(story.glob("*.yaml"))[-1]


def test_an_edit_that_keeps_size_and_time_is_still_seen(story: Path, loads, capsys) -> None:
    """Same length, same modification time, one letter changed: the content hash misses, the story loads."""
    checked_twice(story, capsys)
    path = some_file(story)
    status = path.stat()
    text = path.read_text(encoding="utf-8")
    changed = text.replace("a", "b", 1) if "a" in text else text.replace("e", "f", 1)
    assert changed != text and len(changed) == len(text)
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    check([story])
    assert len(loads) == 2


CHANGES = ["touch", "add", "remove", "rename"]


def change_a_file(story: Path, change: str) -> None:
    """Touch a scene file, add a file, remove one or rename one: each changes what the caches are keyed by."""
    path = some_file(story)
    if change == "touch":
        status = path.stat()
        os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000))
    elif change == "add":
        (story / "more notes.txt").write_text("another note\n", encoding="utf-8")
    elif change == "remove":
        (story / "notes.txt").unlink()
    else:
        path.rename(path.with_name("renamed_" + path.name))


@pytest.mark.parametrize("change", CHANGES)
def test_touching_adding_removing_or_renaming_a_file_misses(story: Path, loads, capsys, change: str) -> None:
    """Each of these changes what the cache is keyed by, so the story is loaded and judged again."""
    checked_twice(story, capsys)
    change_a_file(story, change)
    loaded_before = len(loads)
    check([story])
    assert len(loads) == loaded_before + 1


def test_a_story_with_problems_is_never_cached(story: Path, loads, capsys) -> None:
    """A verdict with an error is worked out every time."""
    path = some_file(story)
    path.write_text(path.read_text(encoding="utf-8") + "\nnot: [valid\n", encoding="utf-8")
    assert check([story]) == 1
    assert check([story]) == 1
    assert len(loads) == 2


def test_a_link_in_the_story_folder_is_not_cached(story: Path, tmp_path: Path, loads, capsys) -> None:
    """A folder holding a link is checked every time: where a link leads can change without a trace here."""
    (tmp_path / "elsewhere.txt").write_text("x\n", encoding="utf-8")
    (story / "link.txt").symlink_to(tmp_path / "elsewhere.txt")
    assert story_cache.story_stamp([story]) is None
    check([story])
    check([story])
    assert len(loads) == 2


def test_a_damaged_cache_file_is_ignored_and_replaced(story: Path, loads, capsys) -> None:
    """Garbage in the cache file is a miss, and the next write leaves a readable file."""
    file = story_cache.cache_file()
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(b"\x00not json")
    checked_twice(story, capsys)
    assert len(loads) == 1
    assert story_cache.cached_verdict(story_cache.story_stamp([story]), file).startswith("ok:")


def test_the_title_card_comes_from_the_cache_until_the_story_block_changes(story: Path, monkeypatch) -> None:
    """`jangal` reads the title and blurb once; an edited title is read again, not taken from the cache."""
    import game.story.files as files
    from game.cli.play import _title_card

    reads = []
    real = files.read_title_card
    monkeypatch.setattr(files, "read_title_card", lambda paths: reads.append(paths) or real(paths))
    first = _title_card([story])
    assert _title_card([story]) == first and len(reads) == 1
    story_file = story / "story.yaml"
    story_file.write_text(
        story_file.read_text(encoding="utf-8").replace(first[0], "Another title", 1), encoding="utf-8"
    )
    assert _title_card([story])[0] == "Another title" and len(reads) == 2


@pytest.mark.parametrize("change", CHANGES)
def test_the_title_card_is_read_again_after_any_file_changes(story: Path, monkeypatch, change: str) -> None:
    """The card's key is each file's path, size and time (no hash, since the card shows only until the story
    has loaded): touching, adding, removing or renaming a file reads the card again."""
    import game.story.files as files
    from game.cli.play import _title_card

    reads = []
    real = files.read_title_card
    monkeypatch.setattr(files, "read_title_card", lambda paths: reads.append(paths) or real(paths))
    first = _title_card([story])
    assert _title_card([story]) == first and len(reads) == 1
    change_a_file(story, change)
    assert _title_card([story]) == first and len(reads) == 2


@pytest.fixture
def story_loads(monkeypatch) -> list[list[Path]]:
    """Every ``load_story`` that plain mode's ``load_kept_story`` makes (a story from the cache makes none)."""
    import game.cli.common as common

    made: list[list[Path]] = []
    real = common.load_story
    monkeypatch.setattr(common, "load_story", lambda paths, **options: made.append(list(paths)) or real(paths))
    return made


def test_plain_mode_plays_the_kept_story_until_a_file_changes(story: Path, story_loads) -> None:
    """The second load of unchanged files is the kept story, equal to the one loaded; an edit loads again."""
    from game.cli.common import load_kept_story
    from game.story.model_json import story_to_json

    first = load_kept_story([story])
    second = load_kept_story([story])
    assert len(story_loads) == 1 and story_to_json(second.story) == story_to_json(first.story)
    scene_file = story / "scenes.yaml"
    scene_file.write_text(scene_file.read_text(encoding="utf-8").replace("Ships", "Boats", 1), encoding="utf-8")
    third = load_kept_story([story])
    assert len(story_loads) == 2 and "Boats" in story_to_json(third.story)


def test_a_damaged_kept_story_is_a_miss(story: Path, story_loads) -> None:
    """A kept story that cannot be read back (cut short, edited) is loaded from the files again."""
    from game.cli.common import load_kept_story

    load_kept_story([story])
    (kept,) = (story_cache.cache_file().parent / "stories").glob("*.json")
    kept.write_bytes(kept.read_bytes()[:1000])
    assert load_kept_story([story]).story is not None and len(story_loads) == 2


def test_only_the_newest_stories_are_kept(story: Path) -> None:
    from game.story.loader import load_or_raise

    loaded = load_or_raise([story])
    for number in range(story_cache.KEPT_STORIES + 3):
        story_cache.remember_story(f"stamp{number}", loaded)
        os.utime(story_cache._story_file(f"stamp{number}", None), ns=(number * 10**9, number * 10**9))
    kept = sorted(path.name.split("-")[0] for path in (story_cache.cache_file().parent / "stories").glob("*.json"))
    assert len(kept) == story_cache.KEPT_STORIES and "stamp0" not in kept


def test_plain_mode_from_the_kept_story_imports_no_yaml(story: Path, tmp_path: Path) -> None:
    """What plain mode gains: a second start reads the kept story and never imports the YAML parser."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    script = (
        "import sys; from game.cli.main import main; "
        f"main(['play', '--plain', '--scenes', {str(story)!r}, '--saves-dir', {str(tmp_path / 'saves')!r}]); "
        "print('YAML', 'yaml' in sys.modules)"
    )
    shown = [
        subprocess.run(
            [sys.executable, "-c", script], input="", capture_output=True, text=True, cwd=ROOT, timeout=60
        ).stdout.splitlines()[-1]
        for _ in range(2)
    ]
    assert shown == ["YAML True", "YAML False"]
