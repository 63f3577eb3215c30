"""``python -m game`` runs the ``jangal`` command."""

import sys

from game.cli import main

sys.exit(main())
