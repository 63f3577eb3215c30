"""The Textual game: screens and widgets drawn from the engine's state, never holding game truth."""
