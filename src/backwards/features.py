"""The features, composed one layer above them: the sections of ``backwards.yaml``.

The kernel (``config``, ``workspace``) validates ``backwards.yaml`` against whatever sections
it is given and knows no feature by name; each feature owns its section (``WbrSettings`` in
``backwards.wbr``...). This module is the one place that lists them, and ``open_workspace``
here opens a workspace with all of them (``init_workspace`` writes their starter lines): the
CLI and ``backwards.open_workspace`` use them.

Why a module and not a registry the features fill in: registering on import is a side effect
(the list would depend on what happened to be imported), and the kernel must not import
features. Adding a feature's settings is one line in ``SECTIONS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from backwards.config import Section
from backwards.findings import Finding
from backwards.growth import GrowthSettings
from backwards.ledger import LedgerSettings
from backwards.prfaq import PrfaqSettings
from backwards.wbr import WbrSettings
from backwards.workspace import Workspace
from backwards.workspace import check_workspace as check_with_sections
from backwards.workspace import init_workspace as init_with_sections
from backwards.workspace import open_workspace as open_with_sections

__all__ = ["SECTIONS", "check_workspace", "init_workspace", "open_workspace"]

#: Every feature's section of backwards.yaml, in the order ``config show`` prints them.
SECTIONS: tuple[type[Section], ...] = (WbrSettings, PrfaqSettings, LedgerSettings, GrowthSettings)


def open_workspace(
    override: Path | None = None,
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    required: bool = True,
) -> Workspace:
    """Open the workspace (see ``backwards.workspace.open_workspace``) with every section."""
    return open_with_sections(override, cwd=cwd, env=env, required=required, sections=SECTIONS)


def init_workspace(folder: Path, *, name: str | None = None) -> Path:
    """Write a starter ``backwards.yaml`` in ``folder`` with every section's starter lines."""
    return init_with_sections(folder, name=name, sections=SECTIONS)


def check_workspace(ws: Workspace) -> list[Finding]:
    """Every section's own checks (files that exist, known names), located in the file."""
    return check_with_sections(ws, SECTIONS)
