"""Lazy front doors: a package's public names, each imported from its module on first use.

A feature's ``__init__.py`` lists its public names in ``__all__`` and, for type checkers, imports
them under ``if TYPE_CHECKING:``. At run time nothing is imported until a name is used, so
``backwards --help`` or ``backwards journal add`` load only the modules they touch (no DuckDB,
SQLAlchemy or numpy for a command that does not need them)::

    _EXPORTS = {"build": "api", "Deck": "notebook", "label": "measures.failure_modes:label"}
    __getattr__, __dir__ = front_door(globals(), _EXPORTS)

Each value names the module inside the package (dotted, relative to it) and, after a colon, the
attribute when it differs from the public name. A name is cached in the package once imported.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["front_door"]


def front_door(
    namespace: dict[str, Any], exports: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of the package whose ``globals()`` is ``namespace``."""
    package = namespace["__name__"]

    def __getattr__(name: str) -> Any:
        target = exports.get(name)
        if target is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, _, attribute = target.partition(":")
        value = getattr(importlib.import_module(f"{package}.{module}"), attribute or name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(namespace.get("__all__", exports))

    return __getattr__, __dir__
