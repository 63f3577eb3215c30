"""A class report: what a folder of students' transcripts chose at each decision, and how they ended.

The transcripts are found in the folder, its sub-folders and the zips there (``game.classroom.class_files``
reads them safely, into memory). Every transcript is verified first (``game.classroom.verify``); tampered
ones, ones from another story version and duplicates (the same file twice, or the same game exported
twice) are listed with the reason and not counted. Each student counts once per decision reached,
with the first choice made there, so a path that loops back to a decision does not weigh more.

Building the report imports no UI; ``print_class_report`` uses Rich and ``class_report_html``
writes a self-contained page with bar charts drawn as inline SVG.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from game.classroom.class_files import Candidate, ClassFiles, Source
from game.classroom.editions import Editions
from game.classroom.transcript import Transcript
from game.classroom.verify import normalized_lines, status_word, verify_text
from game.play.language import _, local_digits
from game.play.state import GameState
from game.story.model import Scene, Story


@dataclass(frozen=True, slots=True)
class Counted:
    """A genuine transcript that the report counts."""

    source: Source
    transcript: Transcript
    state: GameState


@dataclass(frozen=True, slots=True)
class Rejected:
    """A file that is not counted, and why."""

    source: Source
    reason: str
    kind: str = "not read"
    """The reason in a word or two (``duplicate``, ``not genuine``, ``cannot verify``, ``not read``), which
    names no one: an anonymous report shows only this."""


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
class DepartureTally:
    """A decision where some students first left history; ``scene`` None for those who never did."""

    scene: Scene | None
    students: int


@dataclass(frozen=True, slots=True)
class DecisionRow:
    """One student at one decision: the first choice they made there, beside history's."""

    entry: Counted
    number: int
    """The decision's place among the student's decisions (1 for the first they reached)."""
    scene: Scene
    chosen: str
    historical: str
    followed: bool


@dataclass(frozen=True, slots=True)
class ClassReport:
    """Everything the report shows."""

    story: Story
    folder: Path
    """The folder (or zip) given."""
    counted: tuple[Counted, ...]
    rejected: tuple[Rejected, ...]
    decisions: tuple[DecisionTally, ...]
    endings: tuple[EndingTally, ...]
    unfinished: int
    """Students whose game has not reached an ending."""
    shared_names: tuple[str, ...]
    """Names on more than one counted transcript (different games by one student, or two students)."""
    departures: tuple[DepartureTally, ...] = ()
    """Where each student first left history, by decision in story order, then those who never left it
    (students who reached no decision are in neither)."""
    ignored: int = 0
    """Files that are neither transcripts nor zips (a student's essay, a notes file)."""
    anonymous: bool = False
    """True when names, files and folders are left out (``anonymized``), for the projector."""

    @property
    def places(self) -> tuple[tuple[str, int, int], ...]:
        """Each sub-folder or zip something was found in, with how many files there were counted and not."""
        found: dict[str, list[int]] = {}
        for entry in self.counted:
            found.setdefault(entry.source.place, [0, 0])[0] += 1
        for entry in self.rejected:
            found.setdefault(entry.source.place, [0, 0])[1] += 1
        return tuple((place, counted, rejected) for place, (counted, rejected) in sorted(found.items()))


def build_class_report(story: Story, folder: Path, editions: Editions | None = None) -> ClassReport:
    """Verify every transcript in a folder (its sub-folders and zips too), or in one zip, and count the genuine ones.

    ``story`` is the story in the report's language; ``editions`` the story as written and in the languages the
    transcripts were played in (each is verified in its own). Transcripts of one story in different languages are
    counted together: a choice is a scene and a choice's place there, whatever language named it.
    """
    files = ClassFiles()
    editions = editions or Editions(story)
    counted, rejected = sort_transcripts(editions.story, files.candidates(folder), editions)
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
        departures=tally_departures(story, counted),
        ignored=files.ignored,
    )


def where_line(report: ClassReport) -> str:
    """Where the transcript files were found, in one sentence; empty when all lay in the folder itself.

    Each file's own place is in the students table and the list of files not counted.
    """
    files_in = Counter()
    places = Counter()
    for place, counted, rejected in report.places:
        kind = "itself" if place == "." else "sub-folder" if place.endswith("/") else "zip"
        files_in[kind] += counted + rejected
        places[kind] += 1
    if set(files_in) <= {"itself"}:
        return ""
    number = lambda count: local_digits(str(count))  # noqa: E731
    parts = [_("{count} in the folder itself").format(count=number(files_in["itself"]))] if files_in["itself"] else []
    kinds = {
        "sub-folder": (_("{count} in {places} sub-folder"), _("{count} in {places} sub-folders")),
        "zip": (_("{count} in {places} zip"), _("{count} in {places} zips")),
    }
    for kind, (one, many) in kinds.items():
        if files_in[kind]:
            sentence = one if places[kind] == 1 else many
            parts.append(sentence.format(count=number(files_in[kind]), places=number(places[kind])))
    total = sum(files_in.values())
    found = (
        _("Found {count} transcript file: {places}.") if total == 1 else _("Found {count} transcript files: {places}.")
    )
    return found.format(count=number(total), places=", ".join(parts))


