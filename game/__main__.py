"""``python -m game`` runs the ``jangal`` command."""

import sys

from game.cli.main import main

sys.exit(main())
