"""Conditions: short readable expressions, parsed once at load, evaluated without ``eval``.

A condition such as ``support >= 3 and not flags.trusts_abukov`` is parsed with Python's own
``ast`` module (the grammar authors already see in the docs), then every node is checked
against a small whitelist and turned into a closure. Nothing the author writes is ever
executed as Python: a node outside the whitelist is a problem reported to the author.

The grammar:

* numbers (``3``, ``-1``), ``true`` and ``false``;
* a variable by its name (``support``), a flag as ``flags.NAME``;
* ``visited("scene_id")`` (true once the scene has been entered) and ``visits("scene_id")``
  (how many times);
* ``+`` and ``-`` on numbers; ``==``, ``!=``, ``<``, ``<=``, ``>``, ``>=`` (chains allowed:
  ``1 <= support <= 5``);
* ``and``, ``or``, ``not`` and parentheses.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Protocol

from game.story.problems import Location


class ConditionState(Protocol):
    """What a condition reads from a game state."""

    variables: Mapping[str, int]
    flags: frozenset[str]
    visits: Mapping[str, int]


Evaluator = Callable[[ConditionState], object]

NUMBER = "number"
TRUTH = "true/false"
MAX_DEPTH = 50
"""Conditions nested deeper are refused: nobody writes them, and checking one would overflow Python's stack."""
MAX_LENGTH = 500
"""Longer conditions are refused: each problem with a name in a condition quotes all of it (the campaign's longest
has 150 characters)."""


@dataclass(frozen=True, slots=True)
class Reference:
    """A name a condition uses, kept so the checker can report unknown names precisely."""

    kind: str
    """``variable``, ``flag`` or ``scene``."""
    name: str
    """The name as written."""
    offset: int
    """Its 0-based position in the condition text."""


@dataclass(frozen=True, slots=True)
class Condition:
    """A parsed condition: its source, the names it uses and a function that tests it."""

    source: str
    """The text the author wrote."""
    references: tuple[Reference, ...]
    """Every variable, flag and scene it reads."""
    test: Callable[[ConditionState], bool]
    """Evaluates it against a state."""
    location: Location | None = None
    """Where the condition text starts in its file, when it came from one."""

    def __call__(self, state: ConditionState) -> bool:
        return self.test(state)


