"""What the engine and the explorer work out once and keep: it must never change what they answer.

The engine keeps, per scene, its options, one view per outcome of the scene's conditions and what
each choice changes; it shares read-only mappings between states and makes states the fast way.
The explorer tallies by outcome and keys states by their values. Each test here sets the kept
answer beside the plain rule, over many states, so a cache that leaked one state into another shows.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import FrozenInstanceError, fields
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.authoring.explore import Explorer
from game.authoring.routes import INFINITE, count_paths, state_key
from game.play.engine import Engine, SceneView
from game.play.state import GameState, Step
from game.story.conditions import parse_condition
from game.story.loader import load_or_raise
from game.story.model import Story
from game.story.problems import ChoiceError
from tests.conftest import ROOT, chapters_alone

STORY = """story:
  id: speedups
  title: Speedups
  start: a
  variables:
    support: {label: Support, start: 1, min: 0, max: 3}
    funds: {label: Funds, start: 0}
  flags:
    warned: {label: Warned}
    allied: {label: Allied, start: true}
  chapters:
    - {id: one, title: One, start: a}
    - id: two
      title: Two
      start: b
      preset: {set: {support: 3}, clear_flags: [allied]}
"""

SCENES = """scenes:
  - id: a
    chapter: one
    title: A
    text: t
    choices:
      - {text: on, goto: b, effects: {add: {support: 1}, set_flags: [warned]}}
      - {text: locked, goto: c, if: support >= 2, locked_reason: Not yet.}
      - {text: hidden, goto: c, if: flags.warned and not flags.allied}
      - text: both
        goto: a
        if: 1 <= support <= 2 or visits("b") >= 2
        effects: {set: {support: 3}, add: {support: -1}}
  - id: b
    chapter: one
    title: B
    text: t
    on_enter: {add: {funds: 2}, clear_flags: [warned]}
    choices:
      - {text: back, goto: a, effects: {add: {support: 5, funds: -1}, set_flags: [warned], clear_flags: [warned]}}
      - {text: round, goto: b, if: visited("c") or funds + support >= 6, effects: {add: {support: -9}}}
      - {text: end, goto: end, if: funds >= 4, locked_reason: Too poor.}
  - id: c
    chapter: one
    title: C
    text: t
    on_enter: {set_flags: [allied], add: {support: -1}}
    choices:
      - {text: plain, goto: b, effects: {add: {support: 1}}}
      - {text: plain too, goto: a, effects: {clear_flags: [allied]}}
  - id: end
    chapter: one
    title: End
    text: t
    ending: {kind: historical, title: E, epilogue: e, what_really_happened: w}
"""


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Story:
    """A story whose choices have every kind of condition and effect, and on_enter effects on top."""
    folder = tmp_path_factory.mktemp("speedups")
    (folder / "story.yaml").write_text(STORY, encoding="utf-8")
    (folder / "scenes.yaml").write_text(SCENES, encoding="utf-8")
    return load_or_raise([folder])


def plain_options(story: Story, state: GameState) -> list[tuple[int, bool, str]]:
    """The rule for what a view lists: every open choice, and closed ones that have a locked reason."""
    listed = []
    for index, choice in enumerate(story.scenes[state.scene].choices):
        is_open = choice.condition is None or bool(choice.condition(state))
        if is_open or choice.locked_reason:
            listed.append((index, is_open, "" if is_open else choice.locked_reason))
    return listed


def plain_choose(story: Story, state: GameState, index: int) -> GameState:
    """The rule for a choice: its effects, then the next scene's on_enter, one visit more, one step more."""
    scene = story.scenes[state.scene]
    choice = scene.choices[index]
    variables, flags = dict(state.variables), set(state.flags)
    for effects in (choice.effects, story.scenes[choice.goto].on_enter):
        for name, value in effects.set:
            variables[name] = story.variables[name].clamp(value)
        for name, amount in effects.add:
            variables[name] = story.variables[name].clamp(variables[name] + amount)
        flags.update(effects.set_flags)
        flags.difference_update(effects.clear_flags)
    visits = dict(state.visits)
    visits[choice.goto] = visits.get(choice.goto, 0) + 1
    step = Step(state.scene, index, scene.historical_index, state.variables, state.flags)
    path = (*state.path, step)
    return GameState(choice.goto, MappingProxyType(variables), frozenset(flags), MappingProxyType(visits), path)


