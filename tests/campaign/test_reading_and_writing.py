"""The campaign's classroom numbers are measured, its text leaks nothing of the project, and its tics are rationed."""

from __future__ import annotations

import re

import pytest

from game.story.model import Story
from tests.campaign.reading import chapter_rows, reading_table
from tests.conftest import ROOT

DOCS = ("docs/campaign.md", "docs/teachers.md")
MAX_NOBODY = 25
# A project file, the fact sheet or seed, or a scene id (lowercase words joined by "_").
LEAK = re.compile(r"\bseed (text|document|summary)\b|fact sheet|history\.md|\.ya?ml\b|`|\b[a-z]+_[a-z_]+\b", re.I)
DATE_HEDGE = re.compile(r"as accounts differ|counts disagree|still argued|cannot decide|, some say,|\b\d{4} or \d{4}\b")
MENU = re.compile(r"\bor you (can|could)\b|\byou could\b|\bthree roads\b", re.IGNORECASE)


def narrative(campaign: Story) -> list[str]:
    """What the story tells as story: scene texts, consequences and epilogues."""
    texts = [scene.text.every_paragraph() for scene in campaign.scenes.values()]
    texts += [choice.consequence.every_paragraph() for scene in campaign.scenes.values() for choice in scene.choices]
    return texts + [scene.ending.epilogue.every_paragraph() for scene in campaign.scenes.values() if scene.ending]


def player_visible(campaign: Story) -> list[tuple[str, str]]:
    """Every text a player can see, with where it comes from."""
    seen = [("viewpoint", campaign.viewpoint), ("blurb", campaign.blurb)]
    seen += [(f"chapter {chapter.id}", chapter.summary) for chapter in campaign.chapters.values()]
    for scene in campaign.scenes.values():
        seen += [(scene.id, scene.title), (scene.id, scene.text.every_paragraph()), (scene.id, scene.place)]
        if scene.note:
            seen += [(scene.id, scene.note.text), *((scene.id, source) for source in scene.note.sources)]
        seen += [(scene.id, f"{c.text} {c.consequence.every_paragraph()} {c.locked_reason}") for c in scene.choices]
        if scene.ending:
            ending = scene.ending
            seen += [(scene.id, ending.title), (scene.id, ending.epilogue.every_paragraph())]
            seen += [(scene.id, ending.what_really_happened)]
            seen += [(scene.id, f"{e.who} {e.view}") for e in ending.explanations]
            seen += [(scene.id, question) for question in ending.questions]
    seen += [(f"codex {entry.id}", f"{entry.name} {entry.text}") for entry in campaign.codex.values()]
    return seen + [(f"timeline {event.date}", f"{event.event} {event.place}") for event in campaign.timeline]


@pytest.mark.parametrize("doc", DOCS)
def test_the_docs_reading_times_are_measured_from_the_text(campaign: Story, doc: str) -> None:
    """Both guides carry the reading-time table exactly as the scenes measure it."""
    assert reading_table(campaign) in (ROOT / doc).read_text(encoding="utf-8")


def test_each_lesson_plan_states_its_chapters_measured_reading(campaign: Story) -> None:
    """Each chapter's lesson plan in docs/teachers.md gives the minutes the table gives."""
    guide = (ROOT / "docs/teachers.md").read_text(encoding="utf-8")
    stated = re.findall(r"about \*\*(\d+) minutes\*\* of reading, \*\*(\d+)\*\* with all the notes", guide)
    measured = [(str(r.minutes(notes=False)), str(r.minutes(notes=True))) for _, r in chapter_rows(campaign)[:-1]]
    assert stated == measured


def test_no_player_visible_text_names_the_project_or_its_ids(campaign: Story) -> None:
    """No scene, note, source, codex entry, timeline event or ending names the seed, the fact sheet, a file or an id."""
    leaks = [(where, match.group(0)) for where, text in player_visible(campaign) for match in LEAK.finditer(text)]
    assert leaks == []


def test_nobody_is_rationed(campaign: Story) -> None:
    """ "Nobody" and "no one" appear at most 25 times in the narrative."""
    count = sum(len(re.findall(r"\b(nobody|no one)\b", text, re.IGNORECASE)) for text in narrative(campaign))
    assert count <= MAX_NOBODY


def test_kuchik_khan_asks_the_scribe_at_most_twice(campaign: Story) -> None:
    """Kuchik Khan asks the young scribe what he would do in two scenes at most."""
    asking = [
        s.id
        for s in campaign.scenes.values()
        if re.search(r"asks? (you )?what you\s+would\s+do", s.text.every_paragraph())
    ]
    assert 1 <= len(asking) <= 2, asking


def test_scenes_end_on_pressure_not_on_the_menu(campaign: Story) -> None:
    """The last paragraph of a scene with choices does not read its options out."""
    last = {s.id: s.text.blocks[-1] for s in campaign.scenes.values() if len(s.choices) > 1}
    last = {
        scene_id: f"{block.text}\n\n{block.otherwise}".strip().split("\n\n")[-1] for scene_id, block in last.items()
    }
    menus = [scene_id for scene_id, paragraph in last.items() if MENU.search(paragraph)]
    assert menus == []


def test_date_hedges_live_in_the_notes(campaign: Story) -> None:
    """Scene texts give one date or count; the sources' disagreements are in the notes."""
    hedged = [
        (s.id, m.group(0)) for s in campaign.scenes.values() for m in DATE_HEDGE.finditer(s.text.every_paragraph())
    ]
    assert hedged == []
