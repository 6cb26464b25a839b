"""The ladder in force: levels, expected levels, focus weights, and resolving a level name.

``Ladder.level(text)`` accepts a level's id or name (any case), ``new`` (the entry level) and
``senior`` (the ladder's senior PM level); anything else is ``InputError`` with "did you mean".
``Ladder.focus(level)`` lists the level's focus attributes, heaviest first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from backwards.config import did_you_mean
from backwards.errors import InputError
from backwards.growth.attributes import Attribute, catalogue
from backwards.growth.settings import LadderSpec, default_ladder_spec

__all__ = ["Focus", "Ladder", "Level", "default_ladder", "ladder_of"]


@dataclass(frozen=True, slots=True)
class Level:
    """One level: the expected level (1-5) per attribute id and the focus weights."""

    id: str
    name: str
    expected: Mapping[str, int]
    focus: Mapping[str, float]

    def to_dict(self) -> dict[str, Any]:
        names = {a.id: a.name for a in catalogue()}
        return {
            "id": self.id,
            "name": self.name,
            "expected": {names[k]: v for k, v in self.expected.items()},
            "focus": {names[k]: v for k, v in self.focus.items()},
        }


@dataclass(frozen=True, slots=True)
class Focus:
    """An attribute to work on at a level: its weight and the level expected."""

    attribute: Attribute
    weight: float
    expected: int

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.attribute.ref(),
            "weight": self.weight,
            "expected": self.expected,
            "prompts": list(self.attribute.prompts),
        }


@dataclass(frozen=True, slots=True)
class Ladder:
    """The levels, entry level first, and which one is the senior PM level."""

    levels: tuple[Level, ...]
    senior: str | None

    def level(self, text: str, *, field: str = "level") -> Level:
        key = text.strip().lower()
        if key == "new":
            return self.levels[0]
        if key == "senior" and self.senior is not None:
            key = self.senior
        for lv in self.levels:
            if key in (lv.id.lower(), lv.name.lower()):
                return lv
        choices = [lv.id for lv in self.levels] + ["new"] + (["senior"] if self.senior else [])
        guess = did_you_mean(key, choices)
        raise InputError(
            f"{field}: {text!r} is not a level of the ladder",
            f"Did you mean {guess!r}?" if guess else "Levels: " + ", ".join(choices) + ".",
        )

    def focus(self, level: Level) -> list[Focus]:
        """The level's focus attributes, heaviest weight first (catalogue order on ties)."""
        order = {a: i for i, a in enumerate(catalogue().ids)}
        ids = sorted(level.focus, key=lambda a: (-level.focus[a], order[a]))
        return [Focus(catalogue().get(a), level.focus[a], level.expected[a]) for a in ids]

    def to_dict(self) -> dict[str, Any]:
        return {"senior": self.senior, "levels": [lv.to_dict() for lv in self.levels]}


def ladder_of(spec: LadderSpec) -> Ladder:
    """The ladder a spec (from ``backwards.yaml`` or the default) describes."""
    levels = tuple(
        Level(
            lv.id,
            lv.name,
            MappingProxyType({a: lv.expected[a] for a in catalogue().ids}),
            MappingProxyType(dict(lv.focus)),
        )
        for lv in spec.levels
    )
    return Ladder(levels, spec.senior)


def default_ladder() -> Ladder:
    return ladder_of(default_ladder_spec())
