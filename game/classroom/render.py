"""Transcripts as documents, Markdown or HTML, with their data embedded.

Both are pure functions of the story, the transcript and the replayed state, so ``jangal
verify`` can regenerate a document and compare it with the file character for character.
"""

from game.classroom.contents import gather
from game.classroom.render_html import render_html
from game.classroom.render_md import render_markdown
from game.classroom.transcript import ORIGINAL, Transcript, replay, transcript_of
from game.play.state import GameState
from game.story.model import Story


def document_of(
    story: Story, state: GameState, name: str, fmt: str, language: str = ORIGINAL
) -> tuple[str, Transcript]:
    """A game's transcript, written from a replay of its choices exactly as `jangal verify` will write it again.

    ``story`` is in ``language`` already (``game.cli.play.in_language``): the transcript is written in it.
    ReplayError when the path does not play in the story as it is now; ValueError for a bad name.
    """
    record = transcript_of(story, state, name, language)
    return render(story, record, replay(story, record.origin, record.picks), fmt), record


def render(story: Story, transcript: Transcript, state: GameState, fmt: str, limit: int | None = None) -> str:
    """The whole document in a format (``md`` or ``html``); LongerThanLimit when its steps pass ``limit`` characters."""
    contents = gather(story, transcript, state)
    return render_markdown(contents, limit) if fmt == "md" else render_html(contents, limit)
