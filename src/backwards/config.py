"""Configuration: validated settings models over YAML that keeps line numbers.

``validate`` checks the data of a ``backwards.yamlfile.LocatedYaml`` against a pydantic model
and turns *every* problem into a ``Finding`` that points at the line: unknown keys (with a "did
you mean"), wrong types, missing keys, duplicate keys. Features use it for their own files (the
WBR spec, for one). ``load_yaml`` and ``LocatedYaml`` are re-exported from ``backwards.yamlfile``.

``Settings`` is the model of a workspace's ``backwards.yaml``: the kernel's own keys plus one
``Section`` per feature. Each feature defines its section in its own package
(``backwards.wbr.settings``...); ``settings_model`` composes the sections it is given, so the
kernel knows no feature by name (``backwards.features`` lists them). Every key is documented in
``docs/configuration.md``; a test fails when the two drift.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from backwards.errors import ConfigError
from backwards.findings import Finding, sort_findings
from backwards.settingsfile import SETTINGS_FILENAME, environment_database_url
from backwards.wording import did_you_mean
from backwards.yamlfile import LocatedYaml, load_yaml, load_yaml_text

__all__ = [
    "SETTINGS_FILENAME",
    "LocatedYaml",
    "Problem",
    "Section",
    "Settings",
    "StrictModel",
    "check_sections",
    "did_you_mean",
    "environment_database_url",
    "load_settings",
    "load_yaml",
    "load_yaml_text",
    "settings_model",
    "validate",
]

M = TypeVar("M", bound=BaseModel)


# --------------------------------------------------------------------------------------------
# Validation against pydantic models


class StrictModel(BaseModel):
    """Base for every settings model: unknown keys are errors, values are not coerced silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _model_at(model: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The model class that owns the last element of ``loc`` (for "did you mean"): the walk
    steps over list indexes, the keys of a ``dict[str, Model]`` and the arm of a union."""
    current: Any = model
    for part in loc:
        current = _step(current, part)
    return _model(current)


def _step(annotation: Any, part: str | int) -> Any:
    """The annotation of what ``part`` names inside a value of ``annotation``: a model's field,
    a list's item, a mapping's value, or the arm of a union that pydantic names (``'Sub'`` in
    ``('pick', 'Sub', 'colur')``); None when lost. Every container on the way to an unknown key
    holds a model, so its annotation has its item type."""
    arms = _arms(annotation)
    if len(arms) > 1:
        return next((arm for arm in arms if getattr(arm, "__name__", None) == part), None)
    owner = _model(annotation)
    if owner is not None:
        info = owner.model_fields.get(str(part))
        return info.annotation if info else None
    origin, args = get_origin(arms[0]), get_args(arms[0])
    if origin in (dict, Mapping):
        return args[1]
    if origin in (list, tuple, Sequence):
        return args[0]
    return None


def _arms(annotation: Any) -> list[Any]:
    """The arms of a union but None (``X | None``, ``Optional[X]``), or the annotation itself."""
    if get_origin(annotation) in (Union, types.UnionType):
        return [arm for arm in get_args(annotation) if arm is not type(None)]
    return [annotation]


def _model(annotation: Any) -> type[BaseModel] | None:
    """The model ``annotation`` is, alone or with None (``Sub | None``)."""
    arm = _arms(annotation)[0]
    return arm if isinstance(arm, type) and issubclass(arm, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """The BaseModel inside ``X | None``, ``list[X]``, ``dict[str, X]`` (else the annotation);
    tests/test_docs_catalogue.py walks the settings keys with it."""
    args = getattr(annotation, "__args__", None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if args:
        for arg in args:
            inner = _unwrap(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return annotation


def _field_names(model: type[BaseModel]) -> list[str]:
    names = []
    for name, info in model.model_fields.items():
        names.append(info.alias or name)
    return names


def _describe_input(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def validate(
    model: type[M], doc: LocatedYaml, *, root: Sequence[str | int] = ()
) -> tuple[M | None, list[Finding]]:
    """Validate ``doc.data`` (or the part at ``root``) against ``model``.

    Returns the model (None when invalid) and every problem found, each at its line, including
    the duplicate keys found while parsing.
    """
    findings = list(doc.problems)
    data: Any = doc.data
    for part in root:
        data = data[part]
    if data is None:
        data = {}
    try:
        value = model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = (*root, *err["loc"])
            findings.append(_finding_for_error(model, doc, err, loc))
        return None, findings
    return (None if findings else value), findings


def _finding_for_error(
    model: type[BaseModel],
    doc: LocatedYaml,
    err: Any,
    loc: tuple[str | int, ...],
) -> Finding:
    kind = err["type"]
    dotted = ".".join(str(p) for p in loc) or "(top level)"
    if kind == "extra_forbidden":
        key = str(loc[-1])
        owner = _model_at(model, err["loc"][:-1])
        choices = _field_names(owner) if owner else []
        guess = did_you_mean(key, choices)
        if guess:
            suggestion = f"did you mean '{guess}'?"
        elif choices:
            suggestion = "known keys here: " + ", ".join(sorted(choices))
        else:
            suggestion = "remove this key"
        return doc.finding(
            loc,
            "CFG002",
            "unknown-key",
            f"unknown key '{dotted}'",
            suggestion=suggestion,
            key=True,
        )
    if kind == "missing":
        return doc.finding(
            loc[:-1],
            "CFG004",
            "missing-key",
            f"'{dotted}' is required but missing",
            suggestion=f"add '{loc[-1]}:' here",
            key=True,
        )
    if kind.endswith(("_type", "_parsing")):
        expected = str(err["msg"]).replace("Input should be ", "").split(",")[0]
        return doc.finding(
            loc,
            "CFG003",
            "wrong-type",
            f"'{dotted}' should be {expected}, not {_describe_input(err.get('input'))}",
            suggestion=f"set '{loc[-1] if loc else dotted}' to {expected}",
        )
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    hint = (err.get("ctx") or {}).get("suggestion")
    return doc.finding(
        loc,
        "CFG006",
        "invalid-value",
        f"'{dotted}': {msg}",
        suggestion=str(hint) if hint else None,
    )


# --------------------------------------------------------------------------------------------
# The settings of a workspace (backwards.yaml)


class Section(StrictModel):
    """Base of a feature's section of ``backwards.yaml`` (``wbr:``, ``prfaq:``, ...).

    Each feature defines its own subclass in its package (``backwards.wbr.settings``) with
    ``key`` (the top-level key), ``help`` (one line for the docs) and optionally ``starter``
    (YAML lines that ``backwards init`` writes). The kernel knows no feature:
    ``settings_model`` composes the sections it is given into one model.
    """

    key: ClassVar[str]
    help: ClassVar[str]
    starter: ClassVar[str] = ""

    def check(self, root: Path) -> list[Problem]:
        """Problems that need more than the values themselves: files that must exist under the
        workspace ``root``, names from a catalogue. ``backwards config check`` runs them (see
        ``check_sections``); loading the settings does not."""
        return []


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem a ``Section`` finds in its values: at ``path`` inside the section."""

    path: tuple[str | int, ...]
    message: str
    suggestion: str | None = None


S = TypeVar("S", bound=Section)


class Settings(StrictModel):
    """A workspace's ``backwards.yaml``: the kernel's keys; the features' sections are added
    by ``settings_model``."""

    version: Literal[1] = Field(default=1, description="Settings format version.")
    name: str | None = Field(default=None, description="The workspace's display name.")
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the store; default: SQLite at .backwards/backwards.db.",
    )

    def section(self, model: type[S]) -> S:
        """The validated ``model`` section; its defaults when the section was not registered."""
        value = getattr(self, model.key, None)
        if value is None:
            return model()
        if not isinstance(value, model):
            raise TypeError(f"section {model.key!r} holds {type(value).__name__}, not {model}")
        return value


