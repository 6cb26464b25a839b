"""The trust report's JSON in plain words (issue 16, point 7).

``plain_summary(...)`` labels every headline figure the way the text and the page say it
("kept by the date first promised", "how late work lands: half of it, 4 in 5, 9 in 10"), with
its unit in its name (``_business_days``, ``_percentage_points``) or in ``units``; the
technical names (say/do, Beta(4,1), Kaplan-Meier, Brier, Murphy, ECE, log score) stay in the
report's ``details`` section (``TrustReport.to_dict``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backwards.ledger.measures.forecast import Coverage, ForecastScores
    from backwards.ledger.measures.rates import Rate
    from backwards.ledger.measures.repeats import MistakeMeasures
    from backwards.ledger.measures.saydo import SayDo
    from backwards.ledger.measures.slip import Slip

__all__ = ["PROMISES_KEPT", "plain_summary", "promises_kept"]

#: The promise-keeping rates in plain words (the text, the page and, as keys, the JSON), and
#: the ``SayDo`` field each one is.
PROMISES_KEPT = (
    ("kept by the date first promised", "by_count"),
    ("kept, weighted by size", "weighted"),
    ("kept, with half credit for warning early", "trust_weighted"),
    ("delivered at all", "completion"),
    ("on time, of those delivered", "on_time"),
    ("misses that came with no warning", "surprise_miss"),
    ("stretch goals kept on time", "aspirational"),
)


def promises_kept(sd: SayDo) -> list[tuple[str, Rate]]:
    """Each promise-keeping rate of ``sd`` with its plain label."""
    return [(label, getattr(sd, name)) for label, name in PROMISES_KEPT]


def _round(value: float | None, digits: int = 6) -> float | None:
    return None if value is None else round(value, digits)


def _share(rate: Rate) -> dict[str, Any]:
    """A share with its likely range and what it is a share of."""
    return {
        "share": _round(rate.estimate),
        "likely_from": _round(rate.low),
        "likely_to": _round(rate.high),
        "of": rate.count if abs(rate.total - rate.count) < 1e-9 else _round(rate.total, 2),
    }


def _late(value: float | None, longest: float | None) -> float | str | None:
    """A slip quantile; beyond the longest one seen it is said so, not left blank."""
    if value is None and longest is not None:
        return f"more than {longest:g}"
    return value


def plain_summary(
    *,
    commitments: int,
    open_overdue: int,
    confidence: float,
    sd: SayDo,
    sl: Slip,
    fc: ForecastScores,
    coverage: Coverage,
    mm: MistakeMeasures,
) -> dict[str, Any]:
    """The headline figures of a trust report under plain-word names."""
    longest = sl.longest_observed
    points = None if fc.overconfidence is None else round(100 * fc.overconfidence, 1)
    return {
        "units": {
            "share": "a fraction of 1 (0.8 is 80 %)",
            "likely_from, likely_to": f"the {confidence:.0%} likely range",
            "days": "business days (Monday to Friday, less the ledger's holidays)",
        },
        "commitments": commitments,
        "open_and_past_their_date": open_overdue,
        "promises_kept": {
            **{
                label.replace(",", "").replace(" ", "_"): _share(rate)
                for label, rate in promises_kept(sd)
            },
            "dates_moved": sd.revised,
            "warning_given_before_a_date_moved_business_days": sd.notice_lead_median,
        },
        "how_late_work_lands_business_days": {
            "half_of_it": _late(sl.median, longest),
            "four_in_five": _late(sl.p80, longest),
            "nine_in_ten": _late(sl.p90, longest),
            "delivered": sl.delivered,
            "still_open": sl.censored,
            "never_delivered": sl.never_delivered,
            "counting_delivered_work_only": {
                "half_of_it": sl.naive_median,
                "four_in_five": sl.naive_p80,
                "nine_in_ten": sl.naive_p90,
            },
        },
        "stated_chances": {
            "resolved": fc.count,
            "came_true_share": _round(fc.base_rate),
            "more_sure_than_right_by_percentage_points": points,
            "better_than_always_saying_the_usual_rate": _round(fc.brier_skill),
        },
        "dates_given_as_ranges": {
            "delivered_by_the_half_way_date": _share(coverage.p50),
            "delivered_by_the_safe_date": _share(coverage.p90),
        },
        "mistakes": {
            "recorded": mm.mistakes,
            "repeated_an_earlier_one": _share(mm.repeat_rate),
            "follow_up_actions_done_by_their_date": _share(mm.action_closure),
            "fixes_that_held": _share(mm.coe_effectiveness),
        },
    }
