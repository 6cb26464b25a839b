from __future__ import annotations

from pathlib import Path

import pytest

from backwards.config import (
    Settings,
    StrictModel,
    load_yaml,
    load_yaml_text,
    settings_model,
    validate,
)
from backwards.config import load_settings as load_kernel_settings
from backwards.errors import ConfigError
from backwards.features import SECTIONS
from backwards.ledger import LedgerSettings
from backwards.prfaq import PrfaqSettings


def load_settings(path: Path) -> Settings:
    """backwards.yaml with every feature's section, as the CLI opens it."""
    return load_kernel_settings(path, sections=SECTIONS)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "backwards.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[tuple[str, int | None, str]]:
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    return [(f.code, f.line, f.message) for f in info.value.findings]


def test_locations_of_values_and_keys() -> None:
    doc = load_yaml_text("a: 1\nb:\n  - x\n  - {c: 2}\n", "f.yaml")
    assert doc.data == {"a": 1, "b": ["x", {"c": 2}]}
    assert doc.locate(("b", 1, "c")) is not None
    loc = doc.locate(("b", 1, "c"))
    assert loc is not None and (loc.line, loc.column) == (4, 9)
    key = doc.locate(("b",), key=True)
    assert key is not None and key.line == 2
    # An unknown path falls back to its nearest located parent.
    fallback = doc.locate(("b", 1, "nope"))
    assert fallback is not None and fallback.line == 4


def test_valid_settings_and_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, "version: 1\nname: Team\nprfaq:\n  ignore: [L08]\n")
    settings = load_settings(path)
    assert settings.name == "Team"
    assert settings.section(PrfaqSettings).ignore == ["L08"]
    assert settings.section(PrfaqSettings).profile == "product"
    assert settings.section(LedgerSettings).repeat_threshold == pytest.approx(0.55)


def test_empty_file_is_default_settings(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path, "")) == settings_model(SECTIONS)()


def test_every_problem_reported_at_once_with_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "version: 1\n"
        "databse_url: x\n"  # line 2: unknown key
        "prfaq:\n"
        "  select: C05\n"  # line 4: wrong type
        "  severty: {}\n"  # line 5: unknown key
        "ledger:\n"
        "  repeat_threshold: 3\n"  # line 7: out of range
        "name: a\n"
        "name: b\n",  # line 9: duplicate
    )
    found = problems(path)
    assert [(c, line) for c, line, _ in found] == [
        ("CFG002", 2),
        ("CFG003", 4),
        ("CFG002", 5),
        ("CFG006", 7),
        ("CFG005", 9),
    ]


def test_unknown_key_suggests_closest(tmp_path: Path) -> None:
    path = write(tmp_path, "prfaq:\n  profle: rfc\n")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    (finding,) = info.value.findings
    assert finding.suggestion == "did you mean 'profile'?"
    assert finding.file == str(path)
    assert (finding.line, finding.column) == (2, 3)


def test_unknown_key_without_close_match_lists_known_keys(tmp_path: Path) -> None:
    path = write(tmp_path, "ledger:\n  zzz: 1\n")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    (finding,) = info.value.findings
    assert finding.suggestion == "known keys here: repeat_threshold"


def test_yaml_syntax_error_has_line(tmp_path: Path) -> None:
    path = write(tmp_path, "name: ok\nprfaq: a: b\n")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    (finding,) = info.value.findings
    assert finding.code == "CFG001"
    assert (finding.line, finding.column) == (2, 9)


def test_top_level_must_be_mapping(tmp_path: Path) -> None:
    found = problems(write(tmp_path, "- a\n- b\n"))
    assert found[0][0] == "CFG003" and found[0][1] == 1


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"\x00\x01\x02", "binary"),
        (b"name: \xff\xfe\n", "not UTF-8"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, needle: str) -> None:
    path = tmp_path / "backwards.yaml"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match=needle):
        load_yaml(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_yaml(tmp_path / "nope.yaml")
    with pytest.raises(ConfigError, match="is a directory"):
        load_yaml(tmp_path)


def test_validate_reports_missing_key_for_any_model() -> None:
    class Thing(StrictModel):
        size: int
        label: str = "x"

    doc = load_yaml_text("things:\n  first:\n    label: y\n", "t.yaml")
    value, findings = validate(Thing, doc, root=("things", "first"))
    assert value is None
    (finding,) = findings
    assert finding.code == "CFG004"
    assert "things.first.size" in finding.message
    assert finding.line == 2


def test_a_section_not_given_to_the_kernel_is_an_unknown_key(tmp_path: Path) -> None:
    path = write(tmp_path, "name: t\nprfaq:\n  profile: rfc\n")
    with pytest.raises(ConfigError) as info:
        load_kernel_settings(path)
    (finding,) = info.value.findings
    assert (finding.code, finding.line) == ("CFG002", 2)
    settings = load_kernel_settings(path, sections=[PrfaqSettings])
    assert settings.section(PrfaqSettings).profile == "rfc"
    # A section that was not registered reads as its defaults.
    assert settings.section(LedgerSettings) == LedgerSettings()


def test_sections_must_not_clash() -> None:
    class Other(PrfaqSettings):
        pass

    with pytest.raises(ValueError, match="clash on prfaq"):
        settings_model((PrfaqSettings, Other))
