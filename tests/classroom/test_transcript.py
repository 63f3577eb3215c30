"""Transcripts: what they show, and that verify accepts every one Jangal writes, unchanged."""

from __future__ import annotations

import re

import pytest

from game.classroom.contents import extract
from game.classroom.render import render
from game.classroom.transcript import Pick, ReplayError, clean_name, replay, transcript_of, verification_code
from game.classroom.verify import Status, verify_text
from game.play.engine import Engine
from tests.classroom.conftest import history_path, play, self_contained

CODE = re.compile(r"^JG-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$")


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_campaign_transcripts_verify_as_genuine(campaign, fmt, seed) -> None:
    """Random and historical campaign paths, in both formats, verify as genuine with the right summary."""
    for state in (play(campaign, seed), history_path(campaign)):
        transcript = transcript_of(campaign, state, f"Student {seed}")
        verification = verify_text(campaign, render(campaign, transcript, state, fmt))
        assert verification.status is Status.GENUINE, verification.reason
        assert verification.state == state
        ending = campaign.scenes[state.scene].ending
        assert verification.line(campaign) == (
            f"genuine: Student {seed}, {len(state.path)} choices, ending “{ending.title}” ({ending.kind.value}), "
            f"story “{campaign.title}” {campaign.fingerprint[:8]}"
        )


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_chapter_start_an_unfinished_game_and_no_name_verify(mini_story, fmt) -> None:
    """A game begun at a chapter, stopped before its end, with no name, is genuine and says where it stands."""
    engine = Engine(mini_story)
    state = engine.choose(engine.new_game("two"), 2).state  # "Go back" to the dock
    transcript = transcript_of(mini_story, state)
    text = render(mini_story, transcript, state, fmt)
    verification = verify_text(mini_story, text)
    assert verification.genuine, verification.reason
    assert verification.line(mini_story).startswith("genuine: (no name given), 1 choice, ending not reached")
    assert "at the chapter “The march”" in text
    assert "The game is not finished" in text
    assert extract(text)[1]["origin"] == "two"


def test_markdown_shows_each_step_the_verdicts_and_the_ending(mini_story) -> None:
    """The Markdown has the scene, the choice, the verdict, history's choice and note, the ending and the divergence."""
    engine = Engine(mini_story)
    state = engine.new_game()
    for index in (0, 2, 0, 0):  # welcome, go back, welcome, march on
        state = engine.choose(state, index).state
    text = render(mini_story, transcript_of(mini_story, state, "Ali"), state, "md")
    assert text.startswith("# Jangal transcript: A small test story\n\n- **Student:** Ali\n")
    assert "## 1. At the dock\n\n*18 May 1920 · Anzali · The landing*\n\nShips in the harbour." in text
    assert "**You chose:** Welcome the sailors\n\nThe sailors cheer.\n\n✓ **You followed history" in text
    assert (
        "✗ **History went another way: A test decision, made at road by history. History's choice here: March on**"
        in text
    )
    assert "> **Historical note** (documented)\n>\n> The flotilla landed in May 1920." in text
    assert "### The end: The march fails (the historical ending)\n\nEveryone goes home." in text
    assert "### What really happened\n\nThe march failed." in text
    assert "You followed history at 3 of 4 decisions." in text
    assert "| 2 | On the road | Go back | March on | ✗ |" in text
    data = extract(text)[1]
    assert data["choices"] == [["dock", 0], ["road", 2], ["dock", 0], ["road", 0]]
    assert data["code"] == transcript_of(mini_story, state, "Ali").code
    assert CODE.match(data["code"])


def test_the_code_covers_story_origin_choices_and_name() -> None:
    """Changing any one certified field changes the code; the same fields give the same code."""
    picks = (Pick("dock", 0), Pick("road", 1))
    code = verification_code("abc", "mini", None, picks, "Ali")
    assert code == verification_code("abc", "mini", None, picks, "Ali")
    variants = [
        verification_code("abd", "mini", None, picks, "Ali"),
        verification_code("abc", "other", None, picks, "Ali"),
        verification_code("abc", "mini", "two", picks, "Ali"),
        verification_code("abc", "mini", None, (Pick("dock", 0), Pick("road", 0)), "Ali"),
        verification_code("abc", "mini", None, picks, "Alī"),
    ]
    assert code not in variants and len(set(variants)) == len(variants)


def test_html_escapes_names_and_story_text_and_loads_nothing(mini_story) -> None:
    """A hostile name is escaped everywhere, the data block cannot close its script, and nothing loads from outside."""
    state = play(mini_story, 4)
    name = '</script><script src="https://evil.example/x.js"></script> **bold** <!-- -->'
    text = render(mini_story, transcript_of(mini_story, state, name), state, "html")
    assert "<script src" not in text and text.count("</script>") == 1
    assert "&lt;/script&gt;&lt;script src=&quot;https://evil.example/x.js&quot;&gt;" in text
    assert self_contained(text)
    assert verify_text(mini_story, text).genuine
    markdown = render(mini_story, transcript_of(mini_story, state, name), state, "md")
    assert "- **Student:** \\</script\\>" in markdown and "\\*\\*bold\\*\\*" in markdown
    assert markdown.count("-->") == 1  # only the data block's own end
    assert verify_text(mini_story, markdown).genuine


def test_story_markdown_is_rendered_without_raw_html_or_links(mini_story) -> None:
    """Scene text becomes paragraphs and emphasis; raw HTML is escaped and links stay text."""
    from game.classroom.render_html import html_markdown

    shown = html_markdown("One *two* **three**\n\n<img src=x onerror=alert(1)> [a](https://x.example) ![i](y.png)")
    assert shown.startswith("<p>One <em>two</em> <strong>three</strong></p>")
    assert "<img" not in shown and "href" not in shown and "&lt;img" in shown


def test_names_are_one_line_of_text() -> None:
    """Names are trimmed; line breaks, control characters and very long names are refused."""
    assert clean_name("  Ali Rezaei ") == "Ali Rezaei"
    assert clean_name(None) == ""
    for bad in ("Ali\nRezaei", "Ali\x00", "x" * 81):
        with pytest.raises(ValueError):
            clean_name(bad)


def test_replay_names_the_first_choice_that_does_not_fit(mini_story) -> None:
    """A choice in the wrong scene, or a closed one, is reported with its number."""
    with pytest.raises(ReplayError, match="choice 2 was made in scene `dock`"):
        replay(mini_story, None, (Pick("dock", 0), Pick("dock", 0)))
    with pytest.raises(ReplayError, match=r"choice 1 \(number 3 in scene `dock`\) is not open"):
        replay(mini_story, None, (Pick("dock", 2),))
    with pytest.raises(ReplayError, match="chapter"):
        replay(mini_story, "nine", ())
