"""The review as text for people: each finding at file:line:column, then the verdict.

The verdict block names the overall status, the score and the three sub-verdicts with the rule
codes behind each, then why the rules that fired matter. ``color`` adds ANSI colours (the
caller decides whether the terminal wants them).
"""

from __future__ import annotations

from collections.abc import Sequence

from backwards.findings import Finding, format_text
from backwards.prfaq.engine import Review
from backwards.prfaq.plan import catalogue
from backwards.wording import count

__all__ = ["format_reviews", "verdict_text"]

_COLOURS = {"ready": 32, "needs work": 33, "not ready": 31}  # ANSI green, yellow, red


def _style(status: str, *, bold: bool = False) -> str:
    return f"\x1b[{_COLOURS.get(status, 35)}m" + ("\x1b[1m" if bold else "") + status + "\x1b[0m"


def verdict_text(review: Review, new: Sequence[Finding], *, color: bool = False) -> str:
    """The verdict of ``review``, and why the rules behind the ``new`` findings matter."""
    v = review.verdict
    head = _style(v.overall, bold=True) if color else v.overall
    score = f"score {v.score}/100, " if v.scored else ""
    out = [f"{review.path}: {head} ({score}{count(review.words, 'word')})"]
    if v.circulate != "ready to circulate":
        out.append(f"  {v.circulate}: template leftovers (S14) are still in the text")
    for part in v.parts:
        shown = _style(part.status) if color else part.status
        codes = sorted({f.code for f in part.findings})
        tail = f"  {', '.join(codes)}" if codes else ""
        out.append(f"  {part.label:<29} {shown}{tail}")
    rules = {r.code: r for r in catalogue()}
    worth = sorted({f.code for f in new if f.severity.rank >= 1})
    if worth:
        out.append("  Why it matters:")
        out.extend(f"    {code} {rules[code].name}: {rules[code].why}" for code in worth)
    if review.suppressed:
        out.append(f"  ({count(review.suppressed, 'finding')} suppressed inline)")
    return "\n".join(out)


def format_reviews(
    reviews: Sequence[Review], new: Sequence[Sequence[Finding]], known: int, *, color: bool
) -> str:
    """Every review's new findings and verdict, and how many baseline findings were hidden."""
    out: list[str] = []
    for r, found in zip(reviews, new, strict=True):
        if found:
            out.append(format_text(found, color=color))
        out.append(verdict_text(r, found, color=color))
    if known:
        verb = "was" if known == 1 else "were"
        out.append(f"{count(known, 'known finding')} in the baseline {verb} not shown.")
    return "\n".join(out)
