"""Reading a WBR config (setup, metrics, sources, annotations) into a ``WbrSpec``: ``load_spec``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from backwards.findings import Finding, Severity
from backwards.wbr.blockreader import BlockReader
from backwards.wbr.calendar import MONTHS, parse_week_ending
from backwards.wbr.query import QueryError, parse_query
from backwards.wbr.reader import Reader
from backwards.wbr.spec import (
    AGGFS,
    FUNCTION_OPS,
    ColumnMetric,
    Comparison,
    DbQuery,
    FilterMetric,
    FunctionMetric,
    Metric,
    Setup,
    Thresholds,
    WbrSpec,
)
from backwards.wording import did_you_mean
from backwards.yamlfile import LocatedYaml, load_yaml

__all__ = ["SpecReader", "load_spec", "parse_spec"]


class SpecReader:
    """The whole config: ``run()`` returns the spec and every finding.

    Composed of a ``Reader`` (the findings and typed access to values, shared) and a
    ``BlockReader`` for ``deck:``.
    """

    def __init__(
        self,
        doc: LocatedYaml,
        base_dir: Path,
        *,
        allow_unknown_keys: bool = False,
        roots: Sequence[Path] | None = None,
    ):
        self.r = Reader(doc, base_dir, allow_unknown_keys=allow_unknown_keys)
        self.base_dir = base_dir
        self.roots = roots
        self.deck = BlockReader(self.r)
        self.db_queries: list[DbQuery] = []
        self.annotation_queries: list[DbQuery] = []

    def run(self, *, partial: bool = False) -> tuple[WbrSpec | None, list[Finding]]:
        root = self.r.mapping(self.r.doc.data, (), "the WBR config")
        if root is None:
            return None, self.r.findings
        self.r.keys(root, (), ("setup", "metrics", "deck", "data_sources", "annotations"))
        for key in ("setup", "metrics", "deck"):
            if key not in root:
                self.r.report(
                    (), "WBR002", f"'{key}' is required but missing", suggestion=f"add '{key}:'"
                )
        setup = self.setup(root.get("setup"))
        metrics = self.metrics(root.get("metrics") or {})
        blocks = self.deck.blocks(root.get("deck") or [], metrics)
        csv_files = self.data_sources(root.get("data_sources"))
        if csv_files and self.db_queries:
            self.r.report(
                self.db_queries[0].where[:2],
                "WBR030",
                "data_sources mixes csv_files and database queries: the CSV files are read and "
                "the queries are not (a deck is computed in one place)",
                suggestion="keep one kind of source, or pass --data to choose",
                severity=Severity.WARNING,
                key=True,
            )
        annotations = self.annotations(root.get("annotations"))
        setup = self.with_db_config(setup, root.get("setup"))
        self.check_references(metrics)
        errors = any(f.severity is Severity.ERROR for f in self.r.findings)
        if setup is None or (errors and not partial):
            return None, self.r.findings
        spec = WbrSpec(
            file=self.r.doc.file,
            setup=setup,
            metrics=metrics,
            blocks=tuple(blocks),
            csv_files=csv_files,
            annotation_files=tuple(annotations),
            doc=self.r.doc,
            db_queries=tuple(self.db_queries),
            annotation_queries=tuple(self.annotation_queries),
        )
        return spec, self.r.findings

    def setup(self, value: Any) -> Setup | None:
        data = self.r.mapping(value if value is not None else {}, ("setup",), "'setup'")
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
        self.r.keys(data, ("setup",), known)
        week_ending: dt.date | None = None
        raw = data.get("week_ending")
        if raw is None:
            self.r.report(
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
                self.r.report(
                    ("setup", "week_ending"),
                    "WBR004",
                    f"week_ending {raw!r} is not a date",
                    suggestion="write it as DD-MON-YYYY, e.g. 25-SEP-2021",
                )
        week_number = self.r.integer(data, "week_number", ("setup",), None)
        derived = {
            "week_number": "it is derived from week_ending",
            "title": "the deck is titled 'WBR'",
        }
        for key in (k for k in derived if k not in data):
            message = f"'setup.{key}' is missing; {derived[key]}"
            self.r.report(("setup",), "WBR009", message, severity=Severity.INFO, key=True)
        fy = 12
        raw_fy = data.get("fiscal_year_end_month")
        if raw_fy is not None:
            month = str(raw_fy).strip().upper()[:3]
            if month in MONTHS:
                fy = MONTHS.index(month) + 1
            else:
                self.r.report(
                    ("setup", "fiscal_year_end_month"),
                    "WBR007",
                    f"fiscal_year_end_month {raw_fy!r} is not a month",
                    suggestion="use a three-letter month such as DEC or jun",
                )
        tooltip = data.get("tooltip", False)
        if not isinstance(tooltip, bool):
            tooltip = str(tooltip).strip().lower() == "true"
        display = self.r.display(data, ("setup",)) or "trailing_twelve_months"
        return Setup(
            week_ending=week_ending,
            week_number=week_number,
            title=self.r.text(data, "title", ("setup",), "WBR"),
            fiscal_year_end_month=fy,
            block_starting_number=self.r.integer(data, "block_starting_number", ("setup",), 1) or 1,
            tooltip=tooltip,
            monthly_display=display,
        )

    def metrics(self, value: Any) -> dict[str, Metric]:
        data = self.r.mapping(value, ("metrics",), "'metrics'")
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
        data = self.r.mapping(value, path, f"metric '{name}'")
        if data is None:
            return None
        common = (
            "metric_comparison_method",
            "owner",
            "good_direction",
            "target",
            "variance_threshold",
        )
        comparison = self.comparison(data, path)
        good = self.good_direction(data, path)
        target = self.target(data, path)
        base: dict[str, Any] = {
            "name": name,
            "comparison": comparison,
            "line": self.r.doc.locate(path).line if self.r.doc.locate(path) else None,  # type: ignore[union-attr]
            "owner": self.r.text(data, "owner", path) or None,
            "good_direction": good,
            "target": target,
            "thresholds": self.thresholds(
                data.get("variance_threshold"), (*path, "variance_threshold")
            ),
        }
        if "column" in data:
            self.r.keys(data, path, ("column", "aggf", *common))
            aggf = self.aggf(data, path)
            return ColumnMetric(**base, column=self.r.text(data, "column", path), aggf=aggf)
        if "filter" in data:
            self.r.keys(data, path, ("filter", "aggf", *common))
            aggf = self.aggf(data, path)
            fpath = (*path, "filter")
            fdata = self.r.mapping(data["filter"], fpath, "'filter'") or {}
            self.r.keys(fdata, fpath, ("base_column", "query"))
            for key in ("base_column", "query"):
                if key not in fdata:
                    self.r.report(fpath, "WBR002", f"'filter.{key}' is missing", key=True)
            query = self.r.text(fdata, "query", fpath)
            try:
                predicate = parse_query(query) if query else None
            except QueryError as exc:
                self.r.report((*fpath, "query"), "WBR008", f"filter query {query!r}: {exc}")
                predicate = None
            if predicate is None:
                return None
            return FilterMetric(
                **base,
                column=self.r.text(fdata, "base_column", fpath),
                query=query,
                predicate=predicate,
                aggf=aggf,
            )
        if "function" in data:
            self.r.keys(data, path, ("function", *common))
            return self.function(base, data["function"], (*path, "function"))
        self.r.report(
            path,
            "WBR002",
            f"metric '{name}' has none of 'column', 'filter' or 'function'",
            suggestion="add 'column: <CSV column>' and 'aggf: sum'",
            key=True,
        )
        return None

    def comparison(self, data: Mapping[str, Any], path: tuple[str | int, ...]) -> Comparison:
        method = data.get("metric_comparison_method")
        if method is None:
            return "%"
        if str(method).strip().lower() == "bps":
            return "bps"
        if str(method).strip() not in ("%", "percent", "pct"):
            self.r.report(
                (*path, "metric_comparison_method"),
                "WBR007",
                f"metric_comparison_method {method!r} is not 'bps' or '%'",
                suggestion="use 'bps' for rates compared in basis points, or '%' (default)",
            )
        return "%"

    def good_direction(
        self, data: Mapping[str, Any], path: tuple[str | int, ...]
    ) -> Literal["up", "down"] | None:
        direction = data.get("good_direction")
        if direction is None:
            return None
        if str(direction).lower() in ("up", "down"):
            return "up" if str(direction).lower() == "up" else "down"
        self.r.report(
            (*path, "good_direction"), "WBR007", "good_direction should be 'up' or 'down'"
        )
        return None

    def target(self, data: Mapping[str, Any], path: tuple[str | int, ...]) -> str | float | None:
        target = data.get("target")
        if target is None:
            return None
        if isinstance(target, bool) or not isinstance(target, int | float | str):
            self.r.report((*path, "target"), "WBR003", "target should be a metric name or a number")
            return None
        return float(target) if isinstance(target, int | float) else target

    def aggf(self, data: Mapping[str, Any], path: Sequence[str | int]) -> str:
        raw = data.get("aggf")
        if raw is None:
            self.r.report(
                path, "WBR002", "'aggf' is missing", suggestion="add 'aggf: sum'", key=True
            )
            return "sum"
        name = str(raw).strip().lower()
        if name not in AGGFS:
            guess = did_you_mean(name, list(AGGFS))
            self.r.report(
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
        data = self.r.mapping(value, path, "'function'")
        if data is None:
            return None
        if len(data) != 1 or next(iter(data)) not in FUNCTION_OPS:
            keys = ", ".join(data) or "nothing"
            self.r.report(
                path,
                "WBR007",
                f"'function' should hold one of {', '.join(FUNCTION_OPS)}, not {keys}",
            )
            return None
        op = next(iter(data))
        raw = data[op]
        if not isinstance(raw, list) or not raw:
            self.r.report((*path, op), "WBR003", f"'{op}' should be a list of operands")
            return None
        operands: list[str] = []
        for i, item in enumerate(raw):
            ipath = (*path, op, i)
            entry = self.r.mapping(item, ipath, "an operand") or {}
            if len(entry) != 1 or next(iter(entry)) not in ("metric", "column"):
                self.r.report(ipath, "WBR003", "an operand should be 'metric: {name: X}'")
                continue
            kind = next(iter(entry))
            inner = self.r.mapping(entry[kind], (*ipath, kind), "an operand") or {}
            self.r.keys(inner, (*ipath, kind), ("name",))
            if "name" not in inner:
                self.r.report((*ipath, kind), "WBR002", "the operand has no 'name'", key=True)
                continue
            operands.append(str(inner["name"]))
        if op != "sum" and len(raw) > 2:
            self.r.report(
                (*path, op),
                "WBR016",
                f"'{op}' has {len(raw)} operands: backwards applies it left to right over all of "
                "them, the WBR App uses only the first two",
                severity=Severity.WARNING,
            )
        if op != "sum" and len(operands) < 2:
            self.r.report((*path, op), "WBR003", f"'{op}' needs two operands")
            return None
        return FunctionMetric(**base, op=op, operands=tuple(operands))  # type: ignore[arg-type]

    def thresholds(self, value: Any, path: tuple[str | int, ...]) -> Thresholds:
        if value is None:
            return Thresholds()
        data = self.r.mapping(value, path, "'variance_threshold'") or {}
        self.r.keys(data, path, ("wow", "yoy", "target"))
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
                self.r.report(
                    (*path, key), "WBR003", f"'{key}' should be a number such as 10 or 50bps"
                )
                limits[key] = None
        return Thresholds(**limits)

    def check_references(self, metrics: Mapping[str, Metric]) -> None:
        for name, metric in metrics.items():
            if isinstance(metric, FunctionMetric):
                for i, operand in enumerate(metric.operands):
                    if operand not in metrics:
                        path = ("metrics", name, "function", metric.op, i)
                        self.r.name_ref(operand, path, metrics, derived=False)
            if isinstance(metric.target, str) and metric.target not in metrics:
                self.r.name_ref(metric.target, ("metrics", name, "target"), metrics, derived=False)
        # cycles
        state: dict[str, int] = {}

        def visit(name: str, chain: list[str]) -> None:
            metric = metrics.get(name)
            if not isinstance(metric, FunctionMetric) or state.get(name) == 2:
                return
            if state.get(name) == 1:
                cycle = [*chain[chain.index(name) :], name]
                self.r.report(
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

    def data_sources(self, value: Any) -> dict[str, Path]:
        if value is None:
            return {}
        data = self.r.mapping(value, ("data_sources",), "'data_sources'") or {}
        out: dict[str, Path] = {}
        for key, spec in data.items():
            if key != "csv_files":
                self.db_queries += self.queries(spec, ("data_sources", key), key)
                continue
            files = self.r.mapping(spec, ("data_sources", "csv_files"), "'csv_files'") or {}
            for alias, entry in files.items():
                epath = ("data_sources", "csv_files", alias)
                e = self.r.mapping(entry, epath, "a CSV source") or {}
                self.r.keys(e, epath, ("url_or_path",))
                where = e.get("url_or_path")
                if not isinstance(where, str):
                    self.r.report(epath, "WBR002", "the CSV source needs 'url_or_path'", key=True)
                    continue
                if where.startswith(("http://", "https://")):
                    self.r.report(
                        (*epath, "url_or_path"),
                        "WBR007",
                        "URLs are not read (backwards works offline)",
                        suggestion="download the file and give its path",
                    )
                    continue
                path = self.path((*epath, "url_or_path"), where)
                if path is not None:
                    out[alias] = path
        return out

    def queries(self, value: Any, where: tuple[str | int, ...], connection: str) -> list[DbQuery]:
        """``{<alias>: {query: SQL}}`` of one database connection."""
        out = []
        for alias, entry in (self.r.mapping(value, where, "a database source") or {}).items():
            epath = (*where, alias)
            e = self.r.mapping(entry, epath, "a database query") or {}
            self.r.keys(e, epath, ("query",))
            query = e.get("query")
            if not isinstance(query, str) or not query.strip():
                self.r.report(epath, "WBR002", "the database source needs 'query: SQL'", key=True)
                continue
            out.append(DbQuery(connection, alias, query, (*epath, "query")))
        return out

    def with_db_config(self, setup: Setup | None, value: Any) -> Setup | None:
        """``setup`` with ``db_config_url`` read: a connections file (relative to the config's
        folder) or a SQLAlchemy URL. A URL to download is a warning: the database queries
        cannot run, but ``--data`` or ``csv_files`` may replace them."""
        raw = value.get("db_config_url") if isinstance(value, dict) else None
        if setup is None or raw is None:
            return setup
        where = ("setup", "db_config_url")
        text = str(raw).strip()
        if text.startswith(("http://", "https://")):
            self.r.report(
                where,
                "WBR007",
                "connections files are not downloaded (backwards works offline), so the "
                "database sources cannot be read",
                suggestion="download the connections file and give its path",
                severity=Severity.WARNING,
            )
            return setup
        if "://" in text:  # a SQLAlchemy URL
            return replace(setup, db_config_url=text)
        path = self.path(where, text)
        if path is None:
            return setup
        if not path.is_file():
            self.r.report(
                where,
                "WBR018",
                f"the connections file {text!r} does not exist",
                suggestion="check the path (relative to the config's folder)",
            )
            return setup
        return replace(setup, db_config_url=str(path))

    def path(self, where: tuple[str | int, ...], text: str) -> Path | None:
        """``text`` resolved against the config's folder; None (with a WBR017 finding) when it
        lies outside every allowed root (``roots`` None: anywhere is allowed)."""
        path = (self.base_dir / Path(text).expanduser()).resolve()
        if self.roots is None or any(path.is_relative_to(r) for r in self.roots):
            return path
        self.r.report(
            where,
            "WBR017",
            f"{text!r} lies outside the workspace and the config's folder, so it is not read",
            suggestion="move the file into the workspace, or allow it with "
            "--allow-outside-paths (wbr.allow_outside_paths: true in backwards.yaml)",
        )
        return None

    def annotations(self, value: Any) -> list[Path]:
        if value is None:
            return []
        items: Any = value
        where: tuple[str | int, ...] = ("annotations",)
        if isinstance(value, dict):
            self.r.keys(value, ("annotations",), ("csv_files", "data_sources"))
            sources = value.get("data_sources")
            if sources is not None:
                where_db: tuple[str | int, ...] = ("annotations", "data_sources")
                for name, queries in (
                    self.r.mapping(sources, where_db, "'data_sources'") or {}
                ).items():
                    self.annotation_queries += self.queries(queries, (*where_db, name), name)
            items = value.get("csv_files") or []
            where = ("annotations", "csv_files")
        if not isinstance(items, list):
            self.r.report(("annotations",), "WBR003", "'annotations' should be a list of CSV paths")
            return []
        out = []
        for i, text in enumerate(items):
            if not isinstance(text, str):
                self.r.report((*where, i), "WBR003", "an annotation file should be a path")
                continue
            path = self.path((*where, i), text)
            if path is None:
                continue
            if not path.is_file():
                self.r.report(
                    (*where, i),
                    "WBR018",
                    f"the annotation file {text!r} does not exist",
                    suggestion="check the path (relative to the config's folder)",
                )
                continue
            out.append(path)
        return out


def load_spec(
    path: Path | str,
    *,
    partial: bool = False,
    allow_unknown_keys: bool = False,
    workspace_root: Path | None = None,
    allow_outside_paths: bool = False,
) -> tuple[WbrSpec | None, list[Finding]]:
    """Read and validate a WBR config file. Malformed YAML raises ``ConfigError``.

    The spec is None when the config has errors, unless ``partial``: then it holds what could
    be read (for checking the data too), and must not be built. Unknown keys are errors unless
    ``allow_unknown_keys`` (then warnings); ``box_total_scaling`` and ``__line__`` are INFO.
    Data and annotation paths must lie in the config's folder or ``workspace_root`` (WBR017)
    unless ``allow_outside_paths``.
    """
    doc = load_yaml(path)
    base_dir = Path(path).resolve().parent
    roots = None
    if not allow_outside_paths:
        roots = [base_dir] + ([workspace_root.resolve()] if workspace_root is not None else [])
    return parse_spec(
        doc,
        base_dir=base_dir,
        partial=partial,
        allow_unknown_keys=allow_unknown_keys,
        roots=roots,
    )


def parse_spec(
    doc: LocatedYaml,
    *,
    base_dir: Path,
    partial: bool = False,
    allow_unknown_keys: bool = False,
    roots: Sequence[Path] | None = None,
) -> tuple[WbrSpec | None, list[Finding]]:
    """Validate parsed YAML; returns the spec (see ``load_spec``) and every finding.

    ``roots``: the folders data and annotation paths must lie in (None: anywhere)."""
    reader = SpecReader(doc, base_dir, allow_unknown_keys=allow_unknown_keys, roots=roots)
    return reader.run(partial=partial)
