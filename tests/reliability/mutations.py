"""Damaged scene files, made from real ones: the mistakes, accidents and attacks a story file can suffer.

Every mutation takes hypothesis's ``draw`` and the text of a valid story file and returns damaged
text: cut short, a key renamed, a value of the wrong type, deep nesting, a huge string, strange
unicode, tabs, anchors and aliases (up to an alias bomb), duplicate keys, spliced or shuffled lines.
``scene_files`` stacks one to three of them, then sometimes flips bytes so the file is not UTF-8.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

from tests.conftest import MINI, ROOT, TESTS

Draw = Callable[[st.SearchStrategy], object]
Mutation = Callable[[Draw, str], str]


@dataclass(frozen=True)
class Seed:
    """One valid story file and the other files of its story, which are loaded beside it unchanged."""

    target: Path
    others: tuple[Path, ...]
    text: str

    def __repr__(self) -> str:  # hypothesis prints this for a failing example
        return f"Seed({self.target.relative_to(ROOT)})"


def _seeds() -> list[Seed]:
    seeds = []
    for folder in (MINI, TESTS / "data" / "worked_example", ROOT / "scenes"):
        files = sorted(folder.glob("*.yaml"))
        for target in files:
            others = tuple(path for path in files if path != target)
            seeds.append(Seed(target, others, target.read_text(encoding="utf-8")))
    return seeds


SEEDS = _seeds()
KEY = re.compile(r"(?m)^([ ]*(?:- )?)([A-Za-z_]\w*)(:)(?=[ \n]|$)")
"""A `key:` at the start of a line (after indentation and a list dash)."""
NUMBER = re.compile(r"(?<![\w.:-])-?\d+(?![\w.:-])")
"""A whole number standing alone (not part of a date, a name or a time)."""
CONDITION = re.compile(r"(?m)\bif: (.+)$")
KNOWN_KEYS = (
    "story", "scenes", "codex", "timeline", "branches", "id", "title", "start", "chapter", "text", "goto", "if",
    "effects", "history", "choices", "ending", "note", "set", "add", "set_flags", "variables", "flags", "min", "max",
    "label", "date", "place", "kind", "reliability", "sources", "on_enter", "preset", "from", "choice", "<<",
)  # fmt: skip
WRONG_VALUES = (
    "[a, b]", "{x: 1}", "[]", "{}", "42", "-7", "3.5", "1e9999", "0x1F", "0o17", "~", "null", "''", '""', "-",
    "true", "no", "yes", "1920-13-45", "2024-02-30T25:61", "!!python/object/apply:os.system ['echo hi']",
    "!!binary aGVsbG8=", "!custom x", "!!int 3", "!!str", "!!map {a: 1}", "|", ">-", "*undefined_alias",
    "&lonely_anchor x", "9" * 5000, "-" + "9" * 20, "'unterminated", '"unterminated', "[unclosed", "{unclosed: 1",
    "@at", "`tick", "%directive", "a: b: c", "? complex key", "support >= ", "a + " * 400 + "a > 1",
    "not " * 300 + "true", "(" * 300 + "a" + ")" * 300, "flags.", 'visited("', "__import__('os')",
)  # fmt: skip
STRANGE = (
    "\x00", "\\0", "\\x00", '"\\ud800"', '"\\udfff\\ud800"', '"\\U0010FFFF"', '"\\x1b[2J"', "\u202e", "\u200b",
    "\ufeff", "\u2028", "\u2029", "\x85", "\x1b[31m", "\r", "\r\n", "\x7f", "\x0b", "\x0c", "\U0010ffff", "\udcff",
    "\ud800", "e\u0301", "\ufdfa", "\ufffe", "\uffff", "ﾟ", "𝔞", "١٢٣", "\u0600", "\t", "#", ": ", " - ", "&", "*",
    "!", "|", ">", "'", '"', "%", "@", "`", "{", "}", "[", "]", ",", "?",
)  # fmt: skip
INVALID_UTF8 = (b"\xff", b"\xfe", b"\xc3", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80", b"\xe2\x82")


def _position(draw: Draw, text: str) -> int:
    return draw(st.integers(0, len(text)))


def _key(draw: Draw, text: str) -> re.Match | None:
    """A `key:` of the text (None when it has none), chosen by hypothesis."""
    found = list(KEY.finditer(text))
    return draw(st.sampled_from(found)) if found else None


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def _replace_value(text: str, key: re.Match, value: str) -> str:
    """The text with what follows `key:` on its line replaced by ``value``."""
    return text[: key.end()] + " " + value + text[_line_end(text, key.end()) :]


def _strange_text(draw: Draw) -> str:
    special = st.sampled_from(STRANGE)
    anything = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)
    return "".join(draw(st.lists(special | anything, min_size=1, max_size=5)))


def truncate(draw: Draw, text: str) -> str:
    """The file cut short, as by a full disk or an editor that crashed."""
    return text[: _position(draw, text)]


def rename_key(draw: Draw, text: str) -> str:
    """A key misspelt, replaced by another known key, emptied or made of random characters."""
    key = _key(draw, text)
    if key is None:
        return text
    new = draw(st.sampled_from(KNOWN_KEYS) | st.text(max_size=12) | st.just(key.group(2)[:-1]))
    return text[: key.start(2)] + new + text[key.end(2) :]


def wrong_type(draw: Draw, text: str) -> str:
    """A value replaced by a list, a mapping, a number, a tag, an alias or broken syntax."""
    key = _key(draw, text)
    if key is None:
        return text
    return _replace_value(text, key, draw(st.sampled_from(WRONG_VALUES) | st.text(max_size=30)))


def deep_nesting(draw: Draw, text: str) -> str:
    """A value nested tens to hundreds of levels deep, in flow or block style, or a deeply nested condition."""
    key = _key(draw, text)
    if key is None:
        return text
    depth = draw(st.integers(1, 300))
    style = draw(st.sampled_from(["list", "map", "block", "condition"]))
    if style == "list":
        value = "[" * depth + "x" + "]" * depth
    elif style == "map":
        value = "{a: " * depth + "b" + "}" * depth
    elif style == "block":
        indent = len(key.group(1))
        value = "".join(f"\n{' ' * (indent + 2 * level)}k{level}:" for level in range(1, depth + 1)) + " leaf"
    else:
        value = "a + " * depth + "a > 1"
    return _replace_value(text, key, value)


def numbers(draw: Draw, text: str) -> str:
    """A whole number made huge (past the 4,300 digits Python reads), negative, padded or foreign."""
    found = list(NUMBER.finditer(text))
    if not found:
        return text
    number = draw(st.sampled_from(found))
    digits = st.sampled_from([16, 4300, 4301, 5000]).map(lambda count: "9" * count)
    new = draw(digits | st.sampled_from(["-0", "+5", "007", "1_000", "0x10", "1e3", "١٢", "-" + "9" * 5000]))
    return text[: number.start()] + new + text[number.end() :]


def conditions(draw: Draw, text: str) -> str:
    """A condition made deep (hundreds of nested operations), long, or strange."""
    found = list(CONDITION.finditer(text))
    if not found:
        return text
    condition = draw(st.sampled_from(found))
    depth = draw(st.sampled_from([10, 49, 50, 51, 400, 3000]))
    deep = st.sampled_from(["a + " * depth + "a > 1", "not " * depth + "true", "-" * depth + "1 > 0"])
    odd = st.sampled_from(["(" * depth + "a > 1" + ")" * depth, "a > 1 and " * depth + "true", "x" * 100_000])
    new = draw(deep | odd | st.text(max_size=30))
    return text[: condition.start(1)] + new + text[condition.end(1) :]


def huge_string(draw: Draw, text: str) -> str:
    """A value of up to two million characters, plain, quoted or as a block."""
    key = _key(draw, text)
    if key is None:
        return text
    size = draw(st.sampled_from([1_000, 65_537, 500_000, 2_000_000]))
    body = draw(st.sampled_from(["x", "ж", "€", "\U0001f600", "ab "])) * (size // 3 + 1)
    style = draw(st.sampled_from(["plain", "quoted", "block"]))
    if style == "quoted":
        body = f'"{body}"'
    elif style == "block":
        body = "|\n" + " " * (len(key.group(1)) + 2) + body
    return _replace_value(text, key, body)


def strange_unicode(draw: Draw, text: str) -> str:
    """NUL, escapes of surrogates, right-to-left marks, zero-width spaces, control characters and the like."""
    at = _position(draw, text)
    return text[:at] + _strange_text(draw) + text[at:]


def tabs(draw: Draw, text: str) -> str:
    """Indentation (of some lines, or all) made with tabs, or a tab after a colon."""
    lines = text.split("\n")
    if not lines:
        return text
    chosen = draw(st.sets(st.integers(0, len(lines) - 1), max_size=4)) if draw(st.booleans()) else range(len(lines))
    for number in chosen:
        line = lines[number]
        indent = len(line) - len(line.lstrip(" "))
        lines[number] = "\t" * (indent // 2 or draw(st.integers(0, 2))) + line.lstrip(" ")
    return "\n".join(lines).replace(": ", ":\t", draw(st.integers(0, 2)))


def duplicate_key(draw: Draw, text: str) -> str:
    """A `key: value` line given twice."""
    key = _key(draw, text)
    if key is None:
        return text
    line = text[key.start() : _line_end(text, key.start())]
    return text[: key.start()] + line + "\n" + text[key.start() :]


def alias_bomb(levels: int, width: int, key: str = "codex") -> str:
    """A "billion laughs": each level is a list of ``width`` aliases of the level below, ``width**levels`` in all."""
    lines = [f"{key}: &l0 [" + ", ".join(["lol"] * width) + "]"]
    lines += [f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]" for level in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def anchors_and_aliases(draw: Draw, text: str) -> str:
    """A value anchored and repeated elsewhere, an undefined or self-referring alias, a merge key, or a bomb."""
    kind = draw(st.sampled_from(["repeat", "undefined", "recursive", "merge", "bomb"]))
    if kind == "bomb":
        bomb = alias_bomb(draw(st.integers(1, 9)), draw(st.integers(1, 9)), draw(st.sampled_from(KNOWN_KEYS[:5])))
        return bomb + text if draw(st.booleans()) else text + "\n" + bomb
    key = _key(draw, text)
    if key is None:
        return text
    if kind == "undefined":
        return _replace_value(text, key, "*nowhere")
    if kind == "recursive":
        return _replace_value(text, key, draw(st.sampled_from(["&r [*r]", "&r {a: *r}", "&r [x, [y, *r]]"])))
    if kind == "merge":
        return _replace_value(text, key, "{<<: *m, a: 1}" if draw(st.booleans()) else "&m {a: 1}")
    anchored = text[: key.end()] + " &shared" + text[key.end() :]
    other = _key(draw, anchored)
    return _replace_value(anchored, other, "*shared") if other is not None else anchored


def splice(draw: Draw, text: str) -> str:
    """A slice of another story file pasted in at a random place."""
    donor = draw(st.sampled_from(SEEDS)).text
    start = _position(draw, donor)
    piece = donor[start : start + draw(st.integers(0, 400))]
    at = _position(draw, text)
    return text[:at] + piece + text[at:]


def shuffle_lines(draw: Draw, text: str) -> str:
    """Lines deleted, moved, or re-indented by a few spaces."""
    lines = text.split("\n")
    first = draw(st.integers(0, len(lines) - 1))
    last = draw(st.integers(first, min(len(lines), first + 10)))
    action = draw(st.sampled_from(["delete", "move", "indent", "dedent"]))
    block = lines[first:last]
    rest = lines[:first] + lines[last:]
    if action == "delete":
        return "\n".join(rest)
    if action == "move":
        at = draw(st.integers(0, len(rest)))
        return "\n".join(rest[:at] + block + rest[at:])
    shift = draw(st.integers(1, 5))
    moved = [" " * shift + line if action == "indent" else line[shift:] for line in block]
    return "\n".join(lines[:first] + moved + lines[last:])


def random_text(draw: Draw, text: str) -> str:
    """Any characters inserted at a random place, or replacing a stretch of the file."""
    at = _position(draw, text)
    end = at + draw(st.integers(0, 20)) if draw(st.booleans()) else at
    return text[:at] + draw(st.text(max_size=60)) + text[end:]


MUTATIONS: dict[str, Mutation] = {
    mutation.__name__: mutation
    for mutation in (
        truncate, rename_key, wrong_type, numbers, conditions, deep_nesting, huge_string, strange_unicode, tabs,
        duplicate_key, anchors_and_aliases, splice, shuffle_lines, random_text,
    )
}  # fmt: skip


def flip_bytes(draw: Draw, data: bytes) -> bytes:
    """Random bytes changed, or a sequence that is not UTF-8 inserted."""
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        if draw(st.booleans()) and at < len(data):
            data[at] = draw(st.integers(0, 255))
        else:
            data[at:at] = draw(st.sampled_from(INVALID_UTF8))
    return bytes(data)


@dataclass(frozen=True)
class Damaged:
    """A damaged scene file: what it was made from, what was done to it, and its bytes."""

    seed: Seed
    applied: tuple[str, ...]
    data: bytes

    def __repr__(self) -> str:
        return f"Damaged({self.seed!r}, {self.applied}, {len(self.data):,} bytes)"


@st.composite
def scene_files(draw: Draw) -> Damaged:
    """A valid story file with one to three mutations, and sometimes flipped bytes."""
    seed = draw(st.sampled_from(SEEDS))
    text, applied = seed.text, []
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(sorted(MUTATIONS)))
        text = MUTATIONS[name](draw, text)
        applied.append(name)
    data = text.encode("utf-8", "surrogatepass")  # a lone surrogate becomes bytes no UTF-8 reader accepts
    if draw(st.integers(0, 9)) == 0:
        data = flip_bytes(draw, data)
        applied.append("flip_bytes")
    return Damaged(seed, tuple(applied), data)
