"""One validation for every way into the ledger: the Python API, the CLI, JSON and CSV files.

Every value that enters goes through the input models here, built from the model's own
dataclass fields (so a new field of ``Commitment`` is validated and read from files at once):

- text: at most ``LIMITS[field]`` characters; no NUL or other control characters (one-line
  fields refuse line breaks too); labels (tags, links) one line each, at most ``MAX_LABELS``;
- probabilities: ``0.7``, ``"0.7"``, ``"70%"`` and ``"70 %"``; a bare number above 1 is
  refused as ambiguous (is ``1.5`` 150 % or 1.5 %?);
- numbers finite; datetimes without a zone are UTC;
- dates in order (``check_record``): a promise made on or before its due date, revisions and
  the resolution on or after the promise, no revision after the resolution, no resolution
  dated after the day it is entered, and no claimed time in the future.

Problems raise ``InputError`` naming the field (``statement``) or, from a file, the JSON path
(``commitments[3].resolution.resolved_on``) or the CSV line (``file_reader`` adds it).
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, get_type_hints

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    create_model,
    model_validator,
)

from backwards.config import StrictModel
from backwards.errors import InputError
from backwards.ledger.model import (
    ActionItem,
    Commitment,
    CommitmentRecord,
    Correction,
    Mistake,
    Outcome,
    Resolution,
    Revision,
)

__all__ = [
    "CLOCK_TOLERANCE",
    "LIMITS",
    "MAX_LABELS",
    "CommitmentRecordIn",
    "MistakeIn",
    "check_record",
    "checked",
    "error_from",
    "parse_outcome",
    "parse_probability",
    "person",
    "where",
]

#: The longest text each field takes, in characters (docs/ledger.md, "Limits").
LIMITS: dict[str, int] = {
    "owner": 200,
    "audience": 200,
    "statement": 1_000,
    "metric": 200,
    "recorded_by": 200,
    "repeat_confirmed_by": 200,
    "reason": 2_000,
    "new_scope": 1_000,
    "evidence": 2_000,
    "title": 300,
    "what_happened": 10_000,
    "customer_impact": 10_000,
    "root_cause": 2_000,
    "five_whys": 2_000,
    "description": 2_000,
    "verification": 2_000,
    "tags": 64,
    "links": 500,
    "failure_modes": 64,
}
#: At most this many tags, links or whys on one record.
MAX_LABELS = 20
#: A claimed time may run ahead of the store's clock by this much (clock skew), no more.
CLOCK_TOLERANCE = timedelta(minutes=5)
#: Fields that may span lines (narratives); every other text field is one line.
MULTILINE = frozenset({"what_happened", "customer_impact", "reason", "evidence", "root_cause"})
PROBABILITIES = frozenset({"probability", "new_probability"})

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_OR_BREAK = re.compile(r"[\x00-\x1f\x7f]")

T = TypeVar("T")


def _text_check(name: str, limit: int, multiline: bool) -> AfterValidator:
    pattern = _CONTROL if multiline else _CONTROL_OR_BREAK

    def check(value: str) -> str:
        bad = pattern.search(value)
        if bad is not None:
            what = (
                "a line break"
                if bad.group() in "\r\n"
                else f"the control character {bad.group()!r}"
            )
            raise ValueError(
                f"contains {what} at character {bad.start() + 1}; "
                + ("use plain text" if multiline else "give it as one line of plain text")
            )
        if len(value) > limit:
            raise ValueError(f"{len(value):,} characters long; the limit for {name} is {limit:,}")
        return value

    return AfterValidator(check)


def parse_outcome(value: object) -> Outcome:
    """An outcome by name (``partially-met`` as ``partially_met``), or ``InputError``."""
    try:
        return Outcome(str(value).strip().replace("-", "_"))
    except ValueError:
        raise InputError(
            f"{value!r} is not an outcome",
            f"Use one of: {', '.join(o.value for o in Outcome)}.",
        ) from None


def parse_probability(value: object) -> float | None:
    """``0.7``, ``"0.7"``, ``"70%"`` or ``"70 %"`` as 0.7; None or ``""`` as None.

    A bare number above 1 is refused: ``1.5`` might mean 150 % or 1.5 %.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a probability; give 0.7 or 70%")
    percent = False
    if isinstance(value, str):
        text = value.strip()
        percent = text.endswith("%")
        try:
            number = float(text.removesuffix("%").strip())
        except ValueError:
            raise ValueError(f"{value!r} is not a probability; give 0.7 or 70%") from None
    elif isinstance(value, int | float):
        number = float(value)
    else:
        raise ValueError(f"{value!r} is not a probability; give 0.7 or 70%")
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a probability; give 0.7 or 70%")
    if percent:
        number /= 100
    elif number > 1:
        raise ValueError(
            f"{value!r} is ambiguous: a probability is between 0 and 1; "
            f"write {number:g}% for a percentage or {number / 100:g} for the fraction"
        )
    if not 0.0 <= number <= 1.0:
        raise ValueError(f"{value!r} is not between 0% and 100%")
    return number


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError(f"{value} is not a finite number")
    return value


