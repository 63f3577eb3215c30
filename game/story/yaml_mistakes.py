"""YAML syntax mistakes explained where the author made them, for the shapes beginners write most.

PyYAML notices many mistakes lines later than they were made: an unclosed quote at the end of
the file, a missing colon on the next line. Its *context* mark says where the construct began;
the shapes below use it, and the lines around, to name the mistake and say what fixes it.
"""

from __future__ import annotations

import re

import yaml

from game.story.problems import Location, Problem, error


def syntax_problem(exc: yaml.MarkedYAMLError, shown_as: str, text: str) -> Problem:
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
