"""WBR: the weekly business review deck from a WBR App config and daily data.

The public API is imported lazily, so ``import backwards.wbr`` does not load DuckDB.
"""

from __future__ import annotations

__all__: list[str] = []
