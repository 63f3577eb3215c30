"""The class report reads sub-folders and zips as an LMS's bulk download arranges them, and refuses unsafe zips."""

from __future__ import annotations

import io
import os
import struct
import zipfile
from pathlib import Path

import pytest

from game.classroom.class_files import MAX_MEMBERS, MAX_TRANSCRIPT_BYTES, ClassFiles, Source, shown_name
from game.classroom.class_report import build_class_report, where_line
from game.classroom.class_report_html import class_report_html
from game.classroom.class_report_render import print_class_report
from game.classroom.render import render
from game.classroom.transcript import transcript_of
from tests.classroom.conftest import play

NAMES = ("Ali Rezaei", "Sara Karimi", "Reza Ahmadi", "Mina Hosseini")


@pytest.fixture(scope="module")
def texts(mini_story) -> dict[str, str]:
    """A genuine Markdown transcript for each of four students, each a different seeded game."""
    return {
        name: render(mini_story, transcript_of(mini_story, state, name), state, "md")
        for name, state in ((name, play(mini_story, seed)) for seed, name in enumerate(NAMES))
    }


def zip_bytes(members: dict[str, bytes | str]) -> bytes:
    """A zip made in memory from names and contents."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def report_of(story, root: Path):
    report = build_class_report(story, root)
    return (
        report,
        {entry.source.label: entry.transcript.name for entry in report.counted},
        {entry.source.label: entry.reason for entry in report.rejected},
    )


def everything_under(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


def test_an_lms_download_with_a_folder_or_a_zip_per_student_is_read_whole(mini_story, texts, tmp_path) -> None:
    """Students in sub-folders and in zips are counted, and the report says where each was found."""
    root = tmp_path / "download"
    (root / "Ali Rezaei_1021_assignsubmission_file_").mkdir(parents=True)
    (root / "Ali Rezaei_1021_assignsubmission_file_" / "transcript.md").write_text(texts["Ali Rezaei"])
    (root / "week 3" / "Sara").mkdir(parents=True)
    (root / "week 3" / "Sara" / "sara.md").write_text(texts["Sara Karimi"])
    (root / "Reza.zip").write_bytes(zip_bytes({"Reza/reza.md": texts["Reza Ahmadi"], "Reza/essay.pdf": b"%PDF"}))
    (root / "mina.md").write_text(texts["Mina Hosseini"])
    (root / "__MACOSX").mkdir()
    (root / "__MACOSX" / "._mina.md").write_bytes(b"\x00\x05\x16\x07 apple double")
    (root / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    report, counted, rejected = report_of(mini_story, root)
    assert counted == {
        "Ali Rezaei_1021_assignsubmission_file_/transcript.md": "Ali Rezaei",
        "Reza.zip › Reza/reza.md": "Reza Ahmadi",
        "mina.md": "Mina Hosseini",
        "week 3/Sara/sara.md": "Sara Karimi",
    }
    assert rejected == {}
    assert report.ignored == 1  # the essay in the zip; the Mac's own files are not anyone's hand-in
    assert report.places == (
        (".", 1, 0),
        ("Ali Rezaei_1021_assignsubmission_file_/", 1, 0),
        ("Reza.zip", 1, 0),
        ("week 3/Sara/", 1, 0),
    )
    assert where_line(report) == "Found 4 transcript files: 1 in the folder itself, 2 in 2 sub-folders, 1 in 1 zip."


def test_one_zip_of_the_whole_class_can_be_given_instead_of_a_folder(mini_story, texts, tmp_path) -> None:
    """``class-report class.zip``: every member is read from the archive, nothing is unpacked beside it."""
    members = {f"{name}/{name.split()[0].lower()}.md": text for name, text in texts.items()}
    archive = tmp_path / "class.zip"
    archive.write_bytes(zip_bytes(members))
    before = everything_under(tmp_path)
    _, counted, _ = report_of(mini_story, archive)
    assert sorted(counted.values()) == sorted(NAMES)
    assert "class.zip › Ali Rezaei/ali.md" in counted
    assert everything_under(tmp_path) == before


def test_a_duplicate_in_a_zip_is_named_by_where_both_were_found(mini_story, texts, tmp_path) -> None:
    """The same file in a folder and in a zip: the second is not counted, and the message says where the first is."""
    (tmp_path / "ali.md").write_text(texts["Ali Rezaei"])
    (tmp_path / "resubmitted.zip").write_bytes(zip_bytes({"again/ali.md": texts["Ali Rezaei"]}))
    _, counted, rejected = report_of(mini_story, tmp_path)
    assert list(counted) == ["ali.md"]
    assert rejected == {"resubmitted.zip › again/ali.md": "duplicate: the same file as ali.md"}


def test_a_zip_bomb_is_refused_by_its_declared_size_without_unpacking_it(mini_story, tmp_path) -> None:
    """A member that declares more than the largest transcript is not read; the zip's other members still are."""
    zeros = b"\0" * (MAX_TRANSCRIPT_BYTES + 1)
    data = zip_bytes({"bomb.html": zeros, "notes.md": "hello"})
    assert len(data) < 100_000  # it compresses a thousand-fold: the very shape of a bomb
    (tmp_path / "bomb.zip").write_bytes(data)
    files = ClassFiles()
    found = {candidate.source.label: candidate.problem for candidate in files.candidates(tmp_path)}
    assert found["bomb.zip › bomb.html"] == f"it would unpack to {len(zeros):,} bytes: too large (a zip bomb?)"
    assert files.bytes_read == len("hello")


