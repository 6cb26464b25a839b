"""Configuration files: YAML that keeps line numbers, and validated settings models.

``load_yaml`` parses a YAML file into plain Python data plus a map from each value's path (a
tuple of keys and list indexes) to its ``file:line:column``. ``validate`` checks that data
against a pydantic model and turns *every* problem into a ``Finding`` that points at the line:
unknown keys (with a "did you mean"), wrong types, missing keys, duplicate keys. Features use the
same two functions for their own files (the WBR spec, for one).

``Settings`` is the model of a workspace's ``backwards.yaml``: the kernel's own keys plus one
``Section`` per feature. Each feature defines its section in its own package
(``backwards.wbr.settings``...); ``settings_model`` composes the sections it is given, so the
kernel knows no feature by name (``backwards.features`` lists them). Every key is documented in
``docs/configuration.md``; a test fails when the two drift.
"""

from __future__ import annotations

import difflib
import functools
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from backwards.errors import ConfigError
from backwards.findings import Finding, Severity, sort_findings

__all__ = [
    "SETTINGS_FILENAME",
    "LocatedYaml",
    "Section",
    "Settings",
    "StrictModel",
    "did_you_mean",
    "load_settings",
    "load_yaml",
    "load_yaml_text",
    "settings_model",
    "validate",
]

SETTINGS_FILENAME = "backwards.yaml"
MAX_CONFIG_BYTES = 10 * 1024 * 1024

YamlPath = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


# --------------------------------------------------------------------------------------------
# YAML with locations


@dataclass(frozen=True, slots=True)
class Location:
    line: int  # 1-based
    column: int  # 1-based


@dataclass(slots=True)
class LocatedYaml:
    """Parsed YAML data and where each value (and each mapping key) came from."""

    file: str
    data: Any
    values: dict[YamlPath, Location] = field(default_factory=dict)
    keys: dict[YamlPath, Location] = field(default_factory=dict)
    problems: list[Finding] = field(default_factory=list)

    def locate(self, path: Sequence[str | int], *, key: bool = False) -> Location | None:
        """Where ``path`` is; falls back to its nearest located parent."""
        p = tuple(path)
        while True:
            if key and p in self.keys:
                return self.keys[p]
            if p in self.values:
                return self.values[p]
            if p in self.keys:
                return self.keys[p]
            if not p:
                return None
            p = p[:-1]

    def finding(
        self,
        path: Sequence[str | int],
        code: str,
        name: str,
        message: str,
        *,
        severity: Severity = Severity.ERROR,
        suggestion: str | None = None,
        key: bool = False,
    ) -> Finding:
        """A Finding located at ``path`` in this file."""
        loc = self.locate(path, key=key)
        return Finding(
            code=code,
            name=name,
            severity=severity,
            message=message,
            file=self.file,
            line=loc.line if loc else None,
            column=loc.column if loc else None,
            suggestion=suggestion,
        )


def _loader_class() -> type[yaml.SafeLoader]:
    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


