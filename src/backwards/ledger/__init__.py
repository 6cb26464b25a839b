"""The trust ledger: commitments as forecasts, revisions, outcomes and mistakes.

Storage side: ``model`` (plain values), ``tables`` (SQL tables), ``repository`` (every change
one transaction and one event), ``snapshot`` and ``columns`` (bulk reads: model values, or the
report's columns straight from SQL), ``bulk_import``, ``transfer`` (reading JSON/CSV files) and
``export``. Measures and the trust report (pure functions over the model values or columns):
``rates``, ``saydo``, ``slip``, ``forecast``, ``similarity``, ``repeats``, ``report``.
"""

from __future__ import annotations

from backwards.ledger.settings import LedgerSettings

__all__ = ["LedgerSettings"]
