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

    def _count(self, node: yaml.Node, path: YamlPath) -> None:
        """Charge a node that is constructed by PyYAML (a complex key) against the budget, and
        locate a value inside it that its tag cannot build (``? [!!int x]``)."""
        self._enter(node)
        try:
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    self._count(key_node, path)
                    self._count(value_node, path)
            elif isinstance(node, yaml.SequenceNode):
                for child in node.value:
                    self._count(child, path)
            elif node.tag != _STR_TAG:
                self._scalar(node, path)  # PyYAML keeps what it built for the key's own turn
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
        except (ValueError, OverflowError, LookupError, AttributeError, TypeError) as exc:
            # PyYAML's constructors fail in all these ways on a value they cannot build.
            raise self._unbuildable(node, path, exc) from None

    def _unbuildable(self, node: yaml.Node, path: YamlPath, exc: Exception) -> ConfigError:
        """A scalar its tag cannot build: an impossible plain date (2021-02-29), or a value
        that does not fit its explicit tag (``!!int abc``)."""
        where = ".".join(str(p) for p in path) or "the value"
        reason = _cut(str(exc), 80) if isinstance(exc, ValueError | OverflowError) else ""
        reason = f" ({reason})" if reason else ""
        if _implicit(self.loader, node):  # a plain date that does not exist: 2021-02-29
            message = f"'{where}': {node.value} is not a valid date{reason}"
            suggestion = "Write a real date (YYYY-MM-DD), or quote the value to keep it as text."
        else:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            message = f"'{where}': {_cut(repr(node.value), 40)} is not a valid {tag}{reason}"
            suggestion = f"Write a value that {tag} accepts, or remove the {tag} tag."
        finding = Finding(
            code="CFG006",
            name="invalid-value",
            severity=Severity.ERROR,
            message=message,
            file=self.out.file,
            line=node.start_mark.line + 1,
            column=node.start_mark.column + 1,
            suggestion=suggestion,
        )
        return ConfigError(f"{self.out.file} has 1 problem", [finding])

    def _mapping(self, node: yaml.MappingNode, path: YamlPath) -> dict[Any, Any]:
        """A mapping; merge keys (``<<``) follow https://yaml.org/type/merge.html: the merged
        keys come first (PyYAML's order) and the mapping's own keys override them."""
        out = self.out
        result: dict[Any, Any] = {}
        merges = [(k, v) for k, v in node.value if k.tag == _MERGE_TAG]
        if merges:
            here = out.values[path]
            for i, (key_node, value_node) in enumerate(merges):
                if i:
                    self._duplicate(key_node, "<<", merges[0][0], _MERGE_HINT)
                self._merge(result, value_node, path)
            out.values[path] = here  # building the merged mappings located them at ``path``
        own: set[Any] = set()
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            if key_node.tag == _STR_TAG:
                key = key_node.value
            else:
                self._count(key_node, path)
                key = self._scalar(key_node, path)
            if isinstance(key, list | dict):
                key = str(key)
            key_loc = _location(key_node)
            if key in own:
                first = out.keys.get((*path, key))
                self._duplicate(key_node, key, first, _DUPLICATE_HINT)
            own.add(key)
            out.keys[(*path, key)] = key_loc
            result[key] = self.build(value_node, (*path, key))
        return result

    def _duplicate(
        self, key_node: yaml.Node, key: Any, first: yaml.Node | Location | None, hint: str
    ) -> None:
        if isinstance(first, yaml.Node):
            first = _location(first)
        where = f" (first defined on line {first.line})" if first else ""
        at = _location(key_node)
        self.out.problems.append(
            Finding(
                code="CFG005",
                name="duplicate-key",
                severity=Severity.ERROR,
                message=f"key {key!r} is defined twice{where}",
                file=self.out.file,
                line=at.line,
                column=at.column,
                suggestion=hint,
            )
        )

    def _merge(self, result: dict[Any, Any], node: yaml.Node, path: YamlPath) -> None:
        """Add the keys of a merged mapping (or of a list of them, the earlier first) that
        ``result`` does not hold yet."""
        if isinstance(node, yaml.SequenceNode):
            self._enter(node)  # a repeated list counts; a list holding itself is refused
            try:
                for i, part in enumerate(node.value):
                    self._merge_one(result, part, (*path, "<<", i))
            finally:
                self.active.discard(id(node))
        else:
            self._merge_one(result, node, (*path, "<<"))

    def _merge_one(self, result: dict[Any, Any], node: yaml.Node, where: YamlPath) -> None:
        if not isinstance(node, yaml.MappingNode):
            found = "a list" if isinstance(node, yaml.SequenceNode) else _cut(repr(node.value), 40)
            at = _location(node)
            dotted = ".".join(str(p) for p in where)
            self.out.problems.append(
                Finding(
                    code="CFG003",
                    name="wrong-type",
                    severity=Severity.ERROR,
                    message=f"'{dotted}': a merge (<<) takes a mapping or a list of mappings, "
                    f"not {found}",
                    file=self.out.file,
                    line=at.line,
                    column=at.column,
                    suggestion="Merge an anchored mapping (<<: *defaults) "
                    "or a list of them (<<: [*a, *b]).",
                )
            )
            return
        path = where[: where.index("<<")] if isinstance(where[-1], int) else where[:-1]
        for key, value in self.build(node, path).items():
            result.setdefault(key, value)


_DUPLICATE_HINT = "Keep one definition; YAML would silently use the last."
_MERGE_HINT = "Merge several mappings with one key: <<: [*first, *second]."


def _implicit(loader: yaml.SafeLoader, node: yaml.Node) -> bool:
    """Whether ``node`` is a plain scalar with the tag its text gives it (no tag of its own)."""
    if not isinstance(node, yaml.ScalarNode) or node.style:
        return False
    tag: str = loader.resolve(yaml.ScalarNode, node.value, (True, False))  # type: ignore[no-untyped-call]
    return node.tag == tag


def _location(node: yaml.Node) -> Location:
    return Location(node.start_mark.line + 1, node.start_mark.column + 1)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


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
