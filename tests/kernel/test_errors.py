from __future__ import annotations

from backwards.errors import (
    BackwardsError,
    ConfigError,
    DataError,
    InputError,
    SchemaTooNewError,
    StateError,
    StoreError,
    WorkspaceError,
)
from backwards.findings import Finding, Severity


def test_every_error_has_message_and_hint() -> None:
    for cls in (
        BackwardsError,
        ConfigError,
        WorkspaceError,
        InputError,
        DataError,
        StoreError,
        SchemaTooNewError,
        StateError,
    ):
        err = cls("went wrong")
        assert isinstance(err, BackwardsError)
        assert err.message == "went wrong" == str(err)
        assert err.hint and err.hint.strip()


def test_tree_shape() -> None:
    assert issubclass(DataError, InputError)
    assert issubclass(SchemaTooNewError, StoreError)
    assert not issubclass(ConfigError, InputError)


def test_explicit_hint_wins_and_findings_are_kept() -> None:
    f = Finding("CFG002", "unknown-key", Severity.ERROR, "unknown key 'x'")
    err = ConfigError("bad file", [f], hint="fix x")
    assert err.hint == "fix x"
    assert err.findings == (f,)


def test_input_error_location() -> None:
    assert InputError("bad", path="data.csv", line=4, column=2).location == "data.csv:4:2"
    assert InputError("bad", path="data.csv").location == "data.csv"
    assert InputError("bad").location == ""
