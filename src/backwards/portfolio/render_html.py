"""The plan as one offline HTML page, through the one HTML path (``backwards.page``).

The template ``templates/plan.html.j2`` extends the base layout; the Gantt chart is a Vega-Lite
spec drawn by the vendored bundle. User text (ids, titles, teams) travels as escaped data only.
"""

from __future__ import annotations

from typing import Any

from backwards.page import Charts, render_page
from backwards.portfolio.plan import PortfolioPlan
from backwards.portfolio.render_text import headline_lines, threshold_lines
from backwards.wording import count

__all__ = ["gantt_spec", "render_html"]


def gantt_spec(plan: PortfolioPlan) -> dict[str, Any]:
    """A Gantt-style Vega-Lite chart: one bar per scheduled bet, weeks on x, coloured by team."""
    p = plan.portfolio
    rows = [
        {
            "bet": s.id,
            "title": p.bet(s.id).title,
            "team": s.team,
            "start": s.start,
            "finish": s.finish,
            "value": round(p.value(p.bet(s.id), s.finish), 2),
        }
        for s in plan.schedule
    ]
    return {
        "width": 640,
        "height": {"step": 24},
        "data": {"values": rows},
        "mark": {"type": "bar", "cornerRadius": 3},
        "encoding": {
            "y": {
                "field": "bet",
                "type": "nominal",
                "sort": {"field": "start", "op": "min", "order": "ascending"},
                "title": None,
            },
            "x": {
                "field": "start",
                "type": "quantitative",
                "title": "week",
                "scale": {"domain": [0, p.horizon]},
            },
            "x2": {"field": "finish"},
            "color": {"field": "team", "type": "nominal", "title": "team"},
            "tooltip": [
                {"field": "bet", "title": "bet"},
                {"field": "title", "title": "title"},
                {"field": "team", "title": "team"},
                {"field": "start", "title": "starts in week"},
                {"field": "finish", "title": "live from week"},
                {"field": "value", "title": "expected value", "format": ",.0f"},
            ],
        },
    }


def render_html(plan: PortfolioPlan) -> str:
    """One offline page: the headline figures, the Gantt chart, why in / why out, thresholds."""
    p = plan.portfolio
    rows = []
    for bet in p.bets:
        placed = next((s for s in plan.schedule if s.id == bet.id), None)
        rows.append(
            {
                "id": bet.id,
                "title": bet.title,
                "team": bet.team,
                "in_plan": placed is not None,
                "weeks": f"{placed.start}-{placed.finish - 1}" if placed else "",
                "reason": plan.why_in.get(bet.id) or plan.dropped.get(bet.id, ""),
                "odds": (f"{plan.in_best_plan[bet.id]:.0%}" if plan.in_best_plan else ""),
            }
        )
    return render_page(
        "backwards.portfolio/plan.html.j2",
        title=f"Portfolio plan: {count(len(p.bets), 'bet')}, {count(p.horizon, 'week')} from "
        f"{p.start}",
        charts=Charts({"gantt": gantt_spec(plan)}),
        plan=plan,
        headline=headline_lines(plan)[2:],
        bets=rows,
        sensitivity=threshold_lines(plan),
        draws=plan.draws,
    )
