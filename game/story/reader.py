"""Reading YAML for people who are not programmers.

Files are *composed* (parsed into nodes) by PyYAML's safe loader, the C one when present, and
never *constructed*: no tag can build a Python object, and no value is typed behind the
author's back. ``no`` stays the word "no" and ``1920-06`` stays a date string until a field
that expects a number or a true/false reads it. Every node keeps its file, line and column.

``NodeReader`` reads those nodes field by field and collects every problem it meets, with
the place and a hint, instead of stopping at the first.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from game.story.printable import describe_control
from game.story.problems import Location, Problem, error
from game.story.safe_files import TooLarge, read_limited, size_text
from game.story.yaml_mistakes import syntax_problem

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ScalarNode, SequenceNode, MappingNode = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode

MAX_FILE_BYTES = 32 * 1024 * 1024
"""Larger files are refused: a story this size is a mistake, not a story."""
MAX_NODES = 100_000
"""More values than this in one file are refused, counting what aliases copy: reading them would take
too long and too much memory. The campaign's largest file has about 2,000."""
MAX_DEPTH = 50
"""Blocks nested deeper than this are refused; a story needs about 8 levels."""
TOO_DEEP = f"the file is nested too deeply: more than {MAX_DEPTH} levels"
MAX_TEXT_CHARACTERS = 200_000
"""The longest text one value may hold (a scene's text, a note, an epilogue): some 35,000 words, over 100 times
the campaign's longest scene and twice the hostile test story's 20,000-word tome. A 3 MB scene took 24 s to
paint; one at this limit paints in about a fifteenth of that."""
MAX_DIGITS = 15
"""Longer whole numbers are refused (Python itself refuses to read numbers of over 4,300 digits)."""

QUICK_BYTES = MAX_NODES
"""Files up to this size without anchors are composed before their values are counted (see ``compose``):
a value takes at least about a byte, so composing one costs no more than a file within the limits."""
_MAYBE_ANCHOR = re.compile(rb"&[^ \t\r\n]")
"""Where an anchor (``&name``) may be: an ampersand followed by a word, such as ``AT&T``, sends a file the safe way."""


class _Composer(Loader):
    """The loader that composes story files: tags are left unresolved where the author wrote none.

    Resolving guesses a type from each plain value's look (``yes``, ``1920-06``), which only
    constructing uses; readers type values themselves, by the field that reads them. Every
    node without a written tag gets the standard tag of its kind, so ``untagged`` accepts it.
    """

    def resolve(self, kind, value, implicit):
        return _PLAIN_TAGS[kind]

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


_PLAIN_TAGS = {
    ScalarNode: "tag:yaml.org,2002:str",
    SequenceNode: "tag:yaml.org,2002:seq",
    MappingNode: "tag:yaml.org,2002:map",
}
NAME_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
ID_PATTERN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def location_of(path: str, node: yaml.Node) -> Location:
    """The 1-based place where a node starts."""
    mark = node.start_mark
    return Location(path, mark.line + 1, mark.column + 1)


