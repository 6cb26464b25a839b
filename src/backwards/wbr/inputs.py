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
from typing import TYPE_CHECKING, TypedDict, Unpack

from backwards.errors import ConfigError, InputError
from backwards.wbr.database_open import ENGINES, is_database_url
from backwards.wbr.outputs import SUFFIXES

if TYPE_CHECKING:
    from backwards.workspace import Workspace

__all__ = ["WbrInputs", "WbrOptions", "resolve_inputs"]


class WbrOptions(TypedDict, total=False):
    """The options every WBR use case takes besides the config and the data (all keywords,
    all optional); an option not given (or None) falls back to the workspace's ``wbr:``
    setting, then to its default."""

    workspace: Workspace | None  # its wbr.config, wbr.data and settings
    allow_unknown_keys: bool | None  # unknown config keys: warnings, not errors
    allow_outside_paths: bool | None  # read data and annotations outside the workspace
    engine: str | None  # "duckdb" or "spark"
    root: Path | None  # without a workspace: a folder data and annotations may lie in too


@dataclass(frozen=True, slots=True)
class WbrInputs:
    """The config, the data files (empty: the config's own ``csv_files``) and the options."""

    config: Path
    data: tuple[Path | str, ...]  # files, or one database URL (kept as text)
    allow_unknown_keys: bool
    output_dir: Path
    workspace_root: Path | None = None  # data and annotation paths may lie below it
    allow_outside_paths: bool = False
    engine: str = "duckdb"  # "duckdb" or "spark" (--engine, wbr.engine)
    spark_master: str | None = None  # wbr.spark_master: local[*], spark://..., sc://...

    def output_path(self, fmt: str) -> Path:
        """Where a deck in ``fmt`` goes by default: the config's name with the format's suffix
        (``SUFFIXES``) in ``output_dir``."""
        return self.output_dir / f"{self.config.stem}{SUFFIXES[fmt]}"


def resolve_inputs(
    config: Path | str | None = None,
    data: Sequence[Path | str] = (),
    **options: Unpack[WbrOptions],
) -> WbrInputs:
    """The inputs of a job: the arguments, else the workspace's ``wbr:`` settings.

    Raises ``ConfigError`` when no config is given and the workspace sets none, and
    ``InputError`` when a ``wbr.data`` file lies outside the workspace (unless allowed).
    """
    workspace = options.get("workspace")
    allow_unknown_keys = options.get("allow_unknown_keys")
    allow_outside_paths = options.get("allow_outside_paths")
    engine = options.get("engine")
    files = _data_args(data)
    if workspace is None:
        if config is None:
            raise _no_config()
        return WbrInputs(
            Path(config),
            files,
            bool(allow_unknown_keys),
            Path("out"),
            workspace_root=options.get("root"),
            allow_outside_paths=bool(allow_outside_paths),
            engine=_engine(engine or "duckdb"),
        )
    from backwards.wbr.settings import WbrSettings  # pydantic: only with a workspace

    settings = workspace.settings.section(WbrSettings)
    chosen = _engine(engine or settings.engine)
    master = settings.spark_master
    allow = bool(allow_unknown_keys) or settings.allow_unknown_keys
    outside = bool(allow_outside_paths) or settings.allow_outside_paths
    output_dir = workspace.resolve(settings.output_dir)
    root = workspace.root
    if config is not None:
        return WbrInputs(Path(config), files, allow, output_dir, root, outside, chosen, master)
    if not settings.config:
        raise _no_config()
    if not files:
        resolved = tuple(workspace.resolve(p) for p in settings.data)
        files = resolved
        for name, path in zip(settings.data, resolved, strict=True):
            if not outside and not path.resolve().is_relative_to(root.resolve()):
                raise InputError(
                    f"wbr.data {name!r} lies outside the workspace, so it is not read",
                    hint="Move the file into the workspace, or set wbr.allow_outside_paths: "
                    "true in backwards.yaml (or pass --allow-outside-paths).",
                )
    return WbrInputs(
        workspace.resolve(settings.config), files, allow, output_dir, root, outside, chosen, master
    )


def _data_args(data: Sequence[Path | str]) -> tuple[Path | str, ...]:
    """Files as paths; a database URL (``scheme://...``) stays text (a path would fold its
    ``//``)."""
    return tuple(str(d) if is_database_url(d) else Path(d) for d in data)


def _engine(name: str) -> str:
    if name not in ENGINES:
        raise InputError(f"unknown engine {name!r}", hint="Use one of: " + ", ".join(ENGINES) + ".")
    return name


def _no_config() -> ConfigError:
    return ConfigError(
        "no CONFIG given and the workspace sets no wbr.config",
        hint="Pass the WBR config file, or set wbr.config in backwards.yaml.",
    )
