"""The growth report for a terminal."""

from __future__ import annotations

from backwards.growth.entry import CHECKS
from backwards.growth.report import GrowthReport
from backwards.wording import count

__all__ = ["render_text"]


def _n(value: float | None, fmt: str = "{:.1f}") -> str:
    return "-" if value is None else fmt.format(value)


def render_text(report: GrowthReport) -> str:
    r = report
    lines = [
        f"Growth report: {r.person}, {r.level.name} ({r.level.id}), {r.period}",
        "",
    ]
    if r.next is not None:
        n = r.next
        lines += [f"Work on next: {n.row.attribute.name}", f"  why: {n.reason}"]
        lines += [f"  ask yourself: {p}" for p in n.row.attribute.prompts]
        lines += [f"  {who} said: {text}" for who, text in n.row.said]
        lines += [
            f"  evidence: {e.measure} = {e.shown()}"
            + (f" (n={e.sample})" if e.sample is not None else "")
            for e in n.row.evidence
        ]
        lines.append("")
    lines.append("Focus for the level: " + ", ".join(x.attribute.name for x in r.focus))
    lines.append("")
    width = max(len(x.attribute.name) for x in r.rows)
    lines.append(f"{'attribute':<{width}}  expected  self  manager  peers  journal  evidence  gap")
    for x in r.rows:
        mark = "*" if x.weight > 0 else " "
        lines.append(
            f"{x.attribute.name:<{width}}{mark} {x.expected:>7}  {_n(x.self_rating, '{:d}'):>4}"
            f"  {_n(x.manager_rating, '{:d}'):>7}  {_n(x.peer_rating):>5}"
            f"  {_n(x.journal_mean):>7}  {_n(x.evidence_score):>8}  {_n(x.gap):>4}"
        )
    lines += ["* a focus attribute at this level", "", "Evidence from outcomes:"]
    for x in r.rows:
        for e in x.evidence:
            sample = f", n={e.sample}" if e.sample is not None else ""
            lines.append(
                f"  {x.attribute.name}: {e.measure} = {e.shown()}{sample} [{e.source}, {e.period}]"
                + (f"  {e.note}" if e.note else "")
            )
    lines += ["", f"Journal: {r.habit.summary()}"]
    for k, (yes, answered) in r.checks.items():
        if answered:
            lines.append(f"  {CHECKS[k]} {yes} of {answered} ({yes / answered:.0%})")
    if r.return_on_time is not None:
        lines.append(
            f"  meetings worth the time: {r.return_on_time[0]:.1f}/5 over "
            + count(r.return_on_time[1], "meeting")
        )
    for month, value, grades in r.monthly_grades:
        lines.append(f"  {month}: mean self-grade {value:.2f} ({count(grades, 'grade')})")
    if r.gaps:
        lines += ["", "Self minus manager (positive: rating yourself higher):"]
        for g in r.gaps:
            lines.append(
                f"  {g.on}: mean {_n(g.mean, '{:+.2f}')} over "
                + count(len(g.by_attribute), "attribute")
            )
    return "\n".join(lines)
