"""The historical timeline and the endings' explanations: the campaign keeps its promises, and mistakes are caught."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from game.story.dates import date_key
from game.story.loader import load_story
from game.story.model import Reliability, Story
from tests.conftest import ROOT

SCENES = ROOT / "scenes"


@pytest.fixture(scope="module")
def campaign() -> Story:
    """The sample story of scenes/, which must load without errors."""
    result = load_story([SCENES])
    assert result.story is not None, [str(p) for p in result.errors]
    return result.story


# The sample story


def test_campaign_timeline_is_written_in_date_order(campaign: Story) -> None:
    """Every event comes from scenes/timeline.yaml, and the file lists them in date order."""
    events = campaign.timeline
    assert len(events) >= 20  # grows with the story: every decision on history's path has its event
    assert {Path(event.location.path).name for event in events} == {"timeline.yaml"}
    assert [date_key(e.date) for e in events] == sorted(date_key(e.date) for e in events)
    lines = [event.location.line for event in events]
    assert lines == sorted(lines), "the loader had to reorder the events: the file is not in date order"
    assert events[0].date.startswith("1915") and events[-1].date.startswith("1921-12")


def test_campaign_timeline_scenes_exist(campaign: Story) -> None:
    """Every event that names a scene names one the story has, and most events are told by some scene."""
    named = [event.scene for event in campaign.timeline if event.scene]
    assert all(scene in campaign.scenes for scene in named)
    assert len(named) >= len(campaign.timeline) // 2


def test_campaign_disputed_events_say_what_is_in_doubt(campaign: Story) -> None:
    """A disputed event says in its own text what is uncertain, and no event is invented."""
    words = ("disputed", "differ", "unconfirmed", "single", "only", "one source")
    for event in campaign.timeline:
        assert event.reliability is not Reliability.INVENTED, event.event
        if event.reliability is Reliability.DISPUTED:
            assert any(word in event.event.lower() for word in words), event.event


def endings(story: Story) -> list:
    return [scene for scene in story.scenes.values() if scene.ending is not None]


def test_campaign_endings_have_explanations_and_questions(campaign: Story) -> None:
    """Every ending sets at least three explanations side by side and asks two or three questions."""
    assert len(endings(campaign)) >= 6
    for scene in endings(campaign):
        ending = scene.ending
        assert len(ending.explanations) >= 3, scene.id
        assert 2 <= len(ending.questions) <= 3, scene.id
        assert len({e.who for e in ending.explanations}) == len(ending.explanations), scene.id
        for explanation in ending.explanations:
            assert 40 <= len(explanation.view.split()) <= 80, (scene.id, explanation.who)
        for question in ending.questions:
            assert "?" in question and "\n" not in question, (scene.id, question)


def test_campaign_endings_name_the_three_main_explanations(campaign: Story) -> None:
    """Each ending includes Yeghikian and Fakhrayi, the Soviet strategic turn, and Nejad."""
    for scene in endings(campaign):
        whos = " / ".join(e.who for e in scene.ending.explanations)
        for name in ("Yeghikian", "Soviet strategic turn", "Nejad"):
            assert name in whos, (scene.id, name)


# A small inline story

STORY = """\
story:
  id: tiny
  title: A tiny story
  start: landing
  chapters:
    - id: one
      title: One
      start: landing
"""

SCENES_FILE = """\
scenes:
  - id: landing
    chapter: one
    title: Ships at Anzali
    date: 1920-05-18
    place: Anzali
    text: Red ships in the harbour.
    choices:
      - text: Go to Rasht
        goto: rasht
  - id: rasht
    chapter: one
    title: Rasht
    date: 1920-06
    place: Rasht
    text: A republic is proclaimed.
    ending:
      kind: historical
      title: The republic
      epilogue: It did not last.
      what_really_happened: This is what happened.
      explanations:
        - who: Kayhan A. Nejad
          view: Infighting first, withdrawal second.
        - who: Yeghikian and Fakhrayi
          view: The war on religion cost the republic its public.
      questions:
        - Why did the alliance split?
        - Who gained from the split?
"""

TIMELINE = """\
timeline:
  - date: 1920-06
    event: A republic is proclaimed in Rasht.
    place: Rasht
    reliability: disputed
    scene: rasht
  - date: 1920-05-18
    event: The Soviet flotilla lands at Anzali.
    scene: landing
