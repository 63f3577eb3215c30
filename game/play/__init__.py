"""Playing a story: the game state, the engine that moves it, saves, settings and sessions.

It imports ``game.story`` and nothing above it, and neither textual nor rich, so every front end
(the Textual game, plain mode, the tools) drives the same rules.
"""
