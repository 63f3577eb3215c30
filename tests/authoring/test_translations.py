"""Translation files: extracted with stable identities, kept across edits, and checked for missing and stale texts."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from game.authoring.translations import extract, po_file, translation_problems
from game.story.loader import load_or_raise
from game.story.strings import story_strings
from tests.conftest import MINI, ROOT


@pytest.fixture
def story_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    return folder


def catalog_of(folder: Path):
    with po_file(folder, "fa").open("rb") as stream:
        return read_po(stream)


def translate(folder: Path, context: str, text: str) -> None:
    """Do what a translator does in Poedit: fill one msgstr."""
    path = po_file(folder, "fa")
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index(f'msgctxt "{context}"')
    assert lines[at + 2] == 'msgstr ""'
    lines[at + 2] = f'msgstr "{text}"'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_every_text_a_player_sees_has_one_stable_identity() -> None:
    strings = story_strings(load_or_raise([ROOT / "scenes"]))
    ids = [item.id for item in strings]
    assert len(ids) == len(set(ids)) and len(ids) > 900
    assert {"story/title", "scene/manjil/title", "scene/manjil/text/0", "scene/manjil/choice/0/text"} <= set(ids)
    kinds = {item.id.split("/")[0] for item in strings}
    assert kinds == {"story", "variable", "flag", "chapter", "scene", "codex", "timeline"}
    assert any(item.id.endswith("/else") for item in strings)  # the other paragraph of a conditional block
    assert any("/ending/question/" in item.id for item in strings) and any(
        "/note/source/" in item.id for item in strings
    )


def test_extract_writes_a_po_file_per_folder_with_each_text_s_identity_english_and_place(story_folder: Path) -> None:
    story = load_or_raise([story_folder])
    [written] = extract(story, [story_folder], "fa")
    assert written.path == story_folder / "translations" / "fa.po" and written.translated == 0
    catalog = catalog_of(story_folder)
    title = catalog.get("At the dock", "scene/dock/title")
    assert title is not None and title.string == "" and title.locations == [("scenes.yaml", 4)]
    assert len([message for message in catalog if message.id]) == written.strings == len(story_strings(story))
    assert load_or_raise([story_folder]).scenes.keys() == story.scenes.keys()  # the PO file is not read as a story


def test_check_lists_what_is_missing_and_what_the_english_changed_under(story_folder: Path) -> None:
    story = load_or_raise([story_folder])
    extract(story, [story_folder], "fa")
    translate(story_folder, "scene/dock/title", "در اسکله")
    problems = translation_problems(story, [story_folder], "fa")
    assert len(problems) == len(story_strings(story)) - 1
    missing = next(problem for problem in problems if "`scene/dock/place`" in problem.message)
    assert missing.message == "no fa translation of `scene/dock/place`" and missing.location.line == 6
    scenes = story_folder / "scenes.yaml"
    scenes.write_text(scenes.read_text(encoding="utf-8").replace("title: At the dock", "title: At the harbour"))
    edited = load_or_raise([story_folder])
    [stale] = [problem for problem in translation_problems(edited, [story_folder], "fa") if "stale" in problem.message]
    assert stale.message == "the fa translation of `scene/dock/title` is stale"
    assert stale.location.path.endswith("translations/fa.po") and stale.location.line > 0
    [again] = extract(edited, [story_folder], "fa")
    assert again.translated == 1 and again.stale == 1
    entry = catalog_of(story_folder).get("At the harbour", "scene/dock/title")
    assert entry.string == "در اسکله" and entry.fuzzy
    assert '#| msgid "At the dock"' in po_file(story_folder, "fa").read_text(encoding="utf-8")  # what it translated


def test_moving_scenes_keeps_every_translation(story_folder: Path) -> None:
    """Scenes reordered and moved to another file: the identities hold, so no translation is lost or stale."""
    extract(load_or_raise([story_folder]), [story_folder], "fa")
    translate(story_folder, "scene/road/title", "در راه")
    scenes = story_folder / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    start, end = text.index("  - id: road"), text.index("  - id: defeat")
    scenes.write_text(text[:start] + text[end:], encoding="utf-8")
    (story_folder / "more.yaml").write_text("scenes:\n" + text[start:end], encoding="utf-8")
    moved = load_or_raise([story_folder])
    assert moved.scenes["road"].location.path.endswith("more.yaml")
    [written] = extract(moved, [story_folder], "fa")
    assert written.translated == 1 and written.stale == 0
    entry = catalog_of(story_folder).get("On the road", "scene/road/title")
    assert entry.string == "در راه" and entry.locations[0][0] == "more.yaml"


def test_the_commands_extract_and_check(story_folder: Path) -> None:
    def run(*arguments: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "game", *arguments]
        return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60, env={"NO_COLOR": "1"})

    extracted = run("translate", "extract", "--lang", "fa", "--scenes", str(story_folder))
    assert extracted.returncode == 0 and "texts, 0 translated" in extracted.stdout
    checked = run("check", str(story_folder), "--lang", "fa", "--strict")
    assert checked.returncode == 1 and "warning: no fa translation of `scene/dock/title`" in checked.stdout
    assert run("check", str(story_folder)).returncode == 0  # without --lang, translations are not asked for
    refused = run("translate", "extract", "--lang", "../fa", "--scenes", str(story_folder))
    assert refused.returncode == 2 and "is not a language code" in refused.stderr


def test_a_translated_story_shows_the_translations_and_plays_exactly_as_the_english(story_folder: Path) -> None:
    """Texts with a current translation are replaced; fuzzy ones and the rest stay English; the rules do not change."""
    from game.authoring.translations import load_translations
    from game.play.engine import Engine
    from game.story.strings import translated

    english = load_or_raise([story_folder])
    extract(english, [story_folder], "fa")
    translate(story_folder, "scene/dock/title", "در اسکله")
    translate(story_folder, "scene/dock/choice/0/text", "به ملوانان خوشامد بگو")
    translate(story_folder, "scene/dock/choice/0/consequence/0", "ملوانان هورا می‌کشند.")
    persian = translated(english, load_translations(english, [story_folder], "fa"))
    engine, other = Engine(persian), Engine(english)
    state = engine.new_game()
    assert persian.scenes["dock"].title == "در اسکله" and persian.scenes["road"].title == english.scenes["road"].title
    assert engine.view(state).options[0].text == "به ملوانان خوشامد بگو"
    turn = engine.choose(state, 0)
    assert engine.consequence_text(turn.step, turn.state) == "ملوانان هورا می‌کشند."
    assert turn.state == other.choose(other.new_game(), 0).state  # the same game, in another language
    assert persian.fingerprint == english.fingerprint  # a save or transcript belongs to both

    scenes = story_folder / "scenes.yaml"
    scenes.write_text(scenes.read_text(encoding="utf-8").replace("title: At the dock", "title: At the harbour"))
    edited = load_or_raise([story_folder])
    assert translated(edited, load_translations(edited, [story_folder], "fa")).scenes["dock"].title == "At the harbour"


def test_play_plain_in_persian(story_folder: Path, tmp_path: Path) -> None:
    extract(load_or_raise([story_folder]), [story_folder], "fa")
    translate(story_folder, "scene/dock/title", "در اسکله")
    command = [sys.executable, "-m", "game", "play", "--plain", "--auto", "history", "--lang", "fa"]
    command += ["--scenes", str(story_folder), "--saves-dir", str(tmp_path / "saves")]
    ran = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert "در اسکله" in ran.stdout and "At the dock" not in ran.stdout


def entry_lines(folder: Path, context: str) -> list[str]:
    """The lines of one entry of the PO file as a translator's tool reads them, comments first."""
    lines = po_file(folder, "fa").read_text(encoding="utf-8").splitlines()
    at = lines.index(f'msgctxt "{context}"')
    start = at
    while lines[start - 1].startswith("#"):
        start -= 1
    end = lines.index("", at) if "" in lines[at:] else len(lines)
    return lines[start:end]


