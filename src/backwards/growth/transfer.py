"""Journal files: entries to CSV or JSON and back.

JSON: ``{"version": 1, "entries": [...]}`` with each entry as ``entry_dict`` writes it. CSV:
one entry a row, grades as ``attribute=grade`` joined by ``;``, tags joined by ``;``, checks
``yes``/``no``/empty. Reading gives (author, draft) pairs; a bad row is ``InputError`` naming
the file, the row and the field (nothing is written: the import is one transaction).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from backwards.errors import InputError
from backwards.growth.entry import CHECKS, Entry, EntryDraft, Kind, entry_dict, parse_grade

__all__ = ["CSV_COLUMNS", "read_entries", "write_entries"]

FILE_VERSION = 1
CSV_COLUMNS = (
    "author",
    "kind",
    "title",
    "link",
    "occurred_on",
    "grades",
    *CHECKS,
    "return_on_time",
    "better",
    "tags",
    "shared",
)
_YES = {
    "yes": True,
    "true": True,
    "y": True,
    "1": True,
    "no": False,
    "false": False,
    "n": False,
    "0": False,
}


def write_entries(entries: Sequence[Entry], fmt: str) -> str:
    """The entries as a JSON or CSV file's text."""
    rows = [entry_dict(e) for e in entries]
    if fmt == "json":
        return (
            json.dumps({"version": FILE_VERSION, "entries": rows}, indent=2, ensure_ascii=False)
            + "\n"
        )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        flat = dict(row)
        flat["grades"] = "; ".join(f"{k}={v}" for k, v in row["grades"].items())
        flat["tags"] = ";".join(row["tags"])
        for k in (*CHECKS, "shared"):
            flat[k] = "" if row[k] is None else ("yes" if row[k] else "no")
        flat["link"] = row["link"] or ""
        flat["return_on_time"] = "" if row["return_on_time"] is None else row["return_on_time"]
        writer.writerow(flat)
    return out.getvalue()


def _draft(raw: dict[str, Any], where: str) -> tuple[str, EntryDraft]:
    try:
        grades_raw = raw.get("grades") or {}
        if isinstance(grades_raw, str):
            pairs = [
                parse_grade(p.strip(), field="grades") for p in grades_raw.split(";") if p.strip()
            ]
            grades = dict(pairs)
        else:
            grades = {str(k): int(v) for k, v in dict(grades_raw).items()}
        checks = {k: _flag(raw.get(k), k) for k in CHECKS}
        tags_raw = raw.get("tags") or []
        tags = tags_raw.split(";") if isinstance(tags_raw, str) else list(tags_raw)
        rot = raw.get("return_on_time")
        author = str(raw.get("author") or "").strip()
        if not author:
            raise InputError("author: missing")
        try:
            kind = Kind(str(raw.get("kind") or "").strip())
        except ValueError:
            raise InputError(
                f"kind: {raw.get('kind')!r} is not one of " + ", ".join(k.value for k in Kind)
            ) from None
        try:
            occurred = date.fromisoformat(str(raw.get("occurred_on") or "").strip())
        except ValueError:
            raise InputError(
                f"occurred_on: {raw.get('occurred_on')!r} is not a YYYY-MM-DD date"
            ) from None
        draft = EntryDraft(
            kind=kind,
            title=str(raw.get("title") or ""),
            grades=grades,
            occurred_on=occurred,
            link=str(raw.get("link") or "") or None,
            checks=checks,
            return_on_time=None if rot in (None, "") else int(rot),
            better=str(raw.get("better") or ""),
            tags=tuple(str(t) for t in tags),
            shared=bool(_flag(raw.get("shared"), "shared")),
        )
    except InputError as exc:
        raise InputError(f"{where}: {exc.message}", exc.hint) from None
    except (TypeError, ValueError) as exc:
        raise InputError(f"{where}: {exc}") from None
    return author, draft


def _flag(value: Any, name: str) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    found = _YES.get(str(value).strip().lower())
    if found is None:
        raise InputError(f"{name}: {value!r} is not yes or no")
    return found


def read_entries(path: Path) -> list[tuple[str, EntryDraft]]:
    """The entries of a ``.json`` or ``.csv`` journal file, as (author, draft) pairs."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None
        if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
            raise InputError(f'{path}: expected {{"version": 1, "entries": [...]}}')
        return [_draft(raw, f"{path}: entries[{i}]") for i, raw in enumerate(data["entries"])]
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        missing = [
            c
            for c in ("author", "kind", "title", "occurred_on", "grades")
            if c not in (reader.fieldnames or ())
        ]
        if missing:
            raise InputError(
                f"{path}:1: missing column {missing[0]!r}", "Columns: " + ", ".join(CSV_COLUMNS)
            )
        return [_draft(dict(row), f"{path}:{reader.line_num}") for row in reader]
    raise InputError(f"{path}: a journal file is .json or .csv", "Rename it or export again.")