def any_state(story: Story, rng: random.Random) -> GameState:
    """A state in any scene with any values, whether or not play could reach it."""
    return GameState(
        scene=rng.choice(list(story.scenes)),
        variables=MappingProxyType({"support": rng.randint(-1, 4), "funds": rng.randint(-2, 7)}),
        flags=frozenset(flag for flag in ("warned", "allied") if rng.random() < 0.5),
        visits=MappingProxyType({scene: rng.randint(1, 3) for scene in ("a", "b", "c") if rng.random() < 0.5}),
    )


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_views_follow_each_state_whatever_came_before(story: Story, seed: int) -> None:
    """One engine asked about states in any order lists exactly what the plain rule lists for each."""
    engine, rng = Engine(story), random.Random(seed)
    for _ in range(40):
        state = any_state(story, rng)
        view = engine.view(state)
        listed = [(option.index, option.open, option.reason) for option in view.options]
        assert listed == plain_options(story, state)
        assert view.open_options == tuple(option for option in view.options if option.open)
        assert view.ending == story.scenes[state.scene].ending
        assert view.scene is story.scenes[state.scene]
        choices = view.scene.choices
        for index in range(-1, len(choices) + 1):
            expected = 0 <= index < len(choices) and (
                choices[index].condition is None or choices[index].condition(state)
            )
            assert engine.is_open(state, index) == expected


def test_a_locked_choice_opens_and_closes_again(story: Story) -> None:
    """The same scene's view changes with the state, back and forth, and each outcome's view is kept."""
    engine = Engine(story)
    low = engine.new_game()
    high = GameState("a", MappingProxyType({"support": 3, "funds": 0}), low.flags, low.visits)
    shown = []
    for state in (low, high, low, high):
        locked = engine.view(state).options[1]
        shown.append((locked.open, locked.reason))
    assert shown == [(False, "Not yet."), (True, ""), (False, "Not yet."), (True, "")]
    assert engine.view(low) is engine.view(low)
    assert engine.view(low) != engine.view(high)


def test_a_scene_without_conditions_shares_one_view(story: Story) -> None:
    """Every state in a scene with unconditioned choices gets the same view, equal to one made by hand."""
    engine, rng = Engine(story), random.Random(3)
    states = [any_state(story, rng) for _ in range(50)]
    views = {id(engine.view(state)) for state in states if state.scene == "c"}
    assert len(views) == 1
    view = engine.view(GameState("c", MappingProxyType({"support": 0, "funds": 0}), frozenset(), MappingProxyType({})))
    by_hand = SceneView(view.scene, view.options)
    assert by_hand == view
    assert by_hand.open_options == view.open_options
    assert by_hand.ending is None
    assert [field.name for field in fields(SceneView) if field.compare] == ["scene", "options"]


