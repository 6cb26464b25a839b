"""SARIF output validates against the official SARIF 2.1.0 schema shipped in the fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from backwards.prfaq import RULES, review_text
from backwards.prfaq.sarif import to_sarif
from tests.prfaq.conftest import FIXTURES

WEAK = "# AI platform\n\nBy combining our existing data, we offer a [PRODUCT].\n"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    schema = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def test_sarif_validates(validator: jsonschema.Draft4Validator) -> None:
    review = review_text(WEAK, path="docs/prfaq.md")
    log = json.loads(to_sarif([review], RULES))
    errors = sorted(validator.iter_errors(log), key=str)
    assert errors == []
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} >= {"C01", "C07", "S14"}
    first = results[0]
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/prfaq.md"
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules[first["ruleIndex"]]["id"] == first["ruleId"]
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels["S14"] == "error"


def test_schema_rejects_a_broken_log(validator: jsonschema.Draft4Validator) -> None:
    log = json.loads(to_sarif([review_text(WEAK)], RULES))
    log["runs"][0]["results"][0]["level"] = "fatal"
    del log["runs"][0]["tool"]["driver"]["name"]
    assert len(list(validator.iter_errors(log))) == 2


def test_cli_sarif_for_the_demo_document_validates(
    validator: jsonschema.Draft4Validator,
    repo_root: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from backwards.cli import run

    demo = repo_root / "examples" / "demo" / "prfaq.md"
    args = ["--workspace", str(demo.parent), "prfaq", "review", str(demo), "--format", "sarif"]
    # the demo document has warnings but no error: exit 0, unless warnings fail the run
    assert run(args) == 0
    log = json.loads(capsys.readouterr().out)
    assert sorted(validator.iter_errors(log), key=str) == []
    assert log["version"] == "2.1.0"
    levels = {r["level"] for r in log["runs"][0]["results"]}
    assert "warning" in levels and "error" not in levels
    assert run([*args, "--fail-on", "warning"]) == 1
    assert json.loads(capsys.readouterr().out) == log
