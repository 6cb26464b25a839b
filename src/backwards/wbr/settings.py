"""The ``wbr:`` section of ``backwards.yaml``: what ``backwards wbr build`` uses by default."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from backwards.config import Section

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