def test_a_view_made_by_hand_works_out_what_is_open() -> None:
    """A SceneView built outside the engine still answers open_options and ending."""
    engine = Engine(load_or_raise([Path(__file__).parents[1] / "stories" / "mini"]))
    view = engine.view(engine.new_game())
    closed_only = SceneView(view.scene, tuple(option for option in view.options if not option.open))
    assert closed_only.open_options == ()
    assert closed_only.ending is view.ending
    assert repr(closed_only).startswith("SceneView(scene=")
    with pytest.raises(FrozenInstanceError):
        closed_only.options = ()  # type: ignore[misc]


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), chapter=st.sampled_from([None, "one", "two"]))
def test_choices_change_the_state_as_the_plain_rule_says(story: Story, seed: int, chapter: str | None) -> None:
    """Walks of open choices give, step by step, the very states the plain rule gives."""
    engine, rng = Engine(story), random.Random(seed)
    state = engine.new_game(chapter)
    for _ in range(60):
        opened = [option.index for option in engine.view(state).open_options]
        if story.scenes[state.scene].ending is not None or not opened:
            state = engine.new_game(chapter)
            continue
        index = rng.choice(opened)
        before = (dict(state.variables), state.flags, dict(state.visits), state.path)
        turn = engine.choose(state, index)
        expected = plain_choose(story, state, index)
        expected = GameState(
            expected.scene, expected.variables, expected.flags, expected.visits, expected.path, chapter
        )
        assert turn.state == expected
        assert type(turn.state) is GameState and type(turn.step) is Step
        assert turn.step == expected.path[-1] and turn.state.path[-1] is turn.step
        assert turn.choice is story.scenes[state.scene].choices[index]
        assert (dict(state.variables), state.flags, dict(state.visits), state.path) == before  # left alone
        assert engine.undo(turn.state) == state
        state = turn.state


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_every_open_choice_of_any_state_changes_it_as_the_plain_rule_says(story: Story, seed: int) -> None:
    """From states play may never reach (values at and past their bounds), each open choice follows the rule."""
    engine, rng = Engine(story), random.Random(seed)
    for _ in range(30):
        state = any_state(story, rng)
        for option in engine.view(state).open_options:
            if story.scenes[state.scene].ending is None:
                assert engine.choose(state, option.index).state == plain_choose(story, state, option.index)


def test_what_the_engine_makes_stays_frozen(story: Story) -> None:
    """States, steps and turns the engine makes refuse changes, and survive their JSON form."""
    engine = Engine(story)
    turn = engine.choose(engine.new_game(), 0)
    for thing, name in ((turn, "state"), (turn.state, "scene"), (turn.step, "choice")):
        with pytest.raises(FrozenInstanceError):
            setattr(thing, name, None)
    with pytest.raises(TypeError):
        turn.state.variables["support"] = 9  # type: ignore[index]
    state = turn.state
    assert GameState.from_json(state.to_json()) == state
    assert repr(state) == repr(GameState(**{f.name: getattr(state, f.name) for f in fields(GameState)}))


def test_states_built_by_hand_with_plain_containers_still_play(story: Story) -> None:
    """A state holding a plain dict and set (not the engine's read-only ones) is copied, not shared."""
    engine = Engine(story)
    variables, flags = {"support": 1, "funds": 0}, {"allied"}
    state = GameState("a", variables, flags, {"a": 1})  # type: ignore[arg-type]
    following = engine.choose(state, 0).state
    assert isinstance(following.variables, MappingProxyType) and isinstance(following.flags, frozenset)
    variables["funds"] = 100
    flags.add("warned")
    assert following.variables["funds"] == 2 and following.flags == frozenset({"allied"})


def test_refusals_are_unchanged(story: Story) -> None:
    """Closed, missing and ended choices are refused with the same messages as ever."""
    engine = Engine(story)
    state = engine.new_game()
    with pytest.raises(ChoiceError, match=r"choice 2 is not open: Not yet\."):
        engine.choose(state, 1)
    with pytest.raises(ChoiceError, match="choice 3 is not open: its condition is not met"):
        engine.choose(state, 2)
    for index in (-1, 4):
        with pytest.raises(ChoiceError, match=r"there is no choice .* here \(there are 4\)"):
            engine.choose(state, index)
    ended = GameState("end", state.variables, state.flags, state.visits)
    with pytest.raises(ChoiceError, match="the story has ended here"):
        engine.choose(ended, 0)
    with pytest.raises(KeyError):
        engine.view(GameState("nowhere", state.variables, state.flags, state.visits))
    with pytest.raises(ChoiceError, match="no chapter"):
        engine.new_game("three")


