"""Alembic migrations of the store, one branch per feature (see ``backwards.store``).

Layout: ``versions/<feature>_<NNNN>_<what>.py``, revision ids ``<feature>_<NNNN>``. A feature's
first migration has ``down_revision = None`` and ``branch_labels = ("<feature>",)``; later ones
follow it. Features never share a branch, so two features can add tables in parallel without
conflicting heads; ``Store.upgrade`` applies every branch to its head. Migrations spell out
their DDL with ``op`` (they never import the feature's table module), and a test compares the
migrated schema with the tables on ``backwards.store.metadata``.

To write one: ``alembic -x ... revision`` is not needed; copy the latest file of your branch,
bump the number and set ``down_revision`` to the previous revision id. A migration that only
creates tables is ``upgrade, downgrade = snapshot.steps(revision)`` (see ``snapshot``).
"""
