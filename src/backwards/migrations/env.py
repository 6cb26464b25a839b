"""Alembic environment: always run by ``backwards.store.Store.upgrade`` on its connection.

The caller passes an open connection inside a transaction in ``config.attributes``; the
migrations run in that transaction, so they commit together with the version bookkeeping.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable through the alembic command line
    raise RuntimeError("run migrations through `backwards db upgrade`, not the alembic CLI")

context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
