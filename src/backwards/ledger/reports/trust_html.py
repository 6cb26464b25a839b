"""The trust report as one self-contained, offline HTML page with Vega-Lite charts.

``render_html(report_or_reports, chart_script=...)`` gives a page with, for each report, the
notes, the say/do table, a **calibration chart** (each bin's observed frequency against its mean
forecast, with its interval and count, and the diagonal of perfect calibration) and a **slip
chart** (the Kaplan-Meier share of commitments not yet delivered, by business days after the
original due date, beside the delivered-only curve).

``chart_script`` is the JavaScript that defines ``vegaEmbed`` (Vega, Vega-Lite and vega-embed);
the caller supplies it (the CLI passes the vendored bundle), so this module never touches the
network or package data. The page allows only its own two inline scripts through a
Content-Security-Policy with their SHA-256 hashes, and Vega runs in AST mode (no ``eval``).
User text (owner, tag) is escaped in HTML and never placed in a Vega expression; the specs
travel as JSON in which ``<``, ``>`` and ``&`` are escaped, so nothing can close the script.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Sequence
from typing import Any

from backwards.charts import javascript_bundle
from backwards.ledger.measures.rates import Rate
from backwards.ledger.reports.trust_report import TrustReport

__all__ = ["calibration_spec", "render_html", "script_json", "slip_spec"]

SPECS_ID = "ledger-chart-specs"

RUNTIME_JS = (
    """
(function () {
  "use strict";
  var source = document.getElementById("%s");
  if (!source || typeof vegaEmbed !== "function") { return; }
  var specs = JSON.parse(source.textContent);
  Object.keys(specs).forEach(function (id) {
    var el = document.getElementById(id);
    if (!el) { return; }
    vegaEmbed(el, specs[id], {actions: false, renderer: "svg", ast: true}).then(function () {
      el.setAttribute("data-rendered", "1");
    }).catch(function (err) {
      el.setAttribute("data-rendered", "error");
      el.textContent = "Chart could not be drawn: " + err;
    });
  });
})();
""".strip()
    % SPECS_ID
)


def script_json(value: Any) -> str:
    """JSON that cannot end a ``<script>`` element (``<``, ``>``, ``&`` escaped)."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def calibration_spec(report: TrustReport) -> dict[str, Any]:
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
                    "size": {"field": "n", "type": "quantitative", "title": "forecasts"},
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