"""


def write_story(folder: Path, scenes: str = SCENES_FILE, timeline: str = TIMELINE) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in (("story.yaml", STORY), ("scenes.yaml", scenes), ("timeline.yaml", timeline)):
        if text:  # no file at all for an empty part: an empty file is warned about
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def line_of(text: str, needle: str) -> int:
    """The 1-based number of the only line that contains the needle."""
    found = [number for number, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(found) == 1, found
    return found[0]


def only_problem(folder: Path):
    result = load_story([folder])
    assert result.story is None
    assert len(result.problems) == 1, [str(p) for p in result.problems]
    return result.problems[0]


def test_inline_story_loads_with_its_timeline_sorted(tmp_path: Path) -> None:
    """The inline story is clean; its events come out in date order, defaults filled in."""
    result = load_story([write_story(tmp_path / "story")])
    assert [str(p) for p in result.problems] == []
    first, second = result.story.timeline
    assert (first.date, first.scene, first.reliability, first.place) == (
        "1920-05-18",
        "landing",
        Reliability.DOCUMENTED,
        "",
    )
    assert (second.date, second.reliability) == ("1920-06", Reliability.DISPUTED)
    ending = result.story.scenes["rasht"].ending
    assert [e.who for e in ending.explanations] == ["Kayhan A. Nejad", "Yeghikian and Fakhrayi"]
    assert ending.questions == ("Why did the alliance split?", "Who gained from the split?")


def test_timeline_event_naming_a_missing_scene_is_an_error_on_its_line(tmp_path: Path) -> None:
    """A misspelt `scene:` is an error at the line (and column) of its value, in the timeline file."""
    timeline = TIMELINE.replace("scene: rasht", "scene: rashtt")
    problem = only_problem(write_story(tmp_path / "story", timeline=timeline))
    assert problem.is_error
    assert problem.message == "timeline event names scene `rashtt`, which does not exist"
    assert Path(problem.location.path).name == "timeline.yaml"
    assert problem.location.line == line_of(timeline, "scene: rashtt")
    assert problem.location.column == len("    scene: ") + 1


def test_explanation_without_view_is_an_error(tmp_path: Path) -> None:
    """An explanation must have both `who` and `view`; a missing `view` is reported at the explanation."""
    scenes = SCENES_FILE.replace("          view: Infighting first, withdrawal second.\n", "")
    problem = only_problem(write_story(tmp_path / "story", scenes=scenes))
    assert problem.is_error
    assert problem.message == "an explanation is missing `view`"
    assert Path(problem.location.path).name == "scenes.yaml"
    assert problem.location.line == line_of(scenes, "- who: Kayhan A. Nejad")


def test_explanation_with_unknown_key_is_an_error(tmp_path: Path) -> None:
    """A misspelt key in an explanation gets a "did you mean" hint."""
    scenes = SCENES_FILE.replace("view: Infighting", "veiw: Infighting")
    problem = only_problem(write_story(tmp_path / "story", scenes=scenes))
    assert problem.message == "unknown key `veiw` in an explanation"
    assert problem.hint == "did you mean `view`?"
    assert problem.location.line == line_of(scenes, "veiw:")


@pytest.mark.parametrize("date", ["1921-02-30", "1921-13", "Feb 1921", "21-02-1921", "1921/02/21", "summer 1920"])
def test_bad_timeline_date_is_an_error(tmp_path: Path, date: str) -> None:
    """A timeline date that is not YYYY, YYYY-MM or YYYY-MM-DD, or not in the calendar, is an error on its line."""
    timeline = TIMELINE.replace("date: 1920-06", f"date: {date}")
    problem = only_problem(write_story(tmp_path / "story", timeline=timeline))
    assert problem.is_error
    assert problem.message == f"the date `{date}` is not a date"
    assert Path(problem.location.path).name == "timeline.yaml"
    assert problem.location.line == line_of(timeline, f"date: {date}")


def test_timeline_event_needs_a_date_and_an_event(tmp_path: Path) -> None:
    """`date` and `event` are required in every timeline event."""
    timeline = dedent("""\
        timeline:
          - event: The Soviet flotilla lands at Anzali.
          - date: 1920-05-18
    """)
    result = load_story([write_story(tmp_path / "story", timeline=timeline)])
    assert result.story is None
    assert [(p.message, p.location.line) for p in result.errors] == [
        ("a timeline event is missing `date`", 2),
        ("a timeline event is missing `event`", 3),
    ]


def test_timeline_may_sit_in_any_story_file(tmp_path: Path) -> None:
    """`timeline:` is a top-level block like `scenes:`, allowed beside the scenes in one file."""
    folder = write_story(tmp_path / "story", scenes=SCENES_FILE + "\n" + TIMELINE, timeline="")
    result = load_story([folder])
    assert [str(p) for p in result.problems] == []
    assert len(result.story.timeline) == 2
