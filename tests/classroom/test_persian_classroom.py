"""The classroom in Persian: transcripts written, verified and refused in their language, class reports that
count Persian and English transcripts together, the demo and a served tab in Persian."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from game.classroom.class_report import build_class_report
from game.classroom.class_report_csv import class_report_csv
from game.classroom.contents import extract
from game.classroom.editions import Editions
from game.classroom.render import render
from game.classroom.transcript import transcript_of
from game.classroom.verify import Status, verify_text
from game.classroom.web_words import web_words
from game.cli.main import main
from game.cli.play import in_language
from game.play.engine import Engine
from game.play.language import use_language
from game.story.loader import load_or_raise
from tests.classroom.conftest import departure_path
from tests.conftest import ROOT
from tests.ui.test_persian_terminal import shown

PERSIAN = ROOT / "tests" / "stories" / "persian"
"""The mini story with its own translations/fa.po (every text but one translated)."""
PLAYER = ROOT / "game" / "classroom" / "web_player"


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    use_language(None)


@pytest.fixture(scope="module")
def story():
    return load_or_raise([PERSIAN])


@pytest.fixture(scope="module")
def editions(story) -> Editions:
    return Editions(story, lambda english, code: in_language(english, [PERSIAN], code))


def persian(editions: Editions, fmt: str, name: str = "علی رضایی") -> str:
    translated = editions.get("fa").story
    state = departure_path(translated)
    return render(translated, transcript_of(translated, state, name, "fa"), state, fmt)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_persian_transcript_is_written_in_persian_and_verifies(story, editions, fmt) -> None:
    """Persian headings, texts, digits and Solar Hijri dates; the data names its language; verify replays it."""
    text = persian(editions, fmt)
    assert "دانش‌آموز" in text and "کد تأیید" in text and "در بندرگاه" in text
    assert "۲۸ اردیبهشت ۱۲۹۹ / ۱۸ مه ۱۹۲۰" in text  # the dock's 1920-05-18, solar first
    assert "Dust and rumours." in text  # the one text not yet translated shows in English
    assert "Student" not in text and "You chose" not in text
    _, data = extract(text)
    assert data["language"] == "fa" and data["version"] == 3 and len(data["translation"]) == 16
    if fmt == "html":
        assert '<html lang="fa" dir="rtl">' in text and "unicode-bidi: plaintext" in text
    verification = verify_text(story, text, editions)
    assert verification.status is Status.GENUINE, verification.reason
    assert verification.transcript.language == "fa"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_tampered_persian_transcript_is_refused(story, editions, fmt) -> None:
    """Claiming history was followed where it was not, in Persian, is caught and the line quoted."""
    text = persian(editions, fmt)
    forged = text.replace("تاریخ راه دیگری رفت", "راه تاریخ را رفتی", 1)
    assert forged != text
    verification = verify_text(story, forged, editions)
    assert verification.status is Status.NOT_GENUINE
    assert "راه تاریخ را رفتی" in verification.reason


def test_a_transcript_relabelled_english_is_refused(story, editions) -> None:
    """Editing the data block's language breaks the code: the language is sealed in it."""
    text = persian(editions, "md")
    forged = text.replace('"language": "fa"', '"language": "en"')
    assert verify_text(story, forged, editions).status is Status.NOT_GENUINE


def test_a_changed_translation_is_named_not_called_tampering(story, editions, tmp_path: Path) -> None:
    """When fa.po changed since, verifying says the translation changed, with both versions, and what differs."""
    text = persian(editions, "md")
    folder = tmp_path / "persian"
    shutil.copytree(PERSIAN, folder)
    po = folder / "translations" / "fa.po"
    po.write_text(po.read_text(encoding="utf-8").replace("کشتی‌ها در بندر.", "کشتی‌ها در لنگرگاه."), encoding="utf-8")
    copied = load_or_raise([folder])
    assert copied.fingerprint == story.fingerprint  # the same story; only its translation differs
    changed = Editions(copied, lambda english, code: in_language(english, [folder], code))
    verification = verify_text(copied, text, changed)
    assert verification.status is Status.CANNOT_VERIFY
    assert "translation has changed since it was written" in verification.reason
    assert "کشتی‌ها در بندر." in verification.reason


def test_a_persian_transcript_without_the_translation_cannot_be_verified(story, editions) -> None:
    """A Jangal given no Persian edition says the transcript is in Persian rather than call it forged."""
    verification = verify_text(story, persian(editions, "md"))
    assert verification.status is Status.CANNOT_VERIFY and "played in Persian" in verification.reason


def test_an_english_transcript_is_written_as_before(story) -> None:
    """No language in the data, format 2: what an English transcript always was."""
    state = departure_path(story)
    _, data = extract(render(story, transcript_of(story, state, "Ali"), state, "md"))
    assert data["version"] == 2 and "language" not in data and "translation" not in data


