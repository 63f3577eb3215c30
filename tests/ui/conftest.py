"""The Textual tests share `make_app` from tests/conftest.py; colours must not depend on the environment."""

from __future__ import annotations

import os

os.environ.pop("NO_COLOR", None)  # it would change every snapshot
