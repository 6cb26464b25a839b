"""The workspace: a folder holding ``backwards.yaml``.

``find_root`` searches upward from a start folder for ``backwards.yaml``; ``open_workspace``
loads and validates its settings (with the features' sections it is given) and resolves paths
against the folder. Opening a workspace
reads one file and opens nothing else: no database, no network.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from backwards.atomicfile import write_atomic
from backwards.config import Section, Settings, check_sections, load_settings, settings_model
from backwards.errors import WorkspaceError
from backwards.findings import Finding
from backwards.settingsfile import SETTINGS_FILENAME, STATE_DIRNAME, database_url, find_root, locate
from backwards.yamlfile import load_yaml

__all__ = [
    "STATE_DIRNAME",
    "Workspace",
    "check_workspace",
    "find_root",
    "init_workspace",
    "open_workspace",
]


@dataclass(frozen=True, slots=True)
class Workspace:
    """A workspace folder and its validated settings."""

    root: Path
    settings: Settings
    settings_path: Path | None
    env: Mapping[str, str]

    @property
    def state_dir(self) -> Path:
        """``.backwards/`` inside the workspace: the default database and caches live there."""
        return self.root / STATE_DIRNAME

    def resolve(self, path: str | Path) -> Path:
        """``path`` relative to the workspace root (absolute paths are kept)."""
        p = Path(path).expanduser()
        return p if p.is_absolute() else self.root / p

    @property
    def database_url(self) -> str:
        """``BACKWARDS_DATABASE_URL``, else ``database_url`` in settings, else SQLite here."""
        return database_url(self.env, self.settings.database_url, self.state_dir)

    @property
    def name(self) -> str:
        return self.settings.name or self.root.name


def open_workspace(
    override: Path | None = None,
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    required: bool = True,
    sections: Sequence[type[Section]] = (),
) -> Workspace:
    """Open the workspace named by ``override``, or the one found upward from ``cwd``.

    ``sections`` are the features' settings models the file may hold (``backwards.features``
    lists them all); any other top-level key is unknown. With ``required=False`` and no
    ``backwards.yaml`` anywhere, the current folder is used with default settings. Invalid
    settings raise ``ConfigError`` with every problem.
    """
    defaults = settings_model(tuple(sections))
    environment = dict(os.environ if env is None else env)
    here = (cwd or Path.cwd()).resolve()
    root, settings_path = locate(override, here=here, required=required)
    settings = (
        load_settings(settings_path, display=_display(settings_path, here), sections=sections)
        if settings_path
        else defaults()
    )
    return Workspace(root.resolve(), settings, settings_path, environment)


def check_workspace(ws: Workspace, sections: Sequence[type[Section]] = ()) -> list[Finding]:
    """The sections' own checks (files that must exist, known names), located in the file;
    what ``backwards config check`` adds to loading the settings."""
    if ws.settings_path is None:
        return []
    doc = load_yaml(ws.settings_path, display=_display(ws.settings_path, Path.cwd().resolve()))
    return check_sections(ws.settings, doc, ws.root, sections)


def _display(path: Path, cwd: Path) -> str:
    try:
        return str(path.resolve().relative_to(cwd))
    except ValueError:
        return str(path)


STARTER_SETTINGS = """\
# backwards workspace settings. Every key is described in docs/configuration.md.
version: 1
name: {name}

# database_url: postgresql://user@host/dbname   # default: SQLite in .backwards/backwards.db
"""


def init_workspace(
    folder: Path, *, name: str | None = None, sections: Sequence[type[Section]] = ()
) -> Path:
    """Write a starter ``backwards.yaml`` in ``folder``, with each section's ``starter`` lines;
    refuses to overwrite one."""
    target = folder / SETTINGS_FILENAME
    if target.exists():
        raise WorkspaceError(
            f"{target} already exists", hint="Edit it, or run init in another folder."
        )
    folder.mkdir(parents=True, exist_ok=True)
    text = STARTER_SETTINGS.format(name=json.dumps(name or folder.resolve().name))
    text += "".join(f"\n{section.starter}" for section in sections if section.starter)
    write_atomic(target, text)
    return target
