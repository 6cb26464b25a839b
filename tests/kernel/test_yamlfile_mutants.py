"""Tests that kill the mutants `make mutation` found alive in ``backwards/yamlfile.py``.

Each error path is pinned as a whole: the error's message and hint and every field of its
finding, written out by hand (PyYAML's own wording is taken from PyYAML itself, the reference).
See docs/testing.md, "Mutation testing".
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from backwards import yamlfile
from backwards.errors import ConfigError
from backwards.findings import Finding, Severity
from backwards.yamlfile import LocatedYaml, Location, load_yaml, load_yaml_text

CONFIG_HINT = "Fix the problems listed above, then run the command again."


def refused(text: str, file: str = "f.yaml") -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_yaml_text(text, file)
    return caught.value


def syntax_error(message: str, suggestion: str, line: int | None = None) -> Finding:
    return Finding(
        "CFG001",
        "yaml-syntax",
        Severity.ERROR,
        message,
        file="f.yaml",
        line=line,
        suggestion=suggestion,
    )


def refused_file(path: Path, display: str | None = None) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_yaml(path, display=display)
    return caught.value


def test_a_finding_without_a_location_has_no_line_or_column() -> None:
    doc = LocatedYaml(file="f.yaml", data={})
    assert doc.finding(("x",), "C", "a-name", "m", suggestion="s") == Finding(
        "C", "a-name", Severity.ERROR, "m", file="f.yaml", suggestion="s"
    )
    doc.values[("x",)] = Location(4, 7)
    assert doc.finding(("x", "y"), "C", "a-name", "m") == Finding(
        "C", "a-name", Severity.ERROR, "m", file="f.yaml", line=4, column=7
    )


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML was built without libyaml")
def test_a_syntax_error_is_located_with_libyamls_problem() -> None:
    # libyaml's wording (the pure-Python loader says "expected ',' or ']', but got ...").
    error = refused("a: [1, 2\n")
    assert error.message == "f.yaml is not valid YAML"
    assert error.hint == CONFIG_HINT
    assert error.findings == (
        Finding(
            "CFG001",
            "yaml-syntax",
            Severity.ERROR,
            "this is not valid YAML: did not find expected ',' or ']'",
            file="f.yaml",
            line=2,
            column=1,
            suggestion="Check indentation, colons and quotes near this line.",
        ),
    )


def test_a_reader_error_without_a_mark_keeps_pyyamls_text() -> None:
    text = "a: \x07\n"
    with pytest.raises(yaml.YAMLError) as reference:
        yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert not isinstance(reference.value, yaml.MarkedYAMLError)
    error = refused(text)
    assert error.message == "f.yaml is not valid YAML"
    assert error.findings == (
        Finding("CFG001", "yaml-syntax", Severity.ERROR, str(reference.value), file="f.yaml"),
    )


def test_nesting_too_deep_for_the_builder() -> None:
    error = refused("[" * 999 + "]" * 999)
    assert error.message == "f.yaml is nested too deeply"
    assert error.findings == (
        syntax_error(
            "the YAML is nested too deeply to read",
            "Flatten the structure; configuration files need only a few levels.",
        ),
    )


def test_a_recursive_alias_points_at_its_anchor() -> None:
    error = refused("top: 1\nx: &a [*a]\n")
    assert error.message == (
        "f.yaml cannot be read: an alias refers to a value that contains it (a recursive alias)"
    )
    assert error.findings == (
        Finding(
            "CFG007",
            "yaml-alias",
            Severity.ERROR,
            "an alias refers to a value that contains it (a recursive alias)",
            file="f.yaml",
            line=2,
            column=4,  # the anchor '&a' starts the node
            suggestion="Point the alias at a value outside itself, or write the value out.",
        ),
    )


def alias_budget_error(line: int, column: int, limit: str) -> Finding:
    return Finding(
        "CFG007",
        "yaml-alias",
        Severity.ERROR,
        f"aliases expand to more than {limit} values",
        file="f.yaml",
        line=line,
        column=column,
        suggestion="Use fewer aliases of large values; write the values out instead.",
    )


def test_an_alias_bomb_is_refused_where_the_repeated_value_is_used() -> None:
    # Each level repeats the one below ten times: 10**6 values if it were built.
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 7):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    error = refused("\n".join(lines) + "\n")
    assert error.message == "f.yaml cannot be read: aliases expand to more than 100,000 values"
    # Counted by hand: one use of a0 repeats 11 values, of a1 111, of a2 1,111, of a3 11,111;
    # a1..a3 use 110 + 1,110 + 11,110 = 12,330, so the budget runs out inside a4 (line 5),
    # whose value starts at its anchor '&a4' (column 5).
    assert error.findings == (alias_budget_error(5, 5, "100,000"),)


def test_the_alias_budget_is_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlfile, "MAX_ALIAS_NODES", 3)
    ok = load_yaml_text("a: &x v\nb: [*x, *x, *x]\n", "f.yaml")
    assert ok.data == {"a": "v", "b": ["v", "v", "v"]}
    error = refused("a: &x v\nb:\n  c: [*x, *x, *x, *x]\n")
    # Located at the list that holds the aliases (b.c, line 3 column 6), not at b or the top.
    assert error.findings == (alias_budget_error(3, 6, "3"),)


def test_the_budget_site_is_the_latest_outermost_alias(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlfile, "MAX_ALIAS_NODES", 3)
    # One alias is used up on b; the budget runs out later, inside c.d.
    error = refused("a: &x v\nb: *x\nc:\n  d: [*x, *x, *x]\n")
    assert error.findings == (alias_budget_error(4, 6, "3"),)


def test_aliases_inside_a_complex_key_count_against_the_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yamlfile, "MAX_ALIAS_NODES", 3)
    ok = load_yaml_text("a: &x v\n? [*x, {*x : *x}]\n: w\n", "f.yaml")
    assert ok.data == {"a": "v", "['v', {'v': 'v'}]": "w"}
    error = refused("a: &x v\n? [*x, *x, {*x : *x}]\n: w\n")
    assert error.findings == (alias_budget_error(1, 1, "3"),)


def test_keys_keep_their_types_and_complex_keys_become_text() -> None:
    doc = load_yaml_text("1: a\n2.5: b\n? {b: 1}\n: c\n? [1, 2]\n: d\n", "f.yaml")
    assert doc.data == {1: "a", 2.5: "b", "{'b': 1}": "c", "[1, 2]": "d"}


def test_a_merge_key_fills_only_what_is_not_there() -> None:
    doc = load_yaml_text("a: &x {k: 1, j: 1}\nb:\n  j: 2\n  <<: *x\n", "f.yaml")
    assert doc.data == {"a": {"k": 1, "j": 1}, "b": {"j": 2, "k": 1}}


def impossible_date(where: str, value: str, line: int, column: int) -> Finding:
    return Finding(
        "CFG006",
        "invalid-value",
        Severity.ERROR,
        f"'{where}': {value} is not a valid date (day is out of range for month)",
        file="f.yaml",
        line=line,
        column=column,
        suggestion="Write a real date (YYYY-MM-DD), or quote the value to keep it as text.",
    )


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("x: 1\na:\n  b: 2021-02-29\n", impossible_date("a.b", "2021-02-29", 3, 6)),
        ("2021-02-30\n", impossible_date("the value", "2021-02-30", 1, 1)),
        ("a:\n  ? 2021-02-30\n  : v\n", impossible_date("a", "2021-02-30", 2, 5)),
        ("a: [1, 2021-04-31]\n", impossible_date("a.1", "2021-04-31", 1, 8)),
    ],
)
def test_an_impossible_date_is_located(text: str, finding: Finding) -> None:
    error = refused(text)
    assert error.message == "f.yaml has 1 problem"
    assert error.findings == (finding,)


def test_a_duplicate_key_names_the_first_line() -> None:
    doc = load_yaml_text("a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\n", "f.yaml")
    assert doc.data == {"a": 1, "b": {"c": 3, "d": 2}}
    assert doc.problems == [
        Finding(
            "CFG005",
            "duplicate-key",
            Severity.ERROR,
            "key 'c' is defined twice (first defined on line 3)",
            file="f.yaml",
            line=5,
            column=3,
            suggestion="Keep one definition; YAML would silently use the last.",
        )
    ]


def test_a_missing_file_a_folder_and_an_unreadable_path(tmp_path: Path) -> None:
    error = refused_file(tmp_path / "nope.yaml", display="nope.yaml")
    assert (error.message, error.hint) == (
        "nope.yaml does not exist",
        "Check the path, or create the file.",
    )
    error = refused_file(tmp_path, display="here")
    assert (error.message, error.hint) == (
        "here is a directory, not a YAML file",
        "Pass the file inside it.",
    )
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    error = refused_file(tmp_path / "plain" / "x.yaml", display="plain/x.yaml")
    assert error.message == "cannot read plain/x.yaml: Not a directory"


def test_the_size_cap_is_ten_mebibytes(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: 1\n#" + b"x" * (10 * 1024 * 1024 - 7) + b"\n")
    assert path.stat().st_size == 10 * 1024 * 1024
    assert load_yaml(path, display="big.yaml").data == {"a": 1}
    with path.open("ab") as f:
        f.write(b"\n")
    error = refused_file(path, display="big.yaml")
    assert (error.message, error.hint) == (
        "big.yaml is 10 MB; configuration files are capped at 10 MB",
        "Check that this is the right file.",
    )


def test_binary_and_non_utf8_files(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"a: 1\x00\n")
    error = refused_file(path, display="f.yaml")
    assert (error.message, error.hint) == ("f.yaml is a binary file, not YAML", "Check the path.")
    # "a: 1\n" and "b: 2\n" are bytes 0-9, "c: " 10-12: the bad byte is 13, on line 3.
    path.write_bytes(b"a: 1\nb: 2\nc: \xff\n")
    error = refused_file(path, display="f.yaml")
    assert error.message == "f.yaml is not UTF-8 text"
    assert error.findings == (syntax_error("byte 13 is not UTF-8", "Save the file as UTF-8.", 3),)


def test_a_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load_yaml(path).data == {"a": 1}