def _annotation(name: str, hint: Any) -> Any:
    """The validated input type of one dataclass field."""
    optional = hint in (str | None, float | None, datetime | None, date | None)
    base = hint.__args__[0] if optional else hint
    out: Any
    if name in PROBABILITIES:
        return Annotated[float | None, BeforeValidator(parse_probability)]
    if base is str:
        out = Annotated[str, _text_check(name, LIMITS.get(name, 2_000), name in MULTILINE)]
    elif hint == tuple[str, ...]:
        item = Annotated[str, _text_check(name, LIMITS.get(name, 2_000), name in MULTILINE)]
        return list[item]
    elif base is float:
        out = Annotated[float, AfterValidator(_finite)]
    elif base is datetime:
        out = Annotated[datetime, AfterValidator(_utc)]
    else:
        return hint
    return out | None if optional else out


def _fields(model: type[Any], skip: Sequence[str] = ()) -> dict[str, Any]:
    """A model dataclass's fields as pydantic field definitions with the ledger's checks."""
    hints = get_type_hints(model)
    out: dict[str, Any] = {}
    for f in dataclasses.fields(model):
        if f.name in skip:
            continue
        kind = _annotation(f.name, hints[f.name])
        if hints[f.name] == tuple[str, ...]:
            out[f.name] = (kind, Field(default_factory=list, max_length=MAX_LABELS))
        elif f.default is dataclasses.MISSING:
            out[f.name] = (kind, ...)
        else:
            out[f.name] = (kind, f.default)
    return out


class _Input(StrictModel):
    """Base of the input models: each builds its validator when it first validates, not at
    import (a command that only reads the ledger never pays for them)."""

    model_config = ConfigDict(defer_build=True)


def _input_model(model: type[Any], skip: Sequence[str] = (), **extra: Any) -> Any:
    fields = _fields(model, skip) | extra
    return create_model(f"{model.__name__}In", __base__=_Input, **fields)


# The entry time and the imported mark are the store's to set; a file's are ignored.
_STORE_SET = ("imported",)

if TYPE_CHECKING:
    CommitmentIn = Any
    RevisionIn = Any
    ResolutionIn = Any
    CorrectionIn = Any
    ActionItemIn = Any
    MistakeIn = Any
    CommitmentRecordIn = Any
else:
    CommitmentIn = _input_model(Commitment, _STORE_SET)
    RevisionIn = _input_model(Revision, ("id", "commitment_id", "previous_due", *_STORE_SET))
    ResolutionIn = _input_model(
        Resolution,
        ("commitment_id", "recorded_at", *_STORE_SET),
        recorded_at=(datetime | None, None),
    )
    CorrectionIn = _input_model(
        Correction,
        ("id", "commitment_id", "recorded_at", *_STORE_SET),
        recorded_at=(datetime | None, None),
    )
    ActionItemIn = _input_model(ActionItem, ("id", "mistake_id"))
    MistakeIn = _input_model(
        Mistake,
        ("recorded_at", "action_items", *_STORE_SET),
        recorded_at=(datetime | None, None),
        action_items=(list[ActionItemIn], Field(default_factory=list)),
    )

    class CommitmentRecordIn(CommitmentIn):
        """A commitment with its history, as a file holds it (revisions and resolution nested)."""

        revisions: list[RevisionIn] = Field(default_factory=list)
        resolution: ResolutionIn | None = None
        corrections: list[CorrectionIn] = Field(default_factory=list)

        @model_validator(mode="after")
        def _dates_in_order(self, info: ValidationInfo) -> CommitmentRecordIn:
            context = info.context or {}
            check_record(self.to_record(context.get("entered")), context.get("entered"))
            return self

        def to_record(self, entered: datetime | None = None) -> CommitmentRecord:
            at = entered or datetime.now(UTC)
            values = self.model_dump(exclude={"revisions", "resolution", "corrections"})
            c = _model(Commitment, values)
            due = c.due
            revisions = tuple(
                _model(
                    Revision,
                    r.model_dump() | {"id": 0, "commitment_id": c.id, "previous_due": due},
                )
                for r in self.revisions
            )
            res = None
            if self.resolution is not None:
                data = self.resolution.model_dump()
                data["recorded_at"] = _utc(data["recorded_at"]) if data["recorded_at"] else at
                res = _model(Resolution, data | {"commitment_id": c.id})
            corrections = tuple(
                _model(
                    Correction,
                    k.model_dump()
                    | {
                        "id": 0,
                        "commitment_id": c.id,
                        "recorded_at": _utc(k.recorded_at) if k.recorded_at else at,
                    },
                )
                for k in self.corrections
            )
            return CommitmentRecord(c, revisions, res, corrections)


def _model(kind: type[T], values: Mapping[str, Any]) -> T:
    """The model value from validated input (labels back to tuples)."""
    data = dict(values)
    for key, value in data.items():
        if isinstance(value, list) and key != "action_items":
            data[key] = tuple(value)
    return kind(**data)