def lie_about_size(data: bytes, name: bytes, declared: int) -> bytes:
    """A zip whose member ``name`` declares ``declared`` bytes, in its local header and its central directory."""
    patched = bytearray(data)
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = patched.find(signature)
        while at >= 0:
            if patched[at + name_at : at + name_at + len(name)] == name:
                struct.pack_into("<I", patched, at + size_at, declared)
            at = patched.find(signature, at + 1)
    return bytes(patched)


def test_a_zip_bomb_that_declares_a_small_size_is_refused_by_its_actual_size(mini_story, tmp_path) -> None:
    """A member that declares 100 bytes and unpacks to megabytes is read no further than it declares, and refused."""
    data = lie_about_size(zip_bytes({"liar.md": b"x" * 3_000_000}), b"liar.md", 100)
    (tmp_path / "liar.zip").write_bytes(data)
    files = ClassFiles()
    [candidate] = list(files.candidates(tmp_path))
    assert candidate.problem == "it is damaged in the zip (its data does not match its checksum)"
    assert files.bytes_read == 0


def test_absurd_and_escaping_member_names_are_refused_and_never_used_as_paths(mini_story, texts, tmp_path) -> None:
    """``../``, absolute and thousand-character names are refused; a genuine transcript under such a name is not
    counted, and nothing appears outside (or inside) the folder."""
    text = texts["Ali Rezaei"]
    members = {
        "../../escaped.md": text,
        "/etc/cron.d/evil.md": text,
        "C:/Windows/evil.md": text,
        "a" * 1000 + ".md": text,
        "fine/sara.md": texts["Sara Karimi"],
    }
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "odd.zip").write_bytes(zip_bytes(members))
    before = everything_under(tmp_path)
    _, counted, rejected = report_of(mini_story, tmp_path / "class")
    assert list(counted) == ["odd.zip › fine/sara.md"]
    assert rejected["odd.zip › ../../escaped.md"] == "its name points outside the zip: not read"
    assert rejected["odd.zip › /etc/cron.d/evil.md"] == "its name points outside the zip: not read"
    assert rejected["odd.zip › C:/Windows/evil.md"] == "its name points outside the zip: not read"
    [long] = [label for label in rejected if label.startswith("odd.zip › aaa")]
    assert rejected[long] == "its name is 1,003 characters long: not read"
    assert len(long) < 140 and long.endswith("…")
    assert everything_under(tmp_path) == before


def test_control_characters_in_names_never_reach_the_terminal_or_the_page(mini_story, texts, tmp_path) -> None:
    """A name carrying an escape sequence or a bidi override is shown with ``?`` in their place."""
    members = {"\x1b]0;owned\x07\x1b[31mred\u202e.md": texts["Ali Rezaei"]}
    (tmp_path / "names.zip").write_bytes(zip_bytes(members))
    report, counted, _ = report_of(mini_story, tmp_path)
    assert list(counted) == ["names.zip › ?]0;owned??[31mred?.md"]
    from rich.console import Console

    console = Console(file=io.StringIO(), width=200, color_system=None)
    print_class_report(console, report)
    for output in (console.file.getvalue(), class_report_html(report)):
        assert "\x1b" not in output and "\x07" not in output and "\u202e" not in output
        assert "?]0;owned??[31mred?.md" in output