def test_new_game_gives_the_same_start_each_time(story: Story) -> None:
    """A new game is an immutable value: asking again gives an equal one, chapter by chapter."""
    engine = Engine(story)
    assert engine.new_game() == Engine(story).new_game()
    assert engine.new_game("two") == engine.new_game("two") != engine.new_game()
    assert dict(engine.new_game("two").variables) == {"support": 3, "funds": 2}
    assert engine.new_game("two").flags == frozenset()


def test_giving_the_engine_another_story_forgets_the_old_one(story: Story) -> None:
    """What the engine worked out about one story is never used for another."""
    mini = load_or_raise([Path(__file__).parents[1] / "stories" / "mini"])
    engine = Engine(story)
    engine.view(engine.new_game())
    engine.story = mini
    state = engine.new_game()
    assert state.scene == "dock"
    assert engine.view(state).scene is mini.scenes["dock"]


@pytest.mark.parametrize(
    ("source", "truth"),
    [
        ("support >= 2", lambda v, f: v["support"] >= 2),
        ("2 < support", lambda v, f: v["support"] > 2),
        ("support == funds", lambda v, f: v["support"] == v["funds"]),
        ("support + funds >= 6", lambda v, f: v["support"] + v["funds"] >= 6),
        ("funds - 1 < support", lambda v, f: v["funds"] - 1 < v["support"]),
        ("-support < -1", lambda v, f: -v["support"] < -1),
        ("1 <= support <= 2", lambda v, f: 1 <= v["support"] <= 2),
        ("funds < support < 3 < funds + 5", lambda v, f: v["funds"] < v["support"] < 3 < v["funds"] + 5),
        ("not flags.warned", lambda v, f: "warned" not in f),
        ("not (support > 1)", lambda v, f: not v["support"] > 1),
        ("flags.warned == flags.allied", lambda v, f: ("warned" in f) == ("allied" in f)),
        ("flags.warned and support > 0", lambda v, f: "warned" in f and v["support"] > 0),
        ("flags.warned or support > 2", lambda v, f: "warned" in f or v["support"] > 2),
        (
            "flags.warned and flags.allied and support > 0 and funds < 3",
            lambda v, f: "warned" in f and "allied" in f and v["support"] > 0 and v["funds"] < 3,
        ),
        ("flags.warned or flags.allied or funds > 2", lambda v, f: "warned" in f or "allied" in f or v["funds"] > 2),
        ("true and not false", lambda v, f: True),
    ],
)
def test_conditions_give_the_plain_truth(source: str, truth) -> None:
    """Every shape of condition, read directly or through closures, agrees with Python's own reading."""
    condition = parse_condition(source)
    for support in range(-1, 5):
        for funds in range(-1, 5):
            for flags in (frozenset(), frozenset({"warned"}), frozenset({"allied"}), frozenset({"warned", "allied"})):
                variables = {"support": support, "funds": funds}
                state = GameState("a", MappingProxyType(variables), flags, MappingProxyType({}))
                got = condition(state)
                assert type(got) is bool
                assert got == truth(variables, flags), (source, variables, flags)


def plain_exhaustive(explorer: Explorer, start: GameState, limit: int):
    """The explorer's walk as plainly written: record every state, check every open choice, choose it."""
    ids = {state_key(start, explorer.watched): 0}
    edges: list[list[int]] = []
    endings: dict[int, str] = {}
    queue = deque([(start, 0, ())])
    while queue:
        state, number, path = queue.popleft()
        edges.append([])
        opened = explorer.record(state)
        if explorer.story.scenes[state.scene].ending is not None:
            endings[number] = state.scene
            explorer.result.shortest.setdefault(state.scene, path)
            continue
        for index in opened:
            explorer.check_overflow(state, index)
            following = explorer.engine.choose(state, index).state
            key = state_key(following, explorer.watched)
            if key not in ids:
                if len(ids) >= limit:
                    explorer.result.complete = False
                    continue
                ids[key] = len(ids)
                queue.append((following, ids[key], (*path, index)))
            edges[number].append(ids[key])
    explorer.result.states = len(edges)
    explorer.result.ending_paths = reference_path_counts(edges, endings)
    return explorer.result


