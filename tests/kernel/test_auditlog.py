"""Audit logs: one table shape, appended to and read newest first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from backwards import auditlog

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _log(index_subject: bool) -> tuple[sa.Engine, sa.Table]:
    metadata = sa.MetaData()
    table = auditlog.audit_table("t_events", index_subject=index_subject)
    table = table.to_metadata(metadata)
    auditlog.metadata.remove(auditlog.metadata.tables["t_events"])
    engine = sa.create_engine("sqlite://")
    metadata.create_all(engine)
    return engine, table


def test_events_come_back_newest_first_and_by_subject() -> None:
    engine, table = _log(index_subject=True)
    with engine.begin() as conn:
        for i, (who, subject) in enumerate([("admin", "ana"), ("ana", "bo"), ("admin", "ana")]):
            auditlog.record(
                conn, table, who=who, action=f"a{i}", subject=subject, at=T0 + timedelta(i), n=i
            )
    with engine.connect() as conn:
        everything = auditlog.read(conn, table)
        of_ana = auditlog.read(conn, table, subject="ana")
        newest = auditlog.read(conn, table, limit=1)
    assert [e.action for e in everything] == ["a2", "a1", "a0"]
    assert [(e.action, e.detail) for e in of_ana] == [("a2", {"n": 2}), ("a0", {"n": 0})]
    assert newest == [everything[0]]
    assert everything[0].who == "admin"
    assert everything[0].at.replace(tzinfo=UTC) == T0 + timedelta(2)


def test_the_subject_index_is_there_only_when_asked() -> None:
    _, indexed = _log(index_subject=True)
    _, plain = _log(index_subject=False)
    assert [list(ix.columns.keys()) for ix in indexed.indexes] == [["subject"]]
    assert plain.indexes == set()
