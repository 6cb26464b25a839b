"""backwards: run a product organisation on working-backwards mechanisms.

The Python library is the product; the ``backwards`` CLI only parses arguments, calls it and
formats what it returns. ``__all__`` is the public API, documented in ``docs/api.md`` (a test
checks both ways): the kernel's names below and the feature packages ``wbr``, ``prfaq`` and
``ledger``, each with its own ``__all__``::

    import backwards
    ws = backwards.open_workspace()          # backwards.yaml, every feature's section checked

Everything is imported on first use, so ``import backwards`` loads no heavy library.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backwards import ledger, prfaq, wbr
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
    from backwards.features import init_workspace, open_workspace
    from backwards.findings import Finding, Severity
    from backwards.workspace import Workspace

from backwards.version import __version__

__all__ = [
    "BackwardsError",
    "ConfigError",
    "DataError",
    "Finding",
    "InputError",
    "SchemaTooNewError",
    "Severity",
    "StateError",
    "StoreError",
    "Workspace",
    "WorkspaceError",
    "__version__",
    "init_workspace",
    "ledger",
    "open_workspace",
    "prfaq",
    "wbr",
]

#: name -> the module that defines it ("" for the feature packages themselves).
_EXPORTS: dict[str, str] = {
    **dict.fromkeys(
        (
            "BackwardsError",
            "ConfigError",
            "DataError",
            "InputError",
            "SchemaTooNewError",
            "StateError",
            "StoreError",
            "WorkspaceError",
        ),
        "backwards.errors",
    ),
    "Finding": "backwards.findings",
    "Severity": "backwards.findings",
    "Workspace": "backwards.workspace",
    "open_workspace": "backwards.features",
    "init_workspace": "backwards.features",
    "wbr": "",
    "prfaq": "",
    "ledger": "",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'backwards' has no attribute {name!r}")
    if not module:
        return importlib.import_module(f"backwards.{name}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(__all__)
