"""The ``prfaq new`` templates (issue 14, scope 5): untouched, they are "not ready to circulate"
and nearly every bracketed slot is flagged (the slots are counted from the template itself);
filled with good text (``filled/<profile>.md``, written by hand with every heading of the
template kept), they trip none of their own rules."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from backwards.prfaq import review_text

TEMPLATES = sorted((Path(__file__).parents[3] / "src/backwards/prfaq/templates").glob("*.md"))
SLOT = re.compile(r"\[[^\[\]\n]+\](?!\()")


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.stem)
def test_an_untouched_template_is_not_ready_to_circulate(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    review = review_text(text, profile=template.stem)
    assert review.verdict.circulate == "not ready to circulate"
    slots = len(SLOT.findall(text))
    flagged = sum(1 for f in review.findings if f.code == "S14")
    assert slots >= 10
    assert flagged >= 0.85 * slots, (flagged, slots)


FILLED = Path(__file__).parent / "filled"


def _fixed_headings(text: str) -> list[str]:
    """The template's headings without a slot: a filled document must keep each of them."""
    return [
        line.strip() for line in text.splitlines() if line.startswith("#") and not SLOT.search(line)
    ]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.stem)
def test_a_filled_template_trips_none_of_its_own_rules(template: Path) -> None:
    filled = (FILLED / template.name).read_text(encoding="utf-8")
    lines = {line.strip() for line in filled.splitlines()}
    missing = [h for h in _fixed_headings(template.read_text(encoding="utf-8")) if h not in lines]
    assert not missing, f"{template.stem}: the filled example lost the template's {missing}"
    assert not SLOT.search(filled)
    review = review_text(filled, profile=template.stem, today=dt.date(2031, 1, 10))
    assert [f"{f.code}:{f.line} {f.message}" for f in review.findings] == []
    assert review.verdict.overall == "ready"
    assert review.verdict.circulate == "ready to circulate"


def test_every_template_has_a_filled_example() -> None:
    assert sorted(p.name for p in FILLED.glob("*.md")) == sorted(t.name for t in TEMPLATES)
