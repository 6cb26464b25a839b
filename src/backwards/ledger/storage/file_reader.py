"""Read ledger files: JSON (everything) or CSV (one row per commitment). Writing: ``export``.

JSON (``"format": "backwards-ledger", "version": 2``; version 1 files still read) holds
commitments with their revisions, resolution and corrections nested, and mistakes with their
action items; ids are the file's own references (``commitment_ids`` and ``repeat_of`` point at
them) and are renumbered on import. CSV holds commitments and their outcomes, one row each; use
JSON for revisions, corrections and mistakes (``export`` refuses a lossy CSV without ``--lossy``).

Every value is checked by ``backwards.ledger.intake`` (the same checks as the CLI and the API);
every problem names the file and the record (``commitments[3].due``) or the CSV line and column.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import ConfigDict, Field, ValidationError

from backwards.config import StrictModel
from backwards.errors import InputError
from backwards.ledger.intake import CommitmentRecordIn, MistakeIn, error_from
from backwards.ledger.model import ActionItem, Commitment, CommitmentRecord, Mistake

__all__ = [
    "CSV_COLUMNS",
    "EXPORT_ONLY",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "LedgerDocument",
    "read_csv_records",
    "read_document",
]

FORMAT_NAME = "backwards-ledger"
FORMAT_VERSION: Literal[2] = 2
MAX_IMPORT_BYTES = 200 * 1024 * 1024
#: Deeper JSON is refused with a located message (Python's parser would hit its recursion limit).
MAX_JSON_DEPTH = 500
LIST_SEPARATOR = ";"


class LedgerFile(StrictModel):
    model_config = ConfigDict(defer_build=True)  # built on the first import, not at start-up

    format: Literal["backwards-ledger"] = "backwards-ledger"
    version: Literal[1, 2] = FORMAT_VERSION
    commitments: list[CommitmentRecordIn] = Field(default_factory=list)
    mistakes: list[MistakeIn] = Field(default_factory=list)


class LedgerDocument:
    """Parsed import data: commitment records and mistakes with the file's own ids."""

    def __init__(self, records: Sequence[CommitmentRecord], mistakes: Sequence[Mistake]) -> None:
        self.records = list(records)
        self.mistakes = list(mistakes)


def _model_error(exc: ValidationError, path: Path) -> InputError:
    place, msg = error_from(exc)
    return InputError(
        f"{path}: {place}: {msg}",
        "Fix the record and import again; nothing was imported. "
        "See docs/ledger.md for the file format and the limits.",
        path=path,
    )


def _build(file: LedgerFile, path: Path, at: datetime) -> LedgerDocument:
    records = [c.to_record(at) for c in file.commitments]
    _check_unique([r.commitment.id for r in records], "commitments", path)
    mistakes: list[Mistake] = []
    for i, m in enumerate(file.mistakes):
        values = m.model_dump(exclude={"action_items", "recorded_at"})
        try:
            mistakes.append(
                Mistake(
                    **values
                    | {
                        "recorded_at": m.recorded_at or at,
                        "five_whys": tuple(m.five_whys),
                        "tags": tuple(m.tags),
                        "commitment_ids": tuple(m.commitment_ids),
                        "action_items": tuple(
                            ActionItem(id=0, mistake_id=m.id, **a.model_dump())
                            for a in m.action_items
                        ),
                    }
                )
            )
        except InputError as exc:
            raise InputError(f"{path}: mistakes[{i}]: {exc.message}", exc.hint, path=path) from None
    _check_unique([m.id for m in mistakes], "mistakes", path)
    return LedgerDocument(records, mistakes)


def _check_unique(ids: list[int], what: str, path: Path) -> None:
    seen: set[int] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            raise InputError(
                f"{path}: {what}[{i}]: id {ident} is used twice",
                "Give every record its own id (ids are references inside the file).",
                path=path,
            )
        seen.add(ident)


def _check_file(path: Path) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{path} does not exist", "Check the path.", path=path) from None
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a file", "Pass the file.", path=path)
    if size > MAX_IMPORT_BYTES:
        raise InputError(f"{path} is larger than 200 MB", "Split the file.", path=path)


def _read_text(path: Path) -> str:
    _check_file(path)
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text", "Save it as UTF-8.", path=path) from None


def _parse_json(text: str, path: Path) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}",
            "Fix the JSON syntax near that line.",
            path=path,
            line=exc.lineno,
            column=exc.colno,
        ) from None
    except RecursionError:
        line, column = _deep_point(text, MAX_JSON_DEPTH)
        raise InputError(
            f"{path}:{line}:{column}: JSON nested more than {MAX_JSON_DEPTH} levels deep",
            "A ledger file nests at most a few levels (commitments, revisions, action items); "
            "check that the file is a backwards ledger export.",
            path=path,
            line=line,
            column=column,
        ) from None


