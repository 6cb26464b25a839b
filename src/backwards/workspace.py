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
from backwards.config import (
    SETTINGS_FILENAME,
    Section,
    Settings,
    environment_database_url,
    load_settings,
    settings_model,
)
from backwards.errors import WorkspaceError

__all__ = ["STATE_DIRNAME", "Workspace", "find_root", "init_workspace", "open_workspace"]

STATE_DIRNAME = ".backwards"


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
        url = environment_database_url(self.env) or self.settings.database_url
        if url:
            return url
        return f"sqlite:///{(self.state_dir / 'backwards.db').as_posix()}"

    @property
    def name(self) -> str:
        return self.settings.name or self.root.name


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds ``backwards.yaml``."""
    current = start.resolve()
    for folder in (current, *current.parents):
        if (folder / SETTINGS_FILENAME).is_file():
            return folder
    return None


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
    if override is not None:
        root = override.expanduser()
        if not root.is_absolute():
            root = here / root
        if not root.exists():
            raise WorkspaceError(f"workspace folder {override} does not exist")
        if not root.is_dir():
            raise WorkspaceError(f"workspace {override} is not a folder")
        settings_path: Path | None = root / SETTINGS_FILENAME
        assert settings_path is not None
        if not settings_path.is_file():
            if required:
                raise WorkspaceError(f"{override} has no {SETTINGS_FILENAME}")
            settings_path = None
    else:
        found = find_root(here)
        if found is None:
            if required:
                raise WorkspaceError(f"no {SETTINGS_FILENAME} in {here} or any folder above it")
            return Workspace(here, defaults(), None, environment)
        root, settings_path = found, found / SETTINGS_FILENAME
    settings = (
        load_settings(settings_path, display=_display(settings_path, here), sections=sections)
        if settings_path
        else defaults()
    )
    return Workspace(root.resolve(), settings, settings_path, environment)


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