class ConditionSyntaxError(ValueError):
    """The condition cannot be parsed or uses something outside the grammar."""

    def __init__(self, message: str, offset: int = 0, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.hint = hint


_COMPARISONS = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_ARITHMETIC = {ast.Add: operator.add, ast.Sub: operator.sub}
_SPLIT_COMPARISON = re.compile(r"([<>!=])[ \t]+=")
"""`> =`, `< =`, `! =`, `= =`: a comparison with a space inside; the author meant it written together."""
# Habits from other languages, found before parsing so the hint can name the right word.
_HABITS = (
    (re.compile(r"<>"), "`<>` is not a comparison", "write `!=` for not equal"),
    (re.compile(r"&&"), "`&&` is not part of conditions", "write `and` instead"),
    (re.compile(r"\|\|"), "`||` is not part of conditions", "write `or` instead"),
    (re.compile(r"!(?!=)"), "`!` is not part of conditions", "write `not` instead"),
    (re.compile(r"=>"), "`=>` is not a comparison", "write `>=` instead"),
    (re.compile(r"=<"), "`=<` is not a comparison", "write `<=` instead"),
    (re.compile(r"(?<![=!<>])=(?!=)"), "a single `=` sets a value; conditions only compare", "write `==` to compare"),
)
GRAMMAR_HINT = (
    'conditions use names, numbers, true/false, flags.NAME, visited("scene"), '
    'visits("scene"), + -, comparisons, and/or/not and parentheses'
)


def parse_condition(source: str, flag_names: Collection[str] = ()) -> Condition:
    """Parse and type-check a condition; raise ConditionSyntaxError with a position and hint.

    ``flag_names`` are the story's flags: a flag written without ``flags.`` gets a precise hint.
    """
    text = source.strip()
    if not text:
        raise ConditionSyntaxError("the condition is empty", 0, "write a test such as `support >= 3`")
    if len(text) > MAX_LENGTH:
        message = f"the condition is too long (over {MAX_LENGTH} characters)"
        raise ConditionSyntaxError(message, 0, "split the choice in two, or set a flag earlier and test that")
    outside_quotes = re.sub(r'"[^"]*"|\'[^\']*\'', lambda m: " " * len(m.group()), text)
    split = _SPLIT_COMPARISON.search(outside_quotes)
    if split:
        meant = split.group(1) + "="
        message = f"`{split.group()}` has a space inside the comparison `{meant}`"
        raise ConditionSyntaxError(message, split.start(), f"write `{meant}` with no space inside")
    for pattern, message, hint in _HABITS:
        found = pattern.search(outside_quotes)
        if found:
            raise ConditionSyntaxError(message, found.start(), hint)
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        offset = max((exc.offset or 1) - 1, 0)
        raise ConditionSyntaxError("this condition cannot be read", offset, GRAMMAR_HINT) from None
    except RecursionError:
        tree = None
    if tree is None or _depth(tree.body) > MAX_DEPTH:
        message = f"the condition is nested too deeply (more than {MAX_DEPTH} levels)"
        raise ConditionSyntaxError(message, 0, "split it into simpler conditions")
    compiler = _Compiler(text, frozenset(flag_names))
    evaluate, kind = compiler.compile(tree.body)
    if kind != TRUTH:
        raise ConditionSyntaxError(
            "the condition gives a number, not true or false",
            0,
            f"compare it with something, for example `{text} > 0`",
        )
    return Condition(source=text, references=tuple(compiler.references), test=evaluate)


def _depth(tree: ast.AST) -> int:
    """How deeply a parsed condition nests, measured without recursion."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


class _Compiler:
    """Turns a whitelisted ``ast`` tree into closures, recording the names it reads."""

    def __init__(self, text: str, flag_names: frozenset[str]):
        self.text = text
        self.flag_names = flag_names
        self.references: list[Reference] = []
        self.leaves: dict[Evaluator, tuple[str, object]] = {}
        """The closures that read one thing (``constant``, ``variable`` or ``flag``) and what they read, so a
        parent can read it itself: each closure call saved is a Python frame saved on every evaluation."""

    def _leaf(self, evaluate: Evaluator, kind: str, value: object) -> Evaluator:
        self.leaves[evaluate] = (kind, value)
        return evaluate

    def compile(self, node: ast.AST) -> tuple[Evaluator, str]:
        handler = getattr(self, f"_{type(node).__name__}", None)
        if handler is None:
            raise ConditionSyntaxError(
                f"`{self._snippet(node)}` is not allowed in a condition", self._offset(node), GRAMMAR_HINT
            )
        return handler(node)

    def _offset(self, node: ast.AST) -> int:
        return getattr(node, "col_offset", 0)

    def _snippet(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.text, node) or type(node).__name__

    def _expect(self, node: ast.AST, wanted: str) -> Evaluator:
        evaluate, kind = self.compile(node)
        if kind != wanted:
            raise ConditionSyntaxError(
                f"`{self._snippet(node)}` is a {kind}, but a {wanted} is needed here",
                self._offset(node),
                "use a comparison such as `support > 0`" if wanted == TRUTH else "",
            )
        return evaluate

    def _Constant(self, node: ast.Constant) -> tuple[Evaluator, str]:
        value = node.value
        if isinstance(value, bool):  # Python reads True and False as constants
            return self._leaf(lambda state: value, "constant", value), TRUTH
        if not isinstance(value, int):
            hint = 'scene names go inside visited("...") or visits("...")' if isinstance(value, str) else ""
            raise ConditionSyntaxError(f"`{self._snippet(node)}` is not allowed here", self._offset(node), hint)
        return self._leaf(lambda state: value, "constant", value), NUMBER

    def _Name(self, node: ast.Name) -> tuple[Evaluator, str]:
        name = node.id
        if name in ("true", "True", "false", "False"):
            truth = name.lower() == "true"
            return self._leaf(lambda state: truth, "constant", truth), TRUTH
        if name in self.flag_names:
            raise ConditionSyntaxError(f"`{name}` is a flag", node.col_offset, f"write `flags.{name}`")
        self.references.append(Reference("variable", name, node.col_offset))
        return self._leaf(lambda state: state.variables[name], "variable", name), NUMBER

    def _Attribute(self, node: ast.Attribute) -> tuple[Evaluator, str]:
        if not (isinstance(node.value, ast.Name) and node.value.id == "flags"):
            raise ConditionSyntaxError(
                f"`{self._snippet(node)}` is not allowed", node.col_offset, "flags are written `flags.NAME`"
            )
        name = node.attr
        self.references.append(Reference("flag", name, node.col_offset + len("flags.")))
        return self._leaf(lambda state: name in state.flags, "flag", name), TRUTH

    def _Call(self, node: ast.Call) -> tuple[Evaluator, str]:
        function = node.func.id if isinstance(node.func, ast.Name) else ""
        argument = node.args[0] if len(node.args) == 1 and not node.keywords else None
        if function not in ("visited", "visits") or not (
            isinstance(argument, ast.Constant) and isinstance(argument.value, str)
        ):
            raise ConditionSyntaxError(
                f"`{self._snippet(node)}` is not a known test",
                node.col_offset,
                'the only calls are visited("scene_id") and visits("scene_id")',
            )
        scene = argument.value
        self.references.append(Reference("scene", scene, argument.col_offset + 1))
        if function == "visited":
            return (lambda state: state.visits.get(scene, 0) > 0), TRUTH
        return (lambda state: state.visits.get(scene, 0)), NUMBER

    def _UnaryOp(self, node: ast.UnaryOp) -> tuple[Evaluator, str]:
        if isinstance(node.op, ast.Not):
            inner = self._expect(node.operand, TRUTH)
            kind, name = self.leaves.get(inner, ("", None))
            if kind == "flag":
                return (lambda state: name not in state.flags), TRUTH
            return (lambda state: not inner(state)), TRUTH
        if isinstance(node.op, ast.USub):
            inner = self._expect(node.operand, NUMBER)
            return (lambda state: -inner(state)), NUMBER
        raise ConditionSyntaxError("this operator is not allowed", node.col_offset, GRAMMAR_HINT)

    def _BinOp(self, node: ast.BinOp) -> tuple[Evaluator, str]:
        combine = _ARITHMETIC.get(type(node.op))
        if combine is None:
            raise ConditionSyntaxError("only + and - are allowed on numbers", node.col_offset, GRAMMAR_HINT)
        left = self._expect(node.left, NUMBER)
        right = self._expect(node.right, NUMBER)
        (left_kind, left_name), (right_kind, right_name) = self._read(left), self._read(right)
        if left_kind == "variable" and right_kind == "variable":
            return (lambda state: combine(state.variables[left_name], state.variables[right_name])), NUMBER
        if left_kind == "variable" and right_kind == "constant":
            return (lambda state: combine(state.variables[left_name], right_name)), NUMBER
        return (lambda state: combine(left(state), right(state))), NUMBER

    def _read(self, evaluate: Evaluator) -> tuple[str, object]:
        """What a leaf closure reads, or ``("", None)`` for any other closure."""
        return self.leaves.get(evaluate, ("", None))

    def _BoolOp(self, node: ast.BoolOp) -> tuple[Evaluator, str]:
        parts = tuple(self._expect(value, TRUTH) for value in node.values)
        if isinstance(node.op, ast.And):
            if len(parts) == 2:
                first, second = parts
                return (lambda state: first(state) and second(state)), TRUTH

            def every(state: ConditionState) -> bool:  # a loop: all() over a generator costs twice as much
                for part in parts:  # noqa: SIM110
                    if not part(state):
                        return False
                return True

            return every, TRUTH
        if len(parts) == 2:
            first, second = parts
            return (lambda state: first(state) or second(state)), TRUTH

        def some(state: ConditionState) -> bool:
            for part in parts:  # noqa: SIM110
                if part(state):
                    return True
            return False

        return some, TRUTH

    def _Compare(self, node: ast.Compare) -> tuple[Evaluator, str]:
        operands = [node.left, *node.comparators]
        compiled = [self.compile(operand) for operand in operands]
        tests = []
        for position, op in enumerate(node.ops):
            compare = _COMPARISONS.get(type(op))
            if compare is None:
                raise ConditionSyntaxError("this comparison is not allowed", node.col_offset, "use == != < <= > or >=")
            (left, left_kind), (right, right_kind) = compiled[position], compiled[position + 1]
            ordered = compare not in (operator.eq, operator.ne)
            if left_kind != right_kind or (ordered and left_kind != NUMBER):
                raise ConditionSyntaxError(
                    f"`{self._snippet(node)}` compares a {left_kind} with a {right_kind}",
                    node.col_offset,
                    "compare numbers with numbers; test a flag on its own: `flags.NAME` or `not flags.NAME`",
                )
            tests.append((compare, left, right))
        if len(tests) == 1:
            return self._comparison(*tests[0]), TRUTH
        return self._chain(tests), TRUTH

    def _comparison(self, compare: Callable[[object, object], bool], left: Evaluator, right: Evaluator) -> Evaluator:
        """One comparison, reading a variable or a constant operand itself rather than through its closure."""
        (left_kind, left_value), (right_kind, right_value) = self._read(left), self._read(right)
        if left_kind == "variable":
            if right_kind == "constant":
                return lambda state: compare(state.variables[left_value], right_value)
            if right_kind == "variable":
                return lambda state: compare(state.variables[left_value], state.variables[right_value])
        if left_kind == "constant" and right_kind == "variable":
            return lambda state: compare(left_value, state.variables[right_value])
        if right_kind == "constant":
            return lambda state: compare(left(state), right_value)
        return lambda state: compare(left(state), right(state))

    def _chain(self, tests: list[tuple[Callable[[object, object], bool], Evaluator, Evaluator]]) -> Evaluator:
        """A chained comparison (``1 <= support <= 5``): each operand read once, stopping at the first false link."""
        operands = [self._read(tests[0][1])] + [self._read(right) for _, _, right in tests]
        if [kind for kind, _ in operands] == ["constant", "variable", "constant"]:
            (low, _, _), (high, _, _) = tests
            (_, floor), (_, name), (_, ceiling) = operands
            return lambda state: low(floor, (value := state.variables[name])) and high(value, ceiling)
        first = tests[0][1]
        links = tuple((compare, right) for compare, _, right in tests)

        def test(state: ConditionState) -> bool:
            left = first(state)
            for compare, right in links:
                value = right(state)
                if not compare(left, value):
                    return False
                left = value
            return True

        return test
