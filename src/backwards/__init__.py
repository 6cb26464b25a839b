"""backwards: run a product organisation on working-backwards mechanisms.

The Python library is the product; the ``backwards`` CLI only parses arguments, calls it and
formats what it returns. The public kernel API is listed in ``__all__`` (checked by a test).
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
