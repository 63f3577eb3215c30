"""The classroom's tools: transcripts and their verification, the class report, hand-in, the
projector demo's path, and serving the game to browsers.

It may import ``game.story`` and ``game.play`` (and rich, to draw); not the authoring tools, the
UI or the command line.
"""
