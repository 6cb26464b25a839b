"""The YAML fixes of ``backwards.yamlfile`` and ``backwards.config`` seen through both commands
that read YAML: ``wbr check`` (a WBR config) and ``config check``/``config show``
(``backwards.yaml``). A merge key overridden by an explicit key is no duplicate; a value its
explicit tag cannot build is a located problem (exit 2), never an internal error; an unknown
key under a mapping of models gets a "did you mean" from that model.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.envelope import unwrap
from tests.fuzz.inputs import Outcome, assert_clean, run_cli
from tests.fuzz.test_wbr_inputs import CONFIG, DATA

ORDERS = "  Orders:\n    column: orders\n    aggf: sum\n"
# A second metric that reuses Orders' block and changes one key of it.
MERGED = CONFIG.replace(ORDERS, ORDERS.replace("Orders:", "Orders: &orders")).replace(
    "  Rate:\n", "  Average:\n    <<: *orders\n    aggf: mean\n  Rate:\n", 1
)


def wbr_check(capsys: pytest.CaptureFixture[str], folder: Path, config: str) -> Outcome:
    (folder / "wbr.yaml").write_text(config, encoding="utf-8")
    (folder / "daily.csv").write_text(DATA, encoding="utf-8")
    return run_cli(
        capsys, "-w", str(folder), "wbr", "check", str(folder / "wbr.yaml"),
        "--data", str(folder / "daily.csv"),
    )  # fmt: skip


def settings(capsys: pytest.CaptureFixture[str], folder: Path, text: str, *cmd: str) -> Outcome:
    (folder / "backwards.yaml").write_text(text, encoding="utf-8")
    return run_cli(capsys, "-w", str(folder), "config", *cmd)


def test_a_merge_overridden_in_a_wbr_config_is_no_duplicate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert MERGED != CONFIG and "<<: *orders" in MERGED
    result = wbr_check(capsys, tmp_path, MERGED)
    assert_clean(result, allowed=(0,))
    assert "CFG005" not in result.out + result.err


def test_a_merge_overridden_in_the_settings_is_no_duplicate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "version: 1\ngrowth:\n  people:\n"
        "    ana: &base {level: new, manager: bo}\n"
        "    bo: {<<: *base, level: senior}\n"
    )
    result = settings(capsys, tmp_path, text, "show", "--format", "json")
    assert_clean(result, allowed=(0,))
    assert unwrap(result.out)["settings"]["growth"]["people"] == {
        "ana": {"level": "new", "manager": "bo"},
        "bo": {"level": "senior", "manager": "bo"},
    }


def test_a_value_its_tag_cannot_build_in_a_wbr_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = CONFIG.replace("week_number: 38", "week_number: !!int 38th")
    result = wbr_check(capsys, tmp_path, config)
    assert_clean(result)
    assert result.code == 2
    assert "wbr.yaml:3:16: error CFG006" in result.err, result.err
    assert "'setup.week_number': '38th' is not a valid !!int" in result.err
    assert "remove the !!int tag" in result.err


@pytest.mark.parametrize("value", ["!!bool maybe", '!!int ""', "!!timestamp soon"])
def test_a_value_its_tag_cannot_build_in_the_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    # Each was an "internal error" (KeyError, IndexError, AttributeError inside PyYAML).
    result = settings(capsys, tmp_path, f"version: 1\nname: {value}\n", "check")
    assert_clean(result)
    assert result.code == 2
    assert "backwards.yaml:2:7: error CFG006 (invalid-value) 'name': " in result.err, result.err


def test_an_unknown_key_under_a_mapping_of_models(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "version: 1\ngrowth:\n  people:\n"
        "    ana: {level: new, mangr: bo}\n"
        "    bo: {level: new, zzzzz: 1}\n"
    )
    result = settings(capsys, tmp_path, text, "check")
    assert_clean(result)
    assert result.code == 2
    assert result.err.count("error CFG002") == 2, result.err
    assert (
        "backwards.yaml:4:23: error CFG002 (unknown-key) unknown key 'growth.people.ana.mangr'\n"
        "    suggestion: did you mean 'manager'?"
    ) in result.err
    assert (
        "backwards.yaml:5:22: error CFG002 (unknown-key) unknown key 'growth.people.bo.zzzzz'\n"
        "    suggestion: known keys here: level, manager"
    ) in result.err
