"""Loading a story from its folder(s) of YAML files.

``load_story`` reads every file, builds the model, runs the checks of ``game.story.validate`` and
returns the story together with *every* problem found. The story is None when any problem is
an error, so a front end can never play a broken story by accident.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from game.story.build import build_branch, build_codex_entry, build_timeline_event, peek_id, read_scene
from game.story.dates import date_key
from game.story.files import find_story_files, shown_path, story_key_at
from game.story.header import PackBlock, StoryHeader, add_pack, build_pack_block, build_story_header
from game.story.load_result import LoadResult
from game.story.model import Choice, CodexEntry, Scene, Story, TimelineEvent, frozen_map
from game.story.node_reader import NodeReader, suggest
from game.story.problems import Location, Problem, StoryError, error, warning
from game.story.reader import compose, held_source, read_source
from game.story.story_map import StoryMap, build_map, map_problems
from game.story.validate import validate

TOP_LEVEL_KEYS = ("story", "pack", "scenes", "codex", "timeline", "branches", "map")


@dataclass
class _Parts:
    """Blocks gathered from all files, before they are checked against each other."""

    headers: list[StoryHeader] = field(default_factory=list)
    scenes: dict[str, Scene] = field(default_factory=dict)
    codex: dict[str, CodexEntry] = field(default_factory=dict)
    timeline: list[TimelineEvent] = field(default_factory=list)
    broken: set[str | None] = field(default_factory=set)
    """Ids of scenes and codex entries that could not be built (their problems are already reported)."""
    partial: list[Scene] = field(default_factory=list)
    """What could be read of each scene that could not be built, so its references are checked too."""
    branches: list[tuple[str, Choice, Location]] = field(default_factory=list)
    """Choices a pack adds to scenes of another folder: (scene id, choice, where written)."""
    maps: list[StoryMap] = field(default_factory=list)
    """Every `map:` block read (one is allowed: the others are reported)."""
    packs: list[PackBlock] = field(default_factory=list)
    """Every `pack:` block read: each pack's own variables and flags."""


def load_story(
    paths: Iterable[Path | str], *, fingerprint: bool = True, unsaved: Mapping[Path, bytes] | None = None
) -> LoadResult:
    """Read, build and check a story; collect every problem.

    With ``fingerprint=False`` the story's ``fingerprint`` is left empty, for a caller that only
    wants the problems (``jangal check``): digesting the files is a tenth of loading the campaign.
    ``unsaved`` gives the text an editor holds for some of the files (by resolved path), read
    instead of what is on disk, so the checker can speak of what the author is typing.
    """
    return _load(paths, fingerprint, unsaved or {})


def _load(paths: Iterable[Path | str], digest: bool, unsaved: Mapping[Path, bytes]) -> LoadResult:
    files, problems = find_story_files(Path(p) for p in paths)
    sources = _read_sources(files, problems, unsaved)
    fingerprint = _fingerprint(sources) if digest else ""
    shown_files = [source.shown for source in sources]
    read = _read_streaming(sources, list(problems)) or _read_all_at_once(sources, list(problems))
    parts, header, problems, lost_files = read
    if header is None:
        return LoadResult(None, _sorted(problems), shown_files, len(parts.scenes))
    for pack in parts.packs:
        problems.extend(add_pack(header, pack))
    problems.extend(_attach_branches(parts))
    complete = not lost_files
    problems.extend(validate(header, parts.scenes, parts.codex, parts.broken, complete=complete, partial=parts.partial))
    problems.extend(_timeline_scenes(parts, complete=not lost_files))
    problems.extend(map_problems(parts.maps, parts.scenes, complete=not lost_files))
    story = None
    if not any(p.is_error for p in problems):
        story = _assemble(header, parts, fingerprint)
    return LoadResult(story, _sorted(problems), shown_files, len(parts.scenes))


@dataclass
class _Source:
    """One story file as read from disk (``data`` is None when it could not be read)."""

    path: Path
    shown: str
    data: bytes | None


def _read_sources(files: list[Path], problems: list[Problem], unsaved: Mapping[Path, bytes]) -> list[_Source]:
    """Every file's bytes: the editor's where it holds the file, else the disk's."""
    sources = []
    cwd = Path.cwd()
    for path in files:
        shown = shown_path(path, cwd)
        held = unsaved.get(path.resolve()) if unsaved else None
        data, read_problems = read_source(path, shown) if held is None else held_source(held, shown)
        problems += read_problems
        sources.append(_Source(path, shown, data))
    return sources


