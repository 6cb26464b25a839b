"""Reading the ``deck:`` blocks of a WBR config (charts, tables, sections, embeds)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backwards.wbr.reader import Reader
from backwards.wbr.spec import (
    UI_TYPES,
    BlockSpec,
    ChartMetric,
    ChartSpec,
    EmbedSpec,
    Metric,
    MonthsTableSpec,
    RowSpec,
    SectionSpec,
    WeeksTableSpec,
)
from backwards.wording import did_you_mean

__all__ = ["BlockReader"]


class BlockReader:
    """Reads ``deck:`` into block specs; unknown metric names are findings (through ``r``)."""

    def __init__(self, reader: Reader) -> None:
        self.r = reader

    def blocks(self, value: Any, metrics: Mapping[str, Metric]) -> list[BlockSpec]:
        if not isinstance(value, list):
            self.r.report(("deck",), "WBR003", "'deck' should be a list of '- block:' items")
            return []
        out: list[BlockSpec] = []
        for i, item in enumerate(value):
            path: tuple[str | int, ...] = ("deck", i)
            wrapper = self.r.mapping(item, path, "a deck item")
            if wrapper is None:
                continue
            if "block" not in wrapper:
                self.r.report(path, "WBR002", "a deck item should be '- block: {...}'")
                continue
            self.r.keys(wrapper, path, ("block",))
            block = self.block(wrapper["block"], (*path, "block"), metrics)
            if block is not None:
                out.append(block)
        return out

    def block(
        self, value: Any, path: tuple[str | int, ...], metrics: Mapping[str, Metric]
    ) -> BlockSpec | None:
        data = self.r.mapping(value, path, "'block'")
        if data is None:
            return None
        ui = data.get("ui_type")
        if ui not in UI_TYPES:
            guess = did_you_mean(str(ui), UI_TYPES) if ui is not None else None
            self.r.report(
                (*path, "ui_type") if ui is not None else path,
                "WBR007" if ui is not None else "WBR002",
                f"ui_type {ui!r} is not one of {', '.join(UI_TYPES)}"
                if ui is not None
                else "the block has no 'ui_type'",
                suggestion=f"did you mean '{guess}'?" if guess else None,
                key=ui is None,
            )
            return None
        title = self.r.text(data, "title", path)
        if ui == "section":
            self.r.keys(data, path, ("ui_type", "title"))
            return SectionSpec(title=title)
        if ui == "embedded_content":
            self.r.keys(data, path, ("ui_type", "title", "source", "name", "width", "height"))
            if "source" not in data:
                self.r.report(path, "WBR002", "embedded_content needs a 'source'", key=True)
            return EmbedSpec(
                title=title,
                source=self.r.text(data, "source", path),
                name=self.r.text(data, "name", path),
                width=self.r.text(data, "width", path, "100%"),
                height=self.r.text(data, "height", path, "400px"),
            )
        if ui == "6_12Graph":
            known = ("ui_type", "title", "y_scaling", "x_axis_monthly_display", "axes", "metrics")
            self.r.keys(data, path, known)
            if "metrics" not in data:
                self.r.report(path, "WBR002", "a 6_12Graph needs 'metrics'", key=True)
            raw = self.r.mapping(data.get("metrics") or {}, (*path, "metrics"), "'metrics'") or {}
            chart_metrics = []
            for name, opts in raw.items():
                mpath = (*path, "metrics", name)
                self.r.name_ref(name, mpath, metrics, key=True)
                o = self.r.mapping(opts if opts is not None else {}, mpath, "chart metric") or {}
                self.r.keys(o, mpath, ("line_style", "graph_prior_year_flag", "legend_name"))
                flag = o.get("graph_prior_year_flag", True)
                chart_metrics.append(
                    ChartMetric(
                        name=name,
                        line_style=self.r.text(o, "line_style", mpath, "primary") or "primary",
                        graph_prior_year=flag
                        if isinstance(flag, bool)
                        else str(flag).lower() == "true",
                        legend=self.r.text(o, "legend_name", mpath, name) or name,
                    )
                )
            axes = self.r.integer(data, "axes", path, None)
            if axes is not None and axes not in (1, 2):
                self.r.report((*path, "axes"), "WBR007", "axes should be 1 or 2")
                axes = None
            return ChartSpec(
                title=title,
                y_scaling=self.r.text(data, "y_scaling", path),
                monthly_display=self.r.display(data, path),
                axes=axes,
                metrics=tuple(chart_metrics),
            )
        table_keys: tuple[str, ...] = ("ui_type", "title", "rows")
        if ui == "12_MonthsTable":
            table_keys = (*table_keys, "x_axis_monthly_display")
        self.r.keys(data, path, table_keys)
        rows = self.rows(data.get("rows"), (*path, "rows"), metrics)
        if ui == "6_WeeksTable":
            return WeeksTableSpec(title=title, rows=tuple(rows))
        return MonthsTableSpec(
            title=title, monthly_display=self.r.display(data, path), rows=tuple(rows)
        )

    def rows(
        self, value: Any, path: tuple[str | int, ...], metrics: Mapping[str, Metric]
    ) -> list[RowSpec]:
        if not isinstance(value, list):
            self.r.report(path, "WBR003", "'rows' should be a list of '- row:' items")
            return []
        out = []
        for i, item in enumerate(value):
            rpath = (*path, i)
            wrapper = self.r.mapping(item, rpath, "a row item") or {}
            if "row" not in wrapper:
                self.r.report(rpath, "WBR002", "a row item should be '- row: {...}'")
                continue
            data = self.r.mapping(wrapper["row"], (*rpath, "row"), "'row'") or {}
            rpath = (*rpath, "row")
            self.r.keys(data, rpath, ("header", "metric", "style", "y_scaling"))
            metric = data.get("metric")
            if metric is not None:
                self.r.name_ref(str(metric), (*rpath, "metric"), metrics)
            out.append(
                RowSpec(
                    header=self.r.text(data, "header", rpath),
                    metric=str(metric) if metric is not None else None,
                    style=self.r.text(data, "style", rpath),
                    y_scaling=self.r.text(data, "y_scaling", rpath),
                )
            )
        return out