def reference_path_counts(edges: list[list[int]], endings: dict[int, str]) -> dict[str, int]:
    """Paths from state 0 to each ending, counted another way than the explorer's ``count_paths``.

    The states reachable from 0 are put in topological order (Kahn's algorithm); if some are left
    over there is a loop, and every reachable ending has endlessly many paths. Otherwise the number
    of ways into each state flows forward along every edge (two choices into one state are two ways).
    """
    reachable, queue = {0}, deque([0])
    while queue:
        for child in edges[queue.popleft()]:
            if child not in reachable:
                reachable.add(child)
                queue.append(child)
    incoming = dict.fromkeys(reachable, 0)
    for node in reachable:
        for child in edges[node]:
            incoming[child] += 1
    order, ready = [], deque(node for node in reachable if incoming[node] == 0)
    while ready:
        node = ready.popleft()
        order.append(node)
        for child in edges[node]:
            incoming[child] -= 1
            if incoming[child] == 0:
                ready.append(child)
    if len(order) < len(reachable):
        return {endings[node]: INFINITE for node in reachable if node in endings}
    ways = dict.fromkeys(reachable, 0)
    ways[0] = 1
    counts: dict[str, int] = {}
    for node in order:
        if node in endings:
            counts[endings[node]] = counts.get(endings[node], 0) + ways[node]
        for child in edges[node]:
            ways[child] += ways[node]
    return counts


@settings(max_examples=300, deadline=None)
@given(data=st.data(), size=st.integers(1, 12), forward_only=st.booleans())
def test_the_path_counter_agrees_with_a_reference_count(data, size: int, forward_only: bool) -> None:
    """On any small graph, with or without loops, repeated edges and endings that go on, both counts agree.

    Half the graphs have edges only to later states, so no loop makes every count endless.
    """
    edges = [
        data.draw(st.lists(st.integers(node + 1 if forward_only else 0, size - 1), max_size=4))
        if node + 1 < size or not forward_only
        else []
        for node in range(size)
    ]
    endings = data.draw(st.dictionaries(st.integers(0, size - 1), st.sampled_from(["x", "y", "z"]), max_size=size))
    assert count_paths(edges, endings) == reference_path_counts(edges, endings)


def test_the_reference_count_by_hand() -> None:
    """The reference itself on graphs counted on paper: a diamond, repeated edges, a loop, an unreachable ending."""
    diamond = [[1, 2], [3], [3], []]
    assert reference_path_counts(diamond, {3: "end"}) == {"end": 2}
    assert reference_path_counts([[1, 1, 2], [2], []], {2: "end", 1: "mid"}) == {"mid": 2, "end": 3}
    assert reference_path_counts([[1], [0, 2], []], {2: "end"}) == {"end": INFINITE}
    assert reference_path_counts([[1], [], [1]], {1: "a", 2: "b"}) == {"a": 1}


def ordered(result) -> dict:
    """Every field of an exploration, with each table's keys in their order (path counts: by ending).

    The reference path count finds the endings in another order than the explorer's; what is
    compared there is each ending's count.
    """
    return {
        f.name: (sorted(value.items()) if f.name == "ending_paths" else list(value.items()))
        if isinstance(value, dict)
        else value
        for f in fields(result)
        for value in [getattr(result, f.name)]
    }


