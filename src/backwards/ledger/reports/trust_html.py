"""The trust report as one self-contained, offline HTML page with Vega-Lite charts.

``render_html(report_or_reports)`` gives a page with, for each report, the notes, the say/do
table, a **calibration chart** (each bin's observed frequency against its mean forecast, with
its interval and count, and the diagonal of perfect calibration) and a **slip chart** (the
Kaplan-Meier share of commitments not yet delivered, by business days after the original due
date, beside the delivered-only curve), and the sections another feature joined to the report
(``TrustReport.joined``: ``backwards.impact``'s "Impact forecasts"), row for row as the text and
JSON forms give them.

The page is the template ``backwards.ledger/trust.html.j2`` rendered by ``backwards.page`` (the
one base layout, chart runtime and Content-Security-Policy of every page): autoescaped, offline,
only its own scripts run. User text (owner, tag) is escaped in HTML and never placed in a Vega
expression. ``notebook_html`` wraps the page for Jupyter (an iframe ``srcdoc`` keeps its policy).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from backwards.ledger.measures.forecast import ForecastScores
from backwards.ledger.measures.rates import Rate
from backwards.ledger.reports.joined import JoinedSection
from backwards.ledger.reports.report_items import ReportItem
from backwards.ledger.reports.trust_notes import ReportView
from backwards.ledger.reports.trust_summary import promises_kept
from backwards.page import Charts, iframe_srcdoc, render_page

__all__ = ["PageView", "calibration_spec", "notebook_html", "render_html", "slip_spec"]

TEMPLATE = "backwards.ledger/trust.html.j2"


class PageView(ReportView, Protocol):
    """What the page reads of a ``TrustReport``: the notes' view and the joined sections."""

    @property
    def joined(self) -> tuple[JoinedSection, ...]: ...


def calibration_spec(report: ReportView) -> dict[str, Any]:
    """Vega-Lite: observed frequency against mean forecast per bin, with intervals."""
    rows = [
        {
            "said": b.mean_forecast,
            "observed": b.observed,
            "low": b.low,
            "high": b.high,
            "n": b.count,
            "bin": f"{b.centre:.0%}",
            "enough": "5 or more" if not b.sparse else "fewer than 5",
        }
        for b in report.forecasts.bins
        if b.count
    ]
    scale = {"domain": [0, 1]}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": "Calibration: stated chance against how often it came true",
        "width": 320,
        "height": 320,
        "layer": [
            {
                "data": {"values": [{"x": 0, "y": 0}, {"x": 1, "y": 1}]},
                "mark": {"type": "line", "color": "#9aa5b1", "strokeDash": [4, 4]},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative", "scale": scale},
                    "y": {"field": "y", "type": "quantitative", "scale": scale},
                },
            },
            {
                "data": {"values": rows},
                "mark": {"type": "rule", "color": "#52606d"},
                "encoding": {
                    "x": {"field": "said", "type": "quantitative"},
                    "y": {"field": "low", "type": "quantitative"},
                    "y2": {"field": "high"},
                },
            },
            {
                "data": {"values": rows},
                "mark": {"type": "point", "filled": True},
                "encoding": {
                    "x": {
                        "field": "said",
                        "type": "quantitative",
                        "title": "stated chance (mean of the bin)",
                        "axis": {"format": "%"},
                        "scale": scale,
                    },
                    "y": {
                        "field": "observed",
                        "type": "quantitative",
                        "title": "came true",
                        "axis": {"format": "%"},
                        "scale": scale,
                    },
                    "size": {
                        "field": "n",
                        "type": "quantitative",
                        "title": "forecasts",
                        "legend": {"format": "d", "tickMinStep": 1},  # never "0.5 forecasts"
                    },
                    "color": {
                        "field": "enough",
                        "type": "nominal",
                        "title": "bin size",
                        "scale": {
                            "domain": ["5 or more", "fewer than 5"],
                            "range": ["#1f6feb", "#b0b7c3"],
                        },
                    },
                    "tooltip": [
                        {"field": "bin", "title": "bin"},
                        {"field": "n", "title": "forecasts"},
                        {"field": "said", "title": "said", "format": ".0%"},
                        {"field": "observed", "title": "came true", "format": ".0%"},
                        {"field": "low", "title": "interval from", "format": ".0%"},
                        {"field": "high", "title": "interval to", "format": ".0%"},
                    ],
                },
            },
        ],
    }


