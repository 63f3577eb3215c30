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
from collections.abc import Iterable
from pathlib import Path

import yaml

from game.errors import Location, Problem, error

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
_STANDARD_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "binary", "merge", "value")
}
_INTEGER = re.compile(r"[-+]?[0-9]+")
_TRUE_FALSE = {"true": True, "false": False}
_NOT_TRUE_FALSE = {"yes", "no", "on", "off", "y", "n", "1", "0"}
NAME_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
ID_PATTERN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def location_of(path: str, node: yaml.Node) -> Location:
    """The 1-based place where a node starts."""
    mark = node.start_mark
    return Location(path, mark.line + 1, mark.column + 1)


def read_source(path: Path, shown_as: str) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a story file, or why they cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)
            message = f"the file is {size:,} bytes, over the {limit} MB limit"
            return None, [error(message, Location(shown_as), "split it into smaller files")]
        return path.read_bytes(), []
    except OSError as exc:
        return None, [error(f"cannot read the file: {exc.strerror or exc}", Location(shown_as))]


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
    mark = exc.problem_mark or exc.context_mark
    where = Location(shown_as, mark.line + 1, mark.column + 1) if mark else Location(shown_as)
    message = exc.problem or exc.context or "the file is not valid YAML"
    line = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
    hint = "check the indentation and that every `key:` is followed by a space"
    if "\t" in line[: mark.column + 1] and not line[: line.find("\t")].strip(" -"):
        message, hint = "a tab is used for indentation", "YAML does not allow tabs for indentation: use spaces"
        where = Location(shown_as, mark.line + 1, line.find("\t") + 1)
    elif "nesting depth" in message:  # libyaml's own limit, deeper than ours, met while it looks ahead
        return error(TOO_DEEP, where, "flatten the structure")
    elif "mapping values are not allowed" in message:
        hint = "a value that contains `: ` must be quoted, or written as a block with `|`"
    elif "found character '@'" in message or "found character '`'" in message:
        hint = "a value starting with @ or ` must be quoted"
    return error(f"YAML syntax: {message}", where, hint)


def closest(word: str, options: Iterable[str]) -> str:
    """The option most like a misspelt word, or an empty string."""
    import difflib  # only for mistakes: a story without any loads without it

    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return close[0] if close else ""


def suggest(word: str, options: Iterable[str]) -> str:
    """A "did you mean" hint for a misspelt name, or an empty string."""
    close = closest(word, options)
    return f"did you mean `{close}`?" if close else ""


def describe(node: yaml.Node) -> str:
    """How a node looks to an author: 'a list', 'a mapping', 'the text "x"'."""
    if isinstance(node, MappingNode):
        return "a mapping (key: value pairs)"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.value == "" and not node.style:
        return "nothing"
    shown = node.value if len(node.value) <= 30 else node.value[:27] + "..."
    return f'"{shown}"'


