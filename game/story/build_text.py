"""Building the parts of a block that hold conditions: a condition itself, and a text of paragraphs.

A text (a scene's ``text``, an ending's ``epilogue``, a choice's ``consequence``) is one string, or a list
of blocks: a string (always shown) or a mapping with ``if:``, ``text:`` and optionally ``else:``.
"""

from __future__ import annotations

from dataclasses import replace

import yaml

from game.story.conditions import Condition, ConditionSyntaxError, parse_condition
from game.story.node_reader import NodeReader, describe
from game.story.problems import Location, error
from game.story.prose import Prose, TextBlock

BLOCK_KEYS = ("if", "text", "else")


def build_condition(reader: NodeReader, node: yaml.Node, what: str = "the condition `if`") -> Condition | None:
    """A condition, parsed now so that a mistake is reported with its column."""
    source = reader.text(node, what)
    if source is None:
        return None
    where = _text_start(reader, node)
    try:
        return replace(parse_condition(source, reader.flag_names), location=where)
    except ConditionSyntaxError as exc:
        reader.problems.append(error(f"condition `{source}`: {exc.message}", where.shifted(exc.offset), exc.hint))
        return None


def _text_start(reader: NodeReader, node: yaml.ScalarNode) -> Location:
    """Where the text of a one-line scalar starts (after a quote; block scalars start at their line)."""
    where = reader.at(node)
    if node.style in ("|", ">"):
        return Location(where.path, where.line + 1, 0)
    leading = len(node.value) - len(node.value.lstrip())
    return where.shifted((1 if node.style in ("'", '"') else 0) + leading)


def build_prose(reader: NodeReader, node: yaml.Node, what: str) -> Prose | None:
    """A text: one string, or a list of blocks (every mistake in it reported, each where it is)."""
    if not isinstance(node, yaml.SequenceNode):
        text = reader.text(node, what)
        return None if text is None else Prose((TextBlock(text, location=reader.at(node)),))
    if not reader.untagged(node):
        return None
    if not node.value:
        reader.fail(node, f"{what} is an empty list", "write at least one paragraph, or the text as one string")
        return None
    blocks = [_block(reader, item, what) for item in node.value]
    return None if None in blocks else Prose(tuple(blocks))


def _block(reader: NodeReader, node: yaml.Node, what: str) -> TextBlock | None:
    """One block of a text: a string, or ``if:``/``text:``/``else:``."""
    if isinstance(node, yaml.ScalarNode):
        text = reader.text(node, f"a paragraph of {what}")
        return None if text is None else TextBlock(text, location=reader.at(node))
    if not isinstance(node, yaml.MappingNode):
        if reader.untagged(node):
            reader.fail(
                node,
                f"a block of {what} should be a string or a mapping with `if:` and `text:`, found {describe(node)}",
                "write each paragraph as `- |` followed by the text, or as `- if: CONDITION` with `text: |` under it",
            )
        return None
    found = reader.fields(node, f"a block of {what}", BLOCK_KEYS)
    if found is None:
        return None
    if "if" not in found:
        _no_condition(reader, node, found)
        return None
    if "text" not in found and "else" not in found and len(found) == len(node.value):  # not a misspelt `text`
        reader.fail(node, f"a block of {what} has `if:` but no `text:`", "add `text: |` with what the block shows")
        return None
    condition = build_condition(reader, found["if"])
    text = reader.text(found["text"], f"the `text` of a block of {what}") if "text" in found else ""
    otherwise = reader.text(found["else"], f"the `else` of a block of {what}") if "else" in found else ""
    if condition is None or text is None or otherwise is None:
        return None
    return TextBlock(text, condition, otherwise, reader.at(node))


def _no_condition(reader: NodeReader, node: yaml.Node, found: dict[str, yaml.Node]) -> None:
    """The error for a block mapping without ``if:``: an ``else`` with nothing to be the else of, or no condition."""
    if "else" in found:
        reader.fail(found["else"], "`else` without `if`", "add `if: CONDITION` to the block, or remove `else:`")
    else:
        reader.fail(
            node,
            "a block with `text:` but no `if:`",
            "add `if: CONDITION`, or write a paragraph every path shows as a plain string item",
        )
