"""The vectorised measures against a slow, obvious, row-by-row reference on random ledgers.

The reference reads the model values one at a time (``CommitmentRecord``, ``Revision``) and
counts business days with a plain loop over calendar days, so it shares no code with the
numpy implementation.
"""

from __future__ import annotations

import random
import statistics
import warnings
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pytest

from backwards.ledger.measures.commitment_frame import frame_from_records, frame_from_values
from backwards.ledger.measures.repeats import MistakeLog, mistake_measures
from backwards.ledger.measures.saydo import SayDoPolicy, say_do
from backwards.ledger.measures.slip import slip
from backwards.ledger.model import (
    ActionItem,
    Commitment,
    CommitmentRecord,
    Mistake,
    Outcome,
    Resolution,
    Revision,
)

TODAY = date(2026, 3, 31)
AT = datetime(2025, 12, 1, tzinfo=UTC)


def business_days(start: date, end: date) -> int:
    """Weekdays in [start, end); when end < start, minus the weekdays in (end, start]."""
    if end >= start:
        return sum((start + timedelta(i)).weekday() < 5 for i in range((end - start).days))
    one = timedelta(days=1)
    return -business_days(end + one, start + one)


def random_ledger(seed: int, n: int = 300) -> list[CommitmentRecord]:
    rng = random.Random(seed)
    records = []
    for i in range(1, n + 1):
        due = date(2026, 1, 1) + timedelta(days=rng.randrange(110))
        c = Commitment(
            i, "ana", f"c{i}", due, AT,
            aspirational=rng.random() < 0.15,
            weight=rng.choice([1.0, 2.0, 5.0]),
        )  # fmt: skip
        revs = []
        for k in range(rng.choice([0, 0, 0, 1, 2, 3])):
            made = due - timedelta(days=rng.randrange(-6, 25))
            new_due = due + timedelta(days=rng.randrange(1, 20)) if rng.random() < 0.8 else None
            revs.append(
                Revision(i * 10 + k, i, datetime.combine(made, time(9), UTC), "why", due, new_due)
            )
        revs.sort(key=lambda r: (r.made_at, r.id))
        res = None
        if rng.random() < 0.85:
            outcome = rng.choice(list(Outcome))
            day = due + timedelta(days=rng.randrange(-5, 25))
            # a resolution comes after every revision (the ledger refuses it otherwise)
            day = max([day, *(r.made_at.date() for r in revs)])
            fraction = rng.choice([None, 0.25, 0.8]) if outcome is Outcome.PARTIALLY_MET else None
            res = Resolution(i, outcome, day, AT, delivered_fraction=fraction)
        records.append(CommitmentRecord(c, tuple(revs), res))
    return records


def reference(records: list[CommitmentRecord], policy: SayDoPolicy) -> dict[str, float]:
    g, alpha, notice = policy.grace_days, policy.alpha, policy.notice_days
    rows = []
    for rec in records:
        c = rec.commitment
        res = rec.resolution if rec.resolution and rec.resolution.resolved_on <= TODAY else None
        revs = [r for r in rec.revisions if r.made_at.date() <= TODAY]
        if c.aspirational or c.due > TODAY:
            continue
        if res is None and business_days(c.due, TODAY) <= g:
            continue  # not decided yet
        rows.append((c, res, revs))
    n = len(rows)
    met_on_time = met_any = delivered = on_time = misses = surprises = 0
    credit = 0.0
    value = weight = 0.0
    leads: list[int] = []
    renegotiated = 0
    for c, res, revs in rows:
        is_delivered = res is not None and res.outcome in (Outcome.MET, Outcome.PARTIALLY_MET)
        slip_days = business_days(c.due, res.resolved_on) if res is not None else None
        timely = is_delivered and slip_days is not None and slip_days <= g
        hit = timely and res is not None and res.outcome is Outcome.MET
        met_any += res is not None and res.outcome is Outcome.MET
        delivered += is_delivered
        on_time += timely
        met_on_time += hit
        weight += c.weight
        value += c.weight * (res.fraction if timely and res is not None else 0.0)
        notice_days = [r.made_at.date() for r in revs]
        if res is not None and res.outcome is Outcome.WITHDRAWN:
            notice_days.append(res.resolved_on)
        first_notice = min(notice_days) if notice_days else None
        warned = first_notice is not None and first_notice < c.due
        if revs:
            leads.append(business_days(revs[0].made_at.date(), c.due))
        latest = c.due
        for r in revs:
            latest = r.new_due or latest
        honoured = (
            is_delivered and res is not None and business_days(latest, res.resolved_on) <= g
        ) or (res is not None and res.outcome is Outcome.WITHDRAWN)
        early = warned and first_notice is not None and business_days(first_notice, c.due) >= notice
        if hit:
            credit += 1
        elif early and honoured:
            credit += alpha
            renegotiated += 1
        if not hit:
            misses += 1
            surprises += not warned
    return {
        "due": n,
        "met_on_time": met_on_time,
        "met_any_time": met_any,
        "delivered": delivered,
        "on_time": on_time,
        "misses": misses,
        "surprises": surprises,
        "renegotiated": renegotiated,
        "trust": credit / n,
        "weighted": value / weight,
        "lead": statistics.median(leads) if leads else float("nan"),
        "revised": len(leads),
    }