@functools.cache
def settings_model(sections: tuple[type[Section], ...] = ()) -> type[Settings]:
    """``Settings`` with one field per section, in the order given (cached)."""
    if not sections:
        return Settings
    keys = [section.key for section in sections]
    clash = sorted({k for k in keys if keys.count(k) > 1 or k in Settings.model_fields})
    if clash:
        raise ValueError(f"settings sections clash on {', '.join(clash)}")
    fields: dict[str, Any] = {
        section.key: (section, Field(default_factory=section, description=section.help))
        for section in sections
    }
    return create_model("Settings", __base__=Settings, __module__=__name__, **fields)


def check_sections(
    settings: Settings, doc: LocatedYaml, root: Path, sections: Sequence[type[Section]]
) -> list[Finding]:
    """Every section's own checks (``Section.check``) as findings located in ``doc``."""
    findings = []
    for model in sections:
        for problem in settings.section(model).check(root):
            path = (model.key, *problem.path)
            dotted = ".".join(str(p) for p in path)
            findings.append(
                doc.finding(
                    path,
                    "CFG006",
                    "invalid-value",
                    f"'{dotted}': {problem.message}",
                    suggestion=problem.suggestion,
                )
            )
    return sort_findings(findings)


def load_settings(
    path: Path | str,
    *,
    display: str | None = None,
    sections: Sequence[type[Section]] = (),
) -> Settings:
    """Load and validate ``backwards.yaml`` with ``sections`` (each feature's settings model);
    every problem raises together in a ConfigError. A key that is no section is unknown."""
    doc = load_yaml(path, display=display)
    if doc.data is not None and not isinstance(doc.data, Mapping):
        finding = doc.finding(
            (),
            "CFG003",
            "wrong-type",
            "the settings file should be a mapping of keys to values",
            suggestion="start with 'version: 1'",
        )
        raise ConfigError(f"{doc.file} has 1 problem", [finding])
    settings, findings = validate(settings_model(tuple(sections)), doc)
    findings = sort_findings(findings)
    if settings is None:
        n = len(findings)
        raise ConfigError(f"{doc.file} has {n} problem{'s' if n != 1 else ''}", findings)
    return settings
