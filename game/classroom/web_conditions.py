"""Conditions compiled, at export, into plain data the browser evaluates (it never parses the language).

The story checker has already parsed and type-checked every condition (``game.story.conditions``);
this reads the same text with the same ``ast`` grammar and writes each node as a list:

* ``["k", value]`` a number, true or false; ``["v", name]`` a variable; ``["f", name]`` a flag;
* ``["seen", scene]`` is ``visited("scene")``; ``["n", scene]`` is ``visits("scene")``;
* ``["not", x]``, ``["neg", x]``, ``["+", a, b]``, ``["-", a, b]``;
* ``["and", x, y, ...]``, ``["or", x, y, ...]``;
* ``["cmp", a, op, b, op, c, ...]`` a comparison or a chain of them (``op`` one of ``== != < <= > >=``).
"""

from __future__ import annotations

import ast
from typing import Any

from game.story.conditions import Condition

_OPERATORS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_TRUTH_NAMES = {"true": True, "True": True, "false": False, "False": False}


class UnexpectedCondition(ValueError):
    """A condition node the checker would have refused: the story was not checked first."""


def condition_data(condition: Condition | None) -> list[Any] | None:
    """A checked condition as data; None for no condition (always open)."""
    if condition is None:
        return None
    return _node(ast.parse(condition.source, mode="eval").body)


def _node(node: ast.AST) -> list[Any]:
    handler = _HANDLERS.get(type(node))
    if handler is None:
        raise UnexpectedCondition(f"{type(node).__name__} is not part of conditions")
    return handler(node)


def _constant(node: ast.Constant) -> list[Any]:
    return ["k", node.value]


def _name(node: ast.Name) -> list[Any]:
    if node.id in _TRUTH_NAMES:
        return ["k", _TRUTH_NAMES[node.id]]
    return ["v", node.id]


def _attribute(node: ast.Attribute) -> list[Any]:
    return ["f", node.attr]


def _call(node: ast.Call) -> list[Any]:
    scene = node.args[0].value
    return ["seen" if node.func.id == "visited" else "n", scene]


def _unary(node: ast.UnaryOp) -> list[Any]:
    return ["not" if isinstance(node.op, ast.Not) else "neg", _node(node.operand)]


def _binary(node: ast.BinOp) -> list[Any]:
    return ["+" if isinstance(node.op, ast.Add) else "-", _node(node.left), _node(node.right)]


def _boolean(node: ast.BoolOp) -> list[Any]:
    return ["and" if isinstance(node.op, ast.And) else "or", *(_node(value) for value in node.values)]


def _compare(node: ast.Compare) -> list[Any]:
    data: list[Any] = ["cmp", _node(node.left)]
    for op, right in zip(node.ops, node.comparators, strict=True):
        data += [_OPERATORS[type(op)], _node(right)]
    return data


_HANDLERS = {
    ast.Constant: _constant,
    ast.Name: _name,
    ast.Attribute: _attribute,
    ast.Call: _call,
    ast.UnaryOp: _unary,
    ast.BinOp: _binary,
    ast.BoolOp: _boolean,
    ast.Compare: _compare,
}
