"""The Textual game: screens and widgets drawn from the engine's state, never holding game truth.

It may import every layer below the command line (story, play, authoring, classroom), and
textual and rich; nothing below it imports it.
"""
