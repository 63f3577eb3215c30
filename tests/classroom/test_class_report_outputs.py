"""The class report's spreadsheet (``--csv``) and its anonymous form (``--anonymous``), through the command line."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from game.classroom.class_report import anonymized, build_class_report, decision_rows
from game.classroom.class_report_csv import COLUMNS, safe_cell
from game.cli.main import main
from tests.classroom.conftest import play, self_contained, write_transcript
from tests.conftest import MINI

NAMES = ("Ali Rezaei", "Sara Karimi", '=HYPERLINK("http://x","y")', "+98 Mina", "-Reza", "@Kaveh")


@pytest.fixture
def classroom(mini_story, tmp_path: Path) -> Path:
    """Six students named as an LMS names their folders, one zip, one tampered and one duplicate file."""
    folder = tmp_path / "Year 9 History"
    for seed, name in enumerate(NAMES[:4]):
        on_disk = name.replace("/", "_")
        student = folder / f"{on_disk}_10{seed}_assignsubmission_file_"
        student.mkdir(parents=True)
        write_transcript(mini_story, play(mini_story, seed), student / f"{on_disk} transcript.md", name)
    write_transcript(mini_story, play(mini_story, 4), folder / "=cmd|' -C calc'!A0.md", NAMES[4])
    kaveh = write_transcript(mini_story, play(mini_story, 5), folder / "kaveh.md", NAMES[5])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Kaveh again/kaveh.md", kaveh.read_text(encoding="utf-8"))
        tampered = write_transcript(mini_story, play(mini_story, 6), folder / "x.md", "Laleh Amini")
        archive.writestr("Laleh Amini/laleh.md", tampered.read_text(encoding="utf-8").replace("Laleh", "Lale", 1))
        tampered.unlink()
    (folder / "Extra Darius.zip").write_bytes(buffer.getvalue())
    return folder


def run_report(folder: Path, tmp_path: Path, capsys, *options: str) -> tuple[str, str, str]:
    """The terminal output, the HTML page and the CSV text of one ``class-report`` run."""
    page, sheet = tmp_path / "report.html", tmp_path / "report.csv"
    command = ["class-report", str(folder), "--html", str(page), "--csv", str(sheet), "--scenes", str(MINI)]
    assert main([*command, *options]) == 0
    out = capsys.readouterr().out
    return out, page.read_text(encoding="utf-8"), sheet.read_text(encoding="utf-8-sig")


def test_the_csv_has_a_row_per_student_and_decision_and_reads_back(mini_story, classroom, tmp_path, capsys) -> None:
    """Parsed with the csv module: the header, then each counted student's decisions with the choice and history's."""
    _, _, text = run_report(classroom, tmp_path, capsys)
    assert (tmp_path / "report.csv").read_bytes().startswith(b"\xef\xbb\xbfstudent,")  # Excel then reads UTF-8
    rows = list(csv.DictReader(io.StringIO(text)))
    report = build_class_report(mini_story, classroom)
    expected = [
        (entry.transcript.name, entry.source.label, row.scene.title, row.chosen, row.historical, row.followed)
        for entry in report.counted
        for row in decision_rows(mini_story, entry)
    ]
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == len(expected) and len({row["student"] for row in rows}) == 6
    for row, (name, file, title, chosen, historical, followed) in zip(rows, expected, strict=True):
        assert row["student"].removeprefix("'") == name and row["file"].removeprefix("'") == file
        assert (row["decision"], row["choice made"], row["history's choice"]) == (title, chosen, historical)
        assert row["followed"] == ("yes" if followed else "no")
    ali = [row for row in rows if row["student"] == "Ali Rezaei"]
    assert [row["decision number"] for row in ali] == [str(n) for n in range(1, len(ali) + 1)]
    assert {row["scene"] for row in rows} <= {"dock", "road"}


def test_no_csv_cell_starts_a_formula(classroom, tmp_path, capsys) -> None:
    """Names and files beginning with = + - @ are written with a leading quote, so a spreadsheet shows them as text."""
    _, _, text = run_report(classroom, tmp_path, capsys)
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]
    assert '\'=HYPERLINK("http://x","y")' in cells and "'+98 Mina" in cells and "'-Reza" in cells
    assert "'@Kaveh" in cells and "'=cmd|' -C calc'!A0.md" in cells
    assert safe_cell("Ali") == "Ali" and safe_cell("\tx") == "'\tx"


def test_the_anonymous_report_names_no_one_anywhere(mini_story, classroom, tmp_path, capsys) -> None:
    """Terminal, page and spreadsheet: no student's name, file or folder, even from the files not counted."""
    outputs = run_report(classroom, tmp_path, capsys, "--anonymous")
    words = {"Ali", "Rezaei", "Sara", "Karimi", "HYPERLINK", "Mina", "Reza", "Kaveh", "Laleh", "Lale", "Darius"}
    words |= {"Year 9", "assignsubmission", "transcript.md", "cmd", "Extra"}
    for output in outputs:
        assert not [word for word in words if word in output], output
    out, page, text = outputs
    names = sorted({row["student"] for row in csv.DictReader(io.StringIO(text))})
    assert names == [f"Student {number}" for number in range(1, 7)]
    assert all(f"Student {number}" in out and f"Student {number}" in page for number in range(1, 7))
    assert "file 1: not genuine" in out and "file 2: duplicate" in out  # the zip sorts before kaveh.md
    assert {row["file"] for row in csv.DictReader(io.StringIO(text))} == {""}


