"""``python -m backwards``: the same entry point as the ``backwards`` console script."""

from __future__ import annotations

import sys

from backwards.cli import run

if __name__ == "__main__":
    sys.exit(run())
