"""One tiny story per authoring mistake: the checker must name it, on its line, with a useful hint, and nothing else.

Every folder in fixtures/ is a copy of a small valid story (derived from tests/stories/mini) with exactly one
mistake, marked by a `# mistake: ...` comment on the line above it. The table below says what the checker must
report for it. Three tests read the table: the message and hint, the line, and that nothing else is reported.

Known checker shortcomings are marked xfail(strict=True): when the checker is fixed the test passes, strict
xfail turns that into a failure, and the mark should then be removed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.story.loader import load_story
from game.story.problems import Problem, Severity

FIXTURES = Path(__file__).parent / "fixtures"
ERROR, WARNING = Severity.ERROR, Severity.WARNING
STORY, SCENES = "story.yaml", "scenes.yaml"

# (fixture name, severity, file, line, words expected in the message, words expected in the hint or None)
# The line is where the mistake is: the line just below the fixture's `# mistake:` comment (0: the whole file).
CASES = [
    # --- errors: YAML itself -------------------------------------------------------------------------------
    ("yaml_bad_indentation", ERROR, SCENES, 5, ["YAML syntax", "indentation"], ["line it up with `chapter:`"]),
    ("yaml_missing_colon", ERROR, SCENES, 38, ["`title On the road`", "no colon"], ["write `title: On the road`"]),
    ("yaml_unclosed_quote", ERROR, SCENES, 5, ["quotation mark", "not closed on its line"], ["end the text with"]),
    ("yaml_colon_in_text", ERROR, SCENES, 38, ["holds `: `"], ['quotes (`title: "…"`)', "`|`"]),
    ("yaml_over_indented", ERROR, SCENES, 40, ["indentation"], ["line it up with `date:` (column 5)"]),
    ("yaml_quote_then_more", ERROR, SCENES, 38, ["`title`", "after its closing quotation mark"], ["whole value"]),
    ("yaml_list_item_misindented", ERROR, SCENES, 51, ["indentation"], ["column 7", "line 47"]),
    ("missing_dash_before_scene", ERROR, SCENES, 36, ["`id` again", "without its `- `"], ["write `- ` before `id:`"]),
    ("tab_indentation", ERROR, STORY, 14, ["YAML syntax"], ["tabs"]),
    ("duplicate_key", ERROR, SCENES, 8, ["duplicate key `place`", "a scene"], ["line 6"]),
    ("python_tag_on_value", ERROR, SCENES, 5, ["YAML tags", "python/object/apply:os.system"], ["remove the tag"]),
    ("python_tag_with_arguments", ERROR, SCENES, 5, ["YAML tags", "python/object/apply:os.system"], ["remove the tag"]),
    ("python_tag_on_valid_list", ERROR, SCENES, 9, ["YAML tags", "python/object/apply:os.system"], ["remove the tag"]),
    ("tag_on_key", ERROR, SCENES, 5, ["YAML tags", "`!secret`"], ["remove the tag"]),
    ("binary_tag_on_value", ERROR, SCENES, 5, ["YAML tags", "`!!binary`"], ["remove the tag"]),
    ("timestamp_tag_on_value", ERROR, SCENES, 6, ["YAML tags", "`!!timestamp`"], ["remove the tag"]),
    ("control_character_escaped", ERROR, SCENES, 5, ["a control character, U+001B (␛)", "text"], ["\\e"]),
    ("control_character_raw", ERROR, SCENES, 5, ["a control character, U+001B (␛)", "file"], ["remove it"]),
    ("alias_bomb", ERROR, "laughs.yaml", 9, ["aliases expand too far", "`*l4`", "over 100,000 values"], ["alias"]),
    ("alias_inside_itself", ERROR, SCENES, 16, ["aliases expand too far", "`*welcome`", "inside"], ["complete"]),
    ("nested_too_deeply", ERROR, SCENES, 9, ["nested too deeply", "more than 50 levels"], ["flatten"]),
    # --- errors: keys and values ---------------------------------------------------------------------------
    ("unknown_key", ERROR, SCENES, 18, ["unknown key `gotoo`", "a choice"], ["did you mean `goto`?"]),
    ("missing_goto", ERROR, SCENES, 17, ["a choice", "missing `goto`"], ["goto: SCENE_ID"]),
    ("list_instead_of_text", ERROR, SCENES, 5, ["scene title", "single value", "found a list"], None),
    ("history_yes", ERROR, SCENES, 13, ["`history`", "true or false", '"yes"'], ["true or false", "`yes`"]),
    ("number_given_text", ERROR, STORY, 9, ["`start`", "whole number", '"three"'], ["digits"]),
    ("number_too_long", ERROR, STORY, 9, ["`start` of variable `support`", "more than 15 digits"], ["shorter"]),
    ("date_month_13", ERROR, SCENES, 6, ["`1920-13`", "not a date"], ["YYYY-MM"]),
    # --- errors: the story as a whole ----------------------------------------------------------------------
    ("no_story_block", ERROR, SCENES, 0, ["no `story:` block"], ["story.yaml"]),
    ("pack_checked_alone", ERROR, SCENES, 0, ["no `story:` block"], ["this is a pack", "beside the story"]),
    ("start_key_missing", ERROR, STORY, 3, ["story block", "missing `start`"], ["start: SCENE_ID"]),
    ("start_scene_unknown", ERROR, STORY, 5, ["start scene `dok`", "does not exist"], ["did you mean `dock`?"]),
    (
        "duplicate_scene_across_files",
        ERROR,
        "scenes_more.yaml",
        3,
        ["scene id `victory`", "used twice"],
        ["duplicate_scene_across_files/scenes.yaml:31"],
    ),
    ("goto_unknown_scene", ERROR, SCENES, 18, ["`goto`", "`victroy`", "does not exist"], ["did you mean `victory`?"]),
    ("chapter_unknown", ERROR, SCENES, 22, ["chapter `onee`", "not declared"], ["did you mean `one`?"]),
    ("codex_unknown", ERROR, SCENES, 9, ["codex entry `anzaly`", "does not exist"], ["did you mean `anzali`?"]),
    ("scene_without_choices", ERROR, SCENES, 32, ["`victory`", "no choices"], ["`ending:`"]),
    ("two_history_choices", ERROR, SCENES, 19, ["`dock`", "marks 2 choices"], ["only one"]),
    # --- errors: conditions and effects --------------------------------------------------------------------
    ("condition_undeclared_variable", ERROR, SCENES, 19, ["`suport`", "not a declared variable"], ["`support`"]),
    ("flag_without_prefix", ERROR, SCENES, 19, ["`trusts_abukov`"], ["write `flags.trusts_abukov`"]),
    ("condition_syntax_error", ERROR, SCENES, 19, ["`support >=`", "cannot be read"], ["conditions use"]),
    ("condition_function_call", ERROR, SCENES, 19, ["`__import__", "not a known test"], ['visited("scene_id")']),
    ("condition_multiplication", ERROR, SCENES, 19, ["`support * 2 > 3`", "only + and -"], ["conditions use"]),
    ("condition_double_ampersand", ERROR, SCENES, 19, ["`&&`", "not part of conditions"], ["write `and`"]),
    ("condition_split_comparison", ERROR, SCENES, 19, ["`> =`", "space inside", "`>=`"], ["write `>=`"]),
    ("condition_too_deep", ERROR, SCENES, 19, ["nested too deeply", "more than 50 levels"], ["simpler"]),
    ("condition_too_long", ERROR, SCENES, 19, ["too long", "over 500 characters"], ["split the choice"]),
    ("effect_undeclared_flag", ERROR, SCENES, 16, ["`trusts_abukoff`", "not a declared flag"], ["`trusts_abukov`"]),
    ("set_outside_range", ERROR, SCENES, 15, ["sets `support` to 9", "outside its range 0..5"], ["inside the range"]),
    # --- warnings ------------------------------------------------------------------------------------------
    ("unreachable_scene", WARNING, SCENES, 21, ["scene `harbour`", "cannot be reached"], ["leads here"]),
    ("unreachable_ending", WARNING, SCENES, 21, ["ending `exile`", "never be reached"], ["goto: exile"]),
    ("scene_without_date_and_place", WARNING, SCENES, 32, ["`victory`", "no date and place"], ["add them"]),
    ("decision_without_history", ERROR, SCENES, 6, ["`dock`", "`decision:`", "marks no choice"], ["history: true"]),
    ("unused_variable", WARNING, STORY, 12, ["variable `funds`", "never used"], ["remove it"]),
    ("add_larger_than_range", WARNING, SCENES, 15, ["adds 10 to `support`", "whole range 0..5"], ["use `set`"]),
    ("title_cut_by_comment", WARNING, SCENES, 5, ["title reads `At the dock`", "comment to YAML"], ["in quotes"]),
    ("codex_never_listed", WARNING, STORY, 24, ["codex entry `rasht`", "listed by no scene"], ["`codex:` list"]),
    ("loop_raises_variable", WARNING, SCENES, 20, ["adds 1 to `support`", "`dock` → `dock`"], ["set a flag"]),
    ("locked_choices_dead_end", WARNING, SCENES, 3, ["every choice of scene `dock`", "stuck"], ["jangal explore"]),
]

# Problems that truly follow from a fixture's one mistake, so "nothing else" allows them:
# (severity, file, line, words in the message).
CONSEQUENCES = {
    # The misspelt goto was the only way to `victory`, so that ending really is unreachable now.
    "goto_unknown_scene": [(WARNING, SCENES, 32, ["ending `victory`", "never be reached"])],
    # The scene names a codex entry that does not exist (or a list that cannot be read): the one it meant is
    # listed by no scene now.
    "codex_unknown": [(WARNING, STORY, 19, ["codex entry `anzali`", "listed by no scene"])],
    "python_tag_on_valid_list": [(WARNING, STORY, 19, ["codex entry `anzali`", "listed by no scene"])],
}


def _known(reason: str) -> pytest.MarkDecorator:
    """A known checker shortcoming: strict, and only an assertion counts (a crash still fails the test)."""
    return pytest.mark.xfail(reason=reason, strict=True, raises=AssertionError)


# Known shortcomings of the checker, per test; each reason says what the checker does instead. (None now.)
WRONG_MESSAGE: dict[str, pytest.MarkDecorator] = {}
WRONG_LINE: dict[str, pytest.MarkDecorator] = {}
NOT_ALONE: dict[str, pytest.MarkDecorator] = {}


def _params(known: dict[str, pytest.MarkDecorator]) -> list:
    return [pytest.param(*case, id=case[0], marks=known.get(case[0], ())) for case in CASES]


def _load(name: str) -> list[Problem]:
    return load_story([FIXTURES / name]).problems


def _in_file(problem: Problem, fixture: str, file: str) -> bool:
    return Path(problem.location.path).resolve() == (FIXTURES / fixture / file).resolve()


def _find(
    problems: list[Problem], fixture: str, severity: Severity, file: str, line: int, words: list[str]
) -> Problem | None:
    """The problem this case is about: same severity and file, and the message words or the line (best both)."""
    scored = [
        (all(w in p.message for w in words), p.location.line == line, p)
        for p in problems
        if p.severity is severity and _in_file(p, fixture, file)
    ]
    scored = [s for s in scored if s[0] or s[1]]
    return max(scored, key=lambda s: (s[0], s[1]))[2] if scored else None


def _show(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in problems) or "(no problems)"


@pytest.mark.parametrize(("name", "severity", "file", "line", "words", "hint_words"), _params(WRONG_MESSAGE))
def test_mistake_is_reported_with_its_message_and_hint(
    name: str, severity: Severity, file: str, line: int, words: list[str], hint_words: list[str] | None
) -> None:
    """The checker reports the fixture's mistake with the right severity, file, message words and hint words."""
    problems = _load(name)
    found = _find(problems, name, severity, file, line, words)
    assert found is not None, f"no {severity.value} about {words} in {file}:\n{_show(problems)}"
    for word in words:
        assert word in found.message, _show([found])
    for word in hint_words or ():
        assert word in found.hint, _show([found])


