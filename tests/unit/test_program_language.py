"""The program's own words: English by default, a language's catalog when chosen, English where it has none."""

from __future__ import annotations

import pytest

from game.authoring.program_words import program_words
from game.play import language
from game.play.language import _, is_right_to_left, local_digits, use_language


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    use_language(None)


def test_english_is_the_default_and_needs_no_catalog():
    assert use_language(None) and language.language() == "en"
    assert _("Save the game") == "Save the game"


def test_a_language_without_a_catalog_keeps_english_words():
    assert use_language("xx") is False
    assert _("Save the game") == "Save the game"


def test_a_chosen_language_gives_its_translations(monkeypatch):
    monkeypatch.setattr(language, "program_catalog", lambda code: {"Save the game": "ذخیرهٔ بازی"})
    assert use_language("fa")
    assert _("Save the game") == "ذخیرهٔ بازی"
    assert _("Not translated yet") == "Not translated yet"


def test_persian_is_right_to_left_with_persian_digits():
    assert is_right_to_left("fa") and is_right_to_left("fa_IR") and not is_right_to_left("en")
    assert local_digits("Chapter 2 of 3", "fa") == "Chapter ۲ of ۳"
    assert local_digits("Chapter 2", "en") == "Chapter 2"


def test_every_word_the_code_passes_through_underscore_is_found_for_translators():
    words = {word.english: word for word in program_words()}
    for word in words.values():
        assert word.path.startswith("game/") and word.line > 0
