"""The story's own block: its title, start scene, variables, flags and chapters."""

from __future__ import annotations

import keyword
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from game.story.build import build_effects
from game.story.model import (
    NO_EFFECTS,
    Chapter,
    Flag,
    Variable,
)
from game.story.node_reader import NodeReader
from game.story.problems import Location, Problem, error

# Words a condition reads in its own way, so they cannot name a variable or flag.
RESERVED_NAMES = {"true", "false", "flags", "visited", "visits", *keyword.kwlist, *keyword.softkwlist}


@dataclass
class StoryHeader:
    """What the story file declares, before the scenes are attached."""

    id: str
    title: str
    start: str
    blurb: str = ""
    viewpoint: str = ""
    variables: dict[str, Variable] = field(default_factory=dict)
    flags: dict[str, Flag] = field(default_factory=dict)
    chapters: dict[str, Chapter] = field(default_factory=dict)
    start_location: Location | None = None
    location: Location | None = None
    broken_names: set[str] = field(default_factory=set)
    """Variables and flags that are declared but could not be read (so uses are not reported again)."""


def build_story_header(reader: NodeReader, node: yaml.Node) -> StoryHeader | None:
    """The ``story:`` block: title, start scene, variables, flags and chapters."""
    keys = ("id", "title", "start", "blurb", "viewpoint", "variables", "flags", "chapters")
    found = reader.fields(node, "the story block", keys, required=("id", "title", "start"))
    if found is None:
        return None
    values = {key: reader.line(found[key], f"`{key}`") for key in keys[:4] if key in found}
    if "viewpoint" in found:
        values["viewpoint"] = reader.text(found["viewpoint"], "`viewpoint`")
    if not all(values.get(key) for key in ("id", "title", "start")):
        return None
    header = StoryHeader(**values, location=reader.at(node), start_location=reader.at(found["start"]))
    if "variables" in found:
        header.variables = _build_variables(reader, found["variables"], header.broken_names)
    if "flags" in found:
        header.flags = _build_flags(reader, found["flags"], header.broken_names)
    if "chapters" in found:
        header.chapters = _build_chapters(reader, found["chapters"])
    return header


@dataclass
class PackBlock:
    """A pack's own declarations (its `pack:` block): the variables and flags its scenes track."""

    title: str
    variables: dict[str, Variable] = field(default_factory=dict)
    flags: dict[str, Flag] = field(default_factory=dict)
    location: Location | None = None
    broken_names: set[str] = field(default_factory=set)


def build_pack_block(reader: NodeReader, node: yaml.Node) -> PackBlock | None:
    """The ``pack:`` block of a pack's file: an optional title, its own variables and flags."""
    found = reader.fields(node, "the pack block", ("title", "variables", "flags"))
    if found is None:
        return None
    title = reader.line(found["title"], "the pack's `title`") if "title" in found else ""
    if title is None:
        return None
    pack = PackBlock(title, location=reader.at(node))
    if "variables" in found:
        pack.variables = _build_variables(reader, found["variables"], pack.broken_names)
    if "flags" in found:
        pack.flags = _build_flags(reader, found["flags"], pack.broken_names)
    return pack


def add_pack(header: StoryHeader, pack: PackBlock) -> list[Problem]:
    """Declare a pack's variables and flags beside the story's; a name already declared is an error naming both."""
    problems = []
    for kind, declared, own in (("variable", header.variables, pack.variables), ("flag", header.flags, pack.flags)):
        for name, item in own.items():
            first = header.variables.get(name) or header.flags.get(name)
            if first is not None:
                what = "variable" if name in header.variables else "flag"
                problems.append(
                    error(
                        f"the {kind} `{name}` is declared twice: here and as a {what} at {first.location}",
                        item.location,
                        "a pack's names must differ from the story's and every other pack's: rename this one "
                        f"(for example `{pack_prefix(pack)}{name}`) and the conditions and effects that use it",
                    )
                )
                continue
            declared[name] = item
    header.broken_names |= pack.broken_names
    return problems


