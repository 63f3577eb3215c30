"""Jangal: historical interactive fiction about the Gilan Republic, 1920-1921."""

__version__ = "0.1.0"
