"""The no-server edition: a checked story and its player as one self-contained HTML file.

The page holds the story as JSON data (``game.classroom.web_data``), the player's script and its
styles (``web_player/``), all inline. Its Content-Security-Policy allows exactly that script and
that style sheet, by their SHA-256, and nothing else: no other script, no request to anywhere.
The data sits in a ``type="application/json"`` element, which browsers never run.

A translated edition (``jangal export --html --lang fa``) is the same page in the story's translation:
``<html lang="fa" dir="rtl">``, the player's words and the template's (``{{…}}``) in Persian, dates in the
Solar Hijri calendar beside the Gregorian, the layout mirrored (the styles use logical properties, so
only the direction changes), and Vazirmatn, a font that shapes Persian, embedded in the style sheet
(``web_player/fonts``, subset by ``tools/subset_vazirmatn.sh``, SIL Open Font Licence): the policy then
also allows fonts from ``data:`` addresses inside the page, still nothing from anywhere else.
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
from game.classroom.words import ENGLISH_WORDS, Words
from game.story.model import Story

SCRIPTS = ("engine.js", "transcript.js", "player.js")
"""The player's scripts, in the order they run (the engine and the transcript need no page)."""
_MARKER = re.compile(r"__(CSP|VERSION|TITLE|STYLE|FINGERPRINT|DATA|SCRIPT|LANG|DIR|FOOTER)__|\{\{([^{}]+)\}\}")
FONTS = (("Regular", 400), ("Bold", 700))
"""The weights of Vazirmatn a right-to-left edition embeds (body text, and headings and choices' keys)."""
RIGHT_TO_LEFT_STYLE = """
body, button, select, input, nav, button.choice {
  font-family: Vazirmatn, "Noto Naskh Arabic", Tahoma, sans-serif;
}
body { line-height: 1.85; }
.byline, .consequence, .reliability, .unfound { font-style: normal; }
p, li, h1, h2, h3, h4, td, button.choice span { unicode-bidi: plaintext; }
"""
"""What a right-to-left edition adds to the styles: the embedded font first, no slanted text (Persian type
has no italics; a slanted one is a poor imitation), and each paragraph in the direction of its own first
letter, so a text not yet translated reads left to right with its full stop at its end."""


def player_file(name: str) -> str:
    """One file of the player, as shipped in the package."""
    return resources.files("game.classroom").joinpath("web_player", name).read_text(encoding="utf-8")


def player_script() -> str:
    """The player's scripts as the one inline script of the page."""
    return "\n".join(player_file(name) for name in SCRIPTS)


def _digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(script: str, style: str, fonts: bool = False) -> str:
    """Nothing may load or run but the page's own script and style, named by their hashes (and, with ``fonts``,
    the fonts embedded in that style as ``data:`` addresses)."""
    font = "font-src data:; " if fonts else ""
    return (
        f"default-src 'none'; script-src {_digest(script)}; style-src {_digest(style)}; {font}"
        "img-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )


def data_text(story: Story, words: Words = ENGLISH_WORDS) -> str:
    """The story's data as JSON that cannot end its script element (every ``<`` written ``\\u003c``)."""
    return json.dumps(story_data(story, words), ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def font_faces() -> str:
    """``@font-face`` rules for Vazirmatn, each weight's woff2 inline as a ``data:`` address."""
    folder = resources.files("game.classroom").joinpath("web_player", "fonts")
    rules = []
    for name, weight in FONTS:
        data = base64.b64encode(folder.joinpath(f"Vazirmatn-{name}.woff2").read_bytes()).decode("ascii")
        rules.append(
            f"@font-face {{ font-family: Vazirmatn; font-weight: {weight}; font-style: normal; font-display: swap; "
            f'src: url("data:font/woff2;base64,{data}") format("woff2"); }}'
        )
    return "\n".join(rules) + "\n"


def export_html(story: Story, words: Words = ENGLISH_WORDS) -> str:
    """The whole page for a story the checker found no error in (``story`` in the words' language already)."""
    script, style = player_script(), player_file("player.css")
    if words.right_to_left:
        style = font_faces() + style + RIGHT_TO_LEFT_STYLE
    if words.language.split("_")[0] == "fa":
        style += "ol { list-style-type: persian; }\n"  # the chapters' and questions' numbers in Persian digits
    _ = words
    footer = _(
        "Made with Jangal {version} · story version {fingerprint} · works offline: nothing is loaded from anywhere."
    )
    values = {
        "CSP": content_security_policy(script, style, fonts=words.right_to_left),
        "VERSION": html.escape(__version__),
        "TITLE": html.escape(story.title),
        "STYLE": style,
        "FINGERPRINT": html.escape(story.fingerprint[:8]),
        "DATA": data_text(story, words),
        "SCRIPT": script,
        "LANG": html.escape(words.language.replace("_", "-")),
        "DIR": ' dir="rtl"' if words.right_to_left else "",
        "FOOTER": html.escape(footer, quote=False).format(
            version=html.escape(__version__), fingerprint=html.escape(story.fingerprint[:8])
        ),
    }
    # One pass over the template: a marker inside the story's data is never replaced.
    return _MARKER.sub(lambda found: _value(found, values, words), player_file("page.html"))


def _value(found: re.Match, values: dict[str, str], words: Words) -> str:
    """A marker's value, or a template word (``{{Title}}``) in the words' language, escaped."""
    if found.group(1):
        return values[found.group(1)]
    return html.escape(words(found.group(2)), quote=True)