def test_anonymous_numbers_are_stable_and_follow_the_codes_not_the_names(mini_story, classroom) -> None:
    """Two runs number the students alike; the order is that of verification codes, so it hides alphabetical order."""
    report = build_class_report(mini_story, classroom)
    first, second = anonymized(report), anonymized(build_class_report(mini_story, classroom))
    by_code = sorted(report.counted, key=lambda entry: entry.transcript.code)
    for number, (entry, anonymous) in enumerate(zip(by_code, first.counted, strict=True), start=1):
        assert anonymous.transcript.name == f"Student {number}"
        assert anonymous.state == entry.state
    assert [entry.state for entry in first.counted] == [entry.state for entry in second.counted]
    assert first.decisions == report.decisions and first.endings == report.endings


def test_names_and_files_that_look_like_markup_are_escaped_on_the_page(mini_story, tmp_path, capsys) -> None:
    """A name or file name holding tags appears as text on the page and in the student's section, never as markup."""
    folder = tmp_path / "class"
    folder.mkdir()
    name, file = "<script>alert(1)</script>", '<img src=x onerror="alert(2)">.md'
    write_transcript(mini_story, play(mini_story, 1), folder / file, name)
    _, page, _ = run_report(folder, tmp_path, capsys)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "<h2>&lt;script&gt;alert(1)&lt;/script&gt;</h2>" in page
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;.md" in page
    assert self_contained(page)


def test_a_student_who_reached_no_decision_still_has_a_csv_row(mini_story, tmp_path, capsys) -> None:
    """A transcript exported before the first choice: one row with the decision empty, and no departure counted."""
    from game.play.engine import Engine

    folder = tmp_path / "class"
    folder.mkdir()
    write_transcript(mini_story, Engine(mini_story).new_game(), folder / "early.md", "Early Bird")
    write_transcript(mini_story, play(mini_story, 2), folder / "later.md", "Late Owl")
    _, page, text = run_report(folder, tmp_path, capsys)
    rows = list(csv.DictReader(io.StringIO(text)))
    early = [row for row in rows if row["student"] == "Early Bird"]
    assert early == [dict.fromkeys(COLUMNS, "") | {"student": "Early Bird", "file": "early.md"}]
    report = build_class_report(mini_story, folder)
    assert sum(tally.students for tally in report.departures) == 1
    assert "No decision reached." in page
