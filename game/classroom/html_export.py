"""The no-server edition: a checked story and its player as one self-contained HTML file.

The page holds the story as JSON data (``game.classroom.web_data``), the player's script and its
styles (``web_player/``), all inline. Its Content-Security-Policy allows exactly that script and
that style sheet, by their SHA-256, and nothing else: no other script, no request to anywhere.
The data sits in a ``type="application/json"`` element, which browsers never run.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from importlib import resources

from game import __version__
from game.classroom.web_data import story_data
from game.story.model import Story

SCRIPTS = ("engine.js", "transcript.js", "player.js")
"""The player's scripts, in the order they run (the engine and the transcript need no page)."""
_MARKER = re.compile(r"__(CSP|VERSION|TITLE|STYLE|FINGERPRINT|DATA|SCRIPT)__")


def player_file(name: str) -> str:
    """One file of the player, as shipped in the package."""
    return resources.files("game.classroom").joinpath("web_player", name).read_text(encoding="utf-8")


def player_script() -> str:
    """The player's scripts as the one inline script of the page."""
    return "\n".join(player_file(name) for name in SCRIPTS)


def _digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(script: str, style: str) -> str:
    """Nothing may load or run but the page's own script and style, named by their hashes."""
    return (
        f"default-src 'none'; script-src {_digest(script)}; style-src {_digest(style)}; "
        "img-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )


def data_text(story: Story) -> str:
    """The story's data as JSON that cannot end its script element (every ``<`` written ``\\u003c``)."""
    return json.dumps(story_data(story), ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def export_html(story: Story) -> str:
    """The whole page for a story the checker found no error in."""
    script, style = player_script(), player_file("player.css")
    values = {
        "CSP": content_security_policy(script, style),
        "VERSION": html.escape(__version__),
        "TITLE": html.escape(story.title),
        "STYLE": style,
        "FINGERPRINT": html.escape(story.fingerprint[:8]),
        "DATA": data_text(story),
        "SCRIPT": script,
    }
    # One pass over the template: a marker inside the story's data is never replaced.
    return _MARKER.sub(lambda found: values[found.group(1)], player_file("page.html"))
