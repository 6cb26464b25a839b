"""The trust report's one path (columns read straight from SQL) gives exactly the report of the
same ledger built column by column from its model values in Python (both backends)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from backwards.ledger.measures.commitment_frame import frame_from_values
from backwards.ledger.measures.repeats import MistakeLog
from backwards.ledger.model import (
    ActionItem,
    Commitment,
    CommitmentRecord,
    Mistake,
    MistakeCategory,
    Outcome,
    Resolution,
    Revision,
)
from backwards.ledger.reports.trust_report import TrustReport, report_from_frames
from backwards.ledger.storage.bulk_read import LedgerSnapshot
from backwards.ledger.storage.file_reader import read_document
from backwards.ledger.storage.repository import LedgerRepository
from backwards.ledger.storage.trust_columns import load_trust_inputs
from backwards.store import open_store

SEED = Path(__file__).resolve().parents[2] / "examples" / "demo" / "ledger" / "seed.json"
T0 = datetime(2026, 1, 1, 9, tzinfo=UTC)


def random_ledger(seed: int, n: int = 150) -> tuple[list[CommitmentRecord], list[Mistake]]:
    rng = random.Random(seed)
    records = []
    for i in range(1, n + 1):
        made = T0 + timedelta(days=rng.randrange(0, 60), hours=rng.randrange(0, 24))
        due = made.date() + timedelta(days=rng.randrange(3, 60))
        c = Commitment(
            id=i,
            owner=rng.choice(["ana", "bo", "cy"]),
            statement=f"promise {i}",
            due=due,
            made_at=made,
            aspirational=rng.random() < 0.15,
            probability=rng.choice([None, 0.5, 0.7, 0.9]),
            p50_due=due if rng.random() < 0.3 else None,
            p90_due=due + timedelta(days=10) if rng.random() < 0.3 else None,
            weight=float(rng.choice([1, 2, 5])),
            tags=tuple(rng.sample(["Launch", "payments", "mobile"], rng.randrange(0, 3))),
        )
        revisions = []
        current = due
        for k in range(rng.randrange(0, 3)):
            when = made + timedelta(days=rng.randrange(1, 80), hours=k)
            new_due = current + timedelta(days=rng.randrange(1, 20)) if rng.random() < 0.8 else None
            revisions.append(Revision(0, i, when, "moved", current, new_due=new_due))
            current = new_due or current
        resolution = None
        if rng.random() < 0.75:
            outcome = rng.choice(list(Outcome))
            on = due + timedelta(days=rng.randrange(-5, 40))
            fraction = rng.choice([None, 0.3]) if outcome is Outcome.PARTIALLY_MET else None
            last = max([made.date(), *(r.made_at.date() for r in revisions)])
            resolution = Resolution(i, outcome, max(on, last), T0, delivered_fraction=fraction)
        records.append(CommitmentRecord(c, tuple(revisions), resolution))
    mistakes = []
    for j in range(1, 31):
        occurred = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 90))
        items = tuple(
            ActionItem(0, j, "fix", "ana", occurred + timedelta(days=10),
                       occurred + timedelta(days=rng.randrange(2, 30)) if rng.random() < 0.6
                       else None)
            for _ in range(rng.randrange(0, 3))
        )  # fmt: skip
        mistakes.append(
            Mistake(
                id=j,
                owner=rng.choice(["ana", "bo", "cy"]),
                title=f"mistake {j}",
                occurred_on=occurred,
                recorded_at=T0,
                category=rng.choice(list(MistakeCategory)),
                tags=tuple(rng.sample(["launch", "Payments"], rng.randrange(0, 2))),
                action_items=items,
            )
        )
    mistakes.sort(key=lambda m: m.occurred_on)
    for k in range(5, 30, 4):  # a few confirmed repeats of earlier mistakes
        earlier = mistakes[rng.randrange(0, k)]
        m = mistakes[k]
        mistakes[k] = Mistake(
            **{**{f: getattr(m, f) for f in m.__slots__}, "repeat_of": earlier.id}
        )
    return records, mistakes


@pytest.fixture
def repo(database_url: str) -> Iterator[LedgerRepository]:
    with LedgerRepository(open_store(database_url)) as repository:
        yield repository


def from_values(
    snap: LedgerSnapshot, now: datetime, owner: str | None = None, tag: str | None = None
) -> TrustReport:
    """The reference: select in Python, build the columns from the model values."""

    def chosen(who: str, tags: tuple[str, ...]) -> bool:
        return (owner is None or who == owner) and (
            tag is None or tag.lower() in {t.lower() for t in tags}
        )

    commitments = [c for c in snap.commitments if chosen(c.owner, c.tags)]
    frame = frame_from_values(commitments, snap.revisions, snap.resolutions, now.date())
    picked = [m for m in snap.mistakes if chosen(m.owner, m.tags)]
    have, by_id = {m.id for m in picked}, {m.id: m for m in snap.mistakes}
    context = []  # the mistakes they repeat come along, uncounted
    for m in picked:
        if m.repeat_of is not None and m.repeat_of not in have and m.repeat_of in by_id:
            have.add(m.repeat_of)
            context.append(by_id[m.repeat_of])
    log = MistakeLog.from_mistakes([*picked, *context], counted=len(picked))
    return report_from_frames(frame, log, now=now, owner=owner, tag=tag)


def check_same(repo: LedgerRepository, now: datetime, **selection: str | None) -> None:
    expected = from_values(repo.load_all(), now, **selection)
    frame, log, provenance = load_trust_inputs(repo.store, today=now.date(), **selection)
    got = report_from_frames(frame, log, now=now, **selection)  # provenance: its own tests
    assert got.to_dict() == expected.to_dict()
    chosen = [
        c
        for c in repo.load_all().commitments
        if selection.get("owner") in (None, c.owner)
        and (
            selection.get("tag") is None or selection["tag"].lower() in {t.lower() for t in c.tags}
        )
    ]
    assert provenance.imported == sum(c.imported for c in chosen)


@pytest.mark.parametrize("seed", [1, 2])
def test_random_ledgers_give_identical_reports(repo: LedgerRepository, seed: int) -> None:
    records, mistakes = random_ledger(seed)
    repo.import_all(records, mistakes, by="t")
    for now in (T0 + timedelta(days=20), T0 + timedelta(days=75, hours=3), T0 + timedelta(400)):
        for selection in (
            {},
            {"owner": "ana"},
            {"tag": "launch"},
            {"owner": "bo", "tag": "PAYMENTS"},
        ):
            check_same(repo, now, **selection)


def test_the_demo_seed_gives_identical_reports(repo: LedgerRepository) -> None:
    doc = read_document(SEED, at=datetime.now(UTC))
    repo.import_all(doc.records, doc.mistakes, by="t")
    now = datetime(2026, 4, 1, 9, tzinfo=UTC)
    for owner in (None, "maya", "ben", "nobody"):
        check_same(repo, now, owner=owner)


def test_bulk_load_matches_record_by_record_reads(repo: LedgerRepository) -> None:
    records, mistakes = random_ledger(3, n=60)
    repo.import_all(records, mistakes, by="t")
    snap = repo.load_all()
    assert len(snap.commitments) == 60
    one_by_one = [repo.record(c.id) for c in snap.commitments]
    assert snap.records() == one_by_one
    assert all(c.made_at.tzinfo is UTC for c in snap.commitments)
    assert list(snap.mistakes) == [repo.mistake(m.id) for m in snap.mistakes]


def test_the_columns_are_the_model_values_bit_for_bit(repo: LedgerRepository) -> None:
    """Every array of the frame read from SQL equals the one built from the model values, to
    the bit: awkward floats (a third, 1e-9, a weight of 10**12) included, which cannot cross
    as millionths and are read as values."""
    records, mistakes = random_ledger(4, n=40)
    odd = [1 / 3, 1e-9, 2.5, 1e12 + 0.5, 7.000001, 0.1 + 0.2, 1234.5678901234]
    chances = [0.123456789012345, 1 / 3, 0.7, None, 0.999999, 1 / 7, 0.0, 1.0]
    records = [
        CommitmentRecord(
            Commitment(
                **{
                    **{f: getattr(r.commitment, f) for f in r.commitment.__slots__},
                    "weight": odd[i % len(odd)],
                    "probability": chances[i % len(chances)],
                }
            ),
            r.revisions,
            r.resolution,
        )
        for i, r in enumerate(records)
    ]
    repo.import_all(records, mistakes, by="t")
    snap = repo.load_all()
    for now in (T0 + timedelta(days=30), T0 + timedelta(days=400)):
        expected = frame_from_values(snap.commitments, snap.revisions, snap.resolutions, now.date())
        got, _, _ = load_trust_inputs(repo.store, today=now.date())
        for name in (f for f in got.__slots__ if f != "holidays"):
            want, have = getattr(expected, name), getattr(got, name)
            assert want.dtype == have.dtype, name
            if have.dtype.kind in "fM":  # floats and dates by their bits: NaN and NaT too
                assert np.array_equal(want.view(np.int64), have.view(np.int64)), name
            else:
                assert np.array_equal(want, have), name