def test_a_zip_declaring_too_many_members_is_not_opened(mini_story, tmp_path) -> None:
    """The end record's member count is checked before the zip's list of members is read."""
    data = bytearray(zip_bytes({"a.md": "a"}))
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, end + 8, 65_000, 65_000)
    (tmp_path / "many.zip").write_bytes(bytes(data))
    [candidate] = ClassFiles().candidates(tmp_path)
    assert candidate.source == Source("many.zip")
    assert candidate.problem == f"it declares 65,000 files, more than {MAX_MEMBERS:,}: not opened"


def test_a_zip_declaring_a_huge_list_of_members_is_not_opened(mini_story, tmp_path) -> None:
    """A ZIP64 end record that declares a list of members of a terabyte is refused before zipfile reads it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.md", "a")
    data = bytearray(buffer.getvalue())
    end = data.rfind(b"PK\x05\x06")
    offset_of_directory = struct.unpack_from("<I", data, end + 16)[0]
    record = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, 1, 1, 2**40, offset_of_directory)
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, end, 1)
    (tmp_path / "huge.zip").write_bytes(bytes(data[:end]) + record + locator + bytes(data[end:]))
    [candidate] = ClassFiles().candidates(tmp_path)
    assert candidate.problem.startswith("its list of files declares 1,099,511,627,776 bytes")


def test_a_zip_with_more_members_than_it_declares_is_refused_by_its_actual_count(mini_story, tmp_path) -> None:
    """The members found are counted again once the zip is open."""
    data = bytearray(zip_bytes({f"{number}.txt": "" for number in range(MAX_MEMBERS + 1)}))
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, end + 8, 1, 1)  # it claims one member
    (tmp_path / "lying.zip").write_bytes(bytes(data))
    [candidate] = ClassFiles().candidates(tmp_path)
    assert candidate.problem == f"it holds {MAX_MEMBERS + 1:,} files, more than {MAX_MEMBERS:,}: not read"


def test_a_file_named_zip_that_is_not_one_and_a_zip_inside_a_zip(mini_story, texts, tmp_path) -> None:
    """Neither is read: one is not a zip, the other is not opened; both are listed with the reason."""
    (tmp_path / "homework.zip").write_text("this is a Word document, renamed")
    (tmp_path / "empty.zip").write_bytes(b"")
    inner = zip_bytes({"ali.md": texts["Ali Rezaei"]})
    (tmp_path / "outer.zip").write_bytes(zip_bytes({"inner.zip": inner}))
    _, counted, rejected = report_of(mini_story, tmp_path)
    assert counted == {}
    assert rejected == {
        "empty.zip": "not a zip file that can be read (it is damaged, or not a zip)",
        "homework.zip": "not a zip file that can be read (it is damaged, or not a zip)",
        "outer.zip › inner.zip": "a zip inside a zip: not opened (unzip the outer one first)",
    }


def test_damaged_encrypted_and_non_text_members_are_listed_with_the_reason(mini_story, texts, tmp_path) -> None:
    """A member whose bytes fail their checksum, one marked encrypted, and one that is not UTF-8."""
    data = bytearray(zip_bytes({"damaged.md": texts["Ali Rezaei"], "latin.md": "é".encode("latin-1")}))
    at = data.find(b"damaged.md") + len(b"damaged.md") + 10
    data[at] ^= 0xFF  # a byte of the compressed data
    encrypted = bytearray(zip_bytes({"secret.md": "x"}))
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        position = encrypted.find(signature)
        struct.pack_into("<H", encrypted, position + flags_at, 1)
    (tmp_path / "a.zip").write_bytes(bytes(data))
    (tmp_path / "b.zip").write_bytes(bytes(encrypted))
    _, _, rejected = report_of(mini_story, tmp_path)
    assert rejected["a.zip › damaged.md"].startswith("it is damaged in the zip")
    assert rejected["a.zip › latin.md"] == "it is not a text file (it is not UTF-8)"
    assert rejected["b.zip › secret.md"] == "it is encrypted: hand it in without a password"


def test_links_are_not_followed_and_folders_too_deep_are_not_read(mini_story, texts, tmp_path) -> None:
    """A link to a transcript or folder elsewhere is listed, not read; so is a folder seven levels down."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "ali.md").write_text(texts["Ali Rezaei"])
    root = tmp_path / "class"
    deep = root.joinpath(*"abcdefg")
    deep.mkdir(parents=True)
    (deep / "sara.md").write_text(texts["Sara Karimi"])
    os.symlink(outside / "ali.md", root / "ali.md")
    os.symlink(outside, root / "elsewhere")
    _, counted, rejected = report_of(mini_story, root)
    assert counted == {}
    assert rejected == {
        "a/b/c/d/e/f/g": "more than 6 folders deep: not read",
        "ali.md": "a link: not followed (put the file itself in the folder)",
        "elsewhere": "a link: not followed (put the file itself in the folder)",
    }


