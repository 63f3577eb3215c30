"""Damaged and hostile scene files: the author always gets a list of problems, never a crash or a hang.

The fuzz test damages real story files (see ``mutations``) and loads each beside the rest of its story.
The other tests aim at the limits directly: an alias bomb, a block that names itself, too many values,
too deep nesting, a file over the size limit, a huge string just under it; and at what building and
running the fuzzer found: a whole number of thousands of digits and a condition hundreds of levels
deep (both crashed loading), and a long condition whose every name gave a problem quoting all of it.
"""

from __future__ import annotations

import io
import signal
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from rich.console import Console

from game.authoring.report import print_problems
from game.play.engine import Engine
from game.story.loader import LoadResult, load_story
from game.story.problems import Problem
from game.story.reader import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, Loader
from tests.conftest import MINI, ROOT, without_the_mini_loop
from tests.reliability.conftest import FIGURES, FUZZ, peak_memory
from tests.reliability.mutations import Damaged, alias_bomb, scene_files

MB = 1024 * 1024
TOO_LONG = "more than 15 digits"
TOO_DEEP_CONDITION = "nested too deeply (more than 50 levels)"
TOO_LONG_CONDITION = "too long (over 500 characters)"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for every example of the module (hypothesis cannot use a folder per example)."""
    return tmp_path_factory.mktemp("damaged")


def assert_well_reported(result: LoadResult) -> None:
    """Loading returned a result whose every problem names a file it read, a line (0: the whole file) and a message.

    The problems also print as `jangal check` prints them, and a story that loads can be started.
    """
    assert isinstance(result, LoadResult)
    for problem in result.problems:
        assert isinstance(problem, Problem)
        assert problem.location.path in result.files, problem
        assert isinstance(problem.location.line, int) and problem.location.line >= 0, problem
        assert isinstance(problem.message, str) and problem.message.strip(), problem
        assert isinstance(problem.hint, str)
    assert (result.story is None) == bool(result.errors), result.problems
    print_problems(Console(file=io.StringIO(), width=100), result.problems)
    if result.story is not None:
        engine = Engine(result.story)
        engine.view(engine.new_game())


def load_damaged(folder: Path, damaged: Damaged) -> LoadResult:
    """Load the damaged file beside the untouched rest of its story."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / damaged.seed.target.name
    target.write_bytes(damaged.data)
    try:
        return load_story([*damaged.seed.others, target])
    finally:
        target.unlink()


def report_size(result: LoadResult) -> int:
    """How many characters the problems' messages and hints hold together."""
    return sum(len(problem.message) + len(problem.hint) for problem in result.problems)


@pytest.fixture(scope="module")
def memory_before() -> int:
    """The process's peak memory before the fuzzing."""
    return peak_memory()


@FUZZ
@given(damaged=scene_files())
def test_damaged_scene_files_give_problems_never_a_crash(workdir: Path, memory_before: int, damaged: Damaged) -> None:
    """Whatever is done to a story file, loading lists problems with their places, within the deadline,
    in bounded memory, and with a report never more than fifty times the size of the files."""
    FIGURES["scene files fuzzed"] += 1
    result = load_damaged(workdir / str(FIGURES["scene files fuzzed"]), damaged)
    assert_well_reported(result)
    files = len(damaged.data) + sum(path.stat().st_size for path in damaged.seed.others)
    assert report_size(result) <= 50 * files + 100_000, (report_size(result), files)
    assert peak_memory() - memory_before < 500 * MB


HANG = 120
"""Seconds after which a load is taken to hang: only a loop that never ends gets near it (each of these takes well
under a second); how long they take is the bench's business, not a test's."""