@pytest.mark.parametrize("limit", [3_000, 40, 7])
@pytest.mark.parametrize("chapter", [None, "two"])
def test_the_explorers_tallies_match_the_plain_walk(story: Story, limit: int, chapter: str | None) -> None:
    """Tallying by outcome and keying by values finds what recording every state finds, in the same order.

    The story loops with ever more visits and funds, so every walk stops at its limit.
    """
    plain = Explorer(story)
    plain_exhaustive(plain, plain.engine.new_game(chapter), limit)
    quick = Explorer(story)
    quick.exhaustive(quick.engine.new_game(chapter), limit, exact=True)
    assert ordered(quick.result) == ordered(plain.result)
    assert quick.result.overflows and quick.result.choice_closed and not quick.result.complete


def test_a_walk_that_comes_back_to_a_state_matches_the_plain_walk(tmp_path: Path) -> None:
    """Loops in the state graph (a state that leads back to one on the way to it) are counted as plainly."""
    (tmp_path / "story.yaml").write_text(STORY.replace("start: b", "start: c"), encoding="utf-8")
    scenes = """scenes:
  - {id: a, chapter: one, title: A, text: t, choices: [{text: c, goto: c}, {text: e, goto: e}]}
  - {id: c, chapter: one, title: C, text: t, choices: [{text: a, goto: a}]}
  - id: e
    chapter: one
    title: E
    text: t
    ending: {kind: historical, title: E, epilogue: e, what_really_happened: w}
"""
    (tmp_path / "scenes.yaml").write_text(scenes, encoding="utf-8")
    looping = load_or_raise([tmp_path])
    plain = Explorer(looping)
    plain_exhaustive(plain, plain.engine.new_game(), 1_000)
    quick = Explorer(looping)
    quick.exhaustive(quick.engine.new_game(), 1_000, exact=True)
    assert ordered(quick.result) == ordered(plain.result)
    assert quick.result.ending_paths == {"e": INFINITE} and quick.result.complete


@pytest.mark.parametrize("part", ["first chapter", "third chapter"])
def test_complete_walks_of_the_campaign_match_the_plain_walk(part: str) -> None:
    """Walks that run out of states (the campaign's first chapter alone, its third from its start) agree to
    the last count."""
    campaign = load_or_raise([ROOT / "scenes"])
    if part == "first chapter":
        story, chapter = chapters_alone(campaign, {"uprising"}), None
    else:
        story, chapter = campaign, "reza_khan"
    plain = Explorer(story)
    plain_exhaustive(plain, plain.engine.new_game(chapter), 5_000_000)
    quick = Explorer(story)
    quick.exhaustive(quick.engine.new_game(chapter), 5_000_000, exact=True)
    assert ordered(quick.result) == ordered(plain.result)
    assert quick.result.complete and quick.result.ending_paths


@pytest.mark.parametrize("names", [("support", "funds"), ("funds", "support"), ("funds",)])
def test_the_explorers_keys_tell_states_apart_as_state_key_does(story: Story, names: tuple[str, ...]) -> None:
    """Two states of one walk get the same key exactly when ``state_key`` gives them the same.

    A start without ``support`` (which an effect sets) is keyed the plain way; the others by values.
    """
    explorer, rng = Explorer(story), random.Random(5)
    explorer.watched = frozenset({"b", "c"})
    states = []
    for _ in range(400):
        state = any_state(story, rng)
        values = {name: rng.randint(0, 2) for name in names}
        visits = {scene: rng.randint(0, 2) for scene in ("a", "b", "c") if rng.random() < 0.6}
        states.append(GameState(state.scene, MappingProxyType(values), state.flags, MappingProxyType(visits)))
    key_of = explorer._key_function(states[0])
    for first, second in zip(states, states[1:] + states[:1], strict=True):
        same = state_key(first, explorer.watched) == state_key(second, explorer.watched)
        assert (key_of(first) == key_of(second)) == same
        assert (key_of(first)[1] == key_of(second)[1]) == (dict(first.variables) == dict(second.variables))
