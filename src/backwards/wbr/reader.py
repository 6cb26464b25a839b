"""The base of the WBR config readers: located findings and typed access to YAML values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from backwards.findings import Finding, Severity
from backwards.wbr.spec import CODES, DERIVED_SUFFIXES, DISPLAYS, Metric
from backwards.wording import did_you_mean
from backwards.yamlfile import LocatedYaml

__all__ = ["IGNORED_KEYS", "Reader"]

#: Keys the WBR App's own published configs carry and the WBR App ignores: an INFO finding,
#: never an error (``box_total_scaling`` is in golden scenario 7; ``__line__`` is the key the
#: WBR App's YAML loader adds to every mapping, so a dumped config may hold it).
IGNORED_KEYS: tuple[str, ...] = ("box_total_scaling", "__line__")


class Reader:
    """Walks a parsed config, collecting every problem as a located ``Finding``.

    An unknown key is an error (a typo would silently drop a setting), a warning when
    ``allow_unknown_keys`` (for WBR App configs with stray keys), and an INFO finding for the
    ``IGNORED_KEYS``.
    """

    def __init__(self, doc: LocatedYaml, base_dir: Path, *, allow_unknown_keys: bool = False):
        self.doc = doc
        self.base_dir = base_dir
        self.allow_unknown_keys = allow_unknown_keys
        self.findings: list[Finding] = list(doc.problems)

    # -- reporting -------------------------------------------------------------------------

    def report(
        self,
        path: Sequence[str | int],
        code: str,
        message: str,
        *,
        suggestion: str | None = None,
        severity: Severity = Severity.ERROR,
        key: bool = False,
    ) -> None:
        name = CODES[code][0]
        self.findings.append(
            self.doc.finding(
                path, code, name, message, severity=severity, suggestion=suggestion, key=key
            )
        )

    def mapping(self, value: Any, path: Sequence[str | int], what: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            if "__line__" in value:  # never a metric, block or setting, wherever it is
                self.report(
                    (*path, "__line__"),
                    "WBR001",
                    "'__line__' is ignored, as the WBR App does",
                    severity=Severity.INFO,
                    key=True,
                )
            return {str(k): v for k, v in value.items() if k != "__line__"}
        self.report(path, "WBR003", f"{what} should be a mapping, not {_kind(value)}")
        return None

    def keys(
        self, data: Mapping[str, Any], path: Sequence[str | int], known: Sequence[str]
    ) -> None:
        for key in data:
            if key in known:
                continue
            if key in IGNORED_KEYS:
                self.report(
                    (*path, key),
                    "WBR001",
                    f"'{key}' is ignored, as the WBR App does",
                    severity=Severity.INFO,
                    key=True,
                )
                continue
            guess = did_you_mean(key, known)
            if self.allow_unknown_keys:
                message, severity = f"unknown key '{key}' is ignored", Severity.WARNING
            else:
                message, severity = f"unknown key '{key}'", Severity.ERROR
            hint = "remove it, or pass --allow-unknown-keys to ignore it"
            self.report(
                (*path, key),
                "WBR001",
                message,
                suggestion=f"did you mean '{guess}'?" if guess else hint,
                severity=severity,
                key=True,
            )

    def text(
        self, data: Mapping[str, Any], key: str, path: Sequence[str | int], default: str = ""
    ) -> str:
        value = data.get(key)
        if value is None:
            return default
        if isinstance(value, bool | dict | list):
            self.report((*path, key), "WBR003", f"'{key}' should be text, not {_kind(value)}")
            return default
        return str(value)

    def integer(
        self, data: Mapping[str, Any], key: str, path: Sequence[str | int], default: int | None
    ) -> int | None:
        value = data.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | str):
            self.report((*path, key), "WBR003", f"'{key}' should be a whole number")
            return default
        try:
            return int(value)
        except ValueError:
            self.report((*path, key), "WBR003", f"'{key}' should be a whole number, not {value!r}")
            return default

    # -- the walk --------------------------------------------------------------------------

    def display(
        self, data: Mapping[str, Any], path: Sequence[str | int]
    ) -> Literal["trailing_twelve_months", "fiscal_year"] | None:
        raw = data.get("x_axis_monthly_display")
        if raw is None:
            return None
        if raw == "trailing_twelve_months":
            return "trailing_twelve_months"
        if raw == "fiscal_year":
            return "fiscal_year"
        guess = did_you_mean(str(raw), DISPLAYS)
        self.report(
            (*path, "x_axis_monthly_display"),
            "WBR007",
            f"x_axis_monthly_display {raw!r} is not one of {', '.join(DISPLAYS)}",
            suggestion=f"did you mean '{guess}'?" if guess else None,
        )
        return None

    # -- metrics ---------------------------------------------------------------------------

    def name_ref(
        self,
        name: str,
        path: Sequence[str | int],
        metrics: Mapping[str, Metric],
        *,
        key: bool = False,
        derived: bool = True,
    ) -> None:
        """A WBR005 finding (with a "did you mean") unless ``name`` is a metric or, when
        ``derived``, an XYOY/XWOW/XMOM of one."""
        if name in metrics:
            return
        if derived and any(
            name.endswith(suffix) and name[: -len(suffix)] in metrics for suffix in DERIVED_SUFFIXES
        ):
            return
        guess = did_you_mean(name, list(metrics))
        self.report(
            path,
            "WBR005",
            f"'{name}' is not a defined metric",
            suggestion=f"did you mean '{guess}'?" if guess else "define it under 'metrics:'",
            key=key,
        )

    # -- deck ------------------------------------------------------------------------------


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value) if len(repr(value)) < 40 else type(value).__name__