def _fingerprint(sources: list[_Source]) -> str:
    """The story's fingerprint: a digest of the file names and contents in order."""
    import hashlib  # here: `jangal check` asks for no fingerprint, and loading OpenSSL takes 2 ms

    digest = hashlib.sha256()
    for source in sources:
        if source.data is not None:
            digest.update(source.path.name.encode() + b"\0" + source.data)
    return digest.hexdigest()[:16]


def _compose(source: _Source, problems: list[Problem]) -> tuple[dict[str, yaml.Node] | None, bool]:
    """The top-level keys of a file, and whether the file was lost (unreadable, or its YAML broken)."""
    if source.data is None:
        return None, True
    node, syntax_problems = compose(source.data, source.shown)
    if syntax_problems:
        problems += syntax_problems
        return None, True
    return _top_level(NodeReader(source.shown, problems), node), False


def _read_streaming(sources: list[_Source], problems: list[Problem]):
    """Read the story block first, then each file's blocks, one file's YAML tree in memory at a time.

    A 10,000-scene story's trees would otherwise all be held at once (more than 100 MB). None
    when it cannot be done this way (no story block where the quick scan expected one, or one
    where it did not): the caller then reads everything at once, which reports such stories best.
    """
    early, headers, lost_files = {}, [], False
    for source in sources:
        if source.data is not None and story_key_at(source.data) is not None:
            found, lost = _compose(source, problems)
            early[source.path], lost_files = found, lost_files or lost
            if found and "story" in found:
                headers += _header(source.shown, found, problems)
    if not headers:
        return None
    parts = _Parts()
    parts.headers = headers
    header = _single_header(headers, [source.shown for source in sources], problems, True)
    flag_names = frozenset(header.flags)
    for source in sources:
        if source.path in early:
            found = early.pop(source.path)
        else:
            found, lost = _compose(source, problems)
            lost_files = lost_files or lost
            if found and "story" in found:
                return None
        if found:
            _read_blocks(NodeReader(source.shown, problems, flag_names), found, parts)
    return parts, header, problems, lost_files


def _read_all_at_once(sources: list[_Source], problems: list[Problem]):
    """Compose every file, then read the story blocks, then every other block."""
    documents, lost_files = [], False
    for source in sources:
        found, lost = _compose(source, problems)
        lost_files = lost_files or lost
        if found:
            documents.append((source.shown, found))
    parts = _Parts()
    parts.headers = [h for shown, found in documents if "story" in found for h in _header(shown, found, problems)]
    declared = lost_files or any("story" in found for _, found in documents)
    pack = any("branches" in found or "pack" in found for _, found in documents)
    header = _single_header(parts.headers, [source.shown for source in sources], problems, declared, pack)
    flag_names = frozenset(header.flags) if header else frozenset()
    for shown, found in documents:
        _read_blocks(NodeReader(shown, problems, flag_names), found, parts)
    return parts, header, problems, lost_files


def load_or_raise(paths: Iterable[Path | str]) -> Story:
    """The story, or StoryError (listing every problem, warnings included) when it has errors.

    The warnings of a story that loads are dropped: this is for tests and scripts; the commands
    call ``load_story`` and show the problems themselves.
    """
    result = load_story(paths)
    if result.story is None:
        raise StoryError(result.problems)
    return result.story


def _top_level(reader: NodeReader, node: yaml.Node) -> dict[str, yaml.Node] | None:
    if node is None or (isinstance(node, yaml.ScalarNode) and node.value == "" and not node.style):
        # The story still loads: but a file emptied by mistake (a pack's scenes, a chapter) would go unnoticed.
        reader.problems.append(
            warning(
                "the file is empty (or holds only comments): nothing in it is part of the story",
                Location(reader.path),
                "if it was emptied by mistake, restore it from your copy; if it is not needed, delete it",
            )
        )
        return None
    return reader.fields(node, "the top of the file", TOP_LEVEL_KEYS)


def _header(shown: str, found: dict[str, yaml.Node], problems: list[Problem]) -> list[StoryHeader]:
    header = build_story_header(NodeReader(shown, problems), found["story"])
    return [header] if header is not None else []


