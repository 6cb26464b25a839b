"""The public API is ``__all__`` of ``backwards`` and of each feature package, documented in
docs/api.md: every exported name is documented and importable, every documented name exported.
"""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

KERNEL = [
    "errors",
    "findings",
    "config",
    "workspace",
    "atomicfile",
    "charts",
    "store",
    "page",
    "yamlfile",
]
PACKAGES = [
    "backwards",
    "backwards.wbr",
    "backwards.prfaq",
    "backwards.ledger",
    "backwards.portfolio",
    "backwards.people",
    "backwards.growth",
    "backwards.evidence",
]
API_MD = Path(__file__).resolve().parent.parent / "docs" / "api.md"


@pytest.mark.parametrize("name", KERNEL)
def test_all_names_exist(name: str) -> None:
    module = importlib.import_module(f"backwards.{name}")
    exported = getattr(module, "__all__", None)
    assert exported, f"backwards.{name} has no __all__"
    for item in exported:
        assert hasattr(module, item), f"backwards.{name}.__all__ names missing {item}"


def documented(package: str) -> set[str]:
    """The names in the table of ``## `package` `` in docs/api.md."""
    text = API_MD.read_text(encoding="utf-8")
    match = re.search(rf"^## `{re.escape(package)}`\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert match, f"docs/api.md has no section ## `{package}`"
    return set(re.findall(r"^\| `([\w.]+)` \|", match.group(1), flags=re.M))


@pytest.mark.parametrize("package", PACKAGES)
def test_every_exported_name_is_documented_and_importable(package: str) -> None:
    module = importlib.import_module(package)
    exported = set(module.__all__)
    assert len(exported) == len(module.__all__), f"{package}.__all__ repeats a name"
    missing = sorted(exported - documented(package))
    assert not missing, f"docs/api.md, section {package}, lacks: {missing}"
    for name in sorted(exported):
        assert getattr(module, name) is not None, f"{package}.{name}"
        namespace: dict[str, object] = {}
        exec(f"from {package} import {name}", namespace)
        assert name in namespace


@pytest.mark.parametrize("package", PACKAGES)
def test_every_documented_name_is_exported(package: str) -> None:
    module = importlib.import_module(package)
    stale = sorted(documented(package) - set(module.__all__))
    assert not stale, f"docs/api.md documents names {package} does not export: {stale}"


def test_import_backwards_is_cheap_and_names_load_on_use() -> None:
    code = (
        "import sys, backwards\n"
        "heavy = ('pydantic', 'yaml', 'duckdb', 'jinja2', 'markdown_it', 'sqlalchemy', 'numpy')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
        "print(backwards.Workspace.__name__, backwards.wbr.__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["[]", "Workspace backwards.wbr"]


def test_an_unknown_name_is_an_attribute_error() -> None:
    import backwards

    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = backwards.nope  # type: ignore[attr-defined]
