"""Scaffolding: `jangal new pack` and `jangal new scene` write valid files that explain each key."""

from __future__ import annotations

import os
import re
from pathlib import Path

from game.play.paths import PROJECT_ROOT
from game.story.model import Story

SCHEMA = PROJECT_ROOT / "docs" / "jangal.schema.json"
ID = re.compile(r"[a-z][a-z0-9_]*")


class ScaffoldError(ValueError):
    """The name is not usable, or the file would overwrite something."""


def check_id(name: str, what: str) -> str:
    """A lower-case id such as `teahouse_porters`."""
    if not ID.fullmatch(name):
        suggestion = re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_") or "my_pack"
        raise ScaffoldError(f"a {what} name may use lower-case letters, digits and _ (for example `{suggestion}`)")
    return name


def modeline(folder: Path) -> str:
    """The language-server line pointing at the shipped schema, relative to the new file."""
    relative = os.path.relpath(SCHEMA, folder.resolve())
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}\n"


def branch_origin(story: Story) -> str:
    """A scene of the story where a pack can branch off: the first decision with a historical choice."""
    for scene in story.scenes.values():
        if scene.decision and scene.historical_index is not None:
            return scene.id
    return story.start


COMMENT_COLUMN = 34
"""Comments start at this column, or two spaces after a longer line."""


def aligned(rows: list[tuple[str, str]]) -> str:
    """YAML lines with their comments lined up in one column, so the keys read as a list."""
    lines = []
    for code, comment in rows:
        if comment and not code:  # a comment carried on from the line above
            code = " " * COMMENT_COLUMN + "#" + comment
        elif comment:
            code = code.ljust(max(COMMENT_COLUMN, len(code) + 2)) + "# " + comment
        lines.append(code)
    return "\n".join(lines) + "\n"


def scene_block(scene_id: str, chapter: str, back_to: str, title: str) -> str:
    """One scene, every key commented."""
    return aligned(
        [
            (f"  - id: {scene_id}", "unique across the story; other scenes `goto` it"),
            (f"    chapter: {chapter}", "one of the chapters of story.yaml"),
            (f"    title: {title}", "shown in the header, the log and save slots"),
            ("    date: 1920-07", "YYYY, YYYY-MM or YYYY-MM-DD"),
            ("    place: Rasht", "where it happens"),
            ("    text:", "the scene itself, in Markdown: a list of paragraphs"),
            ("      - |", "one every path shows; keep `|` and indent the text"),
            ("        Write what the player sees, hears and smells here, in two or three", ""),
            ("        short paragraphs.", ""),
            ('      # - if: visited("some_scene")', "a paragraph only some paths show (a condition)"),
            ("      #   text: |", "what the players on those paths read"),
            ("      #     You remember the road from before.", ""),
            ("      #   else: |", "optional: what every other player reads instead"),
            ("      #     The road is new to you.", ""),
            ("    note:", "the history behind the scene"),
            ("      text: |", ""),
            ("        Say what is documented, what is disputed, and what you invented.", ""),
            ("      reliability: invented", "documented, disputed or invented"),
            ("      sources: [Your source here]", ""),
            ('    # decision: "July 1920: ..."', "only at a real historical decision: what, who, when;"),
            ("", "  then mark history's choice `history: true`"),
            ("    # assumes: flags.some_flag", "what the text every path shows takes for granted"),
            ("", "  (`jangal explore` proves every way in meets it)"),
            ("    choices:", ""),
            ("      - text: Go back to the main story", "what the player reads"),
            (f"        goto: {back_to}", "the scene it leads to"),
            ("        consequence: You take the road back.", "shown after choosing (optional)"),
        ]
    )


def new_pack(name: str, story: Story, where: Path = Path(".")) -> Path:
    """A pack folder with one scene, branching off the story and returning to it."""
    folder = where / check_id(name, "pack")
    target = folder / "scenes.yaml"
    if target.exists():
        raise ScaffoldError(f"{target} already exists: choose another name or edit that file")
    origin = story.scenes[branch_origin(story)]
    first = f"{name}_start"
    header = (
        modeline(folder)
        + "# A pack: your own scenes, loaded beside the story with\n"
        + f"#   jangal play --scenes scenes --scenes {folder.as_posix()}\n"
        + f"# Check it with `jangal check --strict scenes {folder.as_posix()}`.\n\n"
    )
    branch = aligned(
        [
            ("branches:", "choices this pack adds to scenes of the story"),
            (f"  - from: {origin.id}", f"the story's scene: “{origin.title}”"),
            ("    choice:", ""),
            ("      text: Take another road", "the new choice, listed after the story's own"),
            (f"      goto: {first}", "the first scene of this pack"),
        ]
    )
    text = header + branch + "\nscenes:\n" + scene_block(first, origin.chapter, origin.id, "Another road")
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(f"{folder} is a file, not a folder: choose another name, or move that file")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ScaffoldError(cannot_write(target, exc)) from None
    return target


def cannot_write(path: Path, exc: OSError) -> str:
    """Why a file could not be written, and what to do, in one sentence."""
    return f"cannot write {path}: {exc.strerror or exc}; choose a folder you may write to"


def new_scene(scene_id: str, story: Story, pack: Path) -> Path:
    """Append a scene to a pack's scenes.yaml (it starts unreachable: add a choice that leads to it)."""
    check_id(scene_id, "scene")
    if scene_id in story.scenes:
        raise ScaffoldError(f"a scene `{scene_id}` already exists: choose another id")
    target = pack / "scenes.yaml"
    if not target.exists():
        raise ScaffoldError(f"{target} does not exist: make the pack first with `jangal new pack NAME`")
    if not target.is_file():
        raise ScaffoldError(f"{target} is not a file: the pack's scenes go in a file of that name")
    chapter = next(iter(story.chapters))
    block = "\n" + scene_block(scene_id, chapter, story.start, scene_id.replace("_", " ").capitalize())
    try:
        with target.open("a", encoding="utf-8") as stream:
            stream.write(block)
    except OSError as exc:
        raise ScaffoldError(cannot_write(target, exc)) from None
    return target
