"""Read ledger files: JSON (everything) or CSV (one row per commitment). Writing: ``export``.

JSON (``"format": "backwards-ledger", "version": 1``) holds commitments with their revisions and
resolution nested, and mistakes with their action items; ids are the file's own references
(``commitment_ids`` and ``repeat_of`` point at them) and are renumbered on import. CSV holds
commitments and their outcomes, one row each; use JSON for revisions and mistakes.

Every problem names the file and the record (``commitments[3].due``) or the CSV line and column.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError

from backwards.config import StrictModel
from backwards.errors import InputError
from backwards.ledger.model import (
    ActionItem,
    Commitment,
    CommitmentRecord,
    Kind,
    Mistake,
    MistakeCategory,
    Outcome,
    Resolution,
    Revision,
)

__all__ = ["CSV_COLUMNS", "EXPORT_ONLY", "FORMAT_NAME", "LedgerDocument", "read_document"]

FORMAT_NAME = "backwards-ledger"
MAX_IMPORT_BYTES = 200 * 1024 * 1024
#: Deeper JSON is refused with a located message (Python's parser would hit its recursion limit).
MAX_JSON_DEPTH = 500
LIST_SEPARATOR = ";"


class RevisionIn(StrictModel):
    made_at: datetime
    reason: str
    new_due: date | None = None
    new_target_value: float | None = None
    new_scope: str | None = None
    new_probability: float | None = None
    recorded_by: str = ""


class ResolutionIn(StrictModel):
    outcome: Outcome
    resolved_on: date
    actual_value: float | None = None
    delivered_fraction: float | None = None
    evidence: str = ""
    recorded_at: datetime | None = None
    recorded_by: str = ""


class CommitmentIn(StrictModel):
    id: int
    owner: str
    statement: str
    due: date
    made_at: datetime
    audience: str = ""
    kind: Kind = Kind.DATE
    aspirational: bool = False
    probability: float | None = None
    p50_due: date | None = None
    p90_due: date | None = None
    metric: str | None = None
    target_value: float | None = None
    weight: float = 1.0
    tags: list[str] = Field(default_factory=list)
    links: list[str] = Field(default_factory=list)
    recorded_by: str = ""
    revisions: list[RevisionIn] = Field(default_factory=list)
    resolution: ResolutionIn | None = None


class ActionItemIn(StrictModel):
    description: str
    owner: str
    due: date
    closed_on: date | None = None
    verification: str = ""


class MistakeIn(StrictModel):
    id: int
    owner: str
    title: str
    occurred_on: date
    category: MistakeCategory = MistakeCategory.OTHER
    what_happened: str = ""
    customer_impact: str = ""
    five_whys: list[str] = Field(default_factory=list)
    root_cause: str = ""
    detected_on: date | None = None
    tags: list[str] = Field(default_factory=list)
    commitment_ids: list[int] = Field(default_factory=list)
    action_items: list[ActionItemIn] = Field(default_factory=list)
    repeat_of: int | None = None
    repeat_confirmed_by: str = ""
    recorded_at: datetime | None = None
    recorded_by: str = ""


class LedgerFile(StrictModel):
    format: Literal["backwards-ledger"] = "backwards-ledger"
    version: Literal[1] = 1
    commitments: list[CommitmentIn] = Field(default_factory=list)
    mistakes: list[MistakeIn] = Field(default_factory=list)


class LedgerDocument:
    """Parsed import data: commitment records and mistakes with the file's own ids."""

    def __init__(self, records: Sequence[CommitmentRecord], mistakes: Sequence[Mistake]) -> None:
        self.records = list(records)
        self.mistakes = list(mistakes)


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _where(loc: Sequence[str | int]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _model_error(exc: ValidationError, path: Path) -> InputError:
    err = exc.errors()[0]
    more = len(exc.errors()) - 1
    where = _where(err["loc"])
    msg = str(err["msg"]).removeprefix("Value error, ")
    tail = f" (and {more} more problem{'s' if more != 1 else ''})" if more else ""
    return InputError(
        f"{path}: {where}: {msg}{tail}",
        "Fix the record and import again; nothing was imported. "
        "See docs/ledger.md for the file format.",
        path=path,
    )


def _build(file: LedgerFile, path: Path, at: datetime) -> LedgerDocument:
    records: list[CommitmentRecord] = []
    for i, c in enumerate(file.commitments):
        where = f"commitments[{i}]"
        try:
            commitment = Commitment(
                id=c.id,
                owner=c.owner,
                statement=c.statement,
                due=c.due,
                made_at=_utc(c.made_at),
                audience=c.audience,
                kind=c.kind,
                aspirational=c.aspirational,
                probability=c.probability,
                p50_due=c.p50_due,
                p90_due=c.p90_due,
                metric=c.metric,
                target_value=c.target_value,
                weight=c.weight,
                tags=tuple(c.tags),
                links=tuple(c.links),
                recorded_by=c.recorded_by,
            )
            revisions = tuple(
                Revision(
                    id=0,
                    commitment_id=c.id,
                    made_at=_utc(r.made_at),
                    reason=r.reason,
                    previous_due=c.due,
                    new_due=r.new_due,
                    new_target_value=r.new_target_value,
                    new_scope=r.new_scope,
                    new_probability=r.new_probability,
                    recorded_by=r.recorded_by,
                )
                for r in c.revisions
            )
            resolution = None
            if c.resolution is not None:
                r = c.resolution
                resolution = Resolution(
                    commitment_id=c.id,
                    outcome=r.outcome,
                    resolved_on=r.resolved_on,
                    recorded_at=_utc(r.recorded_at) if r.recorded_at else at,
                    actual_value=r.actual_value,
                    delivered_fraction=r.delivered_fraction,
                    evidence=r.evidence,
                    recorded_by=r.recorded_by,
                )
        except InputError as exc:
            raise InputError(f"{path}: {where}: {exc.message}", exc.hint, path=path) from None
        records.append(CommitmentRecord(commitment, revisions, resolution))
    _check_unique([r.commitment.id for r in records], "commitments", path)
    mistakes: list[Mistake] = []
    for i, m in enumerate(file.mistakes):
        try:
            mistakes.append(
                Mistake(
                    id=m.id,
                    owner=m.owner,
                    title=m.title,
                    occurred_on=m.occurred_on,
                    recorded_at=_utc(m.recorded_at) if m.recorded_at else at,
                    category=m.category,
                    what_happened=m.what_happened,
                    customer_impact=m.customer_impact,
                    five_whys=tuple(m.five_whys),
                    root_cause=m.root_cause,
                    detected_on=m.detected_on,
                    tags=tuple(m.tags),
                    commitment_ids=tuple(m.commitment_ids),
                    action_items=tuple(
                        ActionItem(
                            0, m.id, a.description, a.owner, a.due, a.closed_on, a.verification
                        )
                        for a in m.action_items
                    ),
                    repeat_of=m.repeat_of,
                    repeat_confirmed_by=m.repeat_confirmed_by,
                    recorded_by=m.recorded_by,
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


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{path} does not exist", "Check the path.", path=path) from None
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a file", "Pass the file.", path=path)
    if size > MAX_IMPORT_BYTES:
        raise InputError(f"{path} is larger than 200 MB", "Split the file.", path=path)
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
    """Read a ``.json`` or ``.csv`` ledger file; ``at`` stamps records that carry no time."""
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv"):
        raise InputError(
            f"{path}: cannot tell the format from the extension {suffix or '(none)'}",
            "Name the file .json or .csv.",
            path=path,
        )
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
            parsed = LedgerFile.model_validate(data)
        except ValidationError as exc:
            raise _model_error(exc, path) from None
        return _build(parsed, path, at)
    return _build(LedgerFile(commitments=_read_csv(text, path)), path, at)


# -- CSV -------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "id",
    "owner",
    "statement",
    "due",
    "made_at",
    "audience",
    "kind",
    "aspirational",
    "probability",
    "p50_due",
    "p90_due",
    "metric",
    "target_value",
    "weight",
    "tags",
    "links",
    "outcome",
    "resolved_on",
    "actual_value",
    "delivered_fraction",
    "evidence",
)
REQUIRED_CSV = ("id", "owner", "statement", "due", "made_at")
RESOLUTION_COLUMNS = ("outcome", "resolved_on", "actual_value", "delivered_fraction", "evidence")
EXPORT_ONLY = ("latest_due", "status", "revisions")


def _read_csv(text: str, path: Path) -> list[CommitmentIn]:
    reader = csv.DictReader(io.StringIO(text))
    try:
        return _csv_records(reader, path)
    except csv.Error as exc:
        line = reader.line_num + 1  # the line being read when it failed
        raise InputError(
            f"{path}:{line}: cannot read the CSV: {exc}",
            f"A cell holds at most {csv.field_size_limit():,} characters, and quotes must "
            "be closed; fix that line and import again. Nothing was imported.",
            path=path,
            line=line,
        ) from None


def _csv_records(reader: csv.DictReader[str], path: Path) -> list[CommitmentIn]:
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
    out: list[CommitmentIn] = []
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
            values["resolution"] = resolution
        try:
            out.append(CommitmentIn.model_validate(values))
        except ValidationError as exc:
            err = exc.errors()[0]
            column = ".".join(str(p) for p in err["loc"] if p != "resolution")
            raise InputError(
                f"{path}:{line}: column {column!r}: "
                f"{str(err['msg']).removeprefix('Value error, ')}",
                "Fix the cell and import again; nothing was imported. "
                "Dates are YYYY-MM-DD, times ISO 8601.",
                path=path,
                line=line,
            ) from None
    return out
