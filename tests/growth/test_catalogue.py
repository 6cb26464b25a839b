"""Point 1: the catalogue, the ladder, the ``growth:`` settings and ``growth attributes|ladder|
focus`` (text and JSON)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from backwards.cli import run
from backwards.errors import InputError
from backwards.growth import GrowthSettings, LadderSpec, catalogue, default_ladder, ladder_of
from tests.envelope import unwrap

# As the issue writes them (the product must list exactly these, in this order).
FOURTEEN = [
    "think big",
    "communicate",
    "simplify",
    "prioritize",
    "forecast and measure",
    "execute",
    "understand technical trade-offs",
    "understand good design",
    "write effective copy",
    "earn trust with others",
    "dig for data",
    "push back effectively",
    "adapt to change",
    "driven by impact, not promotion",
]


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_catalogue_holds_the_fourteen_with_prompts_and_behaviours() -> None:
    cat = catalogue()
    assert [a.name for a in cat] == FOURTEEN
    assert len(set(cat.ids)) == 14
    for a in cat:
        assert a.description and a.behaviours and a.prompts
        assert set(a.evidence) <= {"ledger", "prfaq", "portfolio", "impact"}
    assert cat.get("earn-trust-with-others").evidence == ("ledger",)


def test_attributes_json_lists_the_names_exactly(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "growth", "attributes", "--format", "json")
    assert code == 0
    assert [a["name"] for a in unwrap(out)["attributes"]] == FOURTEEN
    code, out, _ = cli(capsys, "growth", "attributes")
    assert code == 0
    assert all(name in out for name in FOURTEEN)


def test_lookup_by_id_or_name_and_did_you_mean() -> None:
    cat = catalogue()
    assert cat.find("Earn trust with others").id == "earn-trust-with-others"
    assert cat.find("driven by impact, not promotion").id == "driven-by-impact-not-promotion"
    assert cat.find("think-big").name == "think big"
    with pytest.raises(InputError) as err:
        cat.find("comunicate", field="--grade")
    assert "--grade" in err.value.message
    assert "communicate" in (err.value.hint or "")


def test_default_ladder_levels_and_focus() -> None:
    ladder = default_ladder()
    assert [lv.name for lv in ladder.levels] == [
        "associate PM",
        "PM",
        "senior PM",
        "principal PM",
        "director",
    ]
    for lv in ladder.levels:
        assert set(lv.expected) == set(catalogue().ids)
        assert all(1 <= v <= 5 for v in lv.expected.values())
    new = {f.attribute.name for f in ladder.focus(ladder.level("new"))}
    assert new == {"communicate", "prioritize", "execute"}
    senior = ladder.focus(ladder.level("senior"))
    assert {f.attribute.name for f in senior} == {
        "communicate",
        "think big",
        "earn trust with others",
        "driven by impact, not promotion",
    }
    assert senior[0].attribute.name == "communicate"
    assert ladder.level("senior").name == "senior PM"
    assert ladder.level("Principal PM").id == "principal-pm"


def test_focus_and_ladder_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "growth", "focus", "--level", "new", "--format", "json")
    assert code == 0
    data = unwrap(out)
    assert data["level"] == "associate-pm"
    assert [f["attribute"] for f in data["focus"]] == ["communicate", "prioritize", "execute"]
    code, out, _ = cli(capsys, "growth", "focus", "--level", "senior")
    assert code == 0 and "senior PM" in out and "think big" in out
    code, out, _ = cli(capsys, "growth", "ladder", "--format", "json")
    assert code == 0
    levels = unwrap(out)["levels"]
    assert list(levels[0]["expected"]) == FOURTEEN
    code, _, err = cli(capsys, "growth", "focus", "--level", "senoir")
    assert code == 2
    assert "--level" in err and "senior" in err


def _ladder_yaml(drop: str | None = None) -> str:
    levels = []
    for lv in default_ladder().levels[:2]:
        expected = {k: v for k, v in lv.expected.items() if k != drop}
        levels.append({"id": lv.id, "name": lv.name, "expected": expected, "focus": dict(lv.focus)})
    return yaml.safe_dump({"version": 1, "growth": {"ladder": {"levels": levels}}})


def test_a_team_ladder_replaces_the_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "backwards.yaml").write_text(_ladder_yaml())
    code, out, _ = cli(capsys, "-w", str(tmp_path), "growth", "ladder", "--format", "json")
    assert code == 0
    assert [lv["id"] for lv in unwrap(out)["levels"]] == ["associate-pm", "pm"]
    code, _, err = cli(capsys, "-w", str(tmp_path), "growth", "focus", "--level", "senior")
    assert code == 2 and "senior" in err


def test_a_level_missing_an_attribute_is_exit_2_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "backwards.yaml").write_text(_ladder_yaml(drop="execute"))
    code, _, err = cli(capsys, "-w", str(tmp_path), "growth", "ladder")
    assert code == 2
    assert "growth.ladder.levels.0.expected" in err
    assert "'execute'" in err
    assert "backwards.yaml:" in err  # located at the file's line


def test_an_unknown_attribute_in_a_ladder_gets_a_guess() -> None:
    spec = yaml.safe_load(_ladder_yaml())["growth"]["ladder"]
    spec["levels"][0]["focus"] = {"comunicate": 2}
    with pytest.raises(ValueError, match="did you mean 'communicate'"):
        LadderSpec.model_validate(spec)


def test_people_levels_are_checked_against_the_ladder() -> None:
    with pytest.raises(ValueError, match=r"people\.ana\.level.*did you mean 'senior-pm'"):
        GrowthSettings.model_validate({"people": {"ana": {"level": "senior-p"}}})
    ok = GrowthSettings.model_validate({"people": {"ana": {"level": "senior"}}})
    assert ladder_of(ok.ladder_spec).level(ok.people["ana"].level).id == "senior-pm"
