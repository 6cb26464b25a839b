"""Alembic migrations of the store, one branch per feature (see ``backwards.store``)."""