@pytest.mark.parametrize("seed", [11, 12, 13])
@pytest.mark.parametrize(
    "policy", [SayDoPolicy(), SayDoPolicy(grace_days=2, alpha=0.7, notice_days=3)]
)
def test_say_do_matches_the_reference(seed: int, policy: SayDoPolicy) -> None:
    records = random_ledger(seed)
    ref = reference(records, policy)
    sd = say_do(frame_from_records(records, TODAY), TODAY, policy=policy)
    assert sd.due == ref["due"]
    assert sd.met_on_time == ref["met_on_time"]
    assert sd.met_any_time == ref["met_any_time"]
    assert sd.delivered == ref["delivered"]
    assert sd.on_time.successes == ref["on_time"]
    assert (sd.misses, sd.surprises) == (ref["misses"], ref["surprises"])
    assert sd.renegotiated_early == ref["renegotiated"]
    assert sd.trust_weighted.estimate == pytest.approx(ref["trust"])
    assert sd.weighted.estimate == pytest.approx(ref["weighted"])
    assert sd.revised == ref["revised"]
    assert sd.notice_lead_median == pytest.approx(ref["lead"])


def test_frame_reads_revisions_in_order_and_ignores_the_future() -> None:
    c = Commitment(1, "ana", "x", date(2026, 3, 20), AT)

    def rev(i: int, day: date, new_due: date | None) -> Revision:
        return Revision(i, 1, datetime.combine(day, time(9), UTC), "r", c.due, new_due)

    revisions = [
        rev(3, date(2026, 3, 12), None),  # target-only change: keeps the due date
        rev(1, date(2026, 3, 2), date(2026, 3, 27)),
        rev(2, date(2026, 3, 10), date(2026, 4, 3)),
        rev(4, date(2026, 4, 2), date(2026, 4, 30)),  # after today: not yet made
    ]
    stray = Resolution(99, Outcome.MET, date(2026, 3, 1), AT)  # no such commitment
    late = Resolution(1, Outcome.MET, date(2026, 4, 5), AT)  # after today: still open
    frame = frame_from_values([c], revisions, [stray, late], TODAY)
    assert str(frame.first_revision[0]) == "2026-03-02"
    assert str(frame.latest_due[0]) == "2026-04-03"
    assert frame.outcome[0] == 0 and str(frame.resolved[0]) == "NaT"
    later = frame_from_values([c], revisions, [late], date(2026, 4, 10))
    assert str(later.latest_due[0]) == "2026-04-30"
    assert later.outcome[0] == 1