def load_yaml_text(text: str, file: str) -> LocatedYaml:
    """Parse YAML ``text``; syntax errors raise ``ConfigError`` with the line."""
    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
        result = LocatedYaml(file=file, data=None)
        if node is not None:
            result.data = _construct(loader, node, (), result)
        return result
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        finding = Finding(
            code="CFG001",
            name="yaml-syntax",
            severity=Severity.ERROR,
            message=f"this is not valid YAML: {problem}",
            file=file,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            suggestion="Check indentation, colons and quotes near this line.",
        )
        raise ConfigError(f"{file} is not valid YAML", [finding]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors without marks
        finding = Finding("CFG001", "yaml-syntax", Severity.ERROR, str(exc), file=file)
        raise ConfigError(f"{file} is not valid YAML", [finding]) from None
    finally:
        loader.dispose()


_STR_TAG = "tag:yaml.org,2002:str"


def _construct(loader: yaml.SafeLoader, node: yaml.Node, path: YamlPath, out: LocatedYaml) -> Any:
    out.values[path] = Location(node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged = _construct(loader, value_node, path, out)
                if isinstance(merged, dict):
                    for k, v in merged.items():
                        result.setdefault(k, v)
                continue
            key = (
                key_node.value
                if key_node.tag == _STR_TAG
                else loader.construct_object(key_node, deep=True)
            )
            if isinstance(key, list | dict):
                key = str(key)
            key_loc = Location(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                first = out.keys.get((*path, key))
                where = f" (first defined on line {first.line})" if first else ""
                out.problems.append(
                    Finding(
                        code="CFG005",
                        name="duplicate-key",
                        severity=Severity.ERROR,
                        message=f"key {key!r} is defined twice{where}",
                        file=out.file,
                        line=key_loc.line,
                        column=key_loc.column,
                        suggestion="Keep one definition; YAML would silently use the last.",
                    )
                )
            out.keys[(*path, key)] = key_loc
            result[key] = _construct(loader, value_node, (*path, key), out)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, child, (*path, i), out) for i, child in enumerate(node.value)]
    if node.tag == _STR_TAG:  # the common case, without the constructor's bookkeeping
        return node.value
    return loader.construct_object(node, deep=True)


def load_yaml(path: Path | str, *, display: str | None = None) -> LocatedYaml:
    """Read and parse a YAML file; unreadable or non-text files raise ``ConfigError``."""
    p = Path(path)
    name = display or str(p)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise ConfigError(
            f"{name} does not exist", hint="Check the path, or create the file."
        ) from None
    except OSError as exc:
        raise ConfigError(f"cannot read {name}: {exc.strerror}") from None
    if p.is_dir():
        raise ConfigError(
            f"{name} is a directory, not a YAML file", hint="Pass the file inside it."
        )
    if size > MAX_CONFIG_BYTES:
        raise ConfigError(
            f"{name} is {size // (1024 * 1024)} MB; configuration files are capped at 10 MB",
            hint="Check that this is the right file.",
        )
    raw = p.read_bytes()
    if b"\x00" in raw:
        raise ConfigError(f"{name} is a binary file, not YAML", hint="Check the path.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        finding = Finding(
            "CFG001",
            "yaml-syntax",
            Severity.ERROR,
            f"byte {exc.start} is not UTF-8",
            file=name,
            line=line,
            suggestion="Save the file as UTF-8.",
        )
        raise ConfigError(f"{name} is not UTF-8 text", [finding]) from None
    return load_yaml_text(text, name)


# --------------------------------------------------------------------------------------------
# Validation against pydantic models


class StrictModel(BaseModel):
    """Base for every settings model: unknown keys are errors, values are not coerced silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _model_at(model: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The model class that owns the last element of ``loc`` (for "did you mean")."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(str(part))
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """The BaseModel inside ``X | None``, ``list[X]``, ``dict[str, X]`` (else the annotation)."""
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


def did_you_mean(word: str, choices: Sequence[str]) -> str | None:
    """The closest of ``choices`` to ``word``, or None."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


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
            findings.append(_finding_for_error(model, doc, root, err, loc))
        return None, findings
    return (None if findings else value), findings


def _finding_for_error(
    model: type[BaseModel],
    doc: LocatedYaml,
    root: Sequence[str | int],
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
    if kind.endswith("_type") or kind.endswith("_parsing") or kind in {"model_type", "dict_type"}:
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
    return doc.finding(
        loc,
        "CFG006",
        "invalid-value",
        f"'{dotted}': {msg}",
        suggestion=None,
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


def environment_database_url(env: Mapping[str, str] | None = None) -> str | None:
    """``BACKWARDS_DATABASE_URL`` from ``env`` (the process environment by default)."""
    source = os.environ if env is None else env
    value = source.get("BACKWARDS_DATABASE_URL", "").strip()
    return value or None