def test_the_verify_command_reads_a_persian_transcript_and_answers_in_persian(tmp_path, editions, capsys) -> None:
    """`jangal verify --lang fa` finds the translation in the story's folder and gives its verdict in Persian."""
    file = tmp_path / "ali.md"
    file.write_text(persian(editions, "md"), encoding="utf-8")
    assert main(["verify", str(file), "--scenes", str(PERSIAN), "--lang", "fa"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("معتبر: علی رضایی، ۴ انتخاب") and "بازی‌شده به فارسی" in out


def test_a_class_report_counts_a_persian_and_an_english_transcript_of_one_path_together(
    story, editions, tmp_path
) -> None:
    """The same path played in both languages is one row per decision with two students, in either report language."""
    english_state = departure_path(story)
    (tmp_path / "ana.md").write_text(
        render(story, transcript_of(story, english_state, "Ana"), english_state, "md"), encoding="utf-8"
    )
    (tmp_path / "ali.html").write_text(persian(editions, "html"), encoding="utf-8")
    report = build_class_report(story, tmp_path, editions)
    assert report.rejected == () and len(report.counted) == 2
    dock = next(decision for decision in report.decisions if decision.scene.id == "dock")
    assert dock.reached == 2 and [option.students for option in dock.options] == [2, 0, 0, 0]
    assert {entry.transcript.language for entry in report.counted} == {"en", "fa"}
    use_language("fa")
    in_persian = build_class_report(editions.get("fa").story, tmp_path, editions)
    rows = class_report_csv(in_persian).splitlines()
    assert rows[0].split(",")[0] == "دانش‌آموز" and rows[0].endswith("زبان")
    assert any("در بندرگاه" in row and row.endswith("انگلیسی") for row in rows)
    assert any("در بندرگاه" in row and row.endswith("فارسی") for row in rows)


def test_the_class_report_command_in_persian_writes_a_right_to_left_page(story, editions, tmp_path, capsys) -> None:
    """`class-report --lang fa --html` prints Persian and writes a page with lang="fa" dir="rtl"."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ali.md").write_text(persian(editions, "md"), encoding="utf-8")
    page = tmp_path / "report.html"
    code = main(["class-report", str(tmp_path / "in"), "--scenes", str(PERSIAN), "--lang", "fa", "--html", str(page)])
    assert code == 0
    assert "گزارش کلاس" in capsys.readouterr().out
    written = page.read_text(encoding="utf-8")
    assert '<html lang="fa" dir="rtl">' in written and "تصمیم‌ها" in written and "در بندرگاه" in written


async def test_the_demo_in_persian_shows_the_story_and_its_own_words_in_persian(editions) -> None:
    """History's path in the demo: Persian title and date in the header, Persian status line and questions."""
    from game.classroom.demo import demo_stops, history_picks
    from game.ui.demo_app import DemoApp

    use_language("fa")
    engine = Engine(editions.get("fa").story)
    start = engine.new_game()
    app = DemoApp(engine, demo_stops(engine, start, history_picks(engine, start)), pace=0)
    async with app.run_test(size=(100, 30)) as pilot:
        header = str(app.screen.query_one("#demo-header").render())
        assert "در بندرگاه" in header and "۲۸ اردیبهشت ۱۲۹۹" in header
        status = str(app.screen.query_one("#demo-status").render())
        assert "صحنهٔ ۱ از" in status and "از کلاس بپرسید" in status
        await pilot.press("space")  # reveal the decision
        choices = str(app.screen.query_one("#demo-choices").render())
        assert "آنچه تاریخ کرد" in choices and "به ملوانان خوشامد بگو" in choices


async def test_a_served_tab_in_persian_plays_the_story_in_persian(tmp_path: Path) -> None:
    """`serve --lang fa`: the preloaded process translates the story, so a forked tab's title is the Persian one."""
    from game.classroom.serve import game_command
    from game.classroom.serve_web import JangalServer
    from game.classroom.tab_forks import TabForks
    from tests.classroom.test_serve_server import Served, named_title

    use_language("fa")  # as `jangal serve --lang fa` chooses it before serving
    served = Served(tmp_path)
    command = game_command([PERSIAN], tmp_path / "served", language="fa")
    forks = TabForks([PERSIAN], tmp_path / "served", language="fa")
    served.server = JangalServer(command, host="127.0.0.1", port=0, forks=forks, language="fa")
    async with served:
        page = await (await served.client.get("/")).text()
        assert '<html lang="fa">' in page and "جنگل دارد آغاز می‌شود" in page and 'dir="rtl"' in page
        websocket = await served.open_game()
        # The browser's terminal neither reorders nor joins letters, so the game sends them as they must show
        title = await named_title(websocket, "Ava", asks=shown("نام شما"), menu=shown("بازی تازه"))
        assert shown("داستان آزمایشی کوچک") in title, title
        await websocket.close()


def test_every_word_of_the_web_player_is_listed_for_translators() -> None:
    """Each engine.t / T("…") of the player's scripts and each {{…}} of its page is in web_words."""
    found = set()
    for name in ("engine.js", "transcript.js", "player.js", "page.html"):
        source = (PLAYER / name).read_text(encoding="utf-8")
        found |= {word.replace('\\"', '"') for word in re.findall(r'\b[Tt]\("((?:[^"\\]|\\.)*)"', source)}
        found |= set(re.findall(r"\{\{([^{}]+)\}\}", source))
    assert found == set(web_words())


def test_every_persian_word_keeps_its_fields() -> None:
    """A translation has the same {fields} as its English, so filling it in never fails or loses a value."""
    from babel.messages.pofile import read_po

    catalog = read_po((ROOT / "game" / "locale" / "fa.po").open("rb"))
    for message in catalog:
        if message.id and message.string:
            fields = set(re.findall(r"\{(\w+)\}", message.id))
            assert set(re.findall(r"\{(\w+)\}", message.string)) == fields, message.id
