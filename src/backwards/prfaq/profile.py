"""Review profiles: which rules run, at what severity and with which options, per genre.

A rule a profile lowers to ``info`` is *advisory* in that genre: still reported, and a gap of
its own makes an answer "needs work" at most, never "not ready" (``verdict.py``). It still counts
towards its answer: our own evaluation set, labelled before the engine ran, asks for a market
size and the economics under every profile (docs/prfaq-evaluation.md, "Advisory rules count
again").

``product`` (the default) is the canonical customer-facing PR/FAQ. ``internal-initiative`` is for
projects whose customers are teams inside the company (no dateline, the external FAQ optional).
``dev-tool`` is for developer tools and open-source projects (no dateline, quotes optional,
developer acronyms allowed). ``rfc`` is for design proposals written backwards, with a public and
an internal FAQ but no press-office trimmings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from backwards.errors import ConfigError
from backwards.findings import Severity

__all__ = ["PROFILES", "Profile", "get_profile"]

_DEV_ACRONYMS = (
    "API",
    "APIs",
    "CLI",
    "SDK",
    "CI",
    "CD",
    "JSON",
    "YAML",
    "HTTP",
    "HTTPS",
    "SQL",
    "IDE",
    "PR",
    "PRs",
    "OSS",
    "URL",
    "URLs",
    "CPU",
    "GPU",
    "RAM",
    "OS",
    "VS",
    "CSV",
    "HTML",
    "CSS",
    "REST",
    "SSH",
    "TLS",
    "DNS",
    "LSP",
    "AST",
    "UI",
    "UX",
    "ID",
    "IDs",
    "GB",
    "MB",
    "KB",
    "TB",
    "MIT",
    "GUI",
    "TUI",
    "JWT",
    "SSO",
    "LLM",
    "LLMs",
    "TCP",
    "UDP",
    "XML",
    "SVG",
    "PNG",
)


@dataclass(frozen=True, slots=True)
class Profile:
    """A named set of rule changes on top of the catalogue's defaults."""

    name: str
    description: str
    disabled: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile(
            "product",
            "A customer-facing product or feature: the canonical PR/FAQ (the default).",
        ),
        Profile(
            "internal-initiative",
            "A project whose customers are teams in the company: no dateline or call to action, "
            "the external FAQ optional, market size advisory.",
            disabled=frozenset({"S04", "S07", "S12"}),
            severity={"Q01": Severity.INFO, "I02": Severity.INFO, "C05": Severity.INFO},
        ),
        Profile(
            "dev-tool",
            "A developer tool or open-source project: no dateline, quotes optional, developer "
            "acronyms allowed, economics and market size advisory.",
            disabled=frozenset({"S07", "Q04"}),
            severity={
                "Q01": Severity.INFO,
                "Q02": Severity.INFO,
                "I01": Severity.INFO,
                "I02": Severity.INFO,
                "S12": Severity.INFO,
            },
            options={"X02": {"allow": list(_DEV_ACRONYMS)}},
        ),
        Profile(
            "rfc",
            "A design proposal written backwards (public FAQ and internal FAQ): no dateline, "
            "subheading, quotes or call to action.",
            disabled=frozenset({"S06", "S07", "S12", "Q01", "Q02", "Q04"}),
            severity={
                "I01": Severity.INFO,
                "I02": Severity.INFO,
                "S04": Severity.INFO,
                "X04": Severity.INFO,
            },
            options={"X02": {"allow": list(_DEV_ACRONYMS)}},
        ),
    )
}


def get_profile(name: str) -> Profile:
    """The profile called ``name``; ``ConfigError`` naming the choices otherwise."""
    try:
        return PROFILES[name]
    except KeyError:
        choices = ", ".join(PROFILES)
        raise ConfigError(
            f"unknown PR/FAQ profile {name!r}", hint=f"Choose one of: {choices}."
        ) from None
