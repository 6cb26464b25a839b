"""Our JSON: validates against the shipped schema, keeps blanks as null and text verbatim."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from backwards.wbr import render
from backwards.wbr.outputs.json import FORMAT_VERSION, deck_document, schema
from tests.wbr.outputs.decks import PAGE_VIEWS_WEEKS, sample_deck

HOSTILE = "</script><b>\"quoted\" & 'single'\u2028"


def validator() -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema())
    return jsonschema.Draft202012Validator(schema())


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(render(sample_deck(), "json"))
    return loaded


def test_output_validates_against_the_schema(document: dict[str, Any]) -> None:
    validator().validate(document)
    assert document["format"] == "backwards.wbr.deck"
    assert document["version"] == FORMAT_VERSION


def test_schema_rejects_what_it_should() -> None:
    v = validator()
    doc = deck_document(sample_deck())
    broken = json.loads(json.dumps(doc))
    broken["blocks"][1]["series"][0]["current"]["weeks"] = [1, 2, 3]  # not six values
    assert not v.is_valid(broken)
    broken = json.loads(json.dumps(doc))
    broken["blocks"][1]["box_totals"]["rows"][0]["cells"][0] = "N/A"  # blanks are null
    assert not v.is_valid(broken)
    broken = json.loads(json.dumps(doc))
    broken["week_ending"] = "25-SEP-2021"
    assert not v.is_valid(broken)


def test_blanks_are_null_and_numbers_raw(document: dict[str, Any]) -> None:
    chart = document["blocks"][1]
    assert chart["kind"] == "6_12Graph"
    assert chart["series"][0]["current"]["weeks"] == list(PAGE_VIEWS_WEEKS)
    assert chart["series"][0]["current"]["weeks"][2] is None
    assert chart["series"][1]["target"] is True and chart["series"][1]["previous"] is None
    assert chart["box_totals"]["rows"][0]["cells"][4] is None
    assert chart["box_totals"]["rows"][0]["cells"][0] == 1_402_345.0
    assert chart["weeks"]["ends"][-1] == "2021-09-25"
    assert chart["months"]["starts"][0] == "2020-10-01"
    weeks = document["blocks"][3]
    assert weeks["rows"][0]["metric"] is None and weeks["rows"][0]["values"] == []
    assert weeks["rows"][1]["values"][7] is None


def test_needs_explanation_and_kinds(document: dict[str, Any]) -> None:
    assert [v["metric"] for v in document["needs_explanation"]] == [
        "Page Views",
        "Conversion",
        "Latency",
    ]
    assert document["needs_explanation"][1]["owner"] is None
    kinds = [b["kind"] for b in document["blocks"]]
    assert kinds == [
        "section",
        "6_12Graph",
        "6_12Graph",
        "6_WeeksTable",
        "12_MonthsTable",
        "embedded_content",
        "embedded_content",
    ]


def test_user_text_is_kept_verbatim() -> None:
    document = json.loads(render(sample_deck(HOSTILE), "json"))
    validator().validate(document)
    assert document["title"] == f"{HOSTILE} deck"
    assert document["blocks"][0]["title"] == f"{HOSTILE} section"
    assert document["blocks"][3]["rows"][0]["style"] == f"font-weight: bold; {HOSTILE}"


def test_nan_is_refused_not_written() -> None:
    from dataclasses import replace

    deck = sample_deck()
    bad = replace(
        deck, needs_explanation=(replace(deck.needs_explanation[0], change=float("nan")),)
    )
    with pytest.raises(ValueError):
        render(bad, "json")


def real_decks() -> list[Any]:
    from tests.ci import compat_params

    params: list[Any] = [pytest.param("demo", id="demo")]
    return params + compat_params(
        pytest.param(f"scenario_{n}", id=f"scenario_{n}") for n in range(1, 10)
    )


@pytest.mark.parametrize("name", real_decks())
def test_real_decks_validate(name: str) -> None:
    from pathlib import Path

    from backwards.wbr import build
    from tests.wbr.conftest import compat_dir

    if name == "demo":
        folder = Path(__file__).resolve().parents[3] / "examples" / "demo" / "wbr"
        deck = build(folder / "wbr.yaml", [folder / "daily.csv"])
    else:
        root = compat_dir()
        assert root is not None
        deck = build(root / name / "config.yaml", [root / name / "original.csv"])
    document = json.loads(render(deck, "json"))
    validator().validate(document)
    assert len(document["blocks"]) == len(deck.blocks)