class NodeReader:
    """Reads typed values out of nodes of one file, collecting problems as it goes."""

    def __init__(self, shown_as: str, problems: list[Problem], flag_names: frozenset[str] = frozenset()):
        self.path = shown_as
        self.problems = problems
        self.flag_names = flag_names
        """The story's declared flags, so a condition can say `write flags.NAME` for a bare flag."""

    def at(self, node: yaml.Node) -> Location:
        """Where a node is."""
        mark = node.start_mark
        return Location(self.path, mark.line + 1, mark.column + 1)

    def fail(self, node: yaml.Node, message: str, hint: str = "") -> None:
        """Record an error at a node."""
        self.problems.append(error(message, self.at(node), hint))

    def fields(
        self, node: yaml.Node, what: str, allowed: Iterable[str], required: Iterable[str] = ()
    ) -> dict[str, yaml.Node] | None:
        """The keys of a mapping, checking for unknown, duplicate and missing ones."""
        if node.tag not in _STANDARD_TAGS and not self.untagged(node):
            return None
        if not isinstance(node, MappingNode):
            self.fail(node, f"{what} should be a mapping (key: value pairs), found {describe(node)}")
            return None
        if allowed.__class__ is not tuple:
            allowed = tuple(allowed)
        found: dict[str, yaml.Node] = {}
        misspelt: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key in allowed and key not in found:
                found[key] = value_node
            elif key is None:
                self.fail(key_node, f"a key in {what} should be a plain word")
            elif key in found:
                first = self.at(_first_key(node, key)).line
                self.fail(
                    key_node, f"duplicate key `{key}` in {what}", f"it is already given on line {first}: keep one"
                )
            else:
                close = closest(key, allowed)
                misspelt.add(close)
                hint = f"did you mean `{close}`?" if close else f"the keys of {what} are: {', '.join(allowed)}"
                self.fail(key_node, f"unknown key `{key}` in {what}", hint)
        for key in required:
            if key not in found and key not in misspelt:  # a misspelt key is reported once, above
                self.fail(node, f"{what} is missing `{key}`", _MISSING_HINTS.get(key, ""))
        return found

    def scalar(self, node: yaml.Node, what: str) -> str | None:
        """The raw text of a scalar, refusing lists, mappings and YAML tags."""
        if node.__class__ is ScalarNode and node.tag in _STANDARD_TAGS:
            return node.value
        if not self.untagged(node):
            return None
        if not isinstance(node, ScalarNode):
            self.fail(node, f"{what} should be a single value, found {describe(node)}")
            return None
        return node.value

    def untagged(self, node: yaml.Node) -> bool:
        """False (and an error) when a node carries a YAML tag such as ``!!python/object``."""
        if node.tag in _STANDARD_TAGS:
            return True
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        self.fail(node, f"YAML tags such as `{tag}` are not allowed: stories are plain data", "remove the tag")
        return False

    def text(self, node: yaml.Node, what: str, *, allow_empty: bool = False) -> str | None:
        """A string, exactly as written (``no`` stays "no")."""
        if node.__class__ is ScalarNode and node.tag in _STANDARD_TAGS:
            value = node.value.strip()
            if value or allow_empty:
                return value
        value = self.scalar(node, what)
        if value is None:
            return None
        value = value.strip()
        if not value and not allow_empty:
            self.fail(node, f"{what} is empty", "write some text after the colon")
            return None
        return value

    def line(self, node: yaml.Node, what: str) -> str | None:
        """A one-line text (a title, label or choice): line breaks in the YAML become spaces."""
        value = self.text(node, what)
        return " ".join(value.split()) if value is not None else None

    def integer(self, node: yaml.Node, what: str) -> int | None:
        """A whole number."""
        value = self.scalar(node, what)
        if value is None:
            return None
        if node.style or not _INTEGER.fullmatch(value.strip()):
            self.fail(
                node, f"{what} should be a whole number, found {describe(node)}", "write digits only, such as 3 or -2"
            )
            return None
        if len(value.strip().lstrip("+-")) > MAX_DIGITS:
            self.fail(
                node, f"{what} has more than {MAX_DIGITS} digits", "a story's numbers are small: write a shorter one"
            )
            return None
        return int(value)

    def boolean(self, node: yaml.Node, what: str) -> bool | None:
        """``true`` or ``false``, and nothing else that YAML might take for them."""
        value = self.scalar(node, what)
        if value is None:
            return None
        word = value.strip().lower()
        if not node.style and word in _TRUE_FALSE:
            return _TRUE_FALSE[word]
        hint = "write true or false" + (f" (YAML's `{value}` is ambiguous)" if word in _NOT_TRUE_FALSE else "")
        self.fail(node, f"{what} should be true or false, found {describe(node)}", hint)
        return None

    def identifier(self, node: yaml.Node, what: str, pattern: re.Pattern = ID_PATTERN) -> str | None:
        """A name or id: letters, digits and underscores (ids may also use - and .)."""
        value = self.text(node, what)
        if value is None:
            return None
        if not pattern.fullmatch(value):
            allowed = "letters, digits and _" + (" - ." if pattern is ID_PATTERN else "")
            suggestion = re.sub(r"[^A-Za-z0-9_]+", "_", value).strip("_").lower()
            self.fail(
                node, f"{what} `{value}` may only use {allowed}", f"for example `{suggestion}`" if suggestion else ""
            )
            return None
        return value

    def items(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        """The entries of a list (an empty list when the node is not a list)."""
        if not self.untagged(node):
            return []
        if isinstance(node, SequenceNode):
            return list(node.value)
        if isinstance(node, ScalarNode) and node.value == "" and not node.style:
            return []
        self.fail(node, f"{what} should be a list (lines starting with `- `), found {describe(node)}")
        return []

    def pairs(self, node: yaml.Node, what: str) -> list[tuple[yaml.Node, yaml.Node]]:
        """The key/value pairs of a mapping whose keys are names the author chooses."""
        if not self.untagged(node):
            return []
        if not isinstance(node, MappingNode):
            self.fail(node, f"{what} should be a mapping (name: value pairs), found {describe(node)}")
            return []
        seen: dict[str, yaml.Node] = {}
        result = []
        for key_node, value_node in node.value:
            name = self.identifier(key_node, f"a name in {what}", NAME_PATTERN)
            if name is None:
                continue
            if name in seen:
                self.fail(
                    key_node,
                    f"`{name}` is given twice in {what}",
                    f"it is already given on line {self.at(seen[name]).line}",
                )
                continue
            seen[name] = key_node
            result.append((key_node, value_node))
        return result


def _first_key(node: yaml.MappingNode, key: str) -> yaml.Node:
    """The first key node of a mapping that reads ``key``."""
    return next(key_node for key_node, _ in node.value if isinstance(key_node, ScalarNode) and key_node.value == key)


_MISSING_HINTS = {
    "goto": "add `goto: SCENE_ID` to say where the choice leads",
    "text": "add `text: |` followed by the text, indented",
    "id": "add `id: a_short_name` so other scenes can refer to it",
    "start": "add `start: SCENE_ID`, the scene the story opens with",
    "chapter": "add `chapter: CHAPTER_ID`, one of the chapters declared in the story file",
}
