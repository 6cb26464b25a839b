from __future__ import annotations

import importlib

import pytest

KERNEL = ["errors", "findings", "config", "workspace", "atomicfile", "charts", "store"]


@pytest.mark.parametrize("name", KERNEL)
def test_all_names_exist(name: str) -> None:
    module = importlib.import_module(f"backwards.{name}")
    exported = getattr(module, "__all__", None)
    assert exported, f"backwards.{name} has no __all__"
    for item in exported:
        assert hasattr(module, item), f"backwards.{name}.__all__ names missing {item}"