def test_extracting_again_keeps_what_a_stale_entry_translated_and_the_translators_comments(story_folder: Path) -> None:
    """A stale entry keeps the English it was made from however often extract runs (and through a second edit),
    and a translator's comment is never dropped."""
    extract(load_or_raise([story_folder]), [story_folder], "fa")
    translate(story_folder, "scene/dock/title", "در اسکله")
    path = po_file(story_folder, "fa")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgctxt "scene/dock/title"', '# the quay at Anzali\nmsgctxt "scene/dock/title"'))
    scenes = story_folder / "scenes.yaml"
    for before, title in (("At the dock", "At the harbour"), ("At the harbour", "At the harbour of Anzali")):
        scenes.write_text(scenes.read_text(encoding="utf-8").replace(f"title: {before}\n", f"title: {title}\n"))
        for _ in range(2):  # extract run twice: nothing it keeps may wear away
            extract(load_or_raise([story_folder]), [story_folder], "fa")
            entry = entry_lines(story_folder, "scene/dock/title")
            assert "# the quay at Anzali" in entry and "#, fuzzy" in entry
            assert '#| msgid "At the dock"' in entry  # what the translation was made from, not a later edit
            assert f'msgid "{title}"' in entry and 'msgstr "در اسکله"' in entry
    assert "# |" not in path.read_text(encoding="utf-8")
