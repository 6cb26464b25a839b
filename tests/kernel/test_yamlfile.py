"""``backwards.yamlfile``: merge keys (``<<``) and values their explicit tag cannot build.

Merge keys follow the YAML merge spec (https://yaml.org/type/merge.html): the keys of the merged
mappings are added where the mapping has no such key of its own, whatever the order, and in a
list of mappings the earlier one wins; only a key written twice in the mapping itself is a
duplicate. Every expected value below is written out by hand; PyYAML's own loader (which
implements the spec) is the reference for the data.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from backwards import yamlfile
from backwards.errors import ConfigError
from backwards.findings import Finding, Severity
from backwards.yamlfile import Location, load_yaml_text


def loaded(text: str) -> Any:
    """The data PyYAML itself builds: the reference for merges."""
    return yaml.safe_load(text)


def refused(text: str) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_yaml_text(text, "f.yaml")
    return caught.value


# -- merge keys -----------------------------------------------------------------------------------

MERGES = [
    # (YAML, the data written out by hand)
    ("x: &x {k: 1, j: 1}\nb: {<<: *x, k: 2}\n", {"x": {"k": 1, "j": 1}, "b": {"k": 2, "j": 1}}),
    ("x: &x {k: 1, j: 1}\nb: {k: 2, <<: *x}\n", {"x": {"k": 1, "j": 1}, "b": {"k": 2, "j": 1}}),
    (
        "x: &x {k: 1}\ny: &y {k: 2, j: 2}\nb:\n  <<: [*x, *y]\n  i: 3\n",
        {"x": {"k": 1}, "y": {"k": 2, "j": 2}, "b": {"k": 1, "j": 2, "i": 3}},
    ),
    (
        "x: &x {k: 1}\ny: &y {k: 2, j: 2}\nb:\n  <<: [*x, *y]\n  k: 3\n  j: 3\n",
        {"x": {"k": 1}, "y": {"k": 2, "j": 2}, "b": {"k": 3, "j": 3}},
    ),
    # A merge of a mapping written in place, not through an alias.
    ("b:\n  <<: {k: 1, j: 1}\n  k: 2\n", {"b": {"k": 2, "j": 1}}),
]


@pytest.mark.parametrize(("text", "data"), MERGES)
def test_explicit_keys_override_merged_ones_without_a_duplicate(text: str, data: Any) -> None:
    doc = load_yaml_text(text, "f.yaml")
    assert doc.data == data
    assert doc.data == loaded(text)
    assert doc.problems == []


def test_a_merged_mapping_that_merges_in_turn() -> None:
    # y is {k: 1, j: 2}, so b takes j: 2 from it. PyYAML 6.0 gives b's j as 1: it merges the
    # pairs of y's node, which its first merge left holding both j's (not the reference here).
    text = "x: &x {k: 1, j: 1}\ny: &y {<<: *x, j: 2}\nb: {<<: *y, k: 3}\n"
    doc = load_yaml_text(text, "f.yaml")
    assert doc.data == {"x": {"k": 1, "j": 1}, "y": {"k": 1, "j": 2}, "b": {"k": 3, "j": 2}}
    assert doc.problems == []


def test_the_keys_keep_pyyamls_order() -> None:
    text = "x: &x {a: 1, b: 1}\nm: {z: 0, <<: *x, a: 2}\n"
    assert list(load_yaml_text(text, "f.yaml").data["m"]) == list(loaded(text)["m"])


def duplicate(key: str, first: int, line: int, column: int) -> Finding:
    return Finding(
        "CFG005",
        "duplicate-key",
        Severity.ERROR,
        f"key '{key}' is defined twice (first defined on line {first})",
        file="f.yaml",
        line=line,
        column=column,
        suggestion="Keep one definition; YAML would silently use the last.",
    )


def test_a_key_written_twice_beside_a_merge_is_still_a_duplicate() -> None:
    # The first definition is the explicit one on line 4, not the anchor's on line 1.
    doc = load_yaml_text("x: &x {k: 1}\nb:\n  <<: *x\n  k: 2\n  k: 3\n", "f.yaml")
    assert doc.data == {"x": {"k": 1}, "b": {"k": 3}}
    assert doc.problems == [duplicate("k", 4, 5, 3)]


def test_two_merge_keys_in_one_mapping_are_a_duplicate() -> None:
    doc = load_yaml_text("x: &x {k: 1}\ny: &y {k: 2}\nb:\n  <<: *x\n  <<: *y\n", "f.yaml")
    assert doc.data["b"] == {"k": 1}
    assert doc.problems == [
        Finding(
            "CFG005",
            "duplicate-key",
            Severity.ERROR,
            "key '<<' is defined twice (first defined on line 4)",
            file="f.yaml",
            line=5,
            column=3,
            suggestion="Merge several mappings with one key: <<: [*first, *second].",
        )
    ]


def test_where_merged_and_overriding_values_are() -> None:
    doc = load_yaml_text("x: &x {k: 1, j: 1}\nb:\n  <<: *x\n  k: 2\n", "f.yaml")
    # The mapping itself stays where it is written (not at the anchor it merges) ...
    assert doc.values[("b",)] == Location(3, 3)
    # ... an overriding key is where it is written, a merged one where the anchor defines it.
    assert (doc.keys[("b", "k")], doc.values[("b", "k")]) == (Location(4, 3), Location(4, 6))
    assert (doc.keys[("b", "j")], doc.values[("b", "j")]) == (Location(1, 14), Location(1, 17))


def not_a_mapping(path: str, found: str, line: int, column: int) -> Finding:
    return Finding(
        "CFG003",
        "wrong-type",
        Severity.ERROR,
        f"'{path}': a merge (<<) takes a mapping or a list of mappings, not {found}",
        file="f.yaml",
        line=line,
        column=column,
        suggestion="Merge an anchored mapping (<<: *defaults) or a list of them (<<: [*a, *b]).",
    )


@pytest.mark.parametrize(
    ("text", "data", "finding"),
    [
        ("b:\n  <<: 1\n  k: 2\n", {"b": {"k": 2}}, not_a_mapping("b.<<", "'1'", 2, 7)),
        ("x: &x [1]\nb: {<<: *x}\n", {"x": [1], "b": {}}, not_a_mapping("b.<<.0", "'1'", 1, 8)),
        (
            "x: &x {k: 1}\nb:\n  <<: [*x, two]\n",
            {"x": {"k": 1}, "b": {"k": 1}},
            not_a_mapping("b.<<.1", "'two'", 3, 12),
        ),
        ("<<: [[]]\n", {}, not_a_mapping("<<.0", "a list", 1, 6)),
    ],
)
def test_a_merge_of_something_else_than_mappings_is_located(
    text: str, data: Any, finding: Finding
) -> None:
    doc = load_yaml_text(text, "f.yaml")
    assert doc.data == data
    assert doc.problems == [finding]
    with pytest.raises(yaml.constructor.ConstructorError):
        loaded(text)  # PyYAML refuses them too


def test_a_mapping_that_merges_itself_is_a_recursive_alias() -> None:
    error = refused("x: &a\n  k: 1\n  <<: *a\n")
    assert [(f.code, f.line, f.column) for f in error.findings] == [("CFG007", 1, 4)]


def test_merges_count_against_the_alias_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each of the three merges of *x repeats its mapping and its two values: 9 repeats.
    text = "x: &x {k: 1, j: 2}\na: {<<: *x}\nb: {<<: [*x, *x]}\n"
    monkeypatch.setattr(yamlfile, "MAX_ALIAS_NODES", 9)
    assert load_yaml_text(text, "f.yaml").data["b"] == {"k": 1, "j": 2}
    monkeypatch.setattr(yamlfile, "MAX_ALIAS_NODES", 8)
    error = refused(text)
    assert error.findings[0].message == "aliases expand to more than 8 values"


# -- values their explicit tag cannot build -------------------------------------------------------


LONG = "invalid literal for int() with base 10: '" + "9" * 50 + "x'"


def bad_tag(where: str, shown: str, tag: str, reason: str, line: int, column: int) -> Finding:
    return Finding(
        "CFG006",
        "invalid-value",
        Severity.ERROR,
        f"'{where}': {shown} is not a valid {tag}{reason}",
        file="f.yaml",
        line=line,
        column=column,
        suggestion=f"Write a value that {tag} accepts, or remove the {tag} tag.",
    )


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("x: 1\na: !!int abc\n", bad_tag(
            "a", "'abc'", "!!int", " (invalid literal for int() with base 10: 'abc')", 2, 4)),
        ('a: !!int ""\n', bad_tag("a", "''", "!!int", "", 1, 4)),
        ("a: [!!float abc]\n", bad_tag(
            "a.0", "'abc'", "!!float", " (could not convert string to float: 'abc')", 1, 5)),
        ('a: !!float ""\n', bad_tag("a", "''", "!!float", "", 1, 4)),
        ("a: !!bool maybe\n", bad_tag("a", "'maybe'", "!!bool", "", 1, 4)),
        ("a: !!timestamp soon\n", bad_tag("a", "'soon'", "!!timestamp", "", 1, 4)),
        ("? !!int x\n: 1\n", bad_tag("the value", "'x'", "!!int", (
            " (invalid literal for int() with base 10: 'x')"), 1, 3)),
        ("? [1, !!bool x]\n: 1\n", bad_tag("the value", "'x'", "!!bool", "", 1, 7)),
        (f"a: !!int {'9' * 50}x\n", bad_tag(  # the value and the reason cut short
            "a", "'" + "9" * 36 + "...", "!!int", " (" + LONG[:77] + "...)", 1, 4)),
    ],
)  # fmt: skip
def test_a_value_its_explicit_tag_cannot_build_names_the_tag(text: str, finding: Finding) -> None:
    error = refused(text)
    assert error.message == "f.yaml has 1 problem"
    assert error.findings == (finding,)


@pytest.mark.parametrize("text", ["a: 2021-02-29\n", "a: !!timestamp 2021-02-29\n"])
def test_an_impossible_plain_date_keeps_the_date_hint(text: str) -> None:
    # The tag a plain 2021-02-29 gets anyway cannot be told from one written out.
    [finding] = refused(text).findings
    assert finding.message == "'a': 2021-02-29 is not a valid date (day is out of range for month)"
    assert finding.suggestion == (
        "Write a real date (YYYY-MM-DD), or quote the value to keep it as text."
    )
