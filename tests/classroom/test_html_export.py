"""`jangal export --html`: a checked story compiled to data and its player, as one self-contained page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from game.classroom.html_export import SCRIPTS, export_html, player_file
from game.classroom.web_conditions import condition_data
from game.classroom.web_markdown import TAGS, markdown_tree
from game.cli.main import main
from game.story.conditions import parse_condition
from game.story.loader import load_story
from tests.conftest import MINI, ROOT

BROKEN = ROOT / "tests" / "checker" / "fixtures" / "condition_syntax_error"


def story_data_of(page: str) -> dict:
    """The story data a page embeds."""
    found = re.search(r'<script type="application/json" id="jangal-story">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def test_the_command_writes_one_page_holding_the_story_and_its_player(tmp_path: Path, capsys) -> None:
    """The page holds the story's data and the player's scripts and styles, and says how big it is."""
    target = tmp_path / "mini.html"
    assert main(["export", "--html", str(target), "--scenes", str(MINI)]) == 0
    page = target.read_text(encoding="utf-8")
    assert story_data_of(page)["title"] == "A small test story"
    assert player_file("player.css")[:200] in page
    for name in SCRIPTS:
        assert player_file(name)[-200:] in page
    assert "KB" in capsys.readouterr().err


def test_a_story_with_errors_is_not_exported(tmp_path: Path, capsys) -> None:
    """A story the checker finds an error in is refused with its report, and no file is written."""
    target = tmp_path / "broken.html"
    assert main(["export", "--html", str(target), "--scenes", str(BROKEN)]) == 1
    err = capsys.readouterr().err
    assert "error" in err and "cannot be exported" in err
    assert not target.exists()


def test_the_page_loads_nothing_and_runs_nothing_but_its_own_script() -> None:
    """The policy names the one script and style by hash and allows no source; no eval, Function or remote URL."""
    page = export_html(load_story([MINI]).story)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert policy.startswith("default-src 'none'; script-src 'sha256-")
    assert "unsafe" not in policy and "http" not in policy
    assert len(re.findall(r"<script", page)) == 2  # the data (never run) and the player
    script = "\n".join(player_file(name) for name in SCRIPTS)
    assert not re.search(r"\beval\b|\bFunction\(|innerHTML|outerHTML|insertAdjacentHTML|document\.write", script)
    assert not re.search(r"https?://", page.split('id="jangal-story"')[0] + script)


def test_markup_in_story_text_stays_text_in_the_data() -> None:
    """Raw HTML and links in Markdown come out as text nodes; only the allowed tags are elements."""
    nodes = markdown_tree("Hello <script>alert(1)</script> *there* [a](http://x.test)\n\n- one\n- two")
    assert nodes == [
        ["p", "Hello <script>alert(1)</script> ", ["em", "there"], " [a](http://x.test)"],
        ["ul", ["li", "one"], ["li", "two"]],
    ]

    def tags(node):
        return [] if isinstance(node, str) else [node[0], *(tag for child in node[1:] for tag in tags(child))]

    assert set(tags(["p", *nodes])) <= TAGS


@pytest.mark.parametrize(
    ("source", "data"),
    [
        (
            "support >= 3 and not flags.trusts",
            ["and", ["cmp", ["v", "support"], ">=", ["k", 3]], ["not", ["f", "trusts"]]],
        ),
        ('1 <= visits("dock") < 3', ["cmp", ["k", 1], "<=", ["n", "dock"], "<", ["k", 3]]),
        (
            'visited("road") or -funds + 2 == support - 1',
            [
                "or",
                ["seen", "road"],
                ["cmp", ["+", ["neg", ["v", "funds"]], ["k", 2]], "==", ["-", ["v", "support"], ["k", 1]]],
            ],
        ),
        ("true != false", ["cmp", ["k", True], "!=", ["k", False]]),
    ],
)
def test_conditions_become_data_the_browser_evaluates(source: str, data: list) -> None:
    """Each condition is written as nested lists, never as the condition language."""
    assert condition_data(parse_condition(source)) == data
