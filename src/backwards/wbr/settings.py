"""The ``wbr:`` section of ``backwards.yaml``: what ``backwards wbr build`` uses by default."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal

from pydantic import Field

from backwards.config import Problem, Section

__all__ = ["WbrSettings"]


class WbrSettings(Section):
    """The ``wbr:`` section."""

    key: ClassVar[str] = "wbr"
    help: ClassVar[str] = "WBR settings."

    config: str | None = Field(
        default=None,
        description="The WBR config that `backwards wbr build` builds when no CONFIG is given.",
    )
    data: list[str] = Field(
        default_factory=list, description="Data files for that config when no --data is given."
    )
    output_dir: str = Field(
        default="out", description="Where `backwards wbr build` writes decks when no -o is given."
    )
    allow_unknown_keys: bool = Field(
        default=False,
        description="Report unknown keys in WBR configs as warnings instead of errors.",
    )
    allow_outside_paths: bool = Field(
        default=False,
        description="Read data and annotation files outside the workspace and the config's "
        "folder (refused by default).",
    )

    engine: Literal["duckdb", "spark"] = Field(
        default="duckdb",
        description="Where `backwards wbr build` computes decks: duckdb (in process) or spark.",
    )
    spark_master: str = Field(
        default="local[*]",
        description="The Spark master for engine spark: local[*], spark://host:7077, yarn, or "
        "a Spark Connect URL sc://host:15002.",
    )

    def check(self, root: Path) -> list[Problem]:
        """``config`` and every ``data`` file exist (relative to the workspace ``root``) and lie
        inside it (unless ``allow_outside_paths``)."""
        wanted: list[tuple[tuple[str | int, ...], str]] = []
        if self.config:
            wanted.append((("config",), self.config))
        wanted += [(("data", i), name.split("::")[0]) for i, name in enumerate(self.data)]
        problems = []
        for path_key, name in wanted:
            path = (root / Path(name).expanduser()).resolve()
            if not self.allow_outside_paths and not path.is_relative_to(root.resolve()):
                problems.append(
                    Problem(
                        path_key,
                        f"{name} lies outside the workspace",
                        "Move it into the workspace, or set wbr.allow_outside_paths: true.",
                    )
                )
            elif not path.exists():
                problems.append(
                    Problem(
                        path_key,
                        f"{name} does not exist",
                        "Paths are relative to the workspace folder; check the name.",
                    )
                )
        return problems
