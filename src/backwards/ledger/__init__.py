"""The trust ledger: commitments as forecasts, revisions, outcomes and mistakes.

``model`` holds the plain values, ``tables`` the SQL tables, ``repository`` reads and writes them
(every change an event), ``transfer`` imports and exports CSV and JSON. The measures and the
trust report are pure functions over the model values.
"""
