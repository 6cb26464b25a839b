"""The ``growth:`` section of ``backwards.yaml``: the ladder, the people and the journal habit.

A ladder replaces the default one (``data/ladder.yaml``) whole: every level must give an
expected level (1-5) for each of the fourteen attributes, by id; focus weights name a few of
them. A level missing an attribute, or naming one that does not exist, is an error at that
key, with "did you mean".
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import ClassVar

import yaml
from pydantic import Field, field_validator, model_validator

from backwards.config import Problem, Section, StrictModel, did_you_mean
from backwards.growth.attributes import catalogue

__all__ = ["GrowthSettings", "LadderSpec", "LevelSpec", "PersonSpec", "default_ladder_spec"]


def _known(keys: list[str], what: str) -> None:
    ids = catalogue().ids
    for key in keys:
        if key not in ids:
            guess = did_you_mean(key, ids)
            hint = f"did you mean {guess!r}?" if guess else "ids: " + ", ".join(ids)
            raise ValueError(f"{what}: unknown attribute {key!r} ({hint})")


class LevelSpec(StrictModel):
    """One level of a ladder."""

    id: str = Field(min_length=1, description="The level's id (used in commands).")
    name: str = Field(min_length=1, description="The level's display name.")
    expected: dict[str, int] = Field(
        description="The expected level, 1-5, of every attribute (by id)."
    )
    focus: dict[str, float] = Field(
        default_factory=dict, description="Focus weights of the attributes to work on."
    )

    @field_validator("expected")
    @classmethod
    def _every_attribute(cls, value: dict[str, int]) -> dict[str, int]:
        _known(list(value), "expected")
        missing = [a for a in catalogue().ids if a not in value]
        if missing:
            raise ValueError(
                f"missing attribute {missing[0]!r}"
                + (f" and {len(missing) - 1} more" if len(missing) > 1 else "")
                + "; every level needs an expected level (1-5) for all 14 attributes"
            )
        for key, level in value.items():
            if not 1 <= level <= 5:
                raise ValueError(f"{key!r}: expected level {level} is outside 1-5")
        return value

    @field_validator("focus")
    @classmethod
    def _focus_known(cls, value: dict[str, float]) -> dict[str, float]:
        _known(list(value), "focus")
        for key, weight in value.items():
            if weight <= 0:
                raise ValueError(f"{key!r}: a focus weight must be above 0, not {weight:g}")
        return value


class LadderSpec(StrictModel):
    """A career ladder: its levels from entry to the most senior."""

    levels: list[LevelSpec] = Field(min_length=1, description="The levels, entry level first.")
    senior: str | None = Field(
        default=None, description="The id of the level that `--level senior` means."
    )

    @model_validator(mode="after")
    def _senior_is_a_level(self) -> LadderSpec:
        ids = [lv.id for lv in self.levels]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"level id {twice[0]!r} is used twice")
        if self.senior is not None and self.senior not in ids:
            raise ValueError(f"senior: {self.senior!r} is not a level (levels: {', '.join(ids)})")
        return self


@functools.cache
def default_ladder_spec() -> LadderSpec:
    """The package's default ladder (``data/ladder.yaml``)."""
    text = (resources.files("backwards.growth") / "data" / "ladder.yaml").read_text("utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed
    return LadderSpec.model_validate(yaml.load(text, Loader=loader))


class PersonSpec(StrictModel):
    """Someone whose growth the workspace tracks."""

    level: str = Field(description="Their level on the ladder (a level id, `new` or `senior`).")
    manager: str | None = Field(default=None, description="Their manager (a person's name).")


class GrowthSettings(Section):
    """The ``growth:`` section."""

    key: ClassVar[str] = "growth"
    help: ClassVar[str] = "Growth: the ladder, people and the journal habit."

    ladder: LadderSpec | None = Field(
        default=None, description="A career ladder replacing the default one."
    )
    people: dict[str, PersonSpec] = Field(
        default_factory=dict, description="The people whose growth is tracked, by name."
    )
    weekly_target: int = Field(
        default=3, ge=1, le=100, description="Journal entries a week that keep a streak going."
    )
    documents: list[str] = Field(
        default_factory=list,
        description="PR/FAQ files or folders read for communication evidence (by `author`).",
    )

    @model_validator(mode="after")
    def _levels_known(self) -> GrowthSettings:
        ladder = self.ladder_spec
        ids = [lv.id for lv in ladder.levels]
        allowed = [*ids, "new"] + (["senior"] if ladder.senior else [])
        for name, person in self.people.items():
            if person.level not in allowed:
                guess = did_you_mean(person.level, allowed)
                raise ValueError(
                    f"people.{name}.level: {person.level!r} is not a level of the ladder"
                    + (f" (did you mean {guess!r}?)" if guess else f" ({', '.join(ids)})")
                )
        return self

    @property
    def ladder_spec(self) -> LadderSpec:
        """The ladder in force: this section's, else the default one."""
        return self.ladder if self.ladder is not None else default_ladder_spec()

    def check(self, root: Path) -> list[Problem]:
        """Every ``documents`` path exists."""
        return [
            Problem(("documents", i), f"{name} does not exist", "Paths are relative to the folder.")
            for i, name in enumerate(self.documents)
            if not (root / Path(name).expanduser()).exists()
        ]
