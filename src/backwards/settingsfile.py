"""``backwards.yaml``: where a workspace's settings file is, and its values read without models.

``locate`` finds the workspace folder and its settings file (``--workspace``, or the nearest
``backwards.yaml`` at or above the current folder) and ``database_url`` names the database it
uses; ``backwards.workspace`` opens a workspace with them and validates the settings against
the pydantic models of ``backwards.config``.

``read_plain`` is the short way for a command that must start fast: the values of the file
without pydantic, only when every key is one it can check exactly (the kernel's keys, and the
sections it is given, each read by a function that accepts only values the section's model
would accept unchanged, and says None otherwise). Anything else gives None: another section, an
unknown key, a value of another type, a duplicate key, a YAML error, a missing file. The caller
then opens the workspace the usual way, which validates everything and locates every problem,
so the short way never changes a message. Tests compare it with the models.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backwards.errors import BackwardsError, WorkspaceError
from backwards.yamlfile import load_yaml

__all__ = [
    "KERNEL_KEYS",
    "SETTINGS_FILENAME",
    "STATE_DIRNAME",
    "PlainSettings",
    "database_url",
    "environment_database_url",
    "find_root",
    "locate",
    "read_plain",
]

SETTINGS_FILENAME = "backwards.yaml"
#: The kernel's keys of ``backwards.yaml`` (``config.Settings``'s fields; a test compares).
KERNEL_KEYS = ("version", "name", "database_url")
#: The folder inside a workspace holding the default database and the caches.
STATE_DIRNAME = ".backwards"

#: A section's plain reader: its values from the raw mapping (``{}`` when the section is
#: absent), or None when only the model can say (the model's defaults for ``{}``).
SectionReader = Callable[[Mapping[str, Any]], Any]


def environment_database_url(env: Mapping[str, str] | None = None) -> str | None:
    """``BACKWARDS_DATABASE_URL`` from ``env`` (the process environment by default)."""
    source = os.environ if env is None else env
    value = source.get("BACKWARDS_DATABASE_URL", "").strip()
    return value or None


def database_url(env: Mapping[str, str], setting: str | None, state_dir: Path) -> str:
    """``BACKWARDS_DATABASE_URL``, else the ``database_url`` setting, else SQLite in
    ``state_dir``."""
    url = environment_database_url(env) or setting
    if url:
        return url
    return f"sqlite:///{(state_dir / 'backwards.db').as_posix()}"


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds ``backwards.yaml``."""
    current = start.resolve()
    for folder in (current, *current.parents):
        if (folder / SETTINGS_FILENAME).is_file():
            return folder
    return None


def locate(override: Path | None, *, here: Path, required: bool) -> tuple[Path, Path | None]:
    """The workspace folder (``override``, else found upward from the folder ``here``) and its
    settings file; with ``required=False`` the file may be missing (None), and with no
    ``backwards.yaml`` anywhere the folder is ``here``. Raises ``WorkspaceError`` otherwise."""
    if override is None:
        found = find_root(here)
        if found is not None:
            return found, found / SETTINGS_FILENAME
        if required:
            raise WorkspaceError(f"no {SETTINGS_FILENAME} in {here} or any folder above it")
        return here, None
    root = override.expanduser()
    if not root.is_absolute():
        root = here / root
    if not root.exists():
        raise WorkspaceError(f"workspace folder {override} does not exist")
    if not root.is_dir():
        raise WorkspaceError(f"workspace {override} is not a folder")
    settings_path = root / SETTINGS_FILENAME
    if settings_path.is_file():
        return root, settings_path
    if required:
        raise WorkspaceError(f"{override} has no {SETTINGS_FILENAME}")
    return root, None


@dataclass(frozen=True, slots=True)
class PlainSettings:
    """A workspace's settings as ``read_plain`` found them: exactly what the models give."""

    root: Path
    settings_path: Path | None
    env: Mapping[str, str]
    database_setting: str | None
    #: Each section's values, as its reader gave them.
    sections: Mapping[str, Any]

    @property
    def state_dir(self) -> Path:
        return self.root / STATE_DIRNAME

    @property
    def database_url(self) -> str:
        """The database (``Workspace.database_url``'s rule)."""
        return database_url(self.env, self.database_setting, self.state_dir)


def _plain_text(data: Mapping[str, Any], key: str) -> bool:
    return key not in data or data[key] is None or type(data[key]) is str


def read_plain(
    override: Path | None,
    *,
    sections: Mapping[str, SectionReader],
    required: bool = True,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> PlainSettings | None:
    """The workspace's settings without the models, or None when only they can tell (see the
    module docstring). ``sections``: the section keys allowed, each with its reader."""
    environment = dict(os.environ if env is None else env)
    here = (cwd or Path.cwd()).resolve()
    try:
        root, path = locate(override, here=here, required=required)
        doc = None if path is None else load_yaml(path)
    except BackwardsError:  # the usual way raises it again, with its message
        return None
    if doc is not None and doc.problems:  # duplicate keys
        return None
    data: Any = {} if doc is None or doc.data is None else doc.data
    known = (*KERNEL_KEYS, *sections)
    if type(data) is not dict or any(key not in known for key in data):
        return None
    version = data.get("version", 1)
    if type(version) is not int or version != 1:
        return None
    if not (_plain_text(data, "name") and _plain_text(data, "database_url")):
        return None
    values = {}
    for key, reader in sections.items():
        raw = data.get(key, {})
        value = reader(raw) if type(raw) is dict else None
        if value is None:
            return None
        values[key] = value
    return PlainSettings(root.resolve(), path, environment, data.get("database_url"), values)
