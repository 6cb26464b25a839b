"""YAML files that keep locations: every value's and key's ``file:line:column``.

``load_yaml`` parses a YAML file into plain Python data plus a map from each value's path (a
tuple of keys and list indexes) to where it is, so every later problem can point at its line.
Syntax errors, duplicate keys, aliases that refer to themselves or expand into a "billion
laughs", and impossible dates are all reported with their location. ``backwards.config``
validates the data against settings models; features read their own files (the WBR spec) with
the same two functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from backwards.errors import ConfigError
from backwards.findings import Finding, Severity

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_CONFIG_BYTES",
    "LocatedYaml",
    "Location",
    "YamlPath",
    "load_yaml",
    "load_yaml_text",
]

MAX_CONFIG_BYTES = 10 * 1024 * 1024

YamlPath = tuple[str | int, ...]


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
    """Parse YAML ``text``; syntax errors (and aliases that refer to themselves or expand
    beyond ``MAX_ALIAS_NODES``, and impossible dates) raise ``ConfigError`` with the line."""
    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
        result = LocatedYaml(file=file, data=None)
        if node is not None:
            result.data = _Builder(loader, result).build(node, ())
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
    except RecursionError:
        finding = Finding(
            "CFG001",
            "yaml-syntax",
            Severity.ERROR,
            "the YAML is nested too deeply to read",
            file=file,
            suggestion="Flatten the structure; configuration files need only a few levels.",
        )
        raise ConfigError(f"{file} is nested too deeply", [finding]) from None
    finally:
        loader.dispose()


_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"

#: How many values aliases (``*name``) may add, in all, by repeating what they refer to. Real
#: configurations repeat a few blocks; a "billion laughs" file repeats them exponentially.
MAX_ALIAS_NODES = 100_000


def _alias_error(file: str, at: Location | None, message: str, suggestion: str) -> ConfigError:
    finding = Finding(
        code="CFG007",
        name="yaml-alias",
        severity=Severity.ERROR,
        message=message,
        file=file,
        line=at.line if at else None,
        column=at.column if at else None,
        suggestion=suggestion,
    )
    return ConfigError(f"{file} cannot be read: {message}", [finding])


class _Builder:
    """Plain data from the node graph, with locations, under an alias budget.

    An alias is the same node object reached a second time: a node on its own path is a
    recursive alias (refused), and every value reached again counts against
    ``MAX_ALIAS_NODES`` (a bomb is refused before it grows).
    """

    def __init__(self, loader: yaml.SafeLoader, out: LocatedYaml) -> None:
        self.loader = loader
        self.out = out
        self.seen: set[int] = set()
        self.active: set[int] = set()
        self.repeats = 0
        self.alias_path: YamlPath | None = None  # where the outermost repeated value is used

    def _enter(self, node: yaml.Node) -> None:
        key = id(node)
        if key in self.active:
            raise _alias_error(
                self.out.file,
                Location(node.start_mark.line + 1, node.start_mark.column + 1),
                "an alias refers to a value that contains it (a recursive alias)",
                "Point the alias at a value outside itself, or write the value out.",
            )
        if key in self.seen:
            self.repeats += 1
            if self.repeats > MAX_ALIAS_NODES:
                site = self.alias_path[:-1] if self.alias_path else ()
                raise _alias_error(
                    self.out.file,
                    self.out.locate(site),
                    f"aliases expand to more than {MAX_ALIAS_NODES:,} values",
                    "Use fewer aliases of large values; write the values out instead.",
                )
        self.seen.add(key)
        self.active.add(key)

    def _count(self, node: yaml.Node) -> None:
        """Charge a node that is constructed by PyYAML (a complex key) against the budget."""
        self._enter(node)
        try:
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    self._count(key_node)
                    self._count(value_node)
            elif isinstance(node, yaml.SequenceNode):
                for child in node.value:
                    self._count(child)
        finally:
            self.active.discard(id(node))

    def build(self, node: yaml.Node, path: YamlPath) -> Any:
        outer = self.alias_path is None and id(node) in self.seen
        if outer:
            self.alias_path = path
        self._enter(node)
        try:
            self.out.values[path] = Location(node.start_mark.line + 1, node.start_mark.column + 1)
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
            if isinstance(node, yaml.SequenceNode):
                return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
            if node.tag == _STR_TAG:  # the common case, without the constructor's bookkeeping
                return node.value
            return self._scalar(node, path)
        finally:
            self.active.discard(id(node))
            if outer:
                self.alias_path = None

    def _scalar(self, node: yaml.Node, path: YamlPath) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError) as exc:  # 2021-02-29: a date that does not exist
            where = ".".join(str(p) for p in path) or "the value"
            finding = Finding(
                code="CFG006",
                name="invalid-value",
                severity=Severity.ERROR,
                message=f"'{where}': {node.value} is not a valid {_kind(node)} ({exc})",
                file=self.out.file,
                line=node.start_mark.line + 1,
                column=node.start_mark.column + 1,
                suggestion="Write a real date (YYYY-MM-DD), or quote the value to keep it as text.",
            )
            raise ConfigError(f"{self.out.file} has 1 problem", [finding]) from None

    def _mapping(self, node: yaml.MappingNode, path: YamlPath) -> dict[Any, Any]:
        out = self.out
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merged = self.build(value_node, path)
                if isinstance(merged, dict):
                    for k, v in merged.items():
                        result.setdefault(k, v)
                continue
            if key_node.tag == _STR_TAG:
                key = key_node.value
            else:
                self._count(key_node)
                key = self._scalar(key_node, path)
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
            result[key] = self.build(value_node, (*path, key))
        return result


def _kind(node: yaml.Node) -> str:
    return "date" if node.tag == "tag:yaml.org,2002:timestamp" else "value"


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
