"""The story format: reading YAML files safely, building the immutable model, checking it.

Everything an author writes becomes a ``Story`` here, with every problem located. This layer
imports only the standard library and PyYAML: never textual, rich, or another layer of ``game``.
"""
