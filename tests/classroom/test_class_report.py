"""The class report on a class of 30 seeded playthroughs: exact counts, duplicates and a tampered file left out."""

from __future__ import annotations

import html
import re
import shutil
from collections import Counter

import pytest

from game.classroom.class_report import build_class_report, decision_rows
from game.classroom.class_report_html import class_report_html
from game.classroom.render import render
from game.classroom.transcript import transcript_of
from tests.classroom.conftest import play, self_contained, write_transcript

STUDENTS = 30
ORIGINS = (None, "qazvin", "reza_khan", None)


def class_games(story):
    """Thirty students' games: different seeds, starting chapters, and a few stopped before the end."""
    games = []
    for number in range(1, STUDENTS + 1):
        limit = 3 if number % 7 == 0 else 200
        games.append(play(story, 100 + number, origin=ORIGINS[number % 4], limit=limit))
    return games


@pytest.fixture(scope="module")
def classroom(campaign, tmp_path_factory):
    """A folder of 30 genuine transcripts, 2 duplicates, 1 tampered file and a stray text file."""
    folder = tmp_path_factory.mktemp("class")
    games = class_games(campaign)
    for number, state in enumerate(games, start=1):
        suffix = ".md" if number % 2 else ".html"
        write_transcript(campaign, state, folder / f"student_{number:02}{suffix}", f"Student {number:02}")
    shutil.copy(folder / "student_03.md", folder / "x_resubmitted.md")  # the same file twice
    fourth = transcript_of(campaign, games[3], "Student 04")
    (folder / "y_same_game.md").write_text(render(campaign, fourth, games[3], "md"))  # the same game, other format
    other = play(campaign, 999)
    tampered = render(campaign, transcript_of(campaign, other, "Student 31"), other, "md")
    departed, followed = "✗ **History went another way", "✓ **You followed history: it is what history did.**"
    assert departed in tampered
    line = next(line for line in tampered.splitlines() if line.startswith(departed))
    (folder / "w_tampered.md").write_text(tampered.replace(line, followed, 1))
    (folder / "notes.txt").write_text("not a transcript")
    return folder, games


def expected_tallies(story, games):
    """Counted straight from the games: per decision scene, who reached it and each first choice made there."""
    reached, taken = Counter(), Counter()
    for state in games:
        seen = set()
        for step in state.path:
            historical = [index for index, choice in enumerate(story.scenes[step.scene].choices) if choice.history]
            if historical and step.scene not in seen:
                seen.add(step.scene)
                reached[step.scene] += 1
                taken[step.scene, step.choice] += 1
    return reached, taken


def test_every_decision_is_counted_exactly(campaign, classroom) -> None:
    """Each decision reached: how many students reached it and took each choice, and which choice was history's."""
    folder, games = classroom
    report = build_class_report(campaign, folder)
    reached, taken = expected_tallies(campaign, games)
    assert {tally.scene.id: tally.reached for tally in report.decisions} == dict(reached)
    for tally in report.decisions:
        assert [option.students for option in tally.options] == [
            taken[tally.scene.id, index] for index in range(len(tally.scene.choices))
        ]
        assert [option.historical for option in tally.options] == [c.history for c in tally.scene.choices]
        assert sum(option.students for option in tally.options) == tally.reached
    assert len(report.decisions) > 10  # the class spread over the campaign


def test_endings_and_unfinished_games_are_counted_exactly(campaign, classroom) -> None:
    """Endings by count, and the games stopped before an ending."""
    folder, games = classroom
    report = build_class_report(campaign, folder)
    finished = Counter(state.scene for state in games if campaign.scenes[state.scene].ending)
    assert {tally.scene.id: tally.students for tally in report.endings} == dict(finished)
    assert report.unfinished == sum(not campaign.scenes[state.scene].ending for state in games) > 0
    assert [tally.students for tally in report.endings] == sorted(finished.values(), reverse=True)


def test_duplicates_and_tampering_are_reported_and_not_counted(campaign, classroom) -> None:
    """Thirty counted; the copy, the re-export and the tampered file are listed by name with the reason."""
    folder, _ = classroom
    report = build_class_report(campaign, folder)
    assert len(report.counted) == STUDENTS
    assert sorted(entry.transcript.name for entry in report.counted) == [f"Student {n:02}" for n in range(1, 31)]
    reasons = {item.source.label: item.reason for item in report.rejected}
    assert set(reasons) == {"x_resubmitted.md", "y_same_game.md", "w_tampered.md"}
    assert reasons["x_resubmitted.md"] == "duplicate: the same file as student_03.md"
    assert reasons["y_same_game.md"].startswith("duplicate: the same game as student_04.html (verification code JG-")
    assert reasons["w_tampered.md"].startswith("not genuine: its text was changed: line ")


