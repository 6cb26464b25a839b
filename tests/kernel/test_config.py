from __future__ import annotations

import subprocess
import sys
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
from tests.envelope import unwrap


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
    assert settings.section(LedgerSettings).repeat_threshold == pytest.approx(0.34)


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
    assert finding.suggestion == "known keys here: default_person, holidays, repeat_threshold"


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


# -- aliases and impossible values (issue 17): refused with a location, in bounded time/memory


def laughs(levels: int, width: int = 9) -> str:
    """A "billion laughs" file: each level refers ``width`` times to the one before."""
    lines = ["l0: &l0 [" + ", ".join(['"lol"'] * width) + "]"]
    for n in range(1, levels + 1):
        lines.append(f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def run_bounded(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process that may use 1 GiB and 60 seconds at most."""
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from backwards.cli import run\n"
        f"sys.exit(run({args!r}))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("name: x\nloop: &a [*a]\n", 2, "recursive alias"),
        ("name: x\nloop: &a {k: *a}\n", 2, "recursive alias"),
        (laughs(6), 6, "aliases expand to more than 100,000 values"),
        (laughs(7), 6, "aliases expand to more than 100,000 values"),
    ],
)
def test_alias_loops_and_bombs_are_refused_with_a_location(
    tmp_path: Path, text: str, line: int, needle: str
) -> None:
    settings, wbr = tmp_path / "settings", tmp_path / "wbr"
    settings.mkdir()
    wbr.mkdir()
    (settings / "backwards.yaml").write_text(text, encoding="utf-8")
    (wbr / "backwards.yaml").write_text("version: 1\n", encoding="utf-8")
    (wbr / "wbr.yaml").write_text(text, encoding="utf-8")
    for args, cwd, name in (
        (["config", "check"], settings, "backwards.yaml"),
        (["wbr", "check", "wbr.yaml"], wbr, "wbr.yaml"),
    ):
        proc = run_bounded(args, cwd)
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
        assert f"{name}:{line}:" in proc.stderr and "CFG007" in proc.stderr
        assert needle in proc.stderr


def test_a_few_aliases_are_fine() -> None:
    doc = load_yaml_text(laughs(2) + "base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n", "f.yaml")
    assert doc.data["use"] == {"x": 1, "y": 2}
    assert len(doc.data["l2"]) == 9 and doc.data["l2"][0][0] == ["lol"] * 9


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("backwards.yaml", "version: 1\nname: 2021-02-29\n", 2),
        ("wbr.yaml", "setup:\n  week_ending: 2021-02-29\n", 2),
    ],
)
def test_an_impossible_date_is_a_located_problem(
    tmp_path: Path, name: str, text: str, line: int
) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    if name == "wbr.yaml":
        (tmp_path / "backwards.yaml").write_text("version: 1\n", encoding="utf-8")
    args = ["config", "check"] if name == "backwards.yaml" else ["wbr", "check", name]
    proc = run_bounded(args, tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert f"{name}:{line}:" in proc.stderr and "CFG006" in proc.stderr
    assert "2021-02-29 is not a valid date (day is out of range for month)" in proc.stderr


# -- values checked by the sections themselves (issue 15): file:line and did-you-mean


def check(folder: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    from backwards.cli import run

    code = run(["-w", str(folder), "config", "check", *args])
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def test_config_check_names_an_unknown_profile_with_did_you_mean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "version: 1\nprfaq:\n  profile: prodcut\n")
    code, out = check(tmp_path, capsys)
    assert code == 2
    assert "backwards.yaml:3:12: error CFG006" in out
    assert "unknown profile 'prodcut'" in out and "did you mean 'product'?" in out


def test_config_check_names_unknown_rules_and_missing_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "daily.csv").write_text("Date,x\n", encoding="utf-8")
    write(
        tmp_path,
        "version: 1\n"
        "wbr:\n"
        "  config: wbr/nope.yaml\n"  # line 3: missing
        "  data: [daily.csv, gone.duckdb::t]\n"  # line 4: the second is missing
        "prfaq:\n"
        "  select: [customer, C01]\n"
        "  ignore: [L08, L99]\n",  # line 7: L99 unknown
    )
    code, out = check(tmp_path, capsys, "--format", "json")
    assert code == 2
    findings = unwrap(out)["findings"]
    assert [(f["line"], f["message"]) for f in findings] == [
        (3, "'wbr.config': wbr/nope.yaml does not exist"),
        (4, "'wbr.data.1': gone.duckdb does not exist"),
        (7, "'prfaq.ignore.1': unknown rule 'L99'"),
    ]
    assert findings[2]["suggestion"].startswith("Did you mean 'L09'?")


def test_config_check_passes_good_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "wbr.yaml").write_text("setup: {}\n", encoding="utf-8")
    write(tmp_path, "wbr:\n  config: wbr.yaml\nprfaq:\n  profile: rfc\n  ignore: [L08]\n")
    code, out = check(tmp_path, capsys)
    assert code == 0, out
    assert "OK" in out
