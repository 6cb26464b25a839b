"""The attribute catalogue: the fourteen attributes as data (``data/attributes.yaml``).

``catalogue()`` reads the package's YAML once. ``Catalogue.find(text)`` accepts an attribute's
id (``earn-trust-with-others``) or its name (``earn trust with others``), any case, and raises
``InputError`` with a "did you mean" for anything else.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from backwards.config import did_you_mean
from backwards.errors import InputError

__all__ = ["EVIDENCE_SOURCES", "Attribute", "Catalogue", "catalogue"]

#: The features whose data can speak to an attribute.
EVIDENCE_SOURCES = ("ledger", "prfaq", "portfolio", "impact")


@dataclass(frozen=True, slots=True)
class Attribute:
    """One attribute: its id, its name, what it means, and how to see and practise it."""

    id: str
    name: str
    description: str
    behaviours: tuple[str, ...]
    prompts: tuple[str, ...]
    evidence: tuple[str, ...]

    def ref(self) -> dict[str, str]:
        """How a row that is about this attribute names it in JSON: its name and its id."""
        return {"attribute": self.name, "id": self.id}

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "behaviours": list(self.behaviours),
            "prompts": list(self.prompts),
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The attributes in their catalogue order."""

    attributes: tuple[Attribute, ...]

    def __iter__(self) -> Iterator[Attribute]:
        return iter(self.attributes)

    def __len__(self) -> int:
        return len(self.attributes)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.attributes)

    def get(self, attribute_id: str) -> Attribute:
        for a in self.attributes:
            if a.id == attribute_id:
                return a
        raise KeyError(attribute_id)

    def lookup(self, text: str) -> Attribute | None:
        """The attribute whose id or name is ``text`` (any case, spaces or dashes), or None."""
        key = " ".join(text.strip().lower().replace("-", " ").replace(",", " ").split())
        for a in self.attributes:
            if key in (a.id.replace("-", " "), " ".join(a.name.replace(",", " ").split())):
                return a
        return None

    def find(self, text: str, *, field: str = "attribute") -> Attribute:
        """The attribute ``text`` names; ``InputError`` naming ``field`` and a guess otherwise."""
        found = self.lookup(text)
        if found is not None:
            return found
        raise InputError(f"{field}: unknown attribute {text!r}", self.suggest(text))

    def suggest(self, text: str) -> str:
        choices = [*self.ids, *(a.name for a in self.attributes)]
        guess = did_you_mean(text.strip().lower(), choices)
        known = self.lookup(guess) if guess is not None else None
        if known is not None:
            return f"Did you mean {known.id!r}?"
        return "Known attributes: " + ", ".join(self.ids) + " (`backwards growth attributes`)."


def _attribute(raw: dict[str, Any]) -> Attribute:
    return Attribute(
        id=str(raw["id"]),
        name=str(raw["name"]),
        description=str(raw["description"]).strip(),
        behaviours=tuple(str(b) for b in raw.get("behaviours") or ()),
        prompts=tuple(str(p) for p in raw.get("prompts") or ()),
        evidence=tuple(str(e) for e in raw.get("evidence") or ()),
    )


@functools.cache
def catalogue() -> Catalogue:
    """The package's catalogue (read once)."""
    text = (resources.files("backwards.growth") / "data" / "attributes.yaml").read_text("utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed
    return Catalogue(tuple(_attribute(raw) for raw in yaml.load(text, Loader=loader)))