def where(loc: Sequence[str | int]) -> str:
    """A pydantic location as a path: ``commitments[3].resolution.resolved_on``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def error_from(exc: ValidationError, prefix: str = "") -> tuple[str, str]:
    """The first problem of a validation error as (location, message)."""
    err = exc.errors()[0]
    more = len(exc.errors()) - 1
    loc = where(err["loc"])
    msg = str(err["msg"]).removeprefix("Value error, ")
    tail = f" (and {more} more problem{'s' if more != 1 else ''})" if more else ""
    place = ".".join(p for p in (prefix, loc) if p)
    return place, msg + tail


def _raise(exc: ValidationError, what: str) -> InputError:
    place, msg = error_from(exc)
    return InputError(
        f"{place}: {msg}" if place else f"{what}: {msg}",
        f"Fix {place or 'the value'} and try again; nothing was recorded. "
        "The limits are in docs/ledger.md.",
    )


_INPUT: dict[type[Any], Any] = {}


def _input_for(kind: type[Any]) -> Any:
    if not _INPUT:
        _INPUT.update(
            {
                Commitment: CommitmentIn,
                Revision: RevisionIn,
                Resolution: ResolutionIn,
                Mistake: MistakeIn,
                ActionItem: ActionItemIn,
                Correction: CorrectionIn,
            }
        )
    return _INPUT[kind]


def checked(value: T) -> T:
    """``value`` (a model dataclass) through its input model: the one validation."""
    kind = type(value)
    model = _input_for(kind)
    data = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}  # type: ignore[arg-type]
    fields = model.model_fields
    given = {k: v for k, v in data.items() if k in fields}
    if isinstance(value, Mistake):
        given["action_items"] = [
            {k: getattr(a, k) for k in _input_for(ActionItem).model_fields}
            for a in value.action_items
        ]
    try:
        parsed = model.model_validate(given)
    except ValidationError as exc:
        raise _raise(exc, f"this {kind.__name__.lower()}") from None
    out = parsed.model_dump(exclude={"action_items"})
    if isinstance(value, Mistake):
        out["action_items"] = value.action_items
    return _model(kind, data | out)


def person(name: str, what: str = "--by") -> str:
    """A person's name as given to ``--by``/``--owner``: one line, at most 200 characters."""
    cleaned = name.strip()
    bad = _CONTROL_OR_BREAK.search(cleaned)
    if not cleaned or bad is not None or len(cleaned) > LIMITS["owner"]:
        raise InputError(
            f"{what} {cleaned[:40]!r}{'...' if len(cleaned) > 40 else ''} is not a name: "
            f"give one line of at most {LIMITS['owner']} characters, no control characters",
            "Use a login or a short display name, e.g. --by ana.",
        )
    return cleaned


def check_record(record: CommitmentRecord, entered: datetime | None = None) -> None:
    """Dates in order (see the module docstring); ``entered`` is the store's clock (``now``).

    Raises ``ValueError`` naming the part at fault (pydantic puts it at the record's path).
    """
    c = record.commitment
    made = c.made_at.date()
    if made > c.due:
        raise ValueError(
            f"the promise is dated {made}, after its due date {c.due}; "
            "a commitment is made before it falls due"
        )
    if entered is not None and c.made_at > entered + CLOCK_TOLERANCE and not c.imported:
        raise ValueError(f"made_at {c.made_at:%Y-%m-%d %H:%M} is in the future")
    res = record.resolution
    for i, rev in enumerate(record.revisions):
        if rev.made_at < c.made_at:
            raise ValueError(
                f"revisions[{i}] is dated {rev.made_at:%Y-%m-%d}, before the promise was made "
                f"({made})"
            )
        if res is not None and rev.made_at.date() > res.resolved_on:
            raise ValueError(
                f"revisions[{i}] is dated {rev.made_at:%Y-%m-%d}, after the resolution "
                f"({res.resolved_on}); a resolved commitment is not revised"
            )
        if entered is not None and rev.made_at > entered + CLOCK_TOLERANCE:
            raise ValueError(f"revisions[{i}] is dated in the future ({rev.made_at:%Y-%m-%d})")
    if res is not None:
        if res.resolved_on < made:
            raise ValueError(
                f"the resolution is dated {res.resolved_on}, before the promise was made ({made})"
            )
        if entered is not None and res.resolved_on > entered.date():
            raise ValueError(
                f"the resolution is dated {res.resolved_on}, in the future (today is "
                f"{entered.date()}); record it when it has happened"
            )


def record_problem(record: CommitmentRecord, entered: datetime) -> InputError | None:
    """``check_record`` as an ``InputError`` (for single writes: revise, resolve, correct)."""
    try:
        check_record(record, entered)
    except ValueError as exc:
        return InputError(
            f"commitment {record.commitment.id or '(new)'}: {exc}",
            "Check the dates (--at, --on, --due); nothing was recorded.",
        )
    return None
