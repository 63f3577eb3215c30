"""Reading YAML for people who are not programmers.

Files are parsed by PyYAML's safe parser, the C one when present, *composed* into nodes here in
one pass that counts the limits as it goes, and never *constructed*: no tag can build a Python
object, and no value is typed behind the author's back. ``no`` stays the word "no" and
``1920-06`` stays a date string until a field that expects a number or a true/false reads it.
Every node keeps its file, line and column.

``NodeReader`` reads those nodes field by field and collects every problem it meets, with
the place and a hint, instead of stopping at the first.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from yaml.composer import ComposerError

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

STANDARD_TAG = {
    kind: f"tag:yaml.org,2002:{name}"
    for kind, name in ((ScalarNode, "str"), (SequenceNode, "seq"), (MappingNode, "map"))
}
"""The tag a node gets when the author wrote none. Nothing is resolved from a value's look (``yes``,
``1920-06``), which only constructing uses: readers type values themselves, by the field that reads them."""
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
    """Parse YAML into nodes (nothing is constructed), or explain why it cannot be parsed or is too big."""
    where = Location(shown_as)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [error(f"the file is not UTF-8 text (byte {exc.start})", where, "save it as UTF-8 in your editor")]
    control = _RAW_CONTROL.search(text)
    if control:
        return None, [_control_problem(text, control.start(), shown_as)]
    try:
        return _compose_within_limits(text, shown_as)
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


def _compose_within_limits(text: str, shown_as: str) -> tuple[yaml.Node | None, list[Problem]]:
    """The file's nodes, composed from its events in one pass that counts the limits as it goes.

    Every value counts once and every alias as a full copy of the block it names, so an "alias
    bomb" (a few lines whose aliases multiply into billions of values) is refused before anything
    is built from it; the first event over a limit stops the pass and is the problem's place. It
    builds what PyYAML's composer builds, with the standard tag wherever the author wrote none.
    """
    composition = _Composition()
    total = 0  # values so far, each alias counted as all the values of the block it names
    commented = _commented_lines(text)
    for event in yaml.parse(text, Loader=Loader):
        kind = event.__class__
        if kind is _SCALAR:  # most events, so built here rather than in a method
            total += 1
            tag = event.tag
            tag = _STR if tag is None or tag == "!" else tag
            node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
            if event.end_mark.line in commented and not event.style:
                _note_comment_after(node, commented[event.end_mark.line])
            composition.children.append(node)
            if event.anchor is not None:
                composition.name(event.anchor, node)
        elif kind is _MAPPING_START or kind is _SEQUENCE_START:
            total += 1
            node_kind = MappingNode if kind is _MAPPING_START else SequenceNode
            tag = event.tag
            tag = STANDARD_TAG[node_kind] if tag is None or tag == "!" else tag
            node = node_kind(tag, [], event.start_mark, None, event.flow_style)
            if composition.open(node, event.anchor, total) > MAX_DEPTH:
                return None, [error(TOO_DEEP, _place(shown_as, event), "flatten the structure")]
        elif kind is _MAPPING_END or kind is _SEQUENCE_END:
            composition.close(event, total)
            continue
        elif kind is _ALIAS:
            if composition.is_open(event.anchor):
                message = f"aliases expand too far: `*{event.anchor}` is used inside the block it names"
                return None, [
                    error(message, _place(shown_as, event), "an alias can only repeat a block that is complete")
                ]
            total += composition.repeat(event)
        elif kind is _DOCUMENT_START:
            composition.start_document(event)
            continue
        else:
            continue
        if total > MAX_NODES:
            return None, [_too_many(_place(shown_as, event), event.anchor if kind is _ALIAS else None)]
    return composition.root(), []


_COMMENT_AFTER = re.compile(r"[ \t]#.*")
"""One blank, then `#`: an author's own comment is set two spaces off (as `jangal new` writes them), while
`Title # 3` with one space is most often a text that YAML cut short."""


_TEXT_THEN_COMMENT = re.compile(r"\S[ \t]#")


def _commented_lines(text: str) -> dict[int, str]:
    """Each line (0-based) that holds a ` #` after some text: only there can a plain value be cut short."""
    if " #" not in text and "\t#" not in text:
        return {}
    return {
        number: line
        for number, line in enumerate(text.splitlines())
        if _TEXT_THEN_COMMENT.search(line) and not line.lstrip().startswith("#")
    }


def _note_comment_after(node: yaml.ScalarNode, line: str) -> None:
    """Keep, on a plain one-line value, the comment that follows it on its line (`title: A # B` reads as "A").

    A one-line text cut short this way is warned about where it is read (``NodeReader.line``).
    """
    if node.start_mark.line != node.end_mark.line:
        return
    found = _COMMENT_AFTER.match(line, node.end_mark.column)
    if found:
        node.comment_after = (found.group().lstrip(), node.end_mark.column + found.group().index("#") + 1)


_SCALAR, _ALIAS, _DOCUMENT_START = yaml.ScalarEvent, yaml.AliasEvent, yaml.DocumentStartEvent
_MAPPING_START, _MAPPING_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_STR = STANDARD_TAG[ScalarNode]


class _Composition:
    """The nodes composing has built so far: the open collections and the anchors; PyYAML's errors where its
    composer has them."""

    def __init__(self):
        self.documents: list[yaml.Node] = []
        """The root node, once there is one (a second is an error)."""
        self.children = self.documents
        """Where the next node goes: the innermost open collection's children so far, or ``documents``."""
        self.open_blocks: list[tuple[yaml.Node, list[yaml.Node], str | None, int]] = []
        """Each collection not yet closed: its node, its children so far, its anchor, the count when it opened."""
        self.anchors: dict[str, tuple[yaml.Node, int]] = {}
        """Each anchor: the node it names and how many values it holds, aliases expanded."""

    def root(self) -> yaml.Node | None:
        return self.documents[0] if self.documents else None

    def name(self, anchor: str, node: yaml.Node) -> None:
        """Keep the node an anchor names (one value until its block is closed); PyYAML's error for a second one."""
        if anchor in self.anchors:
            first = self.anchors[anchor][0].start_mark.line + 1
            message = f"found duplicate anchor {anchor!r} (first on line {first})"
            raise ComposerError(None, None, message, node.start_mark)
        self.anchors[anchor] = (node, 1)

    def open(self, node: yaml.Node, anchor: str | None, total: int) -> int:
        """Put a collection where it goes and fill it next; how deep it is."""
        self.children.append(node)
        if anchor is not None:
            self.name(anchor, node)
        self.children = []
        self.open_blocks.append((node, self.children, anchor, total))
        return len(self.open_blocks)

    def close(self, event: yaml.CollectionEndEvent, total: int) -> None:
        """End a collection: its children become its value, and its anchor names all the values in it."""
        node, children, anchor, opened_at = self.open_blocks.pop()
        node.value = (
            children if node.__class__ is SequenceNode else list(zip(children[::2], children[1::2], strict=True))
        )
        node.end_mark = event.end_mark
        if anchor is not None:
            self.anchors[anchor] = (node, total - opened_at + 1)
        self.children = self.open_blocks[-1][1] if self.open_blocks else self.documents

    def is_open(self, anchor: str) -> bool:
        """True inside the block an anchor names (an alias there would make the block hold itself)."""
        return any(open_anchor == anchor for _, _, open_anchor, _ in self.open_blocks)

    def repeat(self, event: yaml.AliasEvent) -> int:
        """Put the node an alias names where the alias is; the values it holds."""
        if event.anchor not in self.anchors:
            raise ComposerError(None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
        node, values = self.anchors[event.anchor]
        self.children.append(node)
        return values

    def start_document(self, event: yaml.DocumentStartEvent) -> None:
        """A new document: PyYAML's error when it is not the first (a story file is one document)."""
        if self.documents:
            message = "expected a single document in the stream, but found another document"
            raise ComposerError(None, None, message, event.start_mark)


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
