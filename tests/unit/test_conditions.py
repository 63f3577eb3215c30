"""Conditions: parsed once, evaluated without eval, mistakes reported with a position."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from game.story.conditions import ConditionSyntaxError, parse_condition


@dataclass
class FakeState:
    variables: dict = field(default_factory=lambda: {"support": 3, "funds": 0})
    flags: frozenset = frozenset({"trusts_abukov"})
    visits: dict = field(default_factory=lambda: {"rasht_council": 2})


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("support >= 3", True),
        ("support > 3", False),
        ("support >= 3 and not flags.trusts_abukov", False),
        ("support >= 3 and flags.trusts_abukov", True),
        ("flags.other or support == 3", True),
        ('visited("rasht_council")', True),
        ('visited("anzali")', False),
        ('visits("rasht_council") >= 2', True),
        ("1 <= support <= 5", True),
        ("support + funds - 1 == 2", True),
        ("-funds == 0", True),
        ("(support < 1 or funds < 1) and true", True),
        ("not (support == 3)", False),
        ("flags.trusts_abukov == true", True),
    ],
)
def test_conditions_evaluate(source: str, expected: bool) -> None:
    """Each grammar form gives the value a reader would expect."""
    assert parse_condition(source)(FakeState()) is expected


def test_references_are_recorded_with_positions() -> None:
    """The checker gets every name a condition reads, with its position."""
    condition = parse_condition('support >= 3 and not flags.trusts_abukov and visited("rasht")')
    found = {(ref.kind, ref.name, ref.offset) for ref in condition.references}
    assert found == {("variable", "support", 0), ("flag", "trusts_abukov", 27), ("scene", "rasht", 54)}


@pytest.mark.parametrize(
    ("source", "words", "offset"),
    [
        ("support >=", "cannot be read", None),
        ("support", "gives a number", 0),
        ("support * 2 > 3", "only + and -", 0),
        ('__import__("os").system("ls")', "not a known test", 0),
        ("().__class__", "is not allowed", 0),
        ("open('x')", "not a known test", 0),
        ("lambda: 1", "is not allowed", 0),
        ("support >= 3 && funds", "`&&`", 13),
        ("support > flags.x", "compares a number with a true/false", 0),
        ("flags.a < flags.b", "compares a true/false with a true/false", 0),
        ("support and funds", "a true/false is needed", 0),
        ('"rasht" == "rasht"', "not allowed", 0),
        ("os.path", "is not allowed", 0),
        ("", "empty", 0),
        ("support in [1, 2]", "not allowed", 11),
    ],
)
def test_mistakes_are_refused_with_position(source: str, words: str, offset: int | None) -> None:
    """Anything outside the whitelist is a ConditionSyntaxError, never executed."""
    with pytest.raises(ConditionSyntaxError) as caught:
        parse_condition(source)
    assert words in caught.value.message
    if offset is not None:
        assert caught.value.offset == offset


def test_python_is_never_run() -> None:
    """A condition that would have side effects in Python is refused before anything runs."""
    with pytest.raises(ConditionSyntaxError):
        parse_condition("[x for x in ().__class__.__bases__[0].__subclasses__()]")


@pytest.mark.parametrize(
    ("source", "words", "hint"),
    [
        ("support != 1 and !flags.x", "`!`", "write `not`"),
        ("support = 1", "single `=`", "write `==`"),
        ("support => 1", "`=>`", "write `>=`"),
        ("support =< 1", "`=<`", "write `<=`"),
        ("support > 1 || funds > 1", "`||`", "write `or`"),
    ],
)
def test_habits_from_other_languages_get_the_right_word(source: str, words: str, hint: str) -> None:
    """Operators from other languages are named, with the word to use instead."""
    with pytest.raises(ConditionSyntaxError) as caught:
        parse_condition(source)
    assert words in caught.value.message
    assert hint in caught.value.hint


def test_a_flag_written_without_its_prefix_gets_the_fix() -> None:
    """A bare flag name, when the story declares it, is refused with `write flags.NAME`."""
    with pytest.raises(ConditionSyntaxError) as caught:
        parse_condition("levies", flag_names={"levies"})
    assert caught.value.hint == "write `flags.levies`"


def test_capitalised_true_and_false_work_like_lower_case() -> None:
    """`True` and `False` are read as true and false."""
    assert parse_condition("True and not False")(FakeState()) is True
