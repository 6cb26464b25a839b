"""The WBR deck's tables for a terminal (``--format text``) or a wiki page (``--format md``).

What a reviewer pastes: the title line, the "Needs explanation" table (one row per metric,
see :mod:`backwards.wbr.outputs.needs`), then per block its box totals (a label column and the
nine cells, the same columns in every block) or its 6-week / 12-month table. Charts are not
drawn; the numbers are formatted as in the HTML deck.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from backwards.wbr.deck import BOX_HEADERS, ChartBlock, Deck, MonthsTableBlock, WeeksTableBlock
from backwards.wbr.outputs.formats import box_cells, table_cells
from backwards.wbr.outputs.needs import BASES, needs_rows

__all__ = ["Table", "render_markdown", "render_text", "tables"]


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]  # per column: right-aligned


def _needs(deck: Deck) -> Table:
    header = ("Metric", "Owner", "Last week", *(title for _, title in BASES))
    rows = tuple(
        (r.name, r.owner, r.current, *(r.cells[b].text if b in r.cells else "" for b, _ in BASES))
        for r in needs_rows(deck)
    )
    return Table("Needs explanation", header, rows, (False, False, True, True, True, True))


def tables(deck: Deck) -> list[Table]:
    """The Needs-explanation table, then one table per chart (box totals) or table block."""
    out = [_needs(deck)]
    for block in deck.blocks:
        if isinstance(block, ChartBlock) and block.box_rows:
            rows = tuple((label, *cells) for label, cells in box_cells(block))
            out.append(
                Table(
                    f"{block.number}. {block.title}",
                    ("", *BOX_HEADERS),
                    rows,
                    (False,) + (True,) * 9,
                )
            )
        elif isinstance(block, WeeksTableBlock | MonthsTableBlock):
            rows = tuple((header, *cells) for header, cells in table_cells(block))
            n = len(block.headers)
            out.append(
                Table(
                    f"{block.number}. {block.title}",
                    ("", *block.headers),
                    rows,
                    (False,) + (True,) * n,
                )
            )
    return out


def _title(deck: Deck) -> str:
    return f"{deck.title} · week {deck.week_number} · week ending {deck.week_ending.isoformat()}"


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(deck: Deck) -> str:
    """GitHub-flavoured Markdown: a heading per table, pipe tables, numbers right-aligned."""
    lines = [f"# {_md_cell(_title(deck))}", ""]
    for table in tables(deck):
        lines += [f"## {_md_cell(table.title)}", ""]
        if not table.rows:
            lines += ["No metric crossed its variance threshold last week.", ""]
            continue
        lines.append("| " + " | ".join(_md_cell(h) for h in table.header) + " |")
        lines.append("|" + "|".join("---:" if n else "---" for n in table.numeric) + "|")
        for row in table.rows:
            padded = (*row, *("",) * (len(table.header) - len(row)))
            lines.append("| " + " | ".join(_md_cell(c) for c in padded) + " |")
        lines.append("")
    return "\n".join(lines)


def _aligned(
    header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool]
) -> list[str]:
    width = len(header)
    grid = [list(header)] + [[*r, *([""] * (width - len(r)))] for r in rows]
    sizes = [max(len(line[k]) for line in grid) for k in range(width)]
    out = []
    for i, line in enumerate(grid):
        cells = [
            c.rjust(sizes[k]) if numeric[k] and i else c.ljust(sizes[k]) for k, c in enumerate(line)
        ]
        out.append("  ".join(cells).rstrip())
        if i == 0:
            out.append("  ".join("-" * s for s in sizes))
    return out


def render_text(deck: Deck) -> str:
    """Plain text for a terminal: aligned columns, one table after another."""
    lines = [_title(deck), ""]
    for table in tables(deck):
        lines += [table.title, ""]
        if not table.rows:
            lines += ["No metric crossed its variance threshold last week.", ""]
            continue
        lines += _aligned(table.header, table.rows, table.numeric)
        lines.append("")
    return "\n".join(lines)
