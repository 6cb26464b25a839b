"""The PR/FAQ reviews of the documents a person authored, as growth evidence.

The documents are those under ``growth.documents`` whose front matter names the person as
``author``; each is reviewed by ``prfaq.review_many`` with the workspace's ``prfaq:`` settings
(no baseline: every finding counts). The figures:

- answer-first rate: the share of the documents with no ``F02 answer-not-first`` finding;
- numbers: the share with no ``C03 problem-unquantified`` and no ``I10
  numbers-missing-in-business-answers`` finding;
- weasel and hype words per 1,000 words: ``L01`` plus ``L02`` findings over all their words;
- "ready" verdicts: the share whose overall verdict is "ready", oldest launch date first in
  the note.

With a period (``since``), a document belongs to it when its front matter ``launch`` date is
on or after ``since``; documents without a launch date are left out and counted in the note.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from backwards import prfaq
from backwards.evidence.figures import Figures, radar_score
from backwards.growth import Evidence, GrowthSettings
from backwards.workspace import Workspace

__all__ = ["ANSWER_FIRST", "NUMBERS", "WORDY", "authored_documents", "prfaq_evidence"]

ANSWER_FIRST = frozenset({"F02"})
NUMBERS = frozenset({"C03", "I10"})
WORDY = frozenset({"L01", "L02"})


def authored_documents(workspace: Workspace, person: str) -> list[tuple[Path, prfaq.Claims]]:
    """The documents of ``growth.documents`` whose front matter ``author`` is ``person``."""
    settings = workspace.settings.section(GrowthSettings)
    paths = [workspace.resolve(p) for p in settings.documents]
    found = prfaq.find_documents([p for p in paths if p.exists()])
    out = []
    for path in found:
        claims = prfaq.read_claims(path)
        if claims.author is not None and claims.author.strip() == person:
            out.append((path, claims))
    return out


def _share(flags: list[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def prfaq_evidence(
    workspace: Workspace, person: str, *, today: date, since: date | None = None
) -> list[Evidence]:
    """Answer-first, numbers, weasel and hype words, verdicts of ``person``'s PR/FAQs (with
    ``since``: those whose front matter ``launch`` is on or after it)."""
    docs = authored_documents(workspace, person)
    undated = 0
    if since is not None:
        undated = sum(1 for _, c in docs if c.launch is None)
        docs = [(p, c) for p, c in docs if c.launch is not None and c.launch >= since]
    reviews = (
        prfaq.review_many(
            [p for p, _ in docs], workspace=workspace, baseline=False, today=today, jobs=1
        ).reviews
        if docs
        else ()
    )
    codes = [{f.code for f in r.findings} for r in reviews]
    words = sum(r.words for r in reviews)
    wordy = sum(1 for r in reviews for f in r.findings if f.code in WORDY)
    launch = {str(p): c.launch for p, c in docs}
    verdicts = sorted(
        ((launch.get(r.path) or date.min, r.path, r.verdict.overall) for r in reviews),
    )
    link = "backwards prfaq review " + " ".join(str(p) for p, _ in docs) if docs else ""
    note = "" if docs else f"no PR/FAQ in growth.documents names {person} as author"
    if since is not None and not docs:
        note = f"no PR/FAQ of {person} launches on or after {since}"
    if undated:
        note = "; ".join(
            n for n in (note, f"{undated} without a launch date left out (--since)") if n
        )
    period = "documents authored" + (f", launch from {since}" if since else "")
    figures = Figures("prfaq", period, link, note)
    n = len(reviews) if docs else None
    answer_first = _share([not (c & ANSWER_FIRST) for c in codes])
    numbers = _share([not (c & NUMBERS) for c in codes])
    ready = _share([v == "ready" for _, _, v in verdicts])
    ready_note = "; ".join(f"{Path(p).name}: {v}" for _, p, v in verdicts)
    if ready_note and undated:
        ready_note += f"; {undated} without a launch date left out (--since)"
    return [
        figures.figure("communicate", "answer-first rate", answer_first, "share", n,
                       score=radar_score(answer_first)),
        figures.figure("communicate", "documents with numbers", numbers, "share", n,
                       score=radar_score(numbers)),
        figures.figure("write-effective-copy", "weasel and hype words per 1,000 words",
                       (1000 * wordy / words) if words else None, "per 1,000 words",
                       words if docs else None),
        figures.figure("write-effective-copy", "'ready' verdicts", ready, "share", n,
                       note=ready_note or note, score=radar_score(ready)),
    ]  # fmt: skip
