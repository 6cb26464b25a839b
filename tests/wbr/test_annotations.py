"""Annotations in both WBR App formats: several per metric, CY and PY windows, unknown metrics."""

from __future__ import annotations

import datetime as dt

import pytest

from backwards.errors import DataError
from tests.wbr.conftest import Case, block

WE = dt.date(2021, 9, 25)

CONFIG = """\
setup:
  week_ending: 25-SEP-2021
  week_number: 38
  title: T
{annotations}
metrics:
  X:
    column: x
    aggf: sum
deck:
  - block:
      ui_type: 6_12Graph
      title: X
      metrics:
        X: {{}}
  - block:
      ui_type: 6_WeeksTable
      title: W
      rows:
        - row: {{header: X, metric: XYOY}}
  - block:
      ui_type: 12_MonthsTable
      title: M
      rows:
        - row: {{header: X, metric: X}}
"""

EVENTS = """\
Date,MetricName,EventDescription
2021-09-20,X,Promotion <b>launched</b>
2021-09-21,X,Outage
2020-09-22,X,Last year's sale
2021-01-01,X,Too old
2021-09-20,Nope,Unknown metric
2021-09-19,XYOY,Derived names count
"""


@pytest.mark.parametrize(
    "annotations",
    ["annotations:\n  - events.csv", "annotations:\n  csv_files:\n    - events.csv"],
)
def test_annotations(case: Case, annotations: str) -> None:
    case.data(dt.date(2020, 1, 1), WE, {"x": lambda d: 1})
    (case.folder / "events.csv").write_text(EVENTS, encoding="utf-8")
    case.config(CONFIG.format(annotations=annotations))
    deck = case.deck()
    chart = block(deck, "X")
    assert [(a.date, a.description, a.period) for a in chart.annotations] == [
        (dt.date(2021, 9, 20), "Promotion <b>launched</b>", "current"),
        (dt.date(2021, 9, 21), "Outage", "current"),
        (dt.date(2020, 9, 22), "Last year's sale", "prior"),
    ]
    assert [a.metric for a in block(deck, "W").annotations] == ["XYOY"]
    assert not hasattr(block(deck, "M"), "annotations")
    assert len(deck.annotation_errors) == 1 and "Nope" in deck.annotation_errors[0]


def test_bad_annotation_date(case: Case) -> None:
    case.data(dt.date(2020, 1, 1), WE, {"x": lambda d: 1})
    (case.folder / "events.csv").write_text(EVENTS + "someday,X,Bad\n", encoding="utf-8")
    case.config(CONFIG.format(annotations="annotations:\n  - events.csv"))
    with pytest.raises(DataError) as info:
        case.deck()
    assert info.value.line == 8
    assert "someday" in info.value.message
