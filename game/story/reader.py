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
    """A YAML syntax error where the mistake is, with a hint for the shapes beginners write most.

    The parser notices many mistakes lines later (an unclosed quote at the end of the file, a
    missing colon on the next line); its *context* mark says where the construct began, which is
    where the author must look.
    """
    mark = exc.problem_mark or exc.context_mark
    lines = text.splitlines()
    where = Location(shown_as, mark.line + 1, mark.column + 1) if mark else Location(shown_as)
    message = exc.problem or exc.context or "the file is not valid YAML"
    line = lines[mark.line] if mark and mark.line < len(lines) else ""
    if "\t" in line[: mark.column + 1] and not line[: line.find("\t")].strip(" -"):
        where = Location(shown_as, mark.line + 1, line.find("\t") + 1)
        return error(
            "YAML syntax: a tab is used for indentation", where, "YAML does not allow tabs for indentation: use spaces"
        )
    if "nesting depth" in message:  # libyaml's own limit, deeper than ours, met while it looks ahead
        return error(TOO_DEEP, where, "flatten the structure")
    for recognise in _SHAPES:
        found = recognise(exc, lines, shown_as)
        if found is not None:
            return found
    hint = "check the indentation and that every `key:` is followed by a space"
    if "found character '@'" in message or "found character '`'" in message:
        hint = "a value starting with @ or ` must be quoted"
    return error(f"YAML syntax: {message}", where, hint)


def _at(shown_as: str, mark: yaml.Mark) -> Location:
    return Location(shown_as, mark.line + 1, mark.column + 1)


def _line_at(lines: list[str], mark: yaml.Mark | None) -> str:
    return lines[mark.line] if mark is not None and mark.line < len(lines) else ""


def _missing_colon(exc: yaml.MarkedYAMLError, lines: list[str], shown_as: str) -> Problem | None:
    """`title At the dock`: reported on the next line; the key's own line is where the colon is missing."""
    if exc.context != "while scanning a simple key" or exc.context_mark is None:
        return None
    written = _line_at(lines, exc.context_mark).strip().removeprefix("- ")
    key, _, rest = written.partition(" ")
    return error(
        f"YAML syntax: `{written}` has no colon after its key",
        _at(shown_as, exc.context_mark),
        f"write `{key}: {rest.strip()}`: a key, a colon, a space, then the value",
    )


def _unclosed_quote(exc: yaml.MarkedYAMLError, lines: list[str], shown_as: str) -> Problem | None:
    """An opening quote never closed: the parser reads on to the end of the file; the quote is the mistake."""
    if exc.context != "while scanning a quoted scalar" or exc.context_mark is None:
        return None
    mark = exc.context_mark
    opened = _line_at(lines, mark)[mark.column : mark.column + 1] or '"'
    other = "'" if opened == '"' else '"'
    return error(
        f"YAML syntax: the quotation mark {opened} opened here is never closed",
        _at(shown_as, mark),
        f"end the text with {opened} on the same line, quote it with {other} if it holds {opened} itself, "
        "or write it as a block with `|`",
    )


def _quote_left_open(exc: yaml.MarkedYAMLError, lines: list[str], shown_as: str) -> Problem | None:
    """A quoted value left open on its line: YAML reads on to the next such mark, often scenes later."""
    if exc.problem_mark is None:
        return None
    for number in _lines_outside_blocks(lines[: exc.problem_mark.line]):
        opened = _QUOTED_VALUE.match(lines[number])
        if opened and _left_open(opened.group(2), opened.group(2)[0]):
            mark = opened.group(2)[0]
            return error(
                f"YAML syntax: the quotation mark {mark} opened here is not closed on its line",
                Location(shown_as, number + 1, len(opened.group(1)) + 1),
                f"YAML reads on to the next {mark}, on a later line; end the text with {mark} on this line, "
                "or write it as a block with `|`",
            )
    return None


_QUOTED_VALUE = re.compile(r"""^(\s*(?:-\s+)?(?:[A-Za-z_][A-Za-z0-9_]*:\s+)?)(["'].*)$""")


def _lines_outside_blocks(lines: list[str]) -> list[int]:
    """The numbers of the lines that are not inside a `|` or `>` block, where quotation marks are just text."""
    outside, block_indent = [], None
    for number, line in enumerate(lines):
        indent = len(line) - len(line.lstrip())
        if block_indent is not None and (not line.strip() or indent > block_indent):
            continue
        block_indent = indent if _BLOCK_START.search(line) else None
        outside.append(number)
    return outside


_BLOCK_START = re.compile(r":\s+[|>][-+0-9]*\s*(#.*)?$")


