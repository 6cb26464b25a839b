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

from backwards.errors import ConfigError
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
) -> WbrInputs:
    """The inputs of a job: the arguments, else the workspace's ``wbr:`` settings.

    Raises ``ConfigError`` when no config is given and the workspace sets none.
    """
    files = tuple(Path(d) for d in data)
    if workspace is None:
        if config is None:
            raise _no_config()
        return WbrInputs(Path(config), files, bool(allow_unknown_keys), Path("out"))
    settings = workspace.settings.section(WbrSettings)
    allow = bool(allow_unknown_keys) or settings.allow_unknown_keys
    output_dir = workspace.resolve(settings.output_dir)
    if config is not None:
        return WbrInputs(Path(config), files, allow, output_dir)
    if not settings.config:
        raise _no_config()
    files = files or tuple(workspace.resolve(p) for p in settings.data)
    return WbrInputs(workspace.resolve(settings.config), files, allow, output_dir)


def _no_config() -> ConfigError:
    return ConfigError(
        "no CONFIG given and the workspace sets no wbr.config",
        hint="Pass the WBR config file, or set wbr.config in backwards.yaml.",
    )