def _read_blocks(reader: NodeReader, found: dict[str, yaml.Node], parts: _Parts) -> None:
    for item in reader.items(found.get("scenes", _NONE), "`scenes`"):
        scene, whole = read_scene(reader, item)
        if not whole:
            parts.broken.add(peek_id(item))
            parts.partial.extend([scene] if scene is not None else [])
        _add_unique(reader, parts.scenes, scene if whole else None, "scene")
    for item in reader.items(found.get("timeline", _NONE), "`timeline`"):
        event = build_timeline_event(reader, item)
        if event is not None:
            parts.timeline.append(event)
    for item in reader.items(found.get("branches", _NONE), "`branches`"):
        branch = build_branch(reader, item)
        if branch is not None:
            parts.branches.append(branch)
    if "pack" in found:
        pack = build_pack_block(reader, found["pack"])
        if pack is not None:
            parts.packs.append(pack)
    if "map" in found:
        story_map = build_map(reader, found["map"])
        if story_map is not None:
            parts.maps.append(story_map)
    for item in reader.items(found.get("codex", _NONE), "`codex`"):
        entry = build_codex_entry(reader, item)
        if entry is None:
            parts.broken.add(peek_id(item))
        _add_unique(reader, parts.codex, entry, "codex entry")


def _add_unique(reader: NodeReader, table: dict, item: Scene | CodexEntry | None, what: str) -> None:
    if item is None:
        return
    if item.id in table:
        first = table[item.id].location
        reader.problems.append(
            error(f"{what} id `{item.id}` is used twice", item.location, f"the first is at {first}; rename one of them")
        )
        return
    table[item.id] = item


def _single_header(
    headers: list[StoryHeader], files: list[str], problems: list[Problem], maybe_declared: bool, pack: bool = False
) -> StoryHeader | None:
    if len(headers) > 1:
        first = headers[0].location
        for extra in headers[1:]:
            problems.append(
                error("a second `story:` block", extra.location, f"the story is already declared at {first}")
            )
    if headers:
        return headers[0]
    if not maybe_declared:  # a story block that failed to build, or sits in an unreadable file, is reported already
        where = Location(files[0] if files else "<no files>")
        problems.append(error("no `story:` block found", where, _no_story_hint(files, pack)))
    return None


def _no_story_hint(files: list[str], pack: bool) -> str:
    """A pack is checked beside its story; anything else needs a story file."""
    if pack:
        folder = Path(files[0]).parent.as_posix() if files else "mypack"
        return (
            "this is a pack (it has `branches:` or `pack:`): check it beside the story it branches from, "
            f"the story's folder first, as in `jangal check scenes {folder}`"
        )
    return "add a story file (story.yaml) with the title, start scene and variables; a pack is checked beside its story"


def _assemble(header: StoryHeader, parts: _Parts, fingerprint: str) -> Story:
    return Story(
        id=header.id,
        title=header.title,
        start=header.start,
        blurb=header.blurb,
        viewpoint=header.viewpoint,
        variables=frozen_map(header.variables),
        flags=frozen_map(header.flags),
        chapters=frozen_map(header.chapters),
        scenes=frozen_map(parts.scenes),
        codex=frozen_map(parts.codex),
        timeline=tuple(sorted(parts.timeline, key=lambda event: date_key(event.date))),
        map=parts.maps[0] if parts.maps else None,
        fingerprint=fingerprint,
    )


def _attach_branches(parts: _Parts) -> list[Problem]:
    """Add each pack's branch choices to the scenes they start from, so packs never edit the campaign."""
    problems = []
    for scene_id, choice, where in parts.branches:
        scene = parts.scenes.get(scene_id)
        if scene is None:
            if scene_id not in parts.broken:
                hint = suggest(scene_id, parts.scenes) or "name the scene the branch starts from"
                problems.append(error(f"branch starts from scene `{scene_id}`, which does not exist", where, hint))
            continue
        if scene.ending is not None:
            problems.append(
                error(f"branch starts from `{scene_id}`, an ending", where, "branch from a scene with choices")
            )
            continue
        parts.scenes[scene_id] = replace(scene, choices=(*scene.choices, replace(choice, history=False)))
    return problems


def _timeline_scenes(parts: _Parts, *, complete: bool) -> list[Problem]:
    """Timeline events may name the scene that tells them; that scene must exist."""
    if not complete:
        return []
    return [
        error(f"timeline event names scene `{event.scene}`, which does not exist", event.where("scene"))
        for event in parts.timeline
        if event.scene and event.scene not in parts.scenes and event.scene not in parts.broken
    ]


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.location.path, p.location.line, p.location.column))


_NONE = yaml.ScalarNode("tag:yaml.org,2002:str", "")