@pytest.mark.parametrize("seed", [21, 22])
def test_slip_durations_match_the_reference(seed: int) -> None:
    records = random_ledger(seed)
    s = slip(frame_from_records(records, TODAY), TODAY)
    observed: list[int] = []
    censored: list[int] = []
    never: list[int] = []
    for rec in records:
        c, res = rec.commitment, rec.resolution
        if res is not None and res.resolved_on > TODAY:
            res = None  # not resolved yet as of today
        if c.aspirational or c.due > TODAY:
            continue
        if res is None:
            if business_days(c.due, TODAY) > 0:
                censored.append(business_days(c.due, TODAY))
        elif res.outcome in (Outcome.MET, Outcome.PARTIALLY_MET):
            observed.append(business_days(c.due, res.resolved_on))
        elif res.outcome is Outcome.MISSED or res.resolved_on >= c.due:  # missed or withdrawn late
            never.append(business_days(c.due, res.resolved_on))
    assert (s.delivered, s.censored, s.never_delivered) == (
        len(observed), len(censored), len(never)
    )  # fmt: skip
    assert s.mean_absolute == pytest.approx(statistics.fmean(abs(x) for x in observed))
    ordered = sorted(observed)
    assert s.naive_median == ordered[(len(ordered) + 1) // 2 - 1]  # lower median: S(t) <= 0.5
    # edge (b): what never arrives is censored at infinity (lifelines, a duration of 10**6)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from lifelines import KaplanMeierFitter

        shift = 100.0
        durations = np.array(observed + censored + [10**6] * len(never), dtype=float) + shift
        events = np.array([True] * len(observed) + [False] * (len(censored) + len(never)))
        kmf = KaplanMeierFitter().fit(durations, event_observed=events)
        for q, mine in ((0.5, s.median), (0.8, s.p80), (0.9, s.p90)):
            theirs = float(kmf.percentile(1 - q)) - shift
            if np.isinf(theirs) or theirs > 10**5:
                assert mine is None
            else:
                assert mine == pytest.approx(theirs)


def random_mistakes(seed: int, n: int = 200) -> list[Mistake]:
    rng = random.Random(seed)
    out: list[Mistake] = []
    for i in range(1, n + 1):
        occurred = date(2025, 6, 1) + timedelta(days=rng.randrange(330))
        repeat_of = None
        if out and rng.random() < 0.25:
            earlier = [m for m in out if m.occurred_on < occurred]
            repeat_of = rng.choice(earlier).id if earlier else None
        actions = tuple(
            ActionItem(
                i * 10 + k, i, "fix", "ana",
                occurred + timedelta(days=rng.randrange(5, 40)),
                occurred + timedelta(days=rng.randrange(1, 60)) if rng.random() < 0.7 else None,
            )
            for k in range(rng.choice([0, 1, 1, 2, 3]))
        )  # fmt: skip
        out.append(
            Mistake(i, "ana", f"m{i}", occurred, AT, repeat_of=repeat_of, action_items=actions)
        )
    return out


@pytest.mark.parametrize("seed", [31, 32, 33])
def test_mistake_measures_match_the_reference(seed: int) -> None:
    mistakes = random_mistakes(seed)
    since = date(2025, 9, 1)
    m = mistake_measures(MistakeLog.from_mistakes(mistakes), TODAY, since=since)
    by_id = {x.id: x for x in mistakes}
    window = [x for x in mistakes if since <= x.occurred_on <= TODAY]
    repeats = [x for x in window if x.repeat_of is not None]
    assert (m.mistakes, m.repeats) == (len(window), len(repeats))
    gaps = [(x.occurred_on - by_id[x.repeat_of].occurred_on).days for x in repeats]  # type: ignore[index]
    assert m.days_between_repeats_median == pytest.approx(statistics.median(gaps))
    due = [a for x in window for a in x.action_items if a.due <= TODAY]
    closed_in_time = [a for a in due if a.closed_on is not None and a.closed_on <= a.due]
    assert (m.actions_due, m.actions_closed_on_time) == (len(due), len(closed_in_time))
    late = [a for a in due if a not in closed_in_time]
    ends = [
        a.closed_on if a.closed_on is not None and a.closed_on <= TODAY else TODAY for a in late
    ]
    days_overdue = [(end - a.due).days for end, a in zip(ends, late, strict=True)]
    assert m.days_overdue_median == pytest.approx(statistics.median(days_overdue))

    def all_closed_day(x: Mistake) -> date | None:
        days = [a.closed_on for a in x.action_items]
        if not days or any(d is None or d > TODAY for d in days):
            return None
        return max(d for d in days if d is not None)

    closed_group = [x for x in window if all_closed_day(x) is not None]
    ineffective = [
        x
        for x in closed_group
        if any(
            r.repeat_of == x.id and r.occurred_on <= TODAY
            and r.occurred_on > all_closed_day(x)  # type: ignore[operator]
            for r in mistakes
        )
    ]  # fmt: skip
    assert (m.with_closed_actions, m.repeated_after_closed) == (
        len(closed_group),
        len(ineffective),
    )
    assert m.coe_effectiveness.estimate == pytest.approx(1 - len(ineffective) / len(closed_group))


def test_reports_are_valid_json_even_when_empty() -> None:
    import json

    from tests.ledger.factories import build_trust_report

    now = datetime.combine(TODAY, time(12), UTC)
    policy = SayDoPolicy(half_life_days=60)
    for records in ([], random_ledger(41)):
        mistakes = random_mistakes(42) if records else []
        report = build_trust_report(
            [r.commitment for r in records],
            [v for r in records for v in r.revisions],
            [r.resolution for r in records if r.resolution is not None],
            mistakes,
            now=now,
            policy=policy,
        )
        doc = json.loads(json.dumps(report.to_dict(), allow_nan=False))
        assert doc["as_of"] == TODAY.isoformat()
        assert doc["details"]["commitments"] == len(records)
        # the counts do not depend on recency weighting: the row-by-row reference gives them
        ref = reference(records, policy) if records else {"due": 0, "misses": 0}
        assert doc["details"]["say_do"]["due"] == ref["due"]
        assert doc["details"]["say_do"]["misses"] == ref["misses"]
        assert doc["details"]["mistakes"]["mistakes"] == sum(
            m.occurred_on <= TODAY for m in mistakes
        )
        if not records:
            assert doc["details"]["say_do"]["say_do"]["estimate"] is None
            assert doc["details"]["mistakes"]["repeat_rate"]["estimate"] is None
        else:
            assert doc["details"]["say_do"]["met_on_time"] == ref["met_on_time"]
            assert doc["details"]["say_do"]["surprises"] == ref["surprises"]
