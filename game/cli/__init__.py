"""The ``jangal`` command: argument parsing, each command's steps, and the plain line mode.

The top layer: it may import every layer below it (story, play, authoring, classroom, ui), and
nothing imports it but ``game.__main__``.
"""