@pytest.mark.parametrize(("name", "severity", "file", "line", "words", "hint_words"), _params(WRONG_LINE))
def test_mistake_is_reported_on_its_line(
    name: str, severity: Severity, file: str, line: int, words: list[str], hint_words: list[str] | None
) -> None:
    """The problem points at the line that holds the mistake (0 for a whole-file problem)."""
    problems = _load(name)
    found = _find(problems, name, severity, file, line, words)
    assert found is not None, f"no {severity.value} about {words} in {file}:\n{_show(problems)}"
    assert found.location.line == line, _show([found])
    if line:
        assert found.location.column >= 1, _show([found])


@pytest.mark.parametrize(("name", "severity", "file", "line", "words", "hint_words"), _params(NOT_ALONE))
def test_nothing_else_is_reported(
    name: str, severity: Severity, file: str, line: int, words: list[str], hint_words: list[str] | None
) -> None:
    """Besides the mistake (and what truly follows from it) the checker reports no other error or warning."""
    problems = _load(name)
    found = _find(problems, name, severity, file, line, words)
    others = [p for p in problems if p is not found]
    for c_severity, c_file, c_line, c_words in CONSEQUENCES.get(name, ()):
        consequence = _find(others, name, c_severity, c_file, c_line, c_words)
        assert consequence is not None and consequence.location.line == c_line, _show(problems)
        others.remove(consequence)
    assert others == [], _show(others)


