"""The WBR config: the WBR App's YAML (plus our keys) read into a validated ``WbrSpec``.

``parse_spec`` walks the YAML by hand (the WBR App's shapes, such as metric names as keys and
``- block: {...}`` wrappers, do not suit a fixed model) and reports *every* problem as a located
``Finding``: unknown keys with a "did you mean" (a warning, since the WBR App ignores them), wrong
types, missing keys, bad dates, unknown metrics and dependency cycles. Codes are listed in
``CODES`` and documented in ``docs/wbr.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from backwards.config import LocatedYaml, did_you_mean, load_yaml
from backwards.findings import Finding, Severity
from backwards.wbr.calendar import MONTHS, parse_week_ending
from backwards.wbr.query import Predicate, QueryError, parse_query

__all__ = [
    "AGGFS",
    "CODES",
    "ChartMetric",
    "ChartSpec",
    "ColumnMetric",
    "EmbedSpec",
    "FilterMetric",
    "FunctionMetric",
    "Metric",
    "MonthsTableSpec",
    "RowSpec",
    "SectionSpec",
    "Setup",
    "Thresholds",
    "WbrSpec",
    "WeeksTableSpec",
    "load_spec",
    "parse_spec",
]

#: Every finding code of the WBR config and data checks: code -> (name, meaning).
CODES: dict[str, tuple[str, str]] = {
    "WBR001": ("unknown-key", "a key the WBR App and backwards do not read (ignored)"),
    "WBR002": ("missing-key", "a required key is missing"),
    "WBR003": ("wrong-type", "a value has the wrong type"),
    "WBR004": ("bad-date", "week_ending is not a date like 25-SEP-2021"),
    "WBR005": ("unknown-metric", "a block, row, operand or target names no defined metric"),
    "WBR006": ("metric-cycle", "function metrics depend on each other in a circle"),
    "WBR007": ("bad-value", "a value is not one of the accepted choices"),
    "WBR008": ("bad-filter", "a filter query cannot be read"),
    "WBR009": ("derived-value", "week_number or title is missing and is derived"),
    "WBR010": ("missing-column", "a metric names a column that no data source has"),
    "WBR011": ("non-numeric", "a metric's column holds text that is not a number"),
    "WBR012": ("bad-data-date", "a Date cell cannot be read as a date"),
    "WBR013": ("week-outside-data", "week_ending lies outside the data's dates"),
    "WBR014": ("duplicate-column", "a data file has the same column header twice"),
    "WBR015": ("empty-data", "a data file has no rows"),
    "WBR016": ("extra-operands", "divide/product/difference with more than two operands"),
}

AGGFS: dict[str, str] = {
    "sum": "sum",
    "mean": "mean",
    "avg": "mean",
    "average": "mean",
    "min": "min",
    "max": "max",
    "first": "first",
    "last": "last",
    "median": "median",
    "count": "count",
    "nunique": "nunique",
    "std": "std",
}
FUNCTION_OPS = ("sum", "difference", "product", "divide")
UI_TYPES = ("6_12Graph", "6_WeeksTable", "12_MonthsTable", "section", "embedded_content")
DISPLAYS = ("trailing_twelve_months", "fiscal_year")
DERIVED_SUFFIXES = ("YOY", "WOW", "MOM")

Comparison = Literal["%", "bps"]


@dataclass(frozen=True, slots=True)
class Thresholds:
    """``variance_threshold``: limits on last week's change, in the metric's unit (% or bps)."""

    wow: float | None = None
    yoy: float | None = None
    target: float | None = None


@dataclass(frozen=True, slots=True)
class _MetricBase:
    name: str
    comparison: Comparison
    line: int | None
    owner: str | None
    good_direction: Literal["up", "down"] | None
    target: str | float | None  # a metric name or a constant
    thresholds: Thresholds


@dataclass(frozen=True, slots=True)
class ColumnMetric(_MetricBase):
    column: str
    aggf: str


@dataclass(frozen=True, slots=True)
class FilterMetric(_MetricBase):
    column: str  # base_column
    query: str
    predicate: Predicate
    aggf: str


@dataclass(frozen=True, slots=True)
class FunctionMetric(_MetricBase):
    op: Literal["sum", "difference", "product", "divide"]
    operands: tuple[str, ...]


Metric = ColumnMetric | FilterMetric | FunctionMetric


@dataclass(frozen=True, slots=True)
class Setup:
    week_ending: dt.date | None
    week_number: int | None  # None: derived from week_ending
    title: str
    fiscal_year_end_month: int
    block_starting_number: int
    tooltip: bool
    monthly_display: Literal["trailing_twelve_months", "fiscal_year"]


@dataclass(frozen=True, slots=True)
class ChartMetric:
    name: str
    line_style: str
    graph_prior_year: bool
    legend: str


@dataclass(frozen=True, slots=True)
class ChartSpec:
    title: str
    y_scaling: str
    monthly_display: Literal["trailing_twelve_months", "fiscal_year"] | None
    axes: int | None
    metrics: tuple[ChartMetric, ...]
    kind: Literal["6_12Graph"] = "6_12Graph"


@dataclass(frozen=True, slots=True)
class RowSpec:
    header: str
    metric: str | None
    style: str
    y_scaling: str


@dataclass(frozen=True, slots=True)
class WeeksTableSpec:
    title: str
    rows: tuple[RowSpec, ...]
    kind: Literal["6_WeeksTable"] = "6_WeeksTable"


@dataclass(frozen=True, slots=True)
class MonthsTableSpec:
    title: str
    monthly_display: Literal["trailing_twelve_months", "fiscal_year"] | None
    rows: tuple[RowSpec, ...]
    kind: Literal["12_MonthsTable"] = "12_MonthsTable"


@dataclass(frozen=True, slots=True)
class SectionSpec:
    title: str
    kind: Literal["section"] = "section"


@dataclass(frozen=True, slots=True)
class EmbedSpec:
    title: str
    source: str
    name: str
    width: str
    height: str
    kind: Literal["embedded_content"] = "embedded_content"


BlockSpec = ChartSpec | WeeksTableSpec | MonthsTableSpec | SectionSpec | EmbedSpec


@dataclass(frozen=True, slots=True)
class WbrSpec:
    """A validated WBR config. Paths in ``csv_files``/``annotation_files`` are absolute."""

    file: str
    setup: Setup
    metrics: Mapping[str, Metric]
    blocks: tuple[BlockSpec, ...]
    csv_files: Mapping[str, Path]  # alias -> path (columns read as alias.column)
    annotation_files: tuple[Path, ...]
    doc: LocatedYaml = field(compare=False, repr=False)

    def locate(self, path: Sequence[str | int]) -> tuple[int | None, int | None]:
        loc = self.doc.locate(path)
        return (loc.line, loc.column) if loc else (None, None)

    def has_name(self, name: str) -> bool:
        """Whether ``name`` is a metric or a derived XYOY/XWOW/XMOM of one."""
        return self.base_of(name) is not None

    def base_of(self, name: str) -> str | None:
        if name in self.metrics:
            return name
        for suffix in DERIVED_SUFFIXES:
            if name.endswith(suffix) and name[: -len(suffix)] in self.metrics:
                return name[: -len(suffix)]
        return None


def load_spec(path: Path | str) -> tuple[WbrSpec | None, list[Finding]]:
    """Read and validate a WBR config file. Malformed YAML raises ``ConfigError``."""
    doc = load_yaml(path)
    return parse_spec(doc, base_dir=Path(path).resolve().parent)


def parse_spec(doc: LocatedYaml, *, base_dir: Path) -> tuple[WbrSpec | None, list[Finding]]:
    """Validate parsed YAML; returns the spec (None when any error) and every finding."""
    return _Parser(doc, base_dir).run()


class _Parser:
    def __init__(self, doc: LocatedYaml, base_dir: Path) -> None:
        self.doc = doc
        self.base_dir = base_dir
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
            return {str(k): v for k, v in value.items() if k != "__line__"}
        self.report(path, "WBR003", f"{what} should be a mapping, not {_kind(value)}")
        return None

    def keys(
        self, data: Mapping[str, Any], path: Sequence[str | int], known: Sequence[str]
    ) -> None:
        for key in data:
            if key not in known:
                guess = did_you_mean(key, known)
                self.report(
                    (*path, key),
                    "WBR001",
                    f"unknown key '{key}' is ignored",
                    suggestion=f"did you mean '{guess}'?" if guess else "remove it",
                    severity=Severity.WARNING,
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

    def run(self) -> tuple[WbrSpec | None, list[Finding]]:
        root = self.mapping(self.doc.data, (), "the WBR config")
        if root is None:
            return None, self.findings
        self.keys(root, (), ("setup", "metrics", "deck", "data_sources", "annotations"))
        for key in ("setup", "metrics", "deck"):
            if key not in root:
                self.report(
                    (), "WBR002", f"'{key}' is required but missing", suggestion=f"add '{key}:'"
                )
        setup = self.setup(root.get("setup"))
        metrics = self.metrics(root.get("metrics") or {})
        blocks = self.blocks(root.get("deck") or [], metrics)
        csv_files = self.data_sources(root.get("data_sources"))
        annotations = self.annotations(root.get("annotations"))
        self.check_references(metrics)
        if any(f.severity is Severity.ERROR for f in self.findings) or setup is None:
            return None, self.findings
        spec = WbrSpec(
            file=self.doc.file,
            setup=setup,
            metrics=metrics,
            blocks=tuple(blocks),
            csv_files=csv_files,
            annotation_files=tuple(annotations),
            doc=self.doc,
        )
        return spec, self.findings

    def setup(self, value: Any) -> Setup | None:
        data = self.mapping(value if value is not None else {}, ("setup",), "'setup'")
        if data is None:
            return None
        known = (
            "week_ending",
            "week_number",
            "title",
            "fiscal_year_end_month",
            "block_starting_number",
            "tooltip",
            "x_axis_monthly_display",
            "db_config_url",
        )
        self.keys(data, ("setup",), known)
        week_ending: dt.date | None = None
        raw = data.get("week_ending")
        if raw is None:
            self.report(
                ("setup",),
                "WBR002",
                "'setup.week_ending' is missing",
                suggestion="add 'week_ending: 25-SEP-2021', or pass --week-ending",
                severity=Severity.WARNING,
                key=True,
            )
        else:
            try:
                week_ending = parse_week_ending(raw)
            except ValueError:
                self.report(
                    ("setup", "week_ending"),
                    "WBR004",
                    f"week_ending {raw!r} is not a date",
                    suggestion="write it as DD-MON-YYYY, e.g. 25-SEP-2021",
                )
        week_number = self.integer(data, "week_number", ("setup",), None)
        if "week_number" not in data:
            self.report(
                ("setup",),
                "WBR009",
                "'setup.week_number' is missing; it is derived from week_ending",
                severity=Severity.INFO,
                key=True,
            )
        if "title" not in data:
            self.report(
                ("setup",),
                "WBR009",
                "'setup.title' is missing; the deck is titled 'WBR'",
                severity=Severity.INFO,
                key=True,
            )
        fy = 12
        raw_fy = data.get("fiscal_year_end_month")
        if raw_fy is not None:
            month = str(raw_fy).strip().upper()[:3]
            if month in MONTHS:
                fy = MONTHS.index(month) + 1
            else:
                self.report(
                    ("setup", "fiscal_year_end_month"),
                    "WBR007",
                    f"fiscal_year_end_month {raw_fy!r} is not a month",
                    suggestion="use a three-letter month such as DEC or jun",
                )
        tooltip = data.get("tooltip", False)
        if not isinstance(tooltip, bool):
            tooltip = str(tooltip).strip().lower() == "true"
        display = self.display(data, ("setup",)) or "trailing_twelve_months"
        return Setup(
            week_ending=week_ending,
            week_number=week_number,
            title=self.text(data, "title", ("setup",), "WBR"),
            fiscal_year_end_month=fy,
            block_starting_number=self.integer(data, "block_starting_number", ("setup",), 1) or 1,
            tooltip=tooltip,
            monthly_display=display,
        )

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

    def metrics(self, value: Any) -> dict[str, Metric]:
        data = self.mapping(value, ("metrics",), "'metrics'")
        if data is None:
            return {}
        out: dict[str, Metric] = {}
        for name, spec in data.items():
            metric = self.metric(name, spec)
            if metric is not None:
                out[name] = metric
        return out

    def metric(self, name: str, value: Any) -> Metric | None:
        path = ("metrics", name)
        data = self.mapping(value, path, f"metric '{name}'")
        if data is None:
            return None
        common = (
            "metric_comparison_method",
            "owner",
            "good_direction",
            "target",
            "variance_threshold",
        )
        comparison: Comparison = "%"
        method = data.get("metric_comparison_method")
        if method is not None:
            if str(method).strip().lower() == "bps":
                comparison = "bps"
            elif str(method).strip() not in ("%", "percent", "pct"):
                self.report(
                    (*path, "metric_comparison_method"),
                    "WBR007",
                    f"metric_comparison_method {method!r} is not 'bps' or '%'",
                    suggestion="use 'bps' for rates compared in basis points, or '%' (default)",
                )
        direction = data.get("good_direction")
        good: Literal["up", "down"] | None = None
        if direction is not None:
            if str(direction).lower() in ("up", "down"):
                good = "up" if str(direction).lower() == "up" else "down"
            else:
                self.report(
                    (*path, "good_direction"), "WBR007", "good_direction should be 'up' or 'down'"
                )
        target = data.get("target")
        if target is not None and (
            isinstance(target, bool) or not isinstance(target, int | float | str)
        ):
            self.report((*path, "target"), "WBR003", "target should be a metric name or a number")
            target = None
        if isinstance(target, int | float) and not isinstance(target, bool):
            target = float(target)
        base: dict[str, Any] = {
            "name": name,
            "comparison": comparison,
            "line": self.doc.locate(path).line if self.doc.locate(path) else None,  # type: ignore[union-attr]
            "owner": self.text(data, "owner", path) or None,
            "good_direction": good,
            "target": target,
            "thresholds": self.thresholds(
                data.get("variance_threshold"), (*path, "variance_threshold")
            ),
        }
        if "column" in data:
            self.keys(data, path, ("column", "aggf", *common))
            aggf = self.aggf(data, path)
            return ColumnMetric(**base, column=self.text(data, "column", path), aggf=aggf)
        if "filter" in data:
            self.keys(data, path, ("filter", "aggf", *common))
            aggf = self.aggf(data, path)
            fpath = (*path, "filter")
            fdata = self.mapping(data["filter"], fpath, "'filter'") or {}
            self.keys(fdata, fpath, ("base_column", "query"))
            for key in ("base_column", "query"):
                if key not in fdata:
                    self.report(fpath, "WBR002", f"'filter.{key}' is missing", key=True)
            query = self.text(fdata, "query", fpath)
            try:
                predicate = parse_query(query) if query else None
            except QueryError as exc:
                self.report((*fpath, "query"), "WBR008", f"filter query {query!r}: {exc}")
                predicate = None
            if predicate is None:
                return None
            return FilterMetric(
                **base,
                column=self.text(fdata, "base_column", fpath),
                query=query,
                predicate=predicate,
                aggf=aggf,
            )
        if "function" in data:
            self.keys(data, path, ("function", *common))
            return self.function(base, data["function"], (*path, "function"))
        self.report(
            path,
            "WBR002",
            f"metric '{name}' has none of 'column', 'filter' or 'function'",
            suggestion="add 'column: <CSV column>' and 'aggf: sum'",
            key=True,
        )
        return None

    def aggf(self, data: Mapping[str, Any], path: Sequence[str | int]) -> str:
        raw = data.get("aggf")
        if raw is None:
            self.report(path, "WBR002", "'aggf' is missing", suggestion="add 'aggf: sum'", key=True)
            return "sum"
        name = str(raw).strip().lower()
        if name not in AGGFS:
            guess = did_you_mean(name, list(AGGFS))
            self.report(
                (*path, "aggf"),
                "WBR007",
                f"aggf {raw!r} is not a known aggregation",
                suggestion=f"did you mean '{guess}'?" if guess else "use sum, mean, min, max, ...",
            )
            return "sum"
        return AGGFS[name]

    def function(
        self, base: dict[str, Any], value: Any, path: tuple[str | int, ...]
    ) -> FunctionMetric | None:
        data = self.mapping(value, path, "'function'")
        if data is None:
            return None
        if len(data) != 1 or next(iter(data)) not in FUNCTION_OPS:
            keys = ", ".join(data) or "nothing"
            self.report(
                path,
                "WBR007",
                f"'function' should hold one of {', '.join(FUNCTION_OPS)}, not {keys}",
            )
            return None
        op = next(iter(data))
        raw = data[op]
        if not isinstance(raw, list) or not raw:
            self.report((*path, op), "WBR003", f"'{op}' should be a list of operands")
            return None
        operands: list[str] = []
        for i, item in enumerate(raw):
            ipath = (*path, op, i)
            entry = self.mapping(item, ipath, "an operand") or {}
            if len(entry) != 1 or next(iter(entry)) not in ("metric", "column"):
                self.report(ipath, "WBR003", "an operand should be 'metric: {name: X}'")
                continue
            kind = next(iter(entry))
            inner = self.mapping(entry[kind], (*ipath, kind), "an operand") or {}
            self.keys(inner, (*ipath, kind), ("name",))
            if "name" not in inner:
                self.report((*ipath, kind), "WBR002", "the operand has no 'name'", key=True)
                continue
            operands.append(str(inner["name"]))
        if op != "sum" and len(raw) > 2:
            self.report(
                (*path, op),
                "WBR016",
                f"'{op}' has {len(raw)} operands: backwards applies it left to right over all of "
                "them, the WBR App uses only the first two",
                severity=Severity.WARNING,
            )
        if op != "sum" and len(operands) < 2:
            self.report((*path, op), "WBR003", f"'{op}' needs two operands")
            return None
        return FunctionMetric(**base, op=op, operands=tuple(operands))  # type: ignore[arg-type]

    def thresholds(self, value: Any, path: tuple[str | int, ...]) -> Thresholds:
        if value is None:
            return Thresholds()
        data = self.mapping(value, path, "'variance_threshold'") or {}
        self.keys(data, path, ("wow", "yoy", "target"))
        limits: dict[str, float | None] = {}
        for key in ("wow", "yoy", "target"):
            raw = data.get(key)
            if raw is None:
                limits[key] = None
                continue
            text = str(raw).strip().lower().removesuffix("%").removesuffix("bps").strip()
            try:
                limits[key] = abs(float(text))
            except ValueError:
                self.report(
                    (*path, key), "WBR003", f"'{key}' should be a number such as 10 or 50bps"
                )
                limits[key] = None
        return Thresholds(**limits)

    def check_references(self, metrics: Mapping[str, Metric]) -> None:
        for name, metric in metrics.items():
            if isinstance(metric, FunctionMetric):
                for i, operand in enumerate(metric.operands):
                    if operand not in metrics:
                        self.unknown(operand, ("metrics", name, "function", metric.op, i), metrics)
            if isinstance(metric.target, str) and metric.target not in metrics:
                self.unknown(metric.target, ("metrics", name, "target"), metrics)
        # cycles
        state: dict[str, int] = {}

        def visit(name: str, chain: list[str]) -> None:
            metric = metrics.get(name)
            if not isinstance(metric, FunctionMetric) or state.get(name) == 2:
                return
            if state.get(name) == 1:
                cycle = [*chain[chain.index(name) :], name]
                self.report(
                    ("metrics", name),
                    "WBR006",
                    "function metrics depend on each other in a circle: " + " -> ".join(cycle),
                    key=True,
                )
                return
            state[name] = 1
            for operand in metric.operands:
                visit(operand, [*chain, name])
            state[name] = 2

        for name in metrics:
            visit(name, [])

    def unknown(
        self,
        name: str,
        path: Sequence[str | int],
        metrics: Mapping[str, Metric],
        *,
        key: bool = False,
    ) -> None:
        guess = did_you_mean(name, list(metrics))
        self.report(
            path,
            "WBR005",
            f"'{name}' is not a defined metric",
            suggestion=f"did you mean '{guess}'?" if guess else "define it under 'metrics:'",
            key=key,
        )

    # -- deck ------------------------------------------------------------------------------

    def blocks(self, value: Any, metrics: Mapping[str, Metric]) -> list[BlockSpec]:
        if not isinstance(value, list):
            self.report(("deck",), "WBR003", "'deck' should be a list of '- block:' items")
            return []
        out: list[BlockSpec] = []
        for i, item in enumerate(value):
            path: tuple[str | int, ...] = ("deck", i)
            wrapper = self.mapping(item, path, "a deck item")
            if wrapper is None:
                continue
            if "block" not in wrapper:
                self.report(path, "WBR002", "a deck item should be '- block: {...}'")
                continue
            self.keys(wrapper, path, ("block",))
            block = self.block(wrapper["block"], (*path, "block"), metrics)
            if block is not None:
                out.append(block)
        return out

    def name_ref(
        self,
        name: str,
        path: Sequence[str | int],
        metrics: Mapping[str, Metric],
        *,
        key: bool = False,
    ) -> None:
        base = name
        if name not in metrics:
            for suffix in DERIVED_SUFFIXES:
                if name.endswith(suffix) and name[: -len(suffix)] in metrics:
                    base = name[: -len(suffix)]
        if base not in metrics:
            self.unknown(name, path, metrics, key=key)

    def block(
        self, value: Any, path: tuple[str | int, ...], metrics: Mapping[str, Metric]
    ) -> BlockSpec | None:
        data = self.mapping(value, path, "'block'")
        if data is None:
            return None
        ui = data.get("ui_type")
        if ui not in UI_TYPES:
            guess = did_you_mean(str(ui), UI_TYPES) if ui is not None else None
            self.report(
                (*path, "ui_type") if ui is not None else path,
                "WBR007" if ui is not None else "WBR002",
                f"ui_type {ui!r} is not one of {', '.join(UI_TYPES)}"
                if ui is not None
                else "the block has no 'ui_type'",
                suggestion=f"did you mean '{guess}'?" if guess else None,
                key=ui is None,
            )
            return None
        title = self.text(data, "title", path)
        if ui == "section":
            self.keys(data, path, ("ui_type", "title"))
            return SectionSpec(title=title)
        if ui == "embedded_content":
            self.keys(data, path, ("ui_type", "title", "source", "name", "width", "height"))
            if "source" not in data:
                self.report(path, "WBR002", "embedded_content needs a 'source'", key=True)
            return EmbedSpec(
                title=title,
                source=self.text(data, "source", path),
                name=self.text(data, "name", path),
                width=self.text(data, "width", path, "100%"),
                height=self.text(data, "height", path, "400px"),
            )
        if ui == "6_12Graph":
            known = ("ui_type", "title", "y_scaling", "x_axis_monthly_display", "axes", "metrics")
            self.keys(data, path, known)
            if "metrics" not in data:
                self.report(path, "WBR002", "a 6_12Graph needs 'metrics'", key=True)
            raw = self.mapping(data.get("metrics") or {}, (*path, "metrics"), "'metrics'") or {}
            chart_metrics = []
            for name, opts in raw.items():
                mpath = (*path, "metrics", name)
                self.name_ref(name, mpath, metrics, key=True)
                o = self.mapping(opts if opts is not None else {}, mpath, "chart metric") or {}
                self.keys(o, mpath, ("line_style", "graph_prior_year_flag", "legend_name"))
                flag = o.get("graph_prior_year_flag", True)
                chart_metrics.append(
                    ChartMetric(
                        name=name,
                        line_style=self.text(o, "line_style", mpath, "primary") or "primary",
                        graph_prior_year=flag
                        if isinstance(flag, bool)
                        else str(flag).lower() == "true",
                        legend=self.text(o, "legend_name", mpath, name) or name,
                    )
                )
            axes = self.integer(data, "axes", path, None)
            if axes is not None and axes not in (1, 2):
                self.report((*path, "axes"), "WBR007", "axes should be 1 or 2")
                axes = None
            return ChartSpec(
                title=title,
                y_scaling=self.text(data, "y_scaling", path),
                monthly_display=self.display(data, path),
                axes=axes,
                metrics=tuple(chart_metrics),
            )
        table_keys: tuple[str, ...] = ("ui_type", "title", "rows")
        if ui == "12_MonthsTable":
            table_keys = (*table_keys, "x_axis_monthly_display")
        self.keys(data, path, table_keys)
        rows = self.rows(data.get("rows"), (*path, "rows"), metrics)
        if ui == "6_WeeksTable":
            return WeeksTableSpec(title=title, rows=tuple(rows))
        return MonthsTableSpec(
            title=title, monthly_display=self.display(data, path), rows=tuple(rows)
        )

    def rows(
        self, value: Any, path: tuple[str | int, ...], metrics: Mapping[str, Metric]
    ) -> list[RowSpec]:
        if not isinstance(value, list):
            self.report(path, "WBR003", "'rows' should be a list of '- row:' items")
            return []
        out = []
        for i, item in enumerate(value):
            rpath = (*path, i)
            wrapper = self.mapping(item, rpath, "a row item") or {}
            if "row" not in wrapper:
                self.report(rpath, "WBR002", "a row item should be '- row: {...}'")
                continue
            data = self.mapping(wrapper["row"], (*rpath, "row"), "'row'") or {}
            rpath = (*rpath, "row")
            self.keys(data, rpath, ("header", "metric", "style", "y_scaling"))
            metric = data.get("metric")
            if metric is not None:
                self.name_ref(str(metric), (*rpath, "metric"), metrics)
            out.append(
                RowSpec(
                    header=self.text(data, "header", rpath),
                    metric=str(metric) if metric is not None else None,
                    style=self.text(data, "style", rpath),
                    y_scaling=self.text(data, "y_scaling", rpath),
                )
            )
        return out

    # -- sources ---------------------------------------------------------------------------

    def data_sources(self, value: Any) -> dict[str, Path]:
        if value is None:
            return {}
        data = self.mapping(value, ("data_sources",), "'data_sources'") or {}
        out: dict[str, Path] = {}
        for key, spec in data.items():
            if key != "csv_files":
                self.report(
                    ("data_sources", key),
                    "WBR001",
                    f"database source '{key}' is not supported yet and is ignored",
                    severity=Severity.WARNING,
                    key=True,
                )
                continue
            files = self.mapping(spec, ("data_sources", "csv_files"), "'csv_files'") or {}
            for alias, entry in files.items():
                epath = ("data_sources", "csv_files", alias)
                e = self.mapping(entry, epath, "a CSV source") or {}
                self.keys(e, epath, ("url_or_path",))
                where = e.get("url_or_path")
                if not isinstance(where, str):
                    self.report(epath, "WBR002", "the CSV source needs 'url_or_path'", key=True)
                    continue
                if where.startswith(("http://", "https://")):
                    self.report(
                        (*epath, "url_or_path"),
                        "WBR007",
                        "URLs are not read (backwards works offline)",
                        suggestion="download the file and give its path",
                    )
                    continue
                out[alias] = (self.base_dir / where).resolve()
        return out

    def annotations(self, value: Any) -> list[Path]:
        if value is None:
            return []
        items: Any = value
        if isinstance(value, dict):
            self.keys(value, ("annotations",), ("csv_files", "data_sources"))
            items = value.get("csv_files") or []
        if not isinstance(items, list):
            self.report(("annotations",), "WBR003", "'annotations' should be a list of CSV paths")
            return []
        return [(self.base_dir / str(p)).resolve() for p in items if isinstance(p, str)]


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value) if len(repr(value)) < 40 else type(value).__name__
