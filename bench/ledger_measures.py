"""Trust-ledger measures: the trust report over 100,000 commitments and 10,000 mistakes, and
candidate repeats for a new mistake among 10,000.

Targets (issue 5, point 7): the report in <= 1 s; candidate repeats in <= 100 ms.

What is timed:

- ``trust report (columns ready)``: ``report_from_frames`` on prebuilt columns: every measure,
  then the notes. Reading the columns from the database is the storage layer's part, timed by
  ``python -m bench ledger`` (the one trust-report path, as ``ledger trust`` runs it).
- ``repeat index build``: the one-off precomputation (vocabulary, idf, posting lists) over
  10,000 mistakes; the CLI builds it once per command.
- ``repeat index load (cached)``: ``cached_index`` when the index of exactly these mistakes was
  saved before (fingerprint of all 10,000 documents + loading the saved file): what a command pays
  when no mistake changed since the last one.
- ``candidate repeats (query)``: scoring one new mistake against the prebuilt index (TF-IDF
  cosine, category, tags, threshold, sort); median over different new mistakes.

Run: ``python -m bench ledger_measures``. The data are generated from a fixed seed.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from backwards.ledger.measures.commitment_frame import frame_from_values
from backwards.ledger.measures.index_cache import cached_index
from backwards.ledger.measures.repeats import MistakeLog
from backwards.ledger.measures.similarity import MistakeDoc, SimilarityIndex
from backwards.ledger.model import (
    ActionItem,
    Commitment,
    Mistake,
    MistakeCategory,
    Outcome,
    Resolution,
    Revision,
)
from backwards.ledger.reports.trust_report import (
    report_from_frames,
)

COMMITMENTS = 100_000
MISTAKES = 10_000
RUNS = 5
QUERIES = 40
NOW = datetime(2026, 3, 31, 12, tzinfo=UTC)
START = date(2025, 1, 1)

_SUBJECTS = [
    "the checkout launch", "the billing migration", "the search relevance update",
    "the partner API", "the mobile release", "the data pipeline", "the pricing page",
    "the onboarding flow", "the EU rollout", "the SSO integration", "the reporting export",
]  # fmt: skip
_WHAT = [
    "was promised to sales before legal review had finished",
    "slipped because a dependency on the platform team was not confirmed",
    "shipped with a bug that broke refunds for some customers",
    "was estimated at two weeks without asking the team doing the work",
    "went out without the dashboards the support team needed",
    "used stale data so the weekly numbers were wrong",
    "changed scope late and nobody told the marketing team",
    "missed the date because QA capacity was double booked",
    "was announced before the capacity plan was agreed",
]  # fmt: skip
_WHY = [
    "no checklist step for legal sign-off",
    "the estimate came from one person",
    "we skipped the dependency review",
    "the alert went to an unused channel",
    "the decision was not written down",
    "no owner for the hand-over",
    "test data did not match production",
]  # fmt: skip
_TAGS = ["launch", "legal", "billing", "data", "mobile", "api", "qa", "comms", "pricing"]


def make_ledger(
    seed: int = 7, commitments: int = COMMITMENTS, mistakes: int = MISTAKES
) -> tuple[list[Commitment], list[Revision], list[Resolution], list[Mistake]]:
    """A seeded ledger spread over 40 owners and 15 months."""
    rng = random.Random(seed)
    owners = [f"pm{i:02d}" for i in range(40)]
    made = datetime(2025, 1, 1, tzinfo=UTC)
    cs: list[Commitment] = []
    revs: list[Revision] = []
    res: list[Resolution] = []
    for i in range(1, commitments + 1):
        due = START + timedelta(days=rng.randrange(455))
        p = rng.choice([None, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95])
        cs.append(
            Commitment(
                i,
                rng.choice(owners),
                f"commitment {i}",
                due,
                made,
                aspirational=rng.random() < 0.1,
                probability=p,
                p50_due=due if rng.random() < 0.2 else None,
                weight=rng.choice([1.0, 2.0, 3.0, 5.0]),
                tags=(rng.choice(_TAGS),),
            )
        )
        if rng.random() < 0.2:
            at = datetime.combine(due - timedelta(days=rng.randrange(-5, 20)), datetime.min.time())
            new_due = due + timedelta(days=rng.randrange(3, 20))
            revs.append(Revision(i, i, at.replace(tzinfo=UTC), "re-planned", due, new_due))
        u = rng.random()
        if u < 0.9:
            outcome = rng.choices(
                [Outcome.MET, Outcome.PARTIALLY_MET, Outcome.MISSED, Outcome.WITHDRAWN],
                [0.8, 0.08, 0.08, 0.04],
            )[0]
            day = due + timedelta(days=int(rng.expovariate(1 / 4)) - 2)
            res.append(Resolution(i, outcome, day, made))
    ms: list[Mistake] = []
    cats = list(MistakeCategory)
    # a few thousand made-up words (product names, systems, people) so the vocabulary is as
    # varied as a real log's, not just the templates'
    syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "do", "sa", "qu", "ber"]
    words = ["".join(rng.choices(syllables, k=rng.randrange(2, 5))) for _ in range(3000)]
    for j in range(1, mistakes + 1):
        subject, what = rng.choice(_SUBJECTS), rng.choice(_WHAT)
        whys = tuple(rng.sample(_WHY, 3))
        occurred = START + timedelta(days=rng.randrange(450))
        actions = tuple(
            ActionItem(
                j * 10 + k,
                j,
                "fix it",
                "pm00",
                occurred + timedelta(days=14),
                occurred + timedelta(days=rng.randrange(5, 30)) if rng.random() < 0.8 else None,
            )
            for k in range(rng.randrange(0, 3))
        )
        repeat_of = rng.randrange(1, j) if j > 1 and rng.random() < 0.1 else None
        prior = ms[repeat_of - 1].occurred_on if repeat_of else None
        if prior is not None and prior >= occurred:
            occurred = prior + timedelta(days=rng.randrange(1, 60))
        ms.append(
            Mistake(
                j,
                rng.choice(owners),
                f"{subject.capitalize()} {what}",
                occurred,
                made,
                category=rng.choice(cats),
                what_happened=f"{subject.capitalize()} {what}; "
                + " ".join(rng.choices(words, k=12))
                + f"; {rng.randrange(2, 900)} customers noticed within {rng.randrange(1, 9)} h.",
                five_whys=whys,
                root_cause=whys[-1],
                tags=tuple(rng.sample(_TAGS, 2)),
                action_items=actions,
                repeat_of=repeat_of,
            )
        )
    return cs, revs, res, ms


def _times(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def _row(label: str, times: list[float], target: float | None, note: str = "") -> None:
    median = statistics.median(times)
    verdict = "" if target is None else ("ok" if median <= target else "SLOW")
    limit = "" if target is None else f"{target * 1000:.0f}"
    print(
        f"{label:<32} {median * 1000:>9.1f} {min(times) * 1000:>9.1f} {max(times) * 1000:>9.1f}"
        f" {limit:>8} {verdict:>5}  {note}"
    )


def main() -> None:
    t0 = time.perf_counter()
    cs, revs, res, all_mistakes = make_ledger(mistakes=MISTAKES + QUERIES)
    ms = all_mistakes[:MISTAKES]
    print(
        f"generated {len(cs):,} commitments, {len(revs):,} revisions, {len(res):,} resolutions, "
        f"{len(ms):,} mistakes in {time.perf_counter() - t0:.1f} s (seed 7)"
    )
    print(f"{'step':<32} {'median ms':>9} {'min ms':>9} {'max ms':>9} {'limit':>8} {'':>5}")
    frame = frame_from_values(cs, revs, res, NOW.date())
    log = MistakeLog.from_mistakes(ms)
    report_from_frames(frame, log, now=NOW)  # warm-up: imports, numpy caches
    _row(
        "trust report (columns ready)",
        _times(lambda: report_from_frames(frame, log, now=NOW), RUNS),
        1.0,
        f"{RUNS} runs, measures and notes",
    )

    history, new = ms, all_mistakes[MISTAKES:]  # the new ones are not in the index
    _row(
        "repeat index build (10,000)",
        _times(lambda: SimilarityIndex.from_mistakes(history), 3),
        None,
        "precomputed once",
    )
    docs = [MistakeDoc.from_mistake(m) for m in history]
    with tempfile.TemporaryDirectory() as tmp:
        cached_index(docs, Path(tmp))  # build and save once
        _row(
            "repeat index load (cached)",
            _times(lambda: cached_index(docs, Path(tmp)), RUNS),
            None,
            "fingerprint + load",
        )
    index = SimilarityIndex.from_mistakes(history)
    query_times = []
    found = 0
    for m in new:
        start = time.perf_counter()
        hits = index.similar_to_mistake(m, threshold=0.35)
        query_times.append(time.perf_counter() - start)
        found += len(hits)
    _row(
        "candidate repeats (query)",
        query_times,
        0.1,
        f"{QUERIES} new mistakes; {found / QUERIES:.1f} candidates each (limit 10)",
    )
    repeat_detection()


# -- repeat detection quality on synthetic paraphrases (seeded) ---------------------------------

_INCIDENTS = [
    ("Launch date promised to sales before the legal review had finished",
     "We told sales the launch date before legal had signed off", "stakeholder_communication"),
    ("Data pipeline broke on the weekend and dashboards were stale for two days",
     "Dashboards showed stale numbers for two days after the weekend pipeline failure", "data"),
    ("Estimated the billing migration at two weeks without asking the platform team",
     "The billing migration estimate of two weeks skipped the platform team's input",
     "estimation"),
    ("Refunds broke for some customers because QA skipped the payments tests",
     "Some customers could not get refunds: the payments tests were skipped in QA", "quality"),
    ("Scope of the onboarding flow changed late and marketing was not told",
     "Marketing was not told when the onboarding scope changed late", "scope"),
    ("Picked the cheaper vendor without writing down why, then could not defend it",
     "The decision for the cheaper vendor was never written down and could not be defended",
     "decision"),
    ("The partner API shipped late because the auth dependency was never confirmed",
     "Partner API slipped: nobody confirmed the auth team dependency", "dependency"),
    ("Announced the EU rollout before the capacity plan was agreed",
     "EU rollout announced ahead of an agreed capacity plan", "stakeholder_communication"),
    ("Alert for failed exports went to an unused channel for a week",
     "Failed export alerts were routed to a channel nobody reads, for a week", "quality"),
    ("Pricing page showed old prices after the release because the cache was not purged",
     "Old prices stayed on the pricing page after release: cache never purged", "data"),
]  # fmt: skip


def repeat_detection(seed: int = 3) -> None:
    """Precision and recall of the candidates at several thresholds on labelled paraphrases.

    Each of 10 incidents happens once in its first wording among 300 unrelated mistakes (from
    ``make_ledger``); later, its paraphrase arrives as a new mistake (usually the same category
    and one shared tag). A hit is the original among the paraphrase's candidates; every other
    candidate is a false alarm.
    """
    rng = random.Random(seed)
    _, _, _, background = make_ledger(seed=seed, commitments=0, mistakes=300)
    made = datetime(2025, 1, 1, tzinfo=UTC)
    originals, queries = [], []
    for k, (first, second, category) in enumerate(_INCIDENTS):
        tags = (rng.choice(_TAGS), rng.choice(_TAGS))
        originals.append(
            Mistake(10_000 + k, "pm01", first, date(2025, 3, 1), made,
                    category=MistakeCategory(category), tags=tags)
        )  # fmt: skip
        same = rng.random() < 0.8
        queries.append(
            Mistake(20_000 + k, "pm01", second, date(2025, 9, 1), made,
                    category=MistakeCategory(category) if same else MistakeCategory.OTHER,
                    tags=(tags[0], rng.choice(_TAGS)))
        )  # fmt: skip
    index = SimilarityIndex.from_mistakes([*background, *originals])
    print()
    print("repeat detection on synthetic paraphrases: 10 repeats among 310 earlier mistakes")
    print(f"{'threshold':>9} {'recall':>7} {'precision':>9} {'candidates/query':>17}")
    for threshold in (0.35, 0.45, 0.55, 0.65):
        hits = alarms = 0
        for k, q in enumerate(queries):
            found = {c.id for c in index.similar_to_mistake(q, threshold=threshold, limit=None)}
            hits += originals[k].id in found
            alarms += len(found - {originals[k].id})
        total = hits + alarms
        precision = f"{hits / total:.0%}" if total else "n/a"
        print(
            f"{threshold:>9.2f} {hits / len(queries):>7.0%} {precision:>9} "
            f"{total / len(queries):>17.1f}"
        )


if __name__ == "__main__":
    main()
