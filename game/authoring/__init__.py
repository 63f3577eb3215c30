"""The author's tools: walking every path (explore), the graph, new packs and scenes, watching
files, and rendering problems for people.

It may import ``game.story`` and ``game.play`` (and rich, to draw); not the classroom, the UI or
the command line.
"""