def slip_spec(report: ReportView) -> dict[str, Any]:
    """Vega-Lite: share of commitments not yet delivered, by business days of slip."""
    rows: list[dict[str, Any]] = []
    curve = report.slip.curve
    series: list[tuple[str, Any, Any]] = [
        ("all due (open work counted, missed work never arrives)", curve.times, curve.survival)
    ]
    delivered = report.slip.delivered
    if delivered:
        event_rows = curve.events > 0
        remaining = delivered - curve.events[event_rows].cumsum()
        series.append(("delivered only", curve.times[event_rows], remaining / delivered))
    for name, times, survival in series:
        if not len(times):
            continue
        rows.append({"series": name, "slip": float(times[0]) - 1.0, "share": 1.0})
        rows.extend(
            {"series": name, "slip": float(t), "share": round(float(s), 6)}
            for t, s in zip(times, survival, strict=True)
        )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": "Slip: share of commitments not yet delivered",
        "width": 420,
        "height": 260,
        "data": {"values": rows},
        "mark": {"type": "line", "interpolate": "step-after", "point": True},
        "encoding": {
            "x": {
                "field": "slip",
                "type": "quantitative",
                "title": "business days after the original due date",
                "axis": {"format": "d", "tickMinStep": 1},  # whole days only
            },
            "y": {
                "field": "share",
                "type": "quantitative",
                "title": "not yet delivered",
                "axis": {"format": "%"},
                "scale": {"domain": [0, 1]},
            },
            "color": {"field": "series", "type": "nominal", "title": None},
            "tooltip": [
                {"field": "series"},
                {"field": "slip", "title": "business days"},
                {"field": "share", "title": "not yet delivered", "format": ".0%"},
            ],
        },
    }


def _rate_cells(r: Rate) -> tuple[str, str, str]:
    if r.estimate is None or r.low is None or r.high is None:
        return ("n/a", "", "0")
    return (f"{r.estimate:.0%}", f"{r.low:.0%}-{r.high:.0%}", str(r.count))


def _slip_text(value: float | None, longest: float | None) -> str:
    if value is None:
        return "n/a" if longest is None else f"> {longest:g}"
    return f"{value:g}"


@dataclass(frozen=True, slots=True)
class _Section:
    """One report's part of the page, as the template shows it (plain text, escaped there)."""

    subject: str
    today: str
    period: str
    notes: tuple[str, ...]
    confidence: str
    rates: tuple[tuple[str, tuple[str, str, str]], ...]
    slip: tuple[str, str, str]
    notice: str
    scores: str
    details: tuple[str, ...]
    items: tuple[tuple[str, ...], ...]
    show_owner: bool
    calibration_id: str
    slip_id: str
    #: Sections another feature added through a join ("Impact forecasts"), as the text says them.
    joined: tuple[JoinedSection, ...] = ()


def _scores(fc: ForecastScores) -> str:
    """The calibration chart's caption, in plain words."""
    if not fc.count:
        return "No stated chances resolved yet."
    if fc.overconfidence is None:
        return f"{fc.count} stated chances resolved."
    how = "more sure than right" if fc.overconfidence > 0 else "less sure than right"
    points = abs(fc.overconfidence) * 100
    return f"{fc.count} stated chances resolved; on average {how} by {points:.0f} points."


def _item_cells(item: ReportItem) -> tuple[str, ...]:
    """One commitment to talk about, as the table shows it (plain text; escaped there)."""
    due = item.due.isoformat()
    if item.due_in_force != item.due:
        due += f" (now {item.due_in_force.isoformat()})"
    moved = "never" if not item.moves else f"{item.moves}x: {item.last_reason}"
    kind = item.kind + (" (stretch goal)" if item.aspirational else "")
    return (kind, str(item.id), item.statement, item.owner, due, item.status, moved, *item.history)