@contextmanager
def bounded_work(monkeypatch: pytest.MonkeyPatch):
    """Counts the YAML events the reader pulls (the work of reading, whatever the machine) and the peak bytes;
    fails a load that hangs. Yields a dict that holds ``events`` and, after the block, ``peak``. The small
    story's story.yaml, read beside the file under test, is not counted."""
    counted = {"events": 0, "peak": 0}
    parse = yaml.parse
    story_block = (MINI / "story.yaml").read_text(encoding="utf-8")

    def counting_parse(text, *arguments, **options):
        for event in parse(text, *arguments, **options):
            counted["events"] += text != story_block
            yield event

    def hang(signum, frame):
        raise TimeoutError(f"loading took over {HANG} s: it hangs")

    monkeypatch.setattr(yaml, "parse", counting_parse)
    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(HANG)
    tracemalloc.start()
    try:
        yield counted
    finally:
        counted["peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def single_file_problem(
    folder: Path, text: str | bytes, monkeypatch: pytest.MonkeyPatch, name: str = "scenes.yaml"
) -> tuple[Problem, dict[str, int]]:
    """The one problem of a file loaded beside the small story's story.yaml, and the work it took (events, peak)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    with bounded_work(monkeypatch) as work:
        result = load_story([MINI / "story.yaml", target])
    assert_well_reported(result)
    mine = [problem for problem in result.errors if Path(problem.location.path).name == name]
    assert len(mine) == 1, result.problems
    return mine[0], work


def test_alias_bomb_is_refused_quickly_and_small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nine levels of nine aliases (387 million values once copied out) are refused at once, naming the line."""
    problem, work = single_file_problem(tmp_path, alias_bomb(levels=9, width=9), monkeypatch)
    assert "aliases expand too far" in problem.message
    assert problem.location.line >= 1 and problem.location.column >= 1
    assert work["events"] < 1_000 and work["peak"] < 100 * MB, work  # the file's own events, never its copies


def test_a_block_that_repeats_itself_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An alias inside the block it names (which would never end if copied out) is refused on its line."""
    problem, _ = single_file_problem(tmp_path, "scenes:\n  - &loop\n    id: x\n    choices: [*loop]\n", monkeypatch)
    assert "`*loop` is used inside the block it names" in problem.message
    assert (problem.location.line, problem.location.column) == (4, 15)


def test_too_many_values_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file of more than MAX_NODES values is refused where the count passes the limit, in bounded memory."""
    problem, work = single_file_problem(tmp_path, "codex:\n" + "  - x\n" * (MAX_NODES + 10), monkeypatch)
    assert f"too many values (over {MAX_NODES:,})" in problem.message
    assert problem.location.line == MAX_NODES - 1  # the mapping, `codex` and the list count too: 3 + 99,998 items
    assert work["events"] <= MAX_NODES + 10 and work["peak"] < 100 * MB, work  # stopped where the count passed


