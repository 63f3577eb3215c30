"""A story folder is searched through but never out of, and no part of it is skipped without a word.

Someone else's story or pack may hold a link to a file of yours (``scenes.yaml -> ~/.ssh/config``):
``check`` would print its lines in its problems. A sub-folder that cannot be read would drop its
scenes while ``check`` said "ok".
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from game.cli.main import main
from game.story.loader import load_story
from tests.conftest import MINI, without_the_mini_loop

SECRET = "password: hunter2\nnot: [valid yaml\n"
"""A file outside the story: its lines must never be printed by a check of the story."""


@pytest.fixture
def story(tmp_path: Path) -> Path:
    folder = tmp_path / "story"
    shutil.copytree(MINI, folder)
    (tmp_path / "secret.yaml").write_text(SECRET)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "more.yaml").write_text(SECRET)
    return folder


@pytest.mark.parametrize(
    "link, target", [("scenes_extra.yaml", "../secret.yaml"), ("pack", "../outside")], ids=["file", "folder"]
)
def test_a_link_out_of_the_story_folder_is_refused_and_its_target_never_shown(story, capsys, link, target) -> None:
    """A link to a file or folder outside is an error at the link, and nothing of the target is read."""
    (story / link).symlink_to(target)
    assert main(["check", str(story)]) == 1
    out = capsys.readouterr().out
    assert f"{link}: error: this link leads out of the story's folder" in out
    assert "hunter2" not in out and "valid yaml" not in out


def test_links_inside_the_folder_and_links_to_other_files_are_fine(story) -> None:
    """A link to a folder inside the story is not searched twice; a link out to a file that is not YAML is
    never read, so it is no problem."""
    (story / "chapters").mkdir()
    shutil.move(story / "scenes.yaml", story / "chapters" / "scenes.yaml")
    (story / "same_chapters").symlink_to("chapters")
    (story / "README.txt").symlink_to("/etc/hostname")
    result = load_story([story])
    assert without_the_mini_loop(result.problems) == [] and result.story is not None


def test_an_unreadable_sub_folder_is_an_error(story, capsys, monkeypatch) -> None:
    """A sub-folder the user cannot read is reported, and `check` fails instead of saying "ok".

    The folder is made unreadable (mode 000); root reads it all the same, so as root (this test
    suite's usual user) reading it is made to fail as it fails for anyone else."""
    hidden = story / "hidden"
    hidden.mkdir()
    shutil.move(story / "scenes.yaml", hidden / "scenes.yaml")
    hidden.chmod(0)
    if os.geteuid() == 0:
        real_scandir = os.scandir

        def scandir(path):
            if Path(path) == hidden:
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr("game.story.files.os.scandir", scandir)
    try:
        assert main(["check", str(story)]) == 1
    finally:
        hidden.chmod(stat.S_IRWXU)
    out = capsys.readouterr().out
    assert "hidden: error: cannot read this folder: Permission denied" in out
    assert "ok:" not in out