def _details(report: ReportView) -> tuple[str, ...]:
    """The technical names and scores, for the "details" part of the page."""
    fc, sd = report.forecasts, report.say_do
    out = [
        "say/do = kept by the date first promised; shrunk toward 80% (Beta(4,1) prior): "
        + _rate_cells(sd.shrunk)[0],
        "slip = Kaplan-Meier estimate in business days (open work censored, missed work never "
        "arrives); half of it, 4 in 5 and 9 in 10 are the median, P80 and P90",
    ]
    if fc.count:
        skill = "n/a" if fc.brier_skill is None else f"{fc.brier_skill:+.2f}"
        out.append(
            f"Brier {fc.brier:.3f} (skill {skill}), ECE {fc.ece:.3f}, log score {fc.log_score:.1f}"
        )
        m = fc.murphy
        if m is not None:
            out.append(
                f"Murphy decomposition on the calibration bins: reliability "
                f"{m.reliability:.3f}, resolution {m.resolution:.3f}, uncertainty "
                f"{m.uncertainty:.3f}, residual {m.residual:.3f}"
            )
    out.append("repeat rate, action closure and COE effectiveness: the mistakes rows above")
    return tuple(out)


def _section(report: PageView, number: int) -> tuple[_Section, dict[str, Any]]:
    sd, sl, mm = report.say_do, report.slip, report.mistakes
    cov = report.coverage
    rates = (
        *promises_kept(sd),
        ("delivered by the half-way date (P50; should be about half)", cov.p50),
        ("delivered by the safe date (P90; should be about 9 in 10)", cov.p90),
        ("mistakes that repeated an earlier one", mm.repeat_rate),
        ("follow-up actions done by their date", mm.action_closure),
        ("fixes that held (no repeat once done)", mm.coe_effectiveness),
    )
    lead = sd.notice_lead_median
    notice = (
        "No date was moved."
        if lead is None
        else f"When a date moved, the warning came {lead:g} business days ahead (median of "
        f"{sd.revised})."
    )
    longest = sl.longest_observed
    cal_id, slip_id = f"calibration-{number}", f"slip-{number}"
    section = _Section(
        subject=report.subject,
        today=report.today.isoformat(),
        period=report.period,
        notes=tuple(report.notes),
        confidence=f"{report.policy.confidence:.0%}",
        rates=tuple((label, _rate_cells(r)) for label, r in rates),
        slip=(
            _slip_text(sl.median, longest),
            _slip_text(sl.p80, longest),
            _slip_text(sl.p90, longest),
        ),
        notice=notice,
        scores=_scores(report.forecasts),
        details=_details(report),
        items=tuple(_item_cells(i) for i in report.items),
        show_owner=report.subject.startswith("everyone"),
        calibration_id=cal_id,
        slip_id=slip_id,
        joined=report.joined,
    )
    return section, {cal_id: calibration_spec(report), slip_id: slip_spec(report)}


def render_html(reports: PageView | Sequence[PageView], *, title: str | None = None) -> str:
    """One offline page for one report, or several side by side (one section each)."""
    items = list(reports) if isinstance(reports, Sequence) else [reports]
    if not items:
        raise ValueError("nothing to render: pass at least one report")
    sections = []
    specs: dict[str, Any] = {}
    for i, report in enumerate(items, start=1):
        section, chart_specs = _section(report, i)
        sections.append(section)
        specs.update(chart_specs)
    page_title = title or "Trust report: " + " vs ".join(r.subject for r in items)
    return render_page(
        TEMPLATE,
        title=page_title,
        charts=Charts(specs),
        sections=sections,
        side_by_side=len(sections) > 1,
    )


def notebook_html(report: PageView) -> str:
    """The page of ``report`` inside an iframe ``srcdoc`` (what Jupyter shows)."""
    title = "Trust report: " + report.subject
    return iframe_srcdoc(render_html(report), title=title, height=900)
