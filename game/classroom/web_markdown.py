"""Story Markdown compiled, at export, into a small tree the browser turns into elements.

A node is a string (text) or a list ``[tag, child, ...]`` with a tag from ``TAGS``. The player
builds each element with ``createElement`` and each text with a text node, so whatever a story's
text holds (tags, scripts, entities) is shown as the characters it is, never read as markup. Raw
HTML, links and images are switched off, as in the HTML transcript.
"""

from __future__ import annotations

from functools import cache
from typing import Any

TAGS = frozenset({"p", "em", "strong", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6"} | {"ul", "ol", "li"})
TAGS |= {"blockquote", "hr", "br", "s"}
"""Every tag a tree may hold (the player refuses any other)."""

Node = str | list[Any]


@cache
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).disable(
        ["link", "image", "autolink", "reference", "html_inline", "html_block"]
    )


def markdown_tree(text: str) -> list[Node]:
    """The block nodes of a Markdown text (stripped first, as every front end shows it)."""
    root: list[Any] = ["root"]
    stack = [root]
    for token in _parser().parse(text.strip()):
        if token.nesting == 1:
            if token.hidden:  # a tight list's paragraph: its text goes straight into the item
                continue
            element = [token.tag]
            stack[-1].append(element)
            stack.append(element)
        elif token.nesting == -1:
            if not token.hidden:
                stack.pop()
        elif token.type == "inline":
            _inline(token.children or [], stack[-1])
        elif token.type in ("fence", "code_block"):
            stack[-1].append(["pre", ["code", token.content]])
        elif token.type == "hr":
            stack[-1].append(["hr"])
    return root[1:]


def _inline(tokens: list, parent: list[Any]) -> None:
    stack = [parent]
    for token in tokens:
        if token.nesting == 1:
            element = [token.tag]
            stack[-1].append(element)
            stack.append(element)
        elif token.nesting == -1:
            stack.pop()
        elif token.type == "code_inline":
            stack[-1].append(["code", token.content])
        elif token.type == "softbreak":
            _text(stack[-1], "\n")
        elif token.type == "hardbreak":
            stack[-1].append(["br"])
        elif token.content:
            _text(stack[-1], token.content)


def _text(parent: list[Any], text: str) -> None:
    """Add text, joined to the text before it (markdown-it splits text at every special character)."""
    if len(parent) > 1 and isinstance(parent[-1], str):
        parent[-1] += text
    else:
        parent.append(text)


def piece(text: str) -> dict[str, Any]:
    """A Markdown text as the page needs it: the source (for the transcript) and its tree (to show)."""
    return {"md": text, "view": markdown_tree(text)}
