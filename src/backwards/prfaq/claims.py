"""What a PR/FAQ claims: its title, author, launch date and forecast impact (a read model).

The claims come from the document's YAML front matter, falling back to the press release's
headline for the title::

    ---
    title: Tally lets café owners close the till in five minutes
    author: Ana Ruiz
    launch: 2027-03-01
    impact: {metric: Orders, p10: 20, p50: 50, p90: 90, probability: 0.6}
    ---

``impact`` is the forecast change per week in a WBR metric, as quantiles (P10 <= P50 <= P90) and
the probability that the bet succeeds (0 to 1). Every problem (bad YAML, an unknown key, a wrong
type, quantiles out of order, a probability outside 0..1) is a finding at its ``file:line``; the
claim it spoils is left out (``None``). Nothing here joins another feature: the portfolio and the
impact loop read them through ``backwards.prfaq.read_claims``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field

from backwards.config import LocatedYaml, StrictModel, load_yaml_text, validate
from backwards.errors import ConfigError
from backwards.findings import Finding
from backwards.prfaq.document import Document, parse
from backwards.prfaq.source import read_source

__all__ = ["Claims", "ImpactForecast", "claims_of", "read_claims"]


@dataclass(frozen=True, slots=True)
class ImpactForecast:
    """The forecast change per week in ``metric``: P10, P50, P90, and the chance of success."""

    metric: str
    p10: float
    p50: float
    p90: float
    probability: float | None
    line: int | None  # where ``impact:`` is in the file


@dataclass(frozen=True, slots=True)
class Claims:
    """What one PR/FAQ claims, and the problems of its front matter (located findings)."""

    path: str
    title: str | None
    author: str | None
    launch: dt.date | None
    impact: ImpactForecast | None
    findings: tuple[Finding, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        impact = self.impact
        return {
            "file": self.path,
            "title": self.title,
            "author": self.author,
            "launch": self.launch.isoformat() if self.launch else None,
            "impact": None
            if impact is None
            else {
                "metric": impact.metric,
                "p10": impact.p10,
                "p50": impact.p50,
                "p90": impact.p90,
                "probability": impact.probability,
            },
            "findings": [f.to_dict() for f in self.findings],
        }


class _Impact(StrictModel):
    metric: str = Field(min_length=1)
    p10: float
    p50: float
    p90: float
    probability: float | None = Field(default=None, ge=0, le=1)


def _front_matter(doc: Document) -> LocatedYaml | Finding | None:
    """The front matter as located YAML (the file's line numbers), or the finding that it is bad."""
    if not doc.front_matter:
        return None
    lines = doc.front_matter.rstrip("\n").split("\n")
    body = "\n".join(["", *lines[1:-1], ""])  # the fences become blank lines: lines stay put
    try:
        return load_yaml_text(body, doc.path)
    except ConfigError as exc:
        return exc.findings[0]


def _text(data: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = data.get(key)
        if isinstance(value, str | int | float) and str(value).strip():
            return " ".join(str(value).split())
    return None


def _launch(front: LocatedYaml, data: dict[str, Any]) -> tuple[dt.date | None, list[Finding]]:
    key = next((k for k in ("launch", "launch_date") if k in data), None)
    if key is None:
        return None, []
    value = data[key]
    if isinstance(value, dt.datetime):
        return value.date(), []
    if isinstance(value, dt.date):
        return value, []
    try:
        return dt.date.fromisoformat(str(value).strip()), []
    except ValueError:
        found = front.finding(
            (key,),
            "CLM002",
            "launch-not-a-date",
            f"'{key}' should be a date such as 2027-03-01, not {value!r}",
            suggestion="write the launch date as YYYY-MM-DD",
        )
        return None, [found]


def _out_of_order(front: LocatedYaml, raw: Any) -> list[Finding]:
    """A finding when the impact's P10, P50 and P90 are numbers but not in order."""
    if not isinstance(raw, dict):
        return []
    values = [raw.get(k) for k in ("p10", "p50", "p90")]
    q = [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if len(q) < 3:
        return []
    if q[0] <= q[1] <= q[2]:
        return []
    found = front.finding(
        ("impact", "p50"),
        "CLM001",
        "impact-quantiles-out-of-order",
        f"the impact's quantiles are out of order: P10 {q[0]:g}, P50 {q[1]:g}, P90 {q[2]:g}",
        suggestion="P10 is the low case, P50 the middle and P90 the high: P10 <= P50 <= P90",
    )
    return [found]


def _impact(front: LocatedYaml) -> tuple[ImpactForecast | None, list[Finding]]:
    if not isinstance(front.data, dict) or "impact" not in front.data:
        return None, []
    model, found = validate(_Impact, front, root=("impact",))
    found = [*found, *_out_of_order(front, front.data["impact"])]
    if model is None or found:
        return None, found
    where = front.locate(("impact",), key=True)
    impact = ImpactForecast(
        model.metric,
        model.p10,
        model.p50,
        model.p90,
        model.probability,
        where.line if where else None,
    )
    return impact, []


def claims_of(doc: Document) -> Claims:
    """The claims of a parsed document."""
    headline = doc.title.plain if doc.title is not None else None
    front = _front_matter(doc)
    if isinstance(front, Finding) or front is None:
        return Claims(doc.path, headline, None, None, None, (front,) if front else ())
    data = front.data if isinstance(front.data, dict) else {}
    launch, bad_launch = _launch(front, data)
    impact, bad_impact = _impact(front)
    problems = sorted([*bad_launch, *bad_impact], key=lambda f: (f.line or 0, f.column or 0))
    return Claims(
        doc.path,
        _text(data, "title") or headline,
        _text(data, "author", "authors", "owner"),
        launch,
        impact,
        tuple(problems),
    )


def read_claims(path: Path | str) -> Claims:
    """The claims of the PR/FAQ file at ``path`` (Markdown or plain text)."""
    return claims_of(parse(read_source(path), str(path)))
