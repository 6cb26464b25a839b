"""The impact review of a person's launched bets as growth evidence.

The figures are ``backwards impact review --owner PERSON [--since DATE]``'s own (the bets the
person owns that were launched on or after ``since`` and measured, each against the forecast
it was planned with):

- *driven by impact, not promotion*: the **measured value per week** of those launches (each
  measured effect x the forecast's value per unit, summed), and the **median realisation**
  (measured / forecast P50; drawn as 1 + 4 x the median clipped to 0..1: 5 when the launches
  deliver what was forecast);
- *forecast and measure*: the **impact-range coverage**, the share of measurements inside the
  forecast's P10-P90 (honest 80 % ranges cover about 80 %; listed, not drawn, because 100 % is
  not better).

No measured launch gives "no data", never zero.
"""

from __future__ import annotations

from datetime import date

from backwards.evidence.figures import Figures, radar_score
from backwards.growth import Evidence
from backwards.impact import GroupRecord, group_records, review_bets
from backwards.portfolio import BetRecord, BetRepository, MeasurementLog, Status
from backwards.store import open_store
from backwards.wording import count
from backwards.workspace import Workspace

__all__ = ["impact_evidence", "impact_record"]


def impact_record(
    workspace: Workspace,
    person: str,
    *,
    since: date | None = None,
    records: list[BetRecord] | None = None,
) -> tuple[GroupRecord | None, int]:
    """``person``'s record in the impact review (None without a measured launch), and how
    many of their bets launched in the period (``records``: every stored bet, when the caller
    has read them already)."""
    if records is None:
        with open_store(workspace.database_url) as store:
            records = BetRepository(store).records([Status.LAUNCHED])
    mine = [
        r
        for r in records
        if r.status is Status.LAUNCHED
        and r.bet.owner == person
        and (since is None or (r.launched_on is not None and r.launched_on >= since))
    ]
    if not mine:
        return None, 0
    with open_store(workspace.database_url) as store:
        measured = MeasurementLog(store).latest()
    groups = group_records(review_bets(records, measured, owner=person, since=since), "owner")
    return (groups[0] if groups else None), len(mine)


def impact_evidence(
    workspace: Workspace,
    person: str,
    *,
    since: date | None = None,
    records: list[BetRecord] | None = None,
) -> list[Evidence]:
    record, launched = impact_record(workspace, person, since=since, records=records)
    period = f"bets launched since {since}" if since else "launched bets"
    link = f"backwards impact review --owner {person}" + (f" --since {since}" if since else "")
    if record is None:
        note = (
            f"no launched bets of {person} are measured (backwards impact measure BET)"
            if launched
            else f"no bets of {person} launched" + (f" since {since}" if since else "")
        )
    else:
        note = f"{record.launches} of {count(launched, 'launched bet')} measured"
    figures = Figures("impact", period, link, note)

    def figure(attribute: str, measure: str, value: float | None, unit: str,
               share: float | None = None) -> Evidence:  # fmt: skip
        sample = record.launches if record is not None and value is not None else None
        return figures.figure(attribute, measure, value, unit, sample, score=radar_score(share))

    median = record.median_realisation if record else None
    return [
        figure("driven-by-impact-not-promotion", "measured value per week",
               record.measured_value if record else None, "a week"),
        figure("driven-by-impact-not-promotion", "median realisation (measured / P50)", median,
               "ratio", None if median is None else min(max(median, 0.0), 1.0)),
        figure("forecast-and-measure", "impact-range coverage (P10-P90)",
               record.coverage if record else None, "share"),
    ]  # fmt: skip