def read_source(path: Path, shown_as: str) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a story file, or why they cannot be read (a pipe, a device, a folder, too large)."""
    try:
        return read_limited(path, MAX_FILE_BYTES), []
    except TooLarge as exc:
        return None, [error(f"the file is too large: {exc}", Location(shown_as), "split it into smaller files")]
    except OSError as exc:
        return None, [error(f"cannot read the file: {exc.strerror or exc}", Location(shown_as))]


def held_source(data: bytes, shown_as: str) -> tuple[bytes | None, list[Problem]]:
    """A file's bytes held in memory (an editor's unsaved text), refused when too large as ``read_source`` does."""
    if len(data) > MAX_FILE_BYTES:
        too_large = f"the file is too large: over {size_text(MAX_FILE_BYTES)}"
        return None, [error(too_large, Location(shown_as), "split it into smaller files")]
    return data, []


def compose(data: bytes, shown_as: str) -> tuple[yaml.Node | None, list[Problem]]:
    """Parse YAML into nodes (nothing is constructed), or explain why it cannot be parsed or is too big.

    A file of up to ``QUICK_BYTES`` with no anchor is composed first and its tree counted after
    (``_tree_over_limits``): so small a file holds about MAX_NODES values at the very most, and
    without anchors no value is repeated, so the count is the same and only one pass is made.
    Any other file is counted from its events before anything is built (``_over_limits``).
    """
    where = Location(shown_as)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [error(f"the file is not UTF-8 text (byte {exc.start})", where, "save it as UTF-8 in your editor")]
    control = _RAW_CONTROL.search(text)
    if control:
        return None, [_control_problem(text, control.start(), shown_as)]
    try:
        if len(data) <= QUICK_BYTES and not _MAYBE_ANCHOR.search(data):
            try:
                node = _compose(text)
            except (yaml.YAMLError, RecursionError):
                pass  # the limits are checked first, as for any file; then the error comes again
            else:
                too_big = _tree_over_limits(node, shown_as)
                return (None, [too_big]) if too_big else (node, [])
        too_big = _over_limits(text, shown_as)
        return (None, [too_big]) if too_big else (_compose(text), [])
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, shown_as, text)]
    except yaml.YAMLError as exc:
        return None, [error(f"YAML syntax: {exc}", where)]
    except RecursionError:
        return None, [error("the file is nested too deeply to read", where, "flatten the structure")]


_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
"""A control character written as it is (YAML reads CR and NEL as line breaks; escapes are found by ``NodeReader``)."""


def _control_problem(text: str, index: int, shown_as: str) -> Problem:
    """A control character in a file, at its line and column (YAML's own message would give neither)."""
    line = text.count("\n", 0, index) + 1
    column = index - text.rfind("\n", 0, index)
    message = f"a control character, {describe_control(text[index])}, is in the file"
    return error(
        message, Location(shown_as, line, column), "remove it: an editor may show it as a box or ^ and a letter"
    )


def _compose(text: str) -> yaml.Node | None:
    """``yaml.compose`` with the composing loader."""
    loader = _Composer(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _tree_over_limits(root: yaml.Node | None, shown_as: str) -> Problem | None:
    """What ``_over_limits`` finds, found on a composed tree without aliases (where each node is one event).

    Most trees are within the limits, which ``_within_limits`` sees quickly; the others are walked
    in document order, so that the problem names the same place.
    """
    if root is None or _within_limits(root):
        return None
    total = 0
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()  # in document order: children are pushed last to first
        total += 1
        children = node.value
        if children.__class__ is list:  # a sequence's nodes, or a mapping's (key, value) pairs
            if depth > MAX_DEPTH:
                return error(TOO_DEEP, location_of(shown_as, node), "flatten the structure")
            depth += 1
            if node.__class__ is MappingNode:
                for key, value in reversed(children):
                    stack.append((value, depth))
                    stack.append((key, depth))
            else:
                stack.extend([(child, depth) for child in reversed(children)])
        if total > MAX_NODES:
            return _too_many(location_of(shown_as, node), None)
    return None


def _within_limits(root: yaml.Node) -> bool:
    """True when a tree without aliases is within the limits, counted a level at a time (which is quick):
    the collections of the n-th level are n deep."""
    total, depth, level = 0, 0, [root]
    while level:
        total += len(level)
        depth += 1
        mappings = [node.value for node in level if node.__class__ is MappingNode]
        sequences = [node.value for node in level if node.__class__ is SequenceNode]
        if total > MAX_NODES or (depth > MAX_DEPTH and (mappings or sequences)):
            return False
        level = [node for pairs in mappings for pair in pairs for node in pair]
        level += [node for nodes in sequences for node in nodes]
    return True


def _over_limits(text: str, shown_as: str) -> Problem | None:
    """Why a file is too big or too deep to compose, found by streaming its events; None when it is fine.

    Each alias counts as a full copy of the block it names, so an "alias bomb" (a few lines whose
    aliases multiply into billions of values) is refused before anything is built from it.
    """
    total = 0
    open_blocks: list[tuple[str | None, int]] = []  # (anchor, total when the block opened)
    sizes: dict[str, int] = {}  # anchor -> values in the block it names, aliases expanded
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, yaml.CollectionEndEvent):
            anchor, opened_at = open_blocks.pop()
            if anchor:
                sizes[anchor] = total - opened_at + 1
            continue
        if isinstance(event, yaml.AliasEvent):
            if any(anchor == event.anchor for anchor, _ in open_blocks):
                message = f"aliases expand too far: `*{event.anchor}` is used inside the block it names"
                return error(message, _place(shown_as, event), "an alias can only repeat a block that is complete")
            total += sizes.get(event.anchor, 1)
        elif isinstance(event, yaml.CollectionStartEvent):
            total += 1
            open_blocks.append((event.anchor, total))
            if len(open_blocks) > MAX_DEPTH:
                return error(TOO_DEEP, _place(shown_as, event), "flatten the structure")
        elif isinstance(event, yaml.ScalarEvent):
            total += 1
            if event.anchor:
                sizes[event.anchor] = 1
        if total > MAX_NODES:
            return _too_many(_place(shown_as, event), event.anchor if isinstance(event, yaml.AliasEvent) else None)
    return None


def _place(shown_as: str, event: yaml.Event) -> Location:
    mark = event.start_mark
    return Location(shown_as, mark.line + 1, mark.column + 1)


def _too_many(where: Location, alias: str | None) -> Problem:
    if alias:
        message = f"aliases expand too far: with `*{alias}` the file holds over {MAX_NODES:,} values"
        return error(message, where, "each alias copies the whole block it names: repeat less, or write it out")
    return error(f"the file holds too many values (over {MAX_NODES:,})", where, "split it into smaller files")


def _syntax_problem(exc: yaml.MarkedYAMLError, shown_as: str, text: str) -> Problem:
    if "nesting depth" in (exc.problem or ""):  # libyaml's own limit, deeper than ours, met while it looks ahead
        mark = exc.problem_mark
        where = Location(shown_as, mark.line + 1, mark.column + 1) if mark else Location(shown_as)
        return error(TOO_DEEP, where, "flatten the structure")
    return syntax_problem(exc, shown_as, text)
