from __future__ import annotations

from pathlib import Path

import pytest

from backwards.config import load_settings
from backwards.errors import ConfigError, WorkspaceError
from backwards.features import SECTIONS
from backwards.features import init_workspace as init_with_sections
from backwards.workspace import find_root, init_workspace, open_workspace


def test_found_by_searching_upward(tmp_path: Path) -> None:
    (tmp_path / "backwards.yaml").write_text("name: Up\n")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_root(deep) == tmp_path.resolve()
    ws = open_workspace(cwd=deep, env={})
    assert ws.root == tmp_path.resolve()
    assert ws.name == "Up"
    assert ws.resolve("data.csv") == tmp_path.resolve() / "data.csv"
    assert ws.resolve("/abs/x") == Path("/abs/x")


def test_override_wins_over_search(tmp_path: Path) -> None:
    (tmp_path / "backwards.yaml").write_text("name: Outer\n")
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "backwards.yaml").write_text("name: Inner\n")
    assert open_workspace(Path("inner"), cwd=tmp_path, env={}).name == "Inner"
    assert open_workspace(None, cwd=tmp_path, env={}).name == "Outer"


def test_missing_workspace_is_an_error_unless_optional(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match=r"no backwards\.yaml"):
        open_workspace(cwd=tmp_path, env={})
    ws = open_workspace(cwd=tmp_path, env={}, required=False)
    assert ws.settings_path is None
    assert ws.root == tmp_path.resolve()
    with pytest.raises(WorkspaceError, match="does not exist"):
        open_workspace(tmp_path / "nope", env={})


def test_database_url_precedence(tmp_path: Path) -> None:
    (tmp_path / "backwards.yaml").write_text("database_url: sqlite:///from-settings.db\n")
    assert open_workspace(cwd=tmp_path, env={}).database_url == "sqlite:///from-settings.db"
    env = {"BACKWARDS_DATABASE_URL": "postgresql://x/y"}
    assert open_workspace(cwd=tmp_path, env=env).database_url == "postgresql://x/y"
    (tmp_path / "backwards.yaml").write_text("name: x\n")
    default = open_workspace(cwd=tmp_path, env={}).database_url
    assert default.startswith("sqlite:///") and default.endswith(".backwards/backwards.db")


def test_invalid_settings_raise_config_error(tmp_path: Path) -> None:
    (tmp_path / "backwards.yaml").write_text("nmae: x\n")
    with pytest.raises(ConfigError) as info:
        open_workspace(cwd=tmp_path, env={})
    assert info.value.findings[0].suggestion == "did you mean 'name'?"


def test_init_writes_valid_settings_and_refuses_overwrite(tmp_path: Path) -> None:
    path = init_with_sections(tmp_path / "team", name='Team "A": payments')
    assert "\nprfaq:\n  profile: product\n" in path.read_text(encoding="utf-8")
    assert load_settings(path, sections=SECTIONS).name == 'Team "A": payments'
    with pytest.raises(WorkspaceError, match="already exists"):
        init_workspace(tmp_path / "team")