def slip_spec(report: TrustReport) -> dict[str, Any]:
    """Vega-Lite: share of commitments not yet delivered, by business days of slip."""
    rows: list[dict[str, Any]] = []
    curve = report.slip.curve
    series: list[tuple[str, Any, Any]] = [
        ("all due (open items censored)", curve.times, curve.survival)
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


def _rate_row(label: str, r: Rate) -> str:
    if r.estimate is None or r.low is None or r.high is None:
        cells = ("n/a", "", "0")
    else:
        cells = (f"{r.estimate:.0%}", f"{r.low:.0%}-{r.high:.0%}", str(r.count))
    tds = "".join(f'<td class="num">{html.escape(c)}</td>' for c in cells)
    return f"<tr><th>{html.escape(label)}</th>{tds}</tr>"


def _slip_text(value: float | None, longest: float | None) -> str:
    if value is None:
        return "n/a" if longest is None else f"> {longest:g}"
    return f"{value:g}"


def _section(report: TrustReport, number: int) -> tuple[str, dict[str, Any]]:
    sd, sl, mm = report.say_do, report.slip, report.mistakes
    e = html.escape
    notes = "".join(f"<li>{e(n)}</li>" for n in report.notes)
    rates = "".join(
        _rate_row(label, r)
        for label, r in (
            ("say/do (met by original date)", sd.by_count),
            ("say/do shrunk (Beta(4,1) prior)", sd.shrunk),
            ("weighted say/do", sd.weighted),
            ("trust-weighted say/do", sd.trust_weighted),
            ("completion rate", sd.completion),
            ("on-time rate (of delivered)", sd.on_time),
            ("surprise-miss rate (of misses)", sd.surprise_miss),
            ("repeat rate (mistakes)", mm.repeat_rate),
            ("action items closed by due date", mm.action_closure),
            ("COE effectiveness", mm.coe_effectiveness),
        )
    )
    longest = sl.longest_observed
    slip_row = (
        f"<tr><th>slip, business days (Kaplan-Meier)</th>"
        f'<td class="num">{e(_slip_text(sl.median, longest))}</td>'
        f'<td class="num">{e(_slip_text(sl.p80, longest))}</td>'
        f'<td class="num">{e(_slip_text(sl.p90, longest))}</td></tr>'
    )
    fc = report.forecasts
    scores = (
        "No resolved forecasts yet."
        if not fc.count
        else (
            f"{fc.count} resolved forecasts; Brier {fc.brier:.3f} "
            f"(skill {'n/a' if fc.brier_skill is None else f'{fc.brier_skill:+.2f}'}), "
            f"ECE {fc.ece:.3f}, log score {fc.log_score:.1f}."
        )
    )
    cal_id, slip_id = f"calibration-{number}", f"slip-{number}"
    body = f"""
<section>
<h2>{e(report.subject)}</h2>
<p class="meta">As of {e(report.today.isoformat())}; commitments {e(report.period)}.</p>
<ul class="notes">{notes}</ul>
<table>
<thead><tr><th>measure</th><th>value</th><th>{e(f"{report.policy.confidence:.0%}")} interval</th>
<th>n</th></tr></thead>
<tbody>{rates}</tbody>
</table>
<table>
<thead><tr><th></th><th>median</th><th>P80</th><th>P90</th></tr></thead>
<tbody>{slip_row}</tbody>
</table>
<div class="charts">
<figure><figcaption>Calibration. {e(scores)}</figcaption><div id="{cal_id}"></div></figure>
<figure><figcaption>Slip: share not yet delivered</figcaption><div id="{slip_id}"></div></figure>
</div>
</section>"""
    return body, {cal_id: calibration_spec(report), slip_id: slip_spec(report)}


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem;
       color: #1f2933; max-width: 72rem; }}
table {{ border-collapse: collapse; margin: 1rem 0; }}
th, td {{ padding: .25rem .75rem; border-bottom: 1px solid #e4e7eb; text-align: left; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
.meta {{ color: #52606d; }}
.charts {{ display: flex; flex-wrap: wrap; gap: 2rem; }}
figure {{ margin: 0; }}
figcaption {{ font-weight: 600; margin-bottom: .5rem; max-width: 28rem; }}
section {{ break-inside: avoid; margin-bottom: 3rem; }}
</style>
</head>
<body>
<h1>{title}</h1>
{sections}
<script type="application/json" id="{specs_id}">{specs}</script>
<script>{bundle}</script>
<script>{runtime}</script>
</body>
</html>
"""


def render_html(
    reports: TrustReport | Sequence[TrustReport],
    *,
    chart_script: str | None = None,
    title: str | None = None,
) -> str:
    """One offline page for one report, or several side by side (one section each).

    ``chart_script`` defaults to the vendored Vega bundle (``backwards.charts``).
    """
    if chart_script is None:
        chart_script = javascript_bundle()
    items = [reports] if isinstance(reports, TrustReport) else list(reports)
    if not items:
        raise ValueError("nothing to render: pass at least one report")
    bundle = chart_script.replace("</script", "<\\/script").replace("<!--", "<\\!--")
    sections = []
    specs: dict[str, Any] = {}
    for i, report in enumerate(items, start=1):
        body, chart_specs = _section(report, i)
        sections.append(body)
        specs.update(chart_specs)
    page_title = title or "Trust report: " + " vs ".join(r.subject for r in items)
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src {_hash(bundle)} {_hash(RUNTIME_JS)}",
            "style-src 'unsafe-inline'",
            "img-src data: blob:",
            "connect-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    return _PAGE.format(
        csp=html.escape(csp),
        title=html.escape(page_title),
        sections="\n".join(sections),
        specs_id=SPECS_ID,
        specs=script_json(specs),
        bundle=bundle,
        runtime=RUNTIME_JS,
    )
