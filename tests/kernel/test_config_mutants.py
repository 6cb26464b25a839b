"""Tests that kill the mutants `make mutation` found alive in ``backwards/config.py``.

Each kind of validation problem is pinned as a whole finding (code, name, message, line, column,
suggestion), written out by hand; the "should be ..." wording is pydantic's own. See
docs/testing.md, "Mutation testing".
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest
from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from backwards.config import (
    Problem,
    Section,
    Settings,
    StrictModel,
    check_sections,
    load_settings,
    load_yaml_text,
    settings_model,
    validate,
)
from backwards.config import environment_database_url as database_url
from backwards.errors import ConfigError
from backwards.findings import Finding, Severity


class Leaf(StrictModel):
    shade: str = "dark"


class Sub(StrictModel):
    colour: str = "red"
    size: int = 1
    inner: Leaf | None = None


class Empty(StrictModel):
    pass


class Top(StrictModel):
    name: str
    port: int = 80
    items: list[Sub] = Field(default_factory=list)
    opt: Sub | None = None
    rev: None | Sub = None  # noqa: RUF036 (None first: the union's other order)
    named: dict[str, Sub] = Field(default_factory=dict)
    nothing: Empty = Empty()
    amount: int = 0

    @field_validator("amount")
    @classmethod
    def _in_range(cls, value: int) -> int:
        if value < 0:
            raise ValueError("must not be negative")
        if value > 100:
            raise PydanticCustomError("too_big", "is too big", {"suggestion": "use 100 or less"})
        return value


def finding(
    code: str, name: str, message: str, line: int, column: int, suggestion: str | None
) -> Finding:
    return Finding(
        code,
        name,
        Severity.ERROR,
        message,
        file="f.yaml",
        line=line,
        column=column,
        suggestion=suggestion,
    )


def problems(text: str) -> list[Finding]:
    value, found = validate(Top, load_yaml_text(text, "f.yaml"))
    assert value is None
    return found


UNKNOWN = ("CFG002", "unknown-key")
MISSING = ("CFG004", "missing-key")
WRONG = ("CFG003", "wrong-type")
INVALID = ("CFG006", "invalid-value")
KNOWN = "known keys here: amount, items, name, named, nothing, opt, port, rev"
AN_INT = "set 'port' to a valid integer"
A_SUB = "a valid dictionary or instance of Sub"
A_TOP = "a valid dictionary or instance of Top"

# (YAML, (code, name), message, line, column, suggestion), one finding each. A misspelt key in
# a list item, in a list item's own model, in an optional model (either order of the union)
# and at the top; a model without keys; under a dict of models, the model of its values (with a
# close name and without one, and a model inside it).
# fmt: off
CASES = [
    ("name: a\nitems:\n  - {colur: x}\n", UNKNOWN, "unknown key 'items.0.colur'", 3, 6,
     "did you mean 'colour'?"),
    ("name: a\nitems:\n  - inner: {shad: x}\n", UNKNOWN, "unknown key 'items.0.inner.shad'",
     3, 13, "did you mean 'shade'?"),
    ("name: a\nopt: {sise: 2}\n", UNKNOWN, "unknown key 'opt.sise'", 2, 7,
     "did you mean 'size'?"),
    ("name: a\nrev: {sise: 2}\n", UNKNOWN, "unknown key 'rev.sise'", 2, 7,
     "did you mean 'size'?"),
    ("name: a\nzzzz: 1\n", UNKNOWN, "unknown key 'zzzz'", 2, 1, KNOWN),
    ("name: a\nnothing: {x: 1}\n", UNKNOWN, "unknown key 'nothing.x'", 2, 11,
     "remove this key"),
    ("name: a\nnamed:\n  k: {colur: x}\n", UNKNOWN, "unknown key 'named.k.colur'", 3, 7,
     "did you mean 'colour'?"),
    ("name: a\nnamed:\n  k: {zzzz: x}\n", UNKNOWN, "unknown key 'named.k.zzzz'", 3, 7,
     "known keys here: colour, inner, size"),
    ("name: a\nnamed:\n  k:\n    inner: {shad: x}\n", UNKNOWN,
     "unknown key 'named.k.inner.shad'", 4, 13, "did you mean 'shade'?"),
    ("port: 1\n", MISSING, "'name' is required but missing", 1, 1, "add 'name:' here"),
    ("name: a\nport: abc\n", WRONG, "'port' should be a valid integer, not 'abc'", 2, 7,
     AN_INT),
    ("name: a\nport: [1]\n", WRONG, "'port' should be a valid integer, not [1]", 2, 7, AN_INT),
    ("name: a\nitems: 3\n", WRONG, "'items' should be a valid list, not 3", 2, 8,
     "set 'items' to a valid list"),
    ("name: a\nopt: 3\n", WRONG, f"'opt' should be {A_SUB}, not 3", 2, 6,
     f"set 'opt' to {A_SUB}"),
    ("[1]\n", WRONG, f"'(top level)' should be {A_TOP}, not [1]", 1, 1,
     f"set '(top level)' to {A_TOP}"),
    ("name: a\namount: -1\n", INVALID, "'amount': must not be negative", 2, 9, None),
    ("name: a\namount: 101\n", INVALID, "'amount': is too big", 2, 9, "use 100 or less"),
]
# fmt: on


@pytest.mark.parametrize(("text", "kind", "message", "line", "column", "suggestion"), CASES)
def test_each_kind_of_problem_is_one_whole_finding(
    text: str,
    kind: tuple[str, str],
    message: str,
    line: int,
    column: int,
    suggestion: str | None,
) -> None:
    assert problems(text) == [finding(*kind, message, line, column, suggestion)]


class Either(StrictModel):
    pick: Sub | Leaf | None = None
    deep: dict[str, list[Sub]] = Field(default_factory=dict)
    mixed: list[Leaf | int] = Field(default_factory=list)


def test_unknown_keys_through_unions_and_nested_containers() -> None:
    # pydantic names the arm of a union it tried ('pick', 'Sub', 'colur'): each arm's keys.
    text = "pick: {colur: x}\ndeep:\n  k: [{sise: 2}]\nmixed: [{shad: x}]\n"
    _, found = validate(Either, load_yaml_text(text, "f.yaml"))
    assert [(f.code, f.message, f.suggestion) for f in found if f.code == "CFG002"] == [
        ("CFG002", "unknown key 'pick.Sub.colur'", "did you mean 'colour'?"),
        ("CFG002", "unknown key 'pick.Leaf.colur'", "known keys here: shade"),
        ("CFG002", "unknown key 'deep.k.0.sise'", "did you mean 'size'?"),
        ("CFG002", "unknown key 'mixed.0.Leaf.shad'", "did you mean 'shade'?"),
    ]


def test_a_long_input_is_cut_to_forty_characters() -> None:
    # repr of 38 letters is 40 characters (with its quotes): shown whole.
    y38 = "y" * 38
    assert problems(f"name: a\nport: '{y38}'\n")[0].message == (
        f"'port' should be a valid integer, not '{y38}'"
    )
    # 39 letters make 41: cut to the first 37 characters of the repr, then "...".
    assert problems(f"name: a\nport: '{'y' * 39}'\n")[0].message == (
        "'port' should be a valid integer, not '" + "y" * 36 + "..."
    )


def test_validate_at_a_root_and_duplicate_keys() -> None:
    doc = load_yaml_text("outer:\n  inner:\n    name: a\n    port: x\n", "f.yaml")
    value, found = validate(Top, doc, root=("outer", "inner"))
    assert value is None
    assert found == [
        finding(
            "CFG003",
            "wrong-type",
            "'outer.inner.port' should be a valid integer, not 'x'",
            4,
            11,
            "set 'port' to a valid integer",
        ),
    ]
    good = load_yaml_text("outer:\n  name: a\n  port: 1\n", "f.yaml")
    value, found = validate(Top, good, root=("outer",))
    assert value == Top(name="a", port=1) and found == []
    # A duplicate key is a problem even when the data validates: no model is returned.
    twice = load_yaml_text("name: a\nname: b\n", "f.yaml")
    value, found = validate(Top, twice)
    assert value is None
    assert [(f.code, f.line) for f in found] == [("CFG005", 2)]


class Alpha(Section):
    key: ClassVar[str] = "alpha"
    help: ClassVar[str] = "a test section"
    path: str = "x"

    def check(self, root: Path) -> list[Problem]:
        return [Problem(("path",), "does not exist", suggestion="create it")]


class Beta(Section):
    key: ClassVar[str] = "alpha"
    help: ClassVar[str] = "another section under the same key"


def test_check_sections_locates_each_problem(tmp_path: Path) -> None:
    doc = load_yaml_text("version: 1\nalpha:\n  path: y\n", "f.yaml")
    settings, found = validate(settings_model((Alpha,)), doc)
    assert settings is not None and found == []
    assert check_sections(settings, doc, tmp_path, [Alpha]) == [
        finding("CFG006", "invalid-value", "'alpha.path': does not exist", 3, 9, "create it"),
    ]
    with pytest.raises(TypeError) as caught:
        settings.section(Beta)
    assert str(caught.value) == f"section 'alpha' holds Alpha, not {Beta}"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "backwards.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_settings_counts_its_problems(tmp_path: Path) -> None:
    path = write(tmp_path, "- a list\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, display="shown.yaml")
    assert caught.value.message == "shown.yaml has 1 problem"
    assert caught.value.findings == (
        Finding(
            "CFG003",
            "wrong-type",
            Severity.ERROR,
            "the settings file should be a mapping of keys to values",
            file="shown.yaml",
            line=1,
            column=1,
            suggestion="start with 'version: 1'",
        ),
    )
    write(tmp_path, "version: 1\nnam: x\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, display="shown.yaml")
    assert caught.value.message == "shown.yaml has 1 problem"
    assert [f.file for f in caught.value.findings] == ["shown.yaml"]
    write(tmp_path, "version: 1\nnam: x\ndatabase_ur: y\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, display="shown.yaml")
    assert caught.value.message == "shown.yaml has 2 problems"
    assert isinstance(load_settings(write(tmp_path, "name: ok\n")), Settings)


def test_the_database_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKWARDS_DATABASE_URL", " sqlite:///x.db ")
    assert database_url() == "sqlite:///x.db"
    assert database_url({}) is None
    monkeypatch.setenv("BACKWARDS_DATABASE_URL", "  ")
    assert database_url() is None