@pytest.mark.parametrize(
    "nested",
    [
        "[" * 5000 + "]" * 5000,
        "{a: " * 5000 + "b" + "}" * 5000,
        "".join(f"\n{'  ' * level}k:" for level in range(1, 200)) + " leaf",
    ],
    ids=["flow list", "flow mapping", "block mappings"],
)
def test_deep_nesting_is_refused(tmp_path: Path, nested: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Thousands of nested lists or mappings are refused as nested too deeply, on the line where it happens."""
    problem, work = single_file_problem(tmp_path, "codex: " + nested + "\n", monkeypatch)
    assert "nested too deeply" in problem.message, problem
    assert problem.location.line >= 1
    assert work["events"] < 2 * MAX_DEPTH + 10 and work["peak"] < 100 * MB, work  # stopped at the limit


def test_nesting_up_to_the_limit_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nesting just within MAX_DEPTH levels is read normally (the codex then says what it expected)."""
    within = "[" * (MAX_DEPTH - 2) + "x" + "]" * (MAX_DEPTH - 2)
    problem, _ = single_file_problem(tmp_path, f"codex: {within}\n", monkeypatch)
    assert "should be a mapping" in problem.message


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file one byte over MAX_FILE_BYTES is refused by its size, without being read."""
    filler = b"# a comment line that YAML would happily read\n"
    data = filler * (MAX_FILE_BYTES // len(filler) + 1)
    problem, work = single_file_problem(tmp_path, data[: MAX_FILE_BYTES + 1], monkeypatch)
    assert f"{MAX_FILE_BYTES + 1:,} bytes, over the {MAX_FILE_BYTES // MB} MB limit" in problem.message
    assert problem.location.line == 0
    assert work["events"] == 0 and work["peak"] < 10 * MB, work  # never parsed, never read


def story_with(folder: Path, old: str, new: str) -> Path:
    """A copy of the small story with one replacement in scenes.yaml."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "story.yaml").write_bytes((MINI / "story.yaml").read_bytes())
    text = (MINI / "scenes.yaml").read_text(encoding="utf-8")
    assert old in text
    (folder / "scenes.yaml").write_text(text.replace(old, new), encoding="utf-8")
    return folder


@pytest.mark.parametrize("character", ["x", "ж"])
def test_huge_text_just_under_the_size_limit_is_read_in_bounded_work_and_memory(
    tmp_path: Path, character: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scene text filling the file up to the size limit is read, in a small file's events and a few times its size,
    and refused as over the text limit (tests/reliability/test_limits.py), at its place."""
    room = MAX_FILE_BYTES - (MINI / "scenes.yaml").stat().st_size - 100
    huge = character * (room // len(character.encode()))
    folder = story_with(tmp_path, "text: Ships in the harbour.", f"text: {huge}")
    with bounded_work(monkeypatch) as work:
        result = load_story([folder])
    assert [(problem.message.split(" is ")[0], problem.location.line) for problem in result.problems] == [
        ("the scene text", 7)
    ]
    assert work["events"] < 1_000 and work["peak"] < 8 * MAX_FILE_BYTES, work


def test_a_number_of_thousands_of_digits_is_a_problem(tmp_path: Path) -> None:
    """Found while building the fuzzer: Python refuses numbers of over 4,300 digits, which crashed loading."""
    folder = story_with(tmp_path, "add: {support: 1}", "add: {support: " + "9" * 5000 + "}")
    problems = without_the_mini_loop(load_story([folder]).problems)
    assert [(p.message, p.location.line) for p in problems] == [(f"the amount for `support` has {TOO_LONG}", 18)]


@pytest.mark.parametrize(
    ("condition", "problem"),
    [
        ("-" * 400 + "1 > 0", TOO_DEEP_CONDITION),
        ("not " * 60 + "true", TOO_DEEP_CONDITION),
        ("a + " * 60 + "a > 1", TOO_DEEP_CONDITION),
        ("a > 1 and " * 3000 + "true", TOO_LONG_CONDITION),
    ],
    ids=["minus", "not", "sum", "long"],
)
def test_a_condition_too_deep_or_too_long_is_one_problem(tmp_path: Path, condition: str, problem: str) -> None:
    """A condition hundreds of levels deep crashed loading (found while building the fuzzer); one naming an
    undeclared `a` 3,000 times gave 3,000 problems each quoting all 30 KB of it (found by the full fuzz run)."""
    folder = story_with(tmp_path, "if: support >= 4\n", f"if: {condition}\n")
    problems = load_story([folder]).problems
    assert [p.message for p in problems] == [f"condition `{condition}`: the condition is {problem}"]
    assert (problems[0].location.line, problems[0].location.column) == (27, 13)


def test_the_campaign_is_far_from_every_limit() -> None:
    """The limits only stop mistakes and attacks: the largest campaign file has under a tenth of MAX_NODES values."""
    for path in (ROOT / "scenes").glob("*.yaml"):
        assert path.stat().st_size < MAX_FILE_BYTES / 100
        events = list(yaml.parse(path.read_text(encoding="utf-8"), Loader=Loader))
        assert len(events) < MAX_NODES / 10, path