def test_shown_name_keeps_persian_and_its_zero_width_non_joiner() -> None:
    """Only control, bidi-override and unencodable characters are replaced: a Persian name is shown as written."""
    assert shown_name("می\u200cخواهم.md") == "می\u200cخواهم.md"
    assert shown_name("a\udcffb\tc") == "a?b?c"


def test_class_report_takes_a_zip_and_prints_where_each_file_was_found(texts, tmp_path, capsys) -> None:
    """On the command line: a zip as the argument, a Where table, each source named; a missing path refused."""
    from game.cli.main import main
    from tests.conftest import MINI

    members = {"./Ali/ali.md": texts["Ali Rezaei"], "Sara/sara.md": texts["Sara Karimi"], "Sara/x.md": "x"}
    (tmp_path / "class.zip").write_bytes(zip_bytes(members))
    assert main(["class-report", str(tmp_path / "class.zip"), "--scenes", str(MINI)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Class report: 2 transcripts counted, 1 not counted")
    assert "Found 3 transcript files: 3 in 1 zip." in out
    assert "./Ali/ali.md" in out and "Sara/sara.md" in out  # the Students table (its narrow column wraps)
    assert "class.zip › Sara/x.md: cannot verify: it is not a Jangal transcript" in out
    assert main(["class-report", str(tmp_path / "nothing.zip"), "--scenes", str(MINI)]) == 1
    assert "There is no folder or .zip file" in capsys.readouterr().err


def test_the_walk_stops_with_a_message_after_too_many_files(mini_story, texts, tmp_path, monkeypatch) -> None:
    """Past the bound on files looked at, one line says where it stopped and nothing further is read."""
    from game.classroom import class_files

    monkeypatch.setattr(class_files, "MAX_ENTRIES", 3)
    for number in range(6):
        (tmp_path / f"{number}.md").write_text(texts["Ali Rezaei"] if number == 0 else f"essay {number}")
    found = list(ClassFiles().candidates(tmp_path))
    assert [candidate.source.label for candidate in found] == ["0.md", "1.md", "2.md", "3.md"]
    assert found[-1].problem == "stopped here: more than 3 files; the rest was not read"


def test_the_walk_stops_after_too_many_bytes_of_transcripts(mini_story, tmp_path, monkeypatch) -> None:
    """Past the bound on bytes read in all, the walk stops, in a folder or in a zip alike."""
    from game.classroom import class_files

    monkeypatch.setattr(class_files, "MAX_TOTAL_BYTES", 2 * 1024 * 1024)
    (tmp_path / "big.zip").write_bytes(zip_bytes({f"{n}.md": "x" * 1024 * 1024 for n in range(5)}))
    files = ClassFiles()
    found = list(files.candidates(tmp_path))
    assert found[-1].source.label == "big.zip › 3.md"
    assert found[-1].problem == "stopped here: more than 2 MB of transcripts; the rest was not read"
    assert files.bytes_read <= 3 * 1024 * 1024


def test_a_macs_metadata_inside_a_zip_is_skipped(mini_story, texts, tmp_path) -> None:
    """``__MACOSX/`` and ``._`` files in a zip are no one's hand-in: neither counted, refused nor ignored."""
    members = {"Ali/ali.md": texts["Ali Rezaei"], "__MACOSX/Ali/._ali.md": b"\x00\x05\x16\x07", "Ali/._x.md": "x"}
    (tmp_path / "mac.zip").write_bytes(zip_bytes(members))
    report, counted, rejected = report_of(mini_story, tmp_path)
    assert list(counted) == ["mac.zip › Ali/ali.md"] and rejected == {} and report.ignored == 0