def _deep_point(text: str, limit: int) -> tuple[int, int]:
    """Line and column (1-based) where the nesting of ``[`` and ``{`` first exceeds ``limit``."""
    depth, in_string, escaped, line, start = 0, False, False, 1, 0
    for i, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return line, i - start + 1
        elif char in "]}":
            depth -= 1
        if char == "\n":
            line, start = line + 1, i + 1
    return line, len(text) - start + 1  # pragma: no cover - only called on a RecursionError


def read_document(path: Path, *, at: datetime) -> LedgerDocument:
    """Read a ``.json`` or ``.csv`` ledger file, checked by ``backwards.ledger.intake``;
    ``at`` is the store's clock (future dates are refused against it)."""
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv"):
        raise InputError(
            f"{path}: cannot tell the format from the extension {suffix or '(none)'}",
            "Name the file .json or .csv.",
            path=path,
        )
    if suffix == ".csv":
        records = [record for _, record in read_csv_records(path, at=at)]
        return LedgerDocument(records, [])
    text = _read_text(path)
    if suffix == ".json":
        data = _parse_json(text, path)
        if not isinstance(data, dict):
            raise InputError(
                f"{path}: the top level must be an object with 'commitments' and 'mistakes'",
                'Start the file with {"format": "backwards-ledger", "version": 1, ...}.',
                path=path,
            )
        try:
            parsed = LedgerFile.model_validate(data, context={"entered": at})
        except ValidationError as exc:
            raise _model_error(exc, path) from None
        return _build(parsed, path, at)
    raise AssertionError("unreachable")  # pragma: no cover


# -- CSV -------------------------------------------------------------------------------------

RESOLUTION_COLUMNS = ("outcome", "resolved_on", "actual_value", "delivered_fraction", "evidence")
#: A commitment's own fields (not the store's entry time or import mark), then its outcome.
CSV_COLUMNS = (
    *(f.name for f in dataclasses.fields(Commitment) if f.name not in ("recorded_at", "imported")),
    *RESOLUTION_COLUMNS,
)
REQUIRED_CSV = ("id", "owner", "statement", "due", "made_at")
EXPORT_ONLY = ("latest_due", "status", "revisions")


def read_csv_records(path: Path, *, at: datetime) -> Iterator[tuple[int, CommitmentRecord]]:
    """Each row of a CSV ledger file as (its line, its record), checked by ``intake`` as it is
    read: the file is read a row at a time, so memory stays flat however long it is (a 50 MB
    file imports in bounded memory). Problems name the line (and the column); an id used twice
    names the second line."""
    _check_file(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        seen: set[int] = set()
        try:
            for line, parsed in _csv_records(reader, path, at):
                record = parsed.to_record(at)
                ident = record.commitment.id
                if ident in seen:
                    raise InputError(
                        f"{path}:{line}: id {ident} is used twice",
                        "Give every record its own id (ids are references inside the file).",
                        path=path,
                        line=line,
                    )
                seen.add(ident)
                yield line, record
        except csv.Error as exc:
            line = reader.line_num + 1  # the line being read when it failed
            raise InputError(
                f"{path}:{line}: cannot read the CSV: {exc}",
                f"A cell holds at most {csv.field_size_limit():,} characters, and quotes must "
                "be closed; fix that line and import again. Nothing was imported.",
                path=path,
                line=line,
            ) from None
        except UnicodeDecodeError:
            line = reader.line_num + 1
            raise InputError(
                f"{path}:{line}: not UTF-8 text", "Save it as UTF-8.", path=path, line=line
            ) from None


def _csv_records(
    reader: csv.DictReader[str], path: Path, at: datetime
) -> Iterator[tuple[int, Any]]:
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED_CSV if c not in header]
    if missing:
        raise InputError(
            f"{path}:1: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
            f"The header needs at least: {', '.join(REQUIRED_CSV)}.",
            path=path,
            line=1,
        )
    unknown = [c for c in header if c not in CSV_COLUMNS and c not in EXPORT_ONLY]
    if unknown:
        raise InputError(
            f"{path}:1: unknown column {unknown[0]!r}",
            f"Known columns: {', '.join(CSV_COLUMNS)}.",
            path=path,
            line=1,
        )
    for row in reader:
        line = reader.line_num
        values: dict[str, Any] = {
            k: v for k, v in row.items() if k in CSV_COLUMNS and v not in (None, "")
        }
        for key in ("tags", "links"):
            if key in values:
                values[key] = [p.strip() for p in values[key].split(LIST_SEPARATOR) if p.strip()]
        resolution = {k: values.pop(k) for k in RESOLUTION_COLUMNS if k in values}
        if resolution:
            values["resolution"] = resolution | {"recorded_by": values.get("recorded_by", "")}
        try:
            yield line, CommitmentRecordIn.model_validate(values, context={"entered": at})
        except ValidationError as exc:
            place, msg = error_from(exc)
            column = place.removeprefix("resolution.")
            raise InputError(
                f"{path}:{line}: " + (f"column {column!r}: " if column else "") + msg,
                "Fix the cell and import again; nothing was imported. "
                "Dates are YYYY-MM-DD, times ISO 8601.",
                path=path,
                line=line,
            ) from None