def test_the_html_report_is_self_contained_and_shows_the_counts(campaign, classroom) -> None:
    """One page with inline CSS and SVG bars, every rejected file named, nothing loaded from outside."""
    folder, _ = classroom
    report = build_class_report(campaign, folder)
    page = class_report_html(report)
    assert self_contained(page)
    bars = sum(len(t.options) for t in report.decisions) + len(report.endings) + 1 + len(report.departures)
    assert page.count('<svg class="bar"') == bars
    assert f"{STUDENTS} transcripts counted · 3 not counted" in page
    for name in ("x_resubmitted.md", "y_same_game.md", "w_tampered.md"):
        assert name in page
    first = report.decisions[0]
    assert f"{first.reached} of {STUDENTS} students reached it" in page


def expected_first_departures(games):
    """Counted straight from the games: the scene of each student's first decision not history's (None: never)."""
    where = Counter()
    for state in games:
        seen, first = set(), None
        for step in state.path:
            if step.historical is None or step.scene in seen:
                continue
            seen.add(step.scene)
            if step.choice != step.historical:
                first = step.scene
                break
        if seen:
            where[first] += 1
    return where


def test_where_the_class_first_left_history_is_counted_exactly(campaign, classroom) -> None:
    """Each student who reached a decision counts once: at the first decision they left history, or as never."""
    folder, games = classroom
    report = build_class_report(campaign, folder)
    expected = expected_first_departures(games)
    assert {tally.scene.id if tally.scene else None: tally.students for tally in report.departures} == dict(expected)
    order = list(campaign.scenes)
    scenes = [tally.scene.id for tally in report.departures if tally.scene]
    assert scenes == sorted(scenes, key=order.index)  # in story order, "never" last
    reached = sum(1 for state in games if any(step.is_decision for step in state.path))
    assert sum(expected.values()) == reached and reached > STUDENTS // 2 and len(expected) > 3


def test_the_first_departure_chart_shows_each_count_and_share(campaign, classroom) -> None:
    """On the page, each bar of the chart carries its decision, its count and its share of the class."""
    folder, _ = classroom
    report = build_class_report(campaign, folder)
    page = class_report_html(report)
    start = page.index('<section id="first-departures">')
    chart = page[start : page.index("</section>", start)]
    assert "Where the class first left history" in chart
    reached = sum(tally.students for tally in report.departures)  # a game that met no decision is not charted
    assert reached > STUDENTS // 2
    assert f"Each of the {reached} students who reached a decision counts once" in chart
    for tally in report.departures:
        label = html.escape(tally.scene.title, quote=True) if tally.scene else "never left history"
        share = f"{tally.students / reached:.0%}"
        assert re.search(
            re.escape(label)
            + r".*?aria-label=\""
            + f"{tally.students} of {reached} students"
            + r"\".*?"
            + f'<div class="count">{tally.students} <span class="share">· {share}</span>',
            chart,
        ), label


def test_every_student_has_a_page_in_the_same_file_with_each_decision(campaign, classroom) -> None:
    """The students table links to an anchored section per student, whose rows are that student's decisions."""
    folder, _ = classroom
    report = build_class_report(campaign, folder)
    page = class_report_html(report)
    assert page.count('<section class="student" id="student-') == STUDENTS
    for number, entry in enumerate(report.counted, start=1):
        assert f'<a href="#student-{number}">{entry.transcript.name}</a>' in page
        start = page.index(f'id="student-{number}"')
        section = page[start : page.index("</section>", start)]
        assert f"<h2>{entry.transcript.name}</h2>" in section
        rows = decision_rows(campaign, entry)
        assert section.count('<tr class="followed">') == sum(row.followed for row in rows)
        assert section.count('<tr class="departed">') == sum(not row.followed for row in rows)
        for row in rows:
            assert f"<td>{row.number}</td><td>{html.escape(row.scene.title, quote=True)}</td>" in section
    assert "break-before: page" in page  # each prints on a page of its own