def ignored_line(report: ClassReport) -> str:
    """How many files were neither transcripts nor zips, as a sentence."""
    count = report.ignored
    if count == 1:
        return _("{count} other file ignored (not .md, .html or .zip).").format(count=local_digits(str(count)))
    return _("{count} other files ignored (not .md, .html or .zip).").format(count=local_digits(str(count)))


def sort_transcripts(
    story: Story, candidates: Iterable[Candidate], editions: Editions | None = None
) -> tuple[list[Counted], list[Rejected]]:
    """Split files into genuine, first-seen transcripts and the rest (with the reason); the first by name wins."""
    counted: list[Counted] = []
    rejected: list[Rejected] = []
    by_content: dict[str, Source] = {}
    by_code: dict[str, Source] = {}
    for candidate in candidates:
        source, text = candidate.source, candidate.text
        if candidate.problem:
            rejected.append(Rejected(source, candidate.problem, _("not read")))
            continue
        digest = hashlib.sha256("\n".join(normalized_lines(text)).encode()).hexdigest()
        if digest in by_content:
            reason = _("duplicate: the same file as {file}").format(file=by_content[digest].label)
            rejected.append(Rejected(source, reason, _("duplicate")))
            continue
        by_content[digest] = source
        verification = verify_text(story, text, editions)
        if not verification.genuine:
            status = status_word(verification.status)
            rejected.append(Rejected(source, f"{status}: {verification.reason}", status))
            continue
        code = verification.transcript.code
        if code in by_code:
            reason = _("duplicate: the same game as {file} (verification code {code})").format(
                file=by_code[code].label, code=code
            )
            rejected.append(Rejected(source, reason, _("duplicate")))
            continue
        by_code[code] = source
        counted.append(Counted(source, verification.transcript, verification.state))
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
    return _("{followed} of {decisions}").format(
        followed=local_digits(str(followed)), decisions=local_digits(str(len(decisions)))
    )


def outcome_of(story: Story, entry: Counted) -> str:
    """The ending's title, or that the game is not finished."""
    scene = story.scenes[entry.state.scene]
    return scene.ending.title if scene.ending else _("not finished (at “{scene}”)").format(scene=scene.title)


def decision_rows(story: Story, entry: Counted) -> list[DecisionRow]:
    """A student's decisions in the order reached, each with the first choice made there (as the report counts)."""
    rows: list[DecisionRow] = []
    seen: set[str] = set()
    for step in entry.state.path:
        if not step.is_decision or step.scene in seen:
            continue
        seen.add(step.scene)
        scene = story.scenes[step.scene]
        chosen, historical = scene.choices[step.choice].text, scene.choices[step.historical].text
        rows.append(DecisionRow(entry, len(rows) + 1, scene, chosen, historical, bool(step.followed_history)))
    return rows


def first_departure(story: Story, entry: Counted) -> DecisionRow | None:
    """The first decision where a student left history, or None when they never did."""
    return next((row for row in decision_rows(story, entry) if not row.followed), None)


def tally_departures(story: Story, counted: list[Counted]) -> tuple[DepartureTally, ...]:
    """How many students first left history at each decision (story order), then how many never did.

    Only students who reached a decision count: one who stopped before any neither kept to history nor left it.
    """
    decided = [entry for entry in counted if decision_rows(story, entry)]
    where = Counter(row.scene.id if (row := first_departure(story, entry)) else None for entry in decided)
    tallies = [DepartureTally(scene, where[scene.id]) for scene in story.scenes.values() if where[scene.id]]
    if where[None]:
        tallies.append(DepartureTally(None, where[None]))
    return tuple(tallies)


def anonymized(report: ClassReport) -> ClassReport:
    """The report with no names in it, for the projector.

    Students become Student 1, Student 2 … in the order of their verification codes (the same folder numbers
    them the same way every time, and the order says nothing about their names); file and folder names are
    left out, since an LMS names them after students, and so are the reasons files were not counted, which
    may quote a name: only their kind is kept.
    """
    ordered = sorted(report.counted, key=lambda entry: entry.transcript.code)
    counted = tuple(
        Counted(
            Source(""),
            replace(entry.transcript, name=_("Student {number}").format(number=local_digits(str(number)))),
            entry.state,
        )
        for number, entry in enumerate(ordered, start=1)
    )
    rejected = tuple(
        Rejected(Source(_("file {number}").format(number=local_digits(str(number)))), item.kind, item.kind)
        for number, item in enumerate(report.rejected, 1)
    )
    return replace(report, counted=counted, rejected=rejected, shared_names=(), anonymous=True)
