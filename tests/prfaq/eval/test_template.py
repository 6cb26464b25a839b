"""The ``prfaq new`` templates (issue 14, scope 5): untouched, they are "not ready to circulate"
and nearly every bracketed slot is flagged; the slots are counted from the template itself."""

from __future__ import annotations

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
