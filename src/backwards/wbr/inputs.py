"""What one WBR job reads: the config, its data files and the options, from arguments or the
workspace's ``wbr:`` settings.

Arguments win; without a config the workspace's ``wbr.config`` is used with its ``wbr.data``
files; ``allow_unknown_keys`` falls back to ``wbr.allow_unknown_keys``; decks go to
``wbr.output_dir`` (``out`` unless set). Without a workspace the defaults apply, relative to
the current folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from backwards.errors import ConfigError, InputError
from backwards.wbr.outputs import SUFFIXES
from backwards.wbr.settings import WbrSettings
from backwards.workspace import Workspace

__all__ = ["WbrInputs", "resolve_inputs"]


@dataclass(frozen=True, slots=True)
class WbrInputs:
    """The config, the data files (empty: the config's own ``csv_files``) and the options."""

    config: Path
    data: tuple[Path, ...]
    allow_unknown_keys: bool
    output_dir: Path
    workspace_root: Path | None = None  # data and annotation paths may lie below it
    allow_outside_paths: bool = False

    def output_path(self, fmt: str) -> Path:
        """Where a deck in ``fmt`` goes by default: the config's name with the format's suffix
        (``SUFFIXES``) in ``output_dir``."""
        return self.output_dir / f"{self.config.stem}{SUFFIXES[fmt]}"


def resolve_inputs(
    config: Path | str | None = None,
    data: Sequence[Path | str] = (),
    *,
    workspace: Workspace | None = None,
    allow_unknown_keys: bool | None = None,
    allow_outside_paths: bool | None = None,
) -> WbrInputs:
    """The inputs of a job: the arguments, else the workspace's ``wbr:`` settings.

    Raises ``ConfigError`` when no config is given and the workspace sets none, and
    ``InputError`` when a ``wbr.data`` file lies outside the workspace (unless allowed).
    """
    files = tuple(Path(d) for d in data)
    if workspace is None:
        if config is None:
            raise _no_config()
        return WbrInputs(
            Path(config),
            files,
            bool(allow_unknown_keys),
            Path("out"),
            allow_outside_paths=bool(allow_outside_paths),
        )
    settings = workspace.settings.section(WbrSettings)
    allow = bool(allow_unknown_keys) or settings.allow_unknown_keys
    outside = bool(allow_outside_paths) or settings.allow_outside_paths
    output_dir = workspace.resolve(settings.output_dir)
    root = workspace.root
    if config is not None:
        return WbrInputs(Path(config), files, allow, output_dir, root, outside)
    if not settings.config:
        raise _no_config()
    if not files:
        files = tuple(workspace.resolve(p) for p in settings.data)
        for name, path in zip(settings.data, files, strict=True):
            if not outside and not path.resolve().is_relative_to(root.resolve()):
                raise InputError(
                    f"wbr.data {name!r} lies outside the workspace, so it is not read",
                    hint="Move the file into the workspace, or set wbr.allow_outside_paths: "
                    "true in backwards.yaml (or pass --allow-outside-paths).",
                )
    return WbrInputs(workspace.resolve(settings.config), files, allow, output_dir, root, outside)


def _no_config() -> ConfigError:
    return ConfigError(
        "no CONFIG given and the workspace sets no wbr.config",
        hint="Pass the WBR config file, or set wbr.config in backwards.yaml.",
    )