def _left_open(value: str, mark: str) -> bool:
    """True when a value that starts with a quotation mark does not close it on the same line."""
    body = value[1:].replace("''", "") if mark == "'" else re.sub(r"\\.", "", value[1:])
    return mark not in body


def _colon_or_indent(exc: yaml.MarkedYAMLError, lines: list[str], shown_as: str) -> Problem | None:
    """`mapping values are not allowed`: a `: ` inside a value, or a key indented deeper than its block."""
    if not (exc.problem or "").startswith("mapping values are not allowed") or exc.problem_mark is None:
        return None
    mark = exc.problem_mark
    before = _line_at(lines, mark)[: mark.column]
    if ": " in before or before.rstrip().endswith(":"):  # `title: Dock: the landing`
        return error(
            "YAML syntax: a value holds `: `, which YAML reads as a new key",
            _at(shown_as, mark),
            f'put the value in quotes (`{before.split(": ", 1)[0].strip().removeprefix("- ")}: "…"`), '
            "or write it as a block with `|`",
        )
    key = before.strip().removeprefix("- ")
    above = _key_above(lines, mark.line)
    lined_up = f" line it up with `{above[0]}:` above it (column {above[1] + 1})" if above else " line it up"
    where = Location(shown_as, mark.line + 1, len(before) - len(before.lstrip()) + 1)
    return error(
        f"YAML syntax: `{key}:` is indented deeper than the keys of its block",
        where,
        f"a key of the same block starts in the same column:{lined_up}",
    )


def _indent_fits_no_block(exc: yaml.MarkedYAMLError, lines: list[str], shown_as: str) -> Problem | None:
    """A line whose indentation matches no block above it (a key or a `- ` a space or two off)."""
    if exc.context not in ("while parsing a block collection", "while parsing a block mapping"):
        return None
    if exc.problem_mark is None or exc.context_mark is None:
        return None
    mark = exc.problem_mark
    written = _line_at(lines, mark)
    indent = len(written) - len(written.lstrip())
    if mark.line == exc.context_mark.line or indent != mark.column:
        return _quoted_then_more(exc, lines, shown_as)
    if written.lstrip().startswith("- "):
        item = _item_above(lines, mark.line)
        hint = f"start it in column {item[1] + 1}, as the item on line {item[0] + 1}" if item else "line it up"
    else:
        places = [f"`{key}:` (column {column + 1})" for key, column in _keys_around(lines, mark.line, indent)]
        hint = "line it up with " + " or with ".join(places) + ", the block it belongs to" if places else "line it up"
    return error("YAML syntax: this line's indentation fits no block above it", _at(shown_as, mark), hint)


def _item_above(lines: list[str], line: int) -> tuple[int, int] | None:
    """The nearest list item (`- `) above a line: its line and column."""
    for number in range(line - 1, -1, -1):
        stripped = lines[number].lstrip()
        if stripped.startswith("- "):
            return number, len(lines[number]) - len(stripped)
    return None


def _keys_around(lines: list[str], line: int, indent: int) -> list[tuple[str, int]]:
    """The nearest key above indented deeper than ``indent``, then the nearest one less deep."""
    deeper = shallower = None
    for above in reversed(lines[:line]):
        found = _KEY_AT.match(above)
        if not found:
            continue
        column = len(found.group(1))
        if column > indent and deeper is None and shallower is None:
            deeper = (found.group(2), column)
        elif column < indent and shallower is None:
            shallower = (found.group(2), column)
            break
    return [place for place in (deeper, shallower) if place is not None]


def _quoted_then_more(exc: yaml.MarkedYAMLError, lines: list[str], shown_as: str) -> Problem | None:
    """`title: 'Tis' the season`: the quotes close before the value ends."""
    mark = exc.problem_mark
    before = _line_at(lines, mark)[: mark.column].rstrip()
    key, colon, value = before.partition(": ")
    if not colon or value[:1] not in ("'", '"') or not value.endswith(value[0]):
        return None
    return error(
        f"YAML syntax: the value of `{key.strip().removeprefix('- ')}` goes on after its closing quotation mark",
        _at(shown_as, mark),
        "quote the whole value with the other mark, or write it without quotes (an apostrophe inside a word "
        "needs none)",
    )


def _key_above(lines: list[str], line: int) -> tuple[str, int] | None:
    """The nearest key above a line, and its column."""
    for above in reversed(lines[:line]):
        found = _KEY_AT.match(above)
        if found:
            return found.group(2), len(found.group(1))
    return None


_KEY_AT = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*):(\s|$)")

_SHAPES = (_missing_colon, _unclosed_quote, _quote_left_open, _colon_or_indent, _indent_fits_no_block)
"""The shapes of mistake recognised, each returning None for another shape."""
