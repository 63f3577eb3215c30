"""A class report: what a folder of students' transcripts chose at each decision, and how they ended.

Every transcript is verified first (``game.classroom.verify``); tampered ones, ones from
another story version and duplicates (the same file twice, or the same game exported twice)
are listed with the reason and not counted. Each student counts once per decision reached,
with the first choice made there, so a path that loops back to a decision does not weigh more.

Building the report imports no UI; ``print_class_report`` uses Rich and ``class_report_html``
writes a self-contained page with bar charts drawn as inline SVG.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from game.classroom.transcript import Transcript
from game.classroom.verify import UnreadableTranscript, normalized_lines, read_transcript_file, verify_text
from game.play.state import GameState
from game.story.model import Scene, Story

TRANSCRIPT_SUFFIXES = (".md", ".html", ".htm")


@dataclass(frozen=True, slots=True)
class Counted:
    """A genuine transcript that the report counts."""

    path: Path
    transcript: Transcript
    state: GameState


@dataclass(frozen=True, slots=True)
class Rejected:
    """A file that is not counted, and why."""

    path: Path
    reason: str


@dataclass(frozen=True, slots=True)
class OptionTally:
    """One choice of a decision and how many students took it."""

    index: int
    text: str
    students: int
    historical: bool


@dataclass(frozen=True, slots=True)
class DecisionTally:
    """A decision (a scene where history marks a choice): who reached it and what they chose."""

    scene: Scene
    reached: int
    options: tuple[OptionTally, ...]


@dataclass(frozen=True, slots=True)
class EndingTally:
    """An ending and how many students reached it."""

    scene: Scene
    students: int


@dataclass(frozen=True, slots=True)
class ClassReport:
    """Everything the report shows."""

    story: Story
    folder: Path
    counted: tuple[Counted, ...]
    rejected: tuple[Rejected, ...]
    decisions: tuple[DecisionTally, ...]
    endings: tuple[EndingTally, ...]
    unfinished: int
    """Students whose game has not reached an ending."""
    shared_names: tuple[str, ...]
    """Names on more than one counted transcript (different games by one student, or two students)."""


def transcript_files(folder: Path) -> list[Path]:
    """The files of a folder that may be transcripts (.md, .html, .htm), by name."""
    return sorted(
        (path for path in folder.iterdir() if path.suffix.lower() in TRANSCRIPT_SUFFIXES and path.is_file()),
        key=lambda path: path.name,
    )


def build_class_report(story: Story, folder: Path) -> ClassReport:
    """Verify every transcript in a folder and count the genuine ones."""
    counted, rejected = sort_transcripts(story, transcript_files(folder))
    names = Counter(entry.transcript.name for entry in counted if entry.transcript.name)
    return ClassReport(
        story=story,
        folder=folder,
        counted=tuple(counted),
        rejected=tuple(rejected),
        decisions=tally_decisions(story, counted),
        endings=tally_endings(story, counted),
        unfinished=sum(story.scenes[entry.state.scene].ending is None for entry in counted),
        shared_names=tuple(sorted(name for name, times in names.items() if times > 1)),
    )


def sort_transcripts(story: Story, paths: list[Path]) -> tuple[list[Counted], list[Rejected]]:
    """Split files into genuine, first-seen transcripts and the rest (with the reason); the first by name wins."""
    counted: list[Counted] = []
    rejected: list[Rejected] = []
    by_content: dict[str, Path] = {}
    by_code: dict[str, Path] = {}
    for path in paths:
        try:
            text = read_transcript_file(path)
        except UnreadableTranscript as exc:
            rejected.append(Rejected(path, str(exc)))
            continue
        digest = hashlib.sha256("\n".join(normalized_lines(text)).encode()).hexdigest()
        if digest in by_content:
            rejected.append(Rejected(path, f"duplicate: the same file as {by_content[digest].name}"))
            continue
        by_content[digest] = path
        verification = verify_text(story, text)
        if not verification.genuine:
            rejected.append(Rejected(path, f"{verification.status.value}: {verification.reason}"))
            continue
        code = verification.transcript.code
        if code in by_code:
            reason = f"duplicate: the same game as {by_code[code].name} (verification code {code})"
            rejected.append(Rejected(path, reason))
            continue
        by_code[code] = path
        counted.append(Counted(path, verification.transcript, verification.state))
    return counted, rejected


def first_choices(entry: Counted) -> dict[str, int]:
    """The choice a student first made at each decision they reached, by scene id."""
    chosen: dict[str, int] = {}
    for step in entry.state.path:
        if step.is_decision:
            chosen.setdefault(step.scene, step.choice)
    return chosen


def tally_decisions(story: Story, counted: list[Counted]) -> tuple[DecisionTally, ...]:
    """Per decision reached by anyone, in story order: how many reached it and took each choice."""
    reached: Counter[str] = Counter()
    taken: Counter[tuple[str, int]] = Counter()
    for entry in counted:
        for scene_id, index in first_choices(entry).items():
            reached[scene_id] += 1
            taken[scene_id, index] += 1
    tallies = []
    for scene in story.scenes.values():
        if not reached[scene.id]:
            continue
        options = tuple(
            OptionTally(index, choice.text, taken[scene.id, index], choice.history)
            for index, choice in enumerate(scene.choices)
        )
        tallies.append(DecisionTally(scene, reached[scene.id], options))
    return tuple(tallies)


def tally_endings(story: Story, counted: list[Counted]) -> tuple[EndingTally, ...]:
    """The endings reached, most students first (then in story order)."""
    reached = Counter(entry.state.scene for entry in counted if story.scenes[entry.state.scene].ending)
    order = {scene_id: position for position, scene_id in enumerate(story.scenes)}
    ranked = sorted(reached, key=lambda scene_id: (-reached[scene_id], order[scene_id]))
    return tuple(EndingTally(story.scenes[scene_id], reached[scene_id]) for scene_id in ranked)


def followed_line(story: Story, entry: Counted) -> str:
    """``3 of 5``: how many of a student's decisions followed history."""
    decisions = [step for step in entry.state.path if step.is_decision]
    followed = sum(bool(step.followed_history) for step in decisions)
    return f"{followed} of {len(decisions)}"


def outcome_of(story: Story, entry: Counted) -> str:
    """The ending's title, or that the game is not finished."""
    scene = story.scenes[entry.state.scene]
    return scene.ending.title if scene.ending else f"not finished (at “{scene.title}”)"


# ---------------------------------------------------------------------------------------------
# The terminal


# ---------------------------------------------------------------------------------------------
# The HTML page