@pytest.mark.parametrize(("name", "severity", "file", "line", "words", "hint_words"), _params({}))
def test_fixture_marks_its_one_mistake(
    name: str, severity: Severity, file: str, line: int, words: list[str], hint_words: list[str] | None
) -> None:
    """The fixture has exactly one `# mistake:` comment, on the line just above the line the table expects."""
    folder = FIXTURES / name
    marks = [
        (path.name, number)
        for path in sorted(folder.glob("*.yaml"))
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if text.lstrip().startswith("# mistake:")
    ]
    assert len(marks) == 1, marks
    if line:
        assert marks == [(file, line - 1)]


def test_every_fixture_is_in_the_table() -> None:
    """Each folder under fixtures/ is a case of the table (or the empty-file case), so none is forgotten."""
    folders = {path.name for path in FIXTURES.iterdir() if path.is_dir()}
    assert folders == {case[0] for case in CASES} | {"empty_file"}


def test_an_empty_file_is_read_with_a_warning() -> None:
    """An empty YAML file next to a valid story: the story loads, and the file is named (a pack emptied by mistake)."""
    result = load_story([FIXTURES / "empty_file"])
    assert (FIXTURES / "empty_file" / "empty.yaml").stat().st_size == 0
    [problem] = result.problems
    assert problem.severity is WARNING and problem.location.path.endswith("empty_file/empty.yaml")
    assert "the file is empty" in problem.message and "restore it" in problem.hint
    assert result.story is not None
    assert len(result.files) == 3
    assert result.scene_count == 3
