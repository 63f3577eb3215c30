"""Scaffolding: `jangal new pack` and `jangal new scene` write valid files that explain each key."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from game.play.paths import PROJECT_ROOT
from game.play.saves import write_atomically
from game.story.model import Story
from game.story.reader import MAX_FILE_BYTES, compose
from game.story.safe_files import read_limited

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
    """Add a scene at the end of a pack's `scenes:` list (it starts unreachable: add a choice that leads to it).

    The id must be new to the story and to the pack (which the story may not have loaded); the scene takes
    the chapter of the pack's last scene and leads where the pack's scenes return to the story.
    """
    check_id(scene_id, "scene")
    target = pack / "scenes.yaml"
    text, root = _pack_file(target)
    found = _PackScenes.of(root)
    if scene_id in story.scenes or scene_id in found.ids:
        raise ScaffoldError(f"a scene `{scene_id}` already exists: choose another id")
    chapter = found.last_chapter or next(iter(story.chapters))
    back_to = next((goto for goto in found.gotos if goto not in found.ids), None) or found.branch_from or story.start
    block = scene_block(scene_id, chapter, back_to, scene_id.replace("_", " ").capitalize())
    try:
        write_atomically(target, _with_scene(text, found, block).encode("utf-8"))
    except OSError as exc:
        raise ScaffoldError(cannot_write(target, exc)) from None
    return target


def _pack_file(target: Path) -> tuple[str, yaml.Node | None]:
    """The pack's scenes file, its text and its YAML tree; ScaffoldError when it cannot be added to safely."""
    if not target.exists():
        raise ScaffoldError(f"{target} does not exist: make the pack first with `jangal new pack NAME`")
    if not target.is_file():
        raise ScaffoldError(f"{target} is not a file: the pack's scenes go in a file of that name")
    try:
        data = read_limited(target, MAX_FILE_BYTES)
    except OSError as exc:
        raise ScaffoldError(f"cannot read {target}: {exc.strerror or exc}") from None
    root, problems = compose(data, str(target))
    if problems:
        raise ScaffoldError(f"{target} must check before a scene is added to it: {problems[0]}")
    return data.decode("utf-8"), root


@dataclass
class _PackScenes:
    """What a pack's scenes file already holds, read from its YAML tree."""

    node: yaml.Node | None = None
    """The `scenes:` list, when the file has one."""
    ids: set[str] = field(default_factory=set)
    gotos: list[str] = field(default_factory=list)
    last_chapter: str | None = None
    branch_from: str | None = None

    @classmethod
    def of(cls, root: yaml.Node | None) -> _PackScenes:
        top = _fields(root)
        found = cls(top.get("scenes"))
        for scene in _list(found.node):
            fields = _fields(scene)
            found.ids.add(_scalar(fields.get("id")))
            found.last_chapter = _scalar(fields.get("chapter")) or found.last_chapter
            found.gotos += [_scalar(_fields(choice).get("goto")) for choice in _list(fields.get("choices"))]
        found.branch_from = next((_scalar(_fields(b).get("from")) for b in _list(top.get("branches"))), None)
        return found


def _with_scene(text: str, found: _PackScenes, block: str) -> str:
    """The file's text with the scene block at the end of its `scenes:` list, never inside another block."""
    node = found.node
    if node is None:
        return text.rstrip("\n") + "\n\nscenes:\n" + block
    empty = (isinstance(node, yaml.SequenceNode) and not node.value) or (
        isinstance(node, yaml.ScalarNode) and node.value == "" and not node.style
    )
    if empty:  # `scenes: []` or `scenes:` with nothing under it
        before, after = text[: node.start_mark.index].rstrip(" "), text[node.end_mark.index :].lstrip(" ")
        return before + "\n" + block + ("" if not after or after.startswith("\n") else "\n") + after.lstrip("\n")
    if not isinstance(node, yaml.SequenceNode) or node.flow_style:
        raise ScaffoldError("the pack's `scenes:` is not a list of `- id:` blocks: write it as one, then try again")
    end = node.value[-1].end_mark
    at = end.index if end.column == 0 else _next_line(text, end.index)
    separator = "" if text[:at].endswith("\n") else "\n"
    return text[:at] + separator + "\n" + block + text[at:]


def _next_line(text: str, index: int) -> int:
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def _fields(node: yaml.Node | None) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)}


def _list(node: yaml.Node | None) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _scalar(node: yaml.Node | None) -> str:
    return node.value if isinstance(node, yaml.ScalarNode) else ""
