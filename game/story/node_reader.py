"""Typed reads of YAML nodes that collect a located problem, with a hint, for each mistake."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

import yaml
from yaml import MappingNode, ScalarNode, SequenceNode

from game.story.printable import CONTROL, describe_control
from game.story.problems import Location, Problem, error, warning
from game.story.reader import ID_PATTERN, MAX_DIGITS, MAX_TEXT_CHARACTERS, NAME_PATTERN, STANDARD_TAG


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


_NULL_WORDS = frozenset(("~", "null", "Null", "NULL"))


def _null(node: ScalarNode) -> bool:
    """A plain `~` or `null`: YAML's own words for no value."""
    return not node.style and node.value in _NULL_WORDS


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
        if node.tag not in STANDARD_TAGS and not self.untagged(node):
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
            if key is not None and not (self.untagged(key_node) & self.without_control(key_node, key)):
                misspelt.add(key)  # reported once, here: not again as missing
                continue
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
        """The raw text of a scalar, refusing lists, mappings, YAML tags and control characters."""
        if node.__class__ is ScalarNode and node.tag in STANDARD_TAGS:
            return node.value if self.without_control(node, node.value) else None
        if not self.untagged(node):
            return None
        if not isinstance(node, ScalarNode):
            self.fail(node, f"{what} should be a single value, found {describe(node)}")
            return None
        return node.value if self.without_control(node, node.value) else None

    def without_control(self, node: yaml.Node, value: str) -> bool:
        """False (and an error) when a value holds a control character, such as the ESC that starts
        a terminal escape sequence: shown to a player it could write to their terminal."""
        found = CONTROL.search(value)
        if found is None:
            return True
        self.fail(
            node,
            f"a control character, {describe_control(found.group())}, is in this text",
            "remove it (in quoted text, an escape such as \\e, \\x1b or \\u001b): text is shown to players as written",
        )
        return False

    def untagged(self, node: yaml.Node) -> bool:
        """False (and an error) when a node carries a YAML tag such as ``!!python/object``."""
        if node.tag in STANDARD_TAGS:
            return True
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        self.fail(node, f"YAML tags such as `{tag}` are not allowed: stories are plain data", "remove the tag")
        return False

    def text(self, node: yaml.Node, what: str, *, allow_empty: bool = False) -> str | None:
        """A string, exactly as written (``no`` stays "no")."""
        if node.__class__ is ScalarNode and node.tag in STANDARD_TAGS and CONTROL.search(node.value) is None:
            value = node.value.strip()
            if (value or allow_empty) and len(value) <= MAX_TEXT_CHARACTERS and not _null(node):
                return value
        value = self.scalar(node, what)
        if value is None:
            return None
        value = value.strip()
        if not value and not allow_empty:
            self.fail(node, f"{what} is empty", "write some text after the colon")
            return None
        if _null(node):  # an editor's schema (YAML 1.2) reads it as no value: refused alike
            self.fail(
                node,
                f"{what} is `{value}`, which YAML reads as no value",
                f'write the text; for the word, quote it: "{value}"',
            )
            return None
        if len(value) > MAX_TEXT_CHARACTERS:
            message = f"{what} is {len(value):,} characters long, over the limit of {MAX_TEXT_CHARACTERS:,}"
            self.fail(node, message, "no screen shows that much at once: split it over several scenes")
            return None
        return value

    def line(self, node: yaml.Node, what: str) -> str | None:
        """A one-line text (a title, label or choice): line breaks in the YAML become spaces."""
        value = self.text(node, what)
        if value is not None and hasattr(node, "comment_after"):
            self.cut_short(node, what, value)
        return " ".join(value.split()) if value is not None else None

    def cut_short(self, node: yaml.ScalarNode, what: str, value: str) -> None:
        """A warning for a one-line text followed by ` #` on its line: YAML took the rest of the line for a comment."""
        comment, column = node.comment_after
        shown = comment if len(comment) <= 30 else comment[:27] + "..."
        self.problems.append(
            warning(
                f"{what} reads `{value}`: the ` {shown}` after it is a comment to YAML, not part of the text",
                Location(self.path, node.start_mark.line + 1, column),
                f'if `{shown}` belongs to the text, put the whole text in quotes ("{value} {shown}"); '
                "if it is a comment, put it on a line of its own above",
            )
        )

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
            return [part for item in node.value for part in self._split_unmarked(item)]
        if isinstance(node, ScalarNode) and node.value == "" and not node.style:
            return []
        self.fail(node, f"{what} should be a list (lines starting with `- `), found {describe(node)}")
        return []

    def _split_unmarked(self, item: yaml.Node) -> list[yaml.Node]:
        """An item whose first key comes again is two items, the second written without its `- `.

        Reported once, and read as the two items the author meant: told "duplicate key, keep one" for
        each of its keys, the author would delete the second item; read as one, every `goto` to it fails.
        """
        if not isinstance(item, MappingNode) or not item.value:
            return [item]
        opening = _first_key_written(item)
        starts = [
            i for i, (key, _) in enumerate(item.value) if i and isinstance(key, ScalarNode) and key.value == opening
        ]
        if not starts:
            return [item]
        for start in starts:
            key_node = item.value[start][0]
            self.fail(
                key_node,
                f"`{opening}` again on line {self.at(key_node).line}: a new item starts here without its `- `",
                f"write `- ` before `{opening}:`, lined up with the `- ` of the item on line {self.at(item).line}",
            )
        bounds = [0, *starts, len(item.value)]
        return [_mapping_of(item, item.value[a:b]) for a, b in pairwise(bounds)]

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


def _mapping_of(like: yaml.MappingNode, pairs: list) -> yaml.MappingNode:
    """A mapping of some of another's pairs, starting where its first key does."""
    start = pairs[0][0].start_mark
    return MappingNode(like.tag, pairs, start, pairs[-1][1].end_mark, flow_style=like.flow_style)


def _first_key_written(node: yaml.MappingNode) -> str | None:
    """The key a mapping opens with (a scene's `id`, a choice's `text`)."""
    first = node.value[0][0] if node.value else None
    return first.value if isinstance(first, ScalarNode) else None


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


STANDARD_TAGS = frozenset(STANDARD_TAG.values())
"""The tags a node gets when the author wrote none (``reader.STANDARD_TAG``), and that ``!!str``, ``!!map``
and ``!!seq`` only restate; any other tag (``!!binary``, ``!!timestamp``, ``!!int``, ``!thing``) is refused."""


_INTEGER = re.compile(r"[-+]?[0-9]+")


_TRUE_FALSE = {"true": True, "false": False}


_NOT_TRUE_FALSE = {"yes", "no", "on", "off", "y", "n", "1", "0"}