def pack_prefix(pack: PackBlock) -> str:
    """A prefix that keeps a pack's names its own: the pack's folder name."""
    folder = Path(pack.location.path).parent.name if pack.location else "pack"
    return f"{folder}_" if folder.isidentifier() else "pack_"


def _declared_name(reader: NodeReader, key_node: yaml.Node, what: str) -> str | None:
    name = key_node.value
    if name in RESERVED_NAMES:
        reader.fail(
            key_node, f"`{name}` cannot be the name of a {what}: conditions use that word", f"try `{name}_{what}`"
        )
        return None
    return name


def _build_variables(reader: NodeReader, node: yaml.Node, broken: set[str]) -> dict[str, Variable]:
    variables = {}
    for key_node, value_node in reader.pairs(node, "`variables`"):
        broken.add(key_node.value)  # until it is read in full
        name = _declared_name(reader, key_node, "variable")
        what = f"variable `{key_node.value}`"
        allowed = ("label", "start", "min", "max", "stop_at_bounds")
        found = reader.fields(value_node, what, allowed, ("label", "start"))
        if name is None or found is None or "label" not in found or "start" not in found:
            continue
        label = reader.line(found["label"], f"the `label` of {what}")
        start = reader.integer(found["start"], f"the `start` of {what}")
        low = reader.integer(found["min"], f"the `min` of {what}") if "min" in found else None
        high = reader.integer(found["max"], f"the `max` of {what}") if "max" in found else None
        bad_bound = ("min" in found and low is None) or ("max" in found and high is None)
        stops = reader.boolean(found["stop_at_bounds"], "`stop_at_bounds`") if "stop_at_bounds" in found else False
        if label is None or start is None or bad_bound or stops is None:
            continue
        if low is not None and high is not None and low > high:
            reader.fail(found["min"], f"`min` ({low}) is larger than `max` ({high})", "swap them")
            continue
        variable = Variable(name, label, start, low, high, reader.at(key_node), stop_at_bounds=stops)
        if not variable.allows(start):
            reader.fail(found["start"], f"the `start` of {what} ({start}) lies outside min..max ({low}..{high})")
        variables[name] = variable
        broken.discard(name)
    return variables


def _build_flags(reader: NodeReader, node: yaml.Node, broken: set[str]) -> dict[str, Flag]:
    flags = {}
    for key_node, value_node in reader.pairs(node, "`flags`"):
        broken.add(key_node.value)  # until it is read in full
        name = _declared_name(reader, key_node, "flag")
        found = reader.fields(value_node, f"flag `{key_node.value}`", ("label", "start"), ("label",))
        if name is None or found is None or "label" not in found:
            continue
        label = reader.line(found["label"], "`label`")
        start = reader.boolean(found["start"], "`start`") if "start" in found else False
        if label is not None and start is not None:
            flags[name] = Flag(name, label, start, reader.at(key_node))
            broken.discard(name)
    return flags


def _build_chapters(reader: NodeReader, node: yaml.Node) -> dict[str, Chapter]:
    chapters: dict[str, Chapter] = {}
    for item in reader.items(node, "`chapters`"):
        keys = ("id", "title", "start", "summary", "preset")
        found = reader.fields(item, "a chapter", keys, required=("id", "title", "start"))
        if found is None or not {"id", "title", "start"} <= found.keys():
            continue
        chapter_id = reader.identifier(found["id"], "the chapter id")
        title = reader.line(found["title"], "the chapter title")
        start = reader.identifier(found["start"], "the chapter's start scene")
        summary = reader.text(found["summary"], "the summary") if "summary" in found else ""
        preset = build_effects(reader, found["preset"], "the chapter preset") if "preset" in found else NO_EFFECTS
        if None in (chapter_id, title, start, summary, preset):
            continue
        if chapter_id in chapters:
            reader.fail(found["id"], f"chapter `{chapter_id}` is declared twice")
            continue
        places = {"start": reader.at(found["start"])}
        chapters[chapter_id] = Chapter(chapter_id, title, start, preset, summary, reader.at(item), places)
    return chapters
